// The served branch configuration follows its file on a real file system: through a symbolic
// link into another folder, not after close(), and reloads never overlap.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  fixedBranchConfig,
  openBranchConfigFile,
  servedBranchConfig,
  type BranchConfigFileSource,
} from '../../../branch-service/branch-config-source.js';
import { createMemoryLog } from '../../../src/log/index.js';

const config = (en: string) => ({
  branch: { id: 'b1', name: { 'zh-CN': '支行', en } },
  businessTypes: [{ id: 'personal', prefix: 'A', name: { 'zh-CN': '个人业务', en: 'Personal' } }],
});

const dirs: string[] = [];
const sources: BranchConfigFileSource[] = [];
afterEach(() => {
  for (const source of sources.splice(0)) source.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'branch-config-source-'));
  dirs.push(dir);
  return dir;
}
function open(file: string, watch = true) {
  const log = createMemoryLog();
  const source = openBranchConfigFile({ file, log: log.logger, watch, debounceMs: 20 });
  sources.push(source);
  return { source, log };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(probe: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(20);
  }
}

describe('branch configuration source', () => {
  it('tags a configuration by its content: the same content, the same tag', () => {
    expect(servedBranchConfig(config('X')).etag).toBe(
      fixedBranchConfig(config('X')).current().etag,
    );
    expect(servedBranchConfig(config('X')).etag).not.toBe(servedBranchConfig(config('Y')).etag);
    expect(servedBranchConfig(config('X')).etag).toMatch(/^"[0-9a-f]{32}"$/);
  });

  it('follows an edit of the target of a symbolic link in another folder', async () => {
    const real = join(tempDir(), 'real');
    mkdirSync(real);
    const target = join(real, 'branch.json');
    writeFileSync(target, JSON.stringify(config('One')));
    const link = join(tempDir(), 'branch.json');
    symlinkSync(target, link);
    const { source, log } = open(link);
    writeFileSync(target, JSON.stringify(config('Two')));
    await until(() => source.current().config.branch.name.en === 'Two');
    expect(log.named('branchConfig.reloaded')).toEqual([
      expect.objectContaining({ file: link, trigger: 'fileChanged' }),
    ]);
  });

  it('stops following the file once closed, and does not watch when asked not to', async () => {
    const file = join(tempDir(), 'branch.json');
    writeFileSync(file, JSON.stringify(config('One')));
    const closed = open(file);
    const unwatched = open(file, false);
    closed.source.close();
    writeFileSync(file, JSON.stringify(config('Two')));
    await sleep(300);
    expect(closed.source.current().config.branch.name.en).toBe('One');
    expect(unwatched.source.current().config.branch.name.en).toBe('One');
    expect(await unwatched.source.reload()).toMatchObject({ outcome: 'reloaded' });
    expect(unwatched.source.current().config.branch.name.en).toBe('Two');
  });

  it('runs reloads one after the other: the last read wins', async () => {
    const file = join(tempDir(), 'branch.json');
    writeFileSync(file, JSON.stringify(config('One')));
    const { source } = open(file, false);
    writeFileSync(file, JSON.stringify(config('Two')));
    const results = await Promise.all([source.reload(), source.reload(), source.reload()]);
    expect(results.map((r) => r.outcome)).toEqual(['reloaded', 'unchanged', 'unchanged']);
    expect(source.current().config.branch.name.en).toBe('Two');
  });
});
