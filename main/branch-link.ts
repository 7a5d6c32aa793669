/**
 * The branch link: the client of the branch service, the sync worker that delivers the outbox,
 * and the configuration poller (business types, branch name) with its cache in the store.
 */
import type { KioskConfig } from '../src/config.js';
import type { BranchConfig } from '../src/contract/sync.js';
import type { Logger } from '../src/log/index.js';
import type { KioskStore } from '../src/store/index.js';
import { BranchServiceClient, SyncWorker, type SyncResult } from '../src/sync/index.js';
import { branchConfigProblem } from '../src/contract/sync.js';

const BRANCH_CONFIG_KEY = 'branch-config';

export interface BranchLink {
  readonly client: BranchServiceClient;
  readonly sync: SyncWorker;
  readonly config: {
    current(): BranchConfig | null;
    onChange(listener: (config: BranchConfig) => void): () => void;
  };
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createBranchLink(options: {
  readonly config: KioskConfig;
  readonly baseUrl: string;
  readonly store: KioskStore;
  readonly logger: Logger;
}): BranchLink {
  const { config, store, logger } = options;
  const client = new BranchServiceClient({
    baseUrl: options.baseUrl,
    kioskId: config.kioskId,
    token: config.kioskToken,
    timeoutMs: 5_000,
  });
  let lastOutcome: SyncResult['outcome'] = 'idle';
  const reportSync = (result: SyncResult) => {
    if (result.rejected > 0) {
      for (const r of store.outboxRejections(result.rejected)) {
        logger.warn({ event: 'sync.itemRejected', id: r.id, kind: r.kind, reason: r.reason });
      }
    }
    const outcome = result.outcome === 'delivered' ? 'idle' : result.outcome;
    if (outcome === lastOutcome || outcome === 'stopped') return;
    lastOutcome = outcome;
    logger.warn({ event: `sync.${outcome}`, reason: result.error, backlog: result.backlog });
  };
  const sync = new SyncWorker({
    store,
    client,
    pollIntervalMs: config.sync.intervalMs,
    onRun: reportSync,
  });

  const cachedValue = () => {
    const cached = store.getCachedConfig(BRANCH_CONFIG_KEY);
    if (!cached || branchConfigProblem(cached.value) !== null) return null;
    return cached.value as BranchConfig;
  };
  let current = cachedValue();
  let etag = store.getCachedConfig(BRANCH_CONFIG_KEY)?.etag ?? null;
  const listeners = new Set<(config: BranchConfig) => void>();
  const refresh = async () => {
    try {
      const result = await client.getConfig(etag);
      if (result.status === 'not-modified') {
        store.touchCachedConfig(BRANCH_CONFIG_KEY);
        return;
      }
      store.cacheConfig(BRANCH_CONFIG_KEY, result.config, result.etag);
      etag = result.etag;
      current = result.config;
      for (const listener of listeners) listener(result.config);
    } catch (error) {
      logger.warn({ event: 'config.keptCached', reason: (error as Error).message });
    }
  };
  let timer: ReturnType<typeof setInterval> | null = null;
  return {
    client,
    sync,
    config: {
      current: () => current,
      onChange(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    async start() {
      await refresh();
      timer = setInterval(() => void refresh(), Math.max(config.sync.intervalMs, 30_000));
      sync.start();
    },
    async stop() {
      if (timer) clearInterval(timer);
      listeners.clear();
      await sync.stop();
    },
  };
}
