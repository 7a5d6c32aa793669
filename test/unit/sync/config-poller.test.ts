// The branch configuration poller against a real kiosk store: ETag, cache, 304, failures.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BranchConfig } from '../../../src/contract/sync.js';
import { createMemoryLog, type MemoryLog } from '../../../src/log/index.js';
import { openStore, type KioskStore } from '../../../src/store/index.js';
import {
  BRANCH_CONFIG_KEY,
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

/** Answers getConfig from a script; records the ETags it was sent. */
class ScriptedConfig {
  etags: (string | null | undefined)[] = [];
  answer: (etag: string | null | undefined) => Promise<ConfigFetchResult> = async () => ({
    status: 'ok',
    config: CONFIG,
    etag: '"v1"',
  });
  getConfig(etag?: string | null): Promise<ConfigFetchResult> {
    this.etags.push(etag);
    return this.answer(etag);
  }
}

let dataDir: string;
let store: KioskStore;
let fetcher: ScriptedConfig;
let log: MemoryLog;
let now: Date;

beforeEach(() => {
  dataDir = tempDir('kiosk-config');
  now = new Date('2025-03-04T01:00:00.000Z');
  store = openStore({ dataDir, kioskId: 'kiosk-1', now: () => now });
  fetcher = new ScriptedConfig();
  log = createMemoryLog();
});
afterEach(() => {
  store.close();
  removeTempDir(dataDir);
});

const poller = () => new BranchConfigPoller({ client: fetcher, store, logger: log.logger });

describe('BranchConfigPoller', () => {
  it('fetches, caches with the ETag, tells listeners, and serves the cache after a restart', async () => {
    const first = poller();
    expect(first.current()).toBeNull();
    const heard: BranchConfig[] = [];
    first.onChange((config) => heard.push(config));
    await first.refresh();
    expect(first.current()).toEqual(CONFIG);
    expect(heard).toEqual([CONFIG]);
    expect(store.getCachedConfig(BRANCH_CONFIG_KEY)).toMatchObject({ value: CONFIG, etag: '"v1"' });
    expect(log.named('sync.configUpdated')).toEqual([
      expect.objectContaining({ level: 'info', businessTypes: 1 }),
    ]);

    // The next kiosk start serves the cached one at once and asks with its ETag.
    const second = poller();
    expect(second.current()).toEqual(CONFIG);
    fetcher.answer = async (etag) => ({ status: 'not-modified', etag: etag! });
    second.onChange((config) => heard.push(config));
    now = new Date('2025-03-04T02:00:00.000Z');
    await second.refresh();
    expect(fetcher.etags.at(-1)).toBe('"v1"');
    expect(heard).toHaveLength(1); // a 304 is no change
    expect(store.getCachedConfig(BRANCH_CONFIG_KEY)?.fetchedAt).toBe(now.toISOString());
  });

  it('keeps the cached configuration while the service fails, logging once per spell', async () => {
    const p = poller();
    await p.refresh();
    const down = 'The branch service at http://branch.test did not answer within 5000 ms.';
    fetcher.answer = async () => {
      throw new SyncError(
        'retryable',
        'timeout',
        { url: 'http://branch.test', timeoutMs: 5000 },
        null,
      );
    };
    await p.refresh();
    await p.refresh();
    expect(p.current()).toEqual(CONFIG);
    expect(log.named('sync.configUnavailable')).toEqual([
      expect.objectContaining({
        level: 'warn',
        code: 'timeout',
        cachedAt: '2025-03-04T01:00:00.000Z',
      }),
    ]);
    // The cause follows as its own catalogue event; its English sentence is the error's message.
    expect(log.named('sync.serviceTimedOut')).toEqual([
      expect.objectContaining({
        level: 'warn',
        url: 'http://branch.test',
        timeoutMs: 5000,
        msg: down,
      }),
    ]);
    fetcher.answer = async (etag) => ({ status: 'not-modified', etag: etag! });
    await p.refresh();
    expect(log.named('sync.configReachable')).toHaveLength(1);
  });

  it('does not offer an unusable cached copy, and does not let a 304 keep it', async () => {
    store.cacheConfig(BRANCH_CONFIG_KEY, { branch: { id: 'b1' }, businessTypes: [] }, '"bad"');
    const p = poller();
    expect(p.current()).toBeNull();
    await p.refresh();
    expect(fetcher.etags).toEqual([null]);
    expect(p.current()).toEqual(CONFIG);
  });

  it('stop() waits for a fetch in flight and ends the interval', async () => {
    const p = poller();
    let release!: () => void;
    fetcher.answer = () =>
      new Promise((resolve) => {
        release = () => resolve({ status: 'ok', config: CONFIG, etag: '"v2"' });
      });
    p.start(60_000);
    const refreshing = p.refresh();
    let stopped = false;
    const stopping = p.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    release();
    await Promise.all([refreshing, stopping]);
    expect(store.getCachedConfig(BRANCH_CONFIG_KEY)?.etag).toBe('"v2"');
  });
});

describe('BranchConfigPoller when the store fails', () => {
  it('a database error while the service is down neither rejects nor loses the configuration', async () => {
    const p = poller();
    await p.refresh();
    fetcher.answer = async () => {
      throw new SyncError('retryable', 'connectionRefused', { url: 'http://branch.test' }, null);
    };
    // A real database failure: reading the cache's timestamp now throws inside the failure path.
    store.close();
    await expect(p.refresh()).resolves.toBeUndefined();
    expect(p.current()).toEqual(CONFIG);
    expect(log.named('sync.configCacheFailed')).toEqual([
      expect.objectContaining({ level: 'error', error: expect.any(String) }),
    ]);
    expect(log.named('sync.configUnavailable')).toEqual([
      expect.objectContaining({ code: 'connectionRefused' }),
    ]);
  });

  it('the interval timer survives a failing store: no unhandled rejection, one event per spell', async () => {
    const p = poller();
    await p.refresh();
    fetcher.answer = async () => {
      throw new SyncError('retryable', 'connectionRefused', { url: 'http://branch.test' }, null);
    };
    store.close();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      p.start(5);
      await new Promise((resolve) => setTimeout(resolve, 60));
      await p.stop();
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
    expect(fetcher.etags.length).toBeGreaterThan(2);
    expect(p.current()).toEqual(CONFIG);
    expect(log.named('sync.configCacheFailed')).toHaveLength(1);
  });

  it('serves a fetched configuration even when it cannot be cached', async () => {
    const p = poller();
    store.close();
    await expect(p.refresh()).resolves.toBeUndefined();
    expect(p.current()).toEqual(CONFIG);
    expect(log.named('sync.configUpdated')).toHaveLength(1);
    expect(log.named('sync.configCacheFailed')).toHaveLength(1);
  });

  it('a cache that cannot be read at start-up starts with no configuration, logged', () => {
    store.close();
    const p = poller();
    expect(p.current()).toBeNull();
    expect(log.named('sync.configCacheFailed')).toHaveLength(1);
  });
});
