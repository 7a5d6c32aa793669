/**
 * The kiosk's embedded branch service serves the branch's configuration file named in the
 * kiosk configuration (branchService.branchConfigFile): the kiosk shows that branch, the file's
 * edits are served without a restart, a missing or invalid file stops the kiosk at start with
 * the file named, and without the setting the sample configuration is served with a warning.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startKioskHost, type KioskHost } from '../../main/kiosk.js';
import { BranchConfigFileError } from '../../branch-service/branch-config-file.js';
import { createMemoryLog } from '../../src/log/index.js';
import { testConfig } from '../support/kiosk-harness.js';

const EXAMPLE = resolve(import.meta.dirname, '../../config/branch.example.json');

const hosts: KioskHost[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.stop();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function branchFile(edit: (config: Record<string, unknown>) => void = () => undefined): string {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-branch-config-'));
  dirs.push(dir);
  const file = join(dir, 'branch.json');
  const config = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown>;
  edit(config);
  writeFileSync(file, JSON.stringify(config));
  return file;
}

async function until<T>(probe: () => T | undefined): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('embedded branch service: the branch configuration file', () => {
  it('serves the file the kiosk configuration names, and follows its edits', async () => {
    const file = branchFile();
    const log = createMemoryLog();
    const host = await startKioskHost(
      testConfig({ branchService: { kind: 'embedded', port: 0, branchConfigFile: file } }),
      { logger: log.logger },
    );
    hosts.push(host);
    const kiosk = host.kiosk!;
    await kiosk.branchServiceUp();
    const service = kiosk.branchService!;
    expect(service.branchConfig().branch.id).toBe('cn-sh-0123');
    // The kiosk fetched it from the service: the attract screen names the file's branch.
    expect(kiosk.bridge.view().branchName).toBe('示例银行上海中山路支行');
    expect(log.named('branchConfig.sample')).toEqual([]);

    const config = JSON.parse(readFileSync(file, 'utf8')) as { branch: { name: object } };
    config.branch.name = { 'zh-CN': '示例银行新址支行', en: 'Example Bank, New Site' };
    writeFileSync(file, JSON.stringify(config));
    await until(() =>
      service.branchConfig().branch.name.en === 'Example Bank, New Site' ? true : undefined,
    );
  });

  it('does not start on a missing or invalid file, and names the file', async () => {
    const missing = join(tmpdir(), `no-such-branch-${process.pid}.json`);
    const start = (branchConfigFile: string) =>
      startKioskHost(
        testConfig({ branchService: { kind: 'embedded', port: 0, branchConfigFile } }),
        { logger: createMemoryLog().logger },
      );
    await expect(start(missing)).rejects.toThrow(BranchConfigFileError);
    await expect(start(missing)).rejects.toThrow(`branch configuration ${missing}: file not found`);

    const invalid = branchFile((config) => {
      config.announcements = 'Welcome';
    });
    await expect(start(invalid)).rejects.toThrow(
      `branch configuration ${invalid}: announcements: must be an array`,
    );
  });

  it('runs on the sample configuration without the setting, and warns', async () => {
    const log = createMemoryLog();
    const host = await startKioskHost(testConfig(), { logger: log.logger });
    hosts.push(host);
    await host.kiosk!.branchServiceUp();
    expect(host.kiosk!.branchService!.branchConfig().branch.id).toBe('branch-dev');
    expect(log.named('branchConfig.sample')).toEqual([
      expect.objectContaining({
        level: 'warn',
        branch: 'Sample Branch',
        setting: expect.stringContaining('branchService.branchConfigFile'),
      }),
    ]);
  });
});
