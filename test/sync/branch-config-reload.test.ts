// The reference branch service serves the branch's configuration file (real service, PGlite in
// memory, real HTTP, the kiosk's own client): a valid edit changes what kiosks fetch and its
// ETag, without a restart; an invalid or half-written one is refused and the previous
// configuration stays served; a missing or invalid file stops the start, naming the file.
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBranchService } from '../../branch-service/server.js';
import { createMemoryLog } from '../../src/log/index.js';
import type { BranchConfig } from '../../src/contract/sync.js';
import { BranchServiceClient } from '../../src/sync/index.js';
import { uuidv7 } from '../../src/uuidv7.js';
import { branchService, Cleanup, KIOSK_ID, TOKEN } from './harness.js';

const EXAMPLE = resolve(import.meta.dirname, '../../config/branch.example.json');
type Mutable = { -readonly [K in keyof BranchConfig]: BranchConfig[K] };
const example = (): Mutable => JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Mutable;

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'branch-config-'));
  cleanup.add(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'branch.json');
}

/** As an editor that saves atomically does: a new file renamed over the old one. */
function replaceFile(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

async function until<T>(probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function fetched(api: BranchServiceClient) {
  const answer = await api.getConfig();
  if (answer.status !== 'ok') throw new Error('expected a configuration');
  return answer;
}

describe('branch configuration file', () => {
  it('serves the file, and a valid edit on disk changes the configuration and its ETag', async () => {
    const file = tempFile();
    writeFileSync(file, JSON.stringify(example(), null, 2));
    const log = createMemoryLog();
    const service = await branchService(cleanup, { branchConfigFile: file, logger: log.logger });
    const api = new BranchServiceClient({ baseUrl: service.url, kioskId: KIOSK_ID, token: TOKEN });

    const first = await fetched(api);
    expect(first.config).toEqual(example());
    expect(log.named('branchConfig.loaded')).toEqual([
      expect.objectContaining({ file, branch: 'cn-sh-0123', businessTypes: 4, etag: first.etag }),
    ]);
    expect(await api.getConfig(first.etag)).toEqual({ status: 'not-modified', etag: first.etag });

    // A new queue and a new announcement, saved the way editors do (rename over the file).
    const edited = example();
    edited.announcements = [{ 'zh-CN': '本周六照常营业', en: 'Open as usual this Saturday' }];
    edited.businessTypes = [
      ...edited.businessTypes,
      { id: 'loans', prefix: 'L', name: { 'zh-CN': '贷款业务', en: 'Loans' } },
    ];
    replaceFile(file, JSON.stringify(edited));
    const second = await until(async () => {
      const answer = await api.getConfig(first.etag);
      return answer.status === 'ok' ? answer : undefined;
    });
    expect(second.etag).not.toBe(first.etag);
    expect(second.config).toEqual(edited);
    expect(await api.getConfig(second.etag)).toEqual({ status: 'not-modified', etag: second.etag });
    expect(log.named('branchConfig.reloaded')).toEqual([
      expect.objectContaining({
        file,
        trigger: 'fileChanged',
        businessTypes: 5,
        etag: second.etag,
      }),
    ]);
    // Every route reads the new one: the new queue gets numbers.
    const number = await api.allocateNumber({
      ticketId: uuidv7(),
      businessTypeId: 'loans',
      serviceDay: '2026-11-27',
    });
    expect(number.number).toMatch(/^L\d+$/);

    // An invalid edit (a prefix used twice), written in place: refused, the previous one kept.
    const invalid = example();
    invalid.businessTypes = [...invalid.businessTypes, { ...invalid.businessTypes[0]!, id: 'x' }];
    // (Written in place, a save may be seen empty first: that is refused too, and skipped here.)
    writeFileSync(file, JSON.stringify(invalid));
    const refused = await until(() =>
      log.named('branchConfig.refused').find((e) => String(e.reason).includes('[4].prefix')),
    );
    expect(refused).toMatchObject({
      file,
      trigger: 'fileChanged',
      etag: second.etag,
      reason: expect.stringContaining('businessTypes[4].prefix: must use each ticket prefix once'),
    });
    expect(await api.getConfig(second.etag)).toEqual({ status: 'not-modified', etag: second.etag });
    expect((await fetched(api)).config).toEqual(edited);

    // Half a file (a save caught midway): refused as well, never half served.
    log.clear();
    const text = JSON.stringify(example());
    writeFileSync(file, text.slice(0, text.length / 2));
    const half = await until(() => log.named('branchConfig.refused')[0]);
    expect(half).toMatchObject({
      etag: second.etag,
      reason: expect.stringMatching(/^the file is not valid JSON/),
    });
    expect(await api.getConfig(second.etag)).toEqual({ status: 'not-modified', etag: second.etag });
    expect(service.branchConfig()).toEqual(edited);

    // Fixed: served again.
    replaceFile(file, text);
    await until(async () => {
      const answer = await api.getConfig(second.etag);
      return answer.status === 'ok' ? answer : undefined;
    });
    expect((await fetched(api)).etag).toBe(first.etag);
  });

  it('re-reads on request (SIGHUP in main.ts) when not watching, and says when nothing changed', async () => {
    const file = tempFile();
    writeFileSync(file, JSON.stringify(example()));
    const log = createMemoryLog();
    const service = await branchService(cleanup, {
      branchConfigFile: file,
      watchBranchConfig: false,
      logger: log.logger,
    });
    const api = new BranchServiceClient({ baseUrl: service.url, kioskId: KIOSK_ID, token: TOKEN });
    const first = await fetched(api);

    // The same configuration written differently: same tag, no new configuration.
    writeFileSync(file, JSON.stringify(example(), null, 4));
    expect(await service.reloadBranchConfig('SIGHUP')).toEqual({
      outcome: 'unchanged',
      etag: first.etag,
    });
    expect(log.named('branchConfig.unchanged')).toEqual([
      expect.objectContaining({ trigger: 'SIGHUP', etag: first.etag }),
    ]);

    const edited = example();
    edited.branch = { ...edited.branch, name: { 'zh-CN': '新名称支行', en: 'Renamed Branch' } };
    writeFileSync(file, JSON.stringify(edited));
    // Not watching: nothing changes until asked.
    await new Promise((r) => setTimeout(r, 400));
    expect(await api.getConfig(first.etag)).toEqual({ status: 'not-modified', etag: first.etag });
    const reloaded = await service.reloadBranchConfig('SIGHUP');
    expect(reloaded).toMatchObject({ outcome: 'reloaded' });
    const second = await fetched(api);
    expect(second.etag).not.toBe(first.etag);
    expect(reloaded?.etag).toBe(second.etag);
    expect(second.config.branch.name.en).toBe('Renamed Branch');

    rmSync(file);
    expect(await service.reloadBranchConfig('SIGHUP')).toMatchObject({
      outcome: 'refused',
      etag: second.etag,
      problems: [expect.stringMatching(/^file not found/)],
    });
    expect((await fetched(api)).etag).toBe(second.etag);
  });

  it('does not start on a missing or invalid file, and names the file and the problem', async () => {
    const file = tempFile();
    await expect(
      startBranchService({ database: { kind: 'pglite' }, branchConfigFile: file }),
    ).rejects.toThrow(`branch configuration ${file}: file not found`);

    const invalid = example();
    invalid.businessTypes = [{ ...invalid.businessTypes[0]!, prefix: 'a1' }];
    writeFileSync(file, JSON.stringify(invalid));
    await expect(
      startBranchService({ database: { kind: 'pglite' }, branchConfigFile: file }),
    ).rejects.toThrow(
      `branch configuration ${file}: businessTypes[0].prefix: must be one or two capital letters`,
    );

    await expect(
      startBranchService({
        database: { kind: 'pglite' },
        branchConfigFile: EXAMPLE,
        branch: { id: 'b', name: { 'zh-CN': '支行', en: 'Branch' } },
      }),
    ).rejects.toThrow(/either branchConfigFile or branch/);
  });
});
