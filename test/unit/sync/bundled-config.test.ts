// A new or empty store with the branch service unreachable: the bundled default configuration
// is served and said, the first fetch is retried quickly with a capped back-off, and the
// branch's configuration replaces the bundled one as soon as it comes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_BUSINESS_TYPES } from '../../../branch-service/defaults.js';
import { checkBranchConfig, type BranchConfig } from '../../../src/contract/sync.js';
import { createMemoryLog, type MemoryLog } from '../../../src/log/index.js';
import { openStore, type KioskStore } from '../../../src/store/index.js';
import {
  BUNDLED_BRANCH_CONFIG,
  BranchConfigPoller,
  SyncError,
  type ConfigFetchResult,
} from '../../../src/sync/index.js';
import { removeTempDir, tempDir } from '../../support/temp-dir.js';

const CONFIG: BranchConfig = {
  branch: { id: 'b1', name: { 'zh-CN': '示例支行', en: 'Sample Branch' } },
  businessTypes: [
    { id: 'personal', prefix: 'A', name: { 'zh-CN': '个人业务', en: 'Personal banking' } },
  ],
};

const down = () =>
  Promise.reject(new SyncError('retryable', 'connectionRefused', { url: 'http://b.test' }, null));

let dataDir: string;
let store: KioskStore;
let log: MemoryLog;
let fetches: number[];
let answer: () => Promise<ConfigFetchResult>;
const pollers: BranchConfigPoller[] = [];

beforeEach(() => {
  dataDir = tempDir('kiosk-bundled');
  store = openStore({ dataDir, kioskId: 'kiosk-1' });
  log = createMemoryLog();
  fetches = [];
  answer = down;
});
afterEach(async () => {
  for (const p of pollers.splice(0)) await p.stop();
  store.close();
  removeTempDir(dataDir);
});

function poller(options: { fallback?: BranchConfig; firstFetchRetryMs?: number } = {}) {
  const p = new BranchConfigPoller({
    client: {
      getConfig: () => {
        fetches.push(Date.now());
        return answer();
      },
    },
    store,
    logger: log.logger,
    fallback: BUNDLED_BRANCH_CONFIG,
    ...options,
  });
  pollers.push(p);
  return p;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the bundled default configuration', () => {
  it('is a valid configuration in zh-CN and en with the reference service’s queues', () => {
    expect(checkBranchConfig(BUNDLED_BRANCH_CONFIG).ok).toBe(true);
    expect(BUNDLED_BRANCH_CONFIG.businessTypes.map((t) => [t.id, t.prefix])).toEqual(
      DEFAULT_BUSINESS_TYPES.map((t) => [t.id, t.prefix]),
    );
    for (const type of BUNDLED_BRANCH_CONFIG.businessTypes) {
      expect(type.name['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      expect(type.name.en).toMatch(/[a-z]/i);
    }
  });

  it('is served while nothing came from the branch, said once, and replaced by the branch’s', async () => {
    const p = poller();
    const changes: BranchConfig[] = [];
    p.onChange((c) => changes.push(c));
    expect(p.current()).toEqual(BUNDLED_BRANCH_CONFIG);
    expect(p.origin()).toBe('bundled');
    await p.refresh();
    await p.refresh();
    expect(p.current()).toEqual(BUNDLED_BRANCH_CONFIG);
    expect(log.named('sync.configBundled')).toEqual([
      expect.objectContaining({ level: 'warn', businessTypes: 3 }),
    ]);

    answer = async () => ({ status: 'ok', config: CONFIG, etag: '"v1"' });
    await p.refresh();
    expect(p.current()).toEqual(CONFIG);
    expect(p.origin()).toBe('branch');
    expect(changes).toEqual([CONFIG]);
    // Cached: the next start serves the branch's, never the bundled list again.
    answer = down;
    const next = poller();
    expect(next.origin()).toBe('branch');
    expect(next.current()).toEqual(CONFIG);
  });

  it('is not used, nor said, when the first fetch succeeds', async () => {
    answer = async () => ({ status: 'ok', config: CONFIG, etag: '"v1"' });
    const p = poller();
    await p.refresh();
    expect(p.origin()).toBe('branch');
    expect(log.named('sync.configBundled')).toEqual([]);
  });

  it('retries the first fetch quickly with a doubling back-off, then keeps the interval', async () => {
    const p = poller({ firstFetchRetryMs: 20 });
    let failuresLeft = 4;
    answer = () =>
      failuresLeft-- > 0 ? down() : Promise.resolve({ status: 'ok', config: CONFIG, etag: '"v1"' });
    const started = Date.now();
    p.start(30_000);
    for (let i = 0; i < 100 && p.origin() !== 'branch'; i++) await sleep(20);
    expect(p.origin()).toBe('branch');
    // 5 fetches in well under a second, the waits growing (equal jitter: ½..1 of 20, 40, 80, 160).
    expect(fetches).toHaveLength(5);
    expect(Date.now() - started).toBeLessThan(2_000);
    const waits = fetches.slice(1).map((t, i) => t - fetches[i]!);
    expect(waits[3]!).toBeGreaterThanOrEqual(75);
    // Then the normal cadence: nothing more for a while.
    await sleep(300);
    expect(fetches).toHaveLength(5);
  });

  it('uses the normal interval at once when the branch’s configuration is cached', async () => {
    store.cacheConfig('branch-config', CONFIG, '"v1"');
    const p = poller({ firstFetchRetryMs: 5 });
    p.start(30_000);
    await sleep(200);
    expect(fetches).toEqual([]);
  });
});
