/**
 * The branch link: everything the kiosk keeps with its branch service, built in one call for the
 * composition root. The client (src/sync/client.ts), the sync worker that drains the outbox, the
 * configuration poller and the copy of the branch's queue status (read by the ticket flow and
 * the queries alike); their state changes are logged as events for the technician.
 */
import type { BranchConfig } from '../contract/sync.js';
import type { Logger } from '../log/index.js';
import { BranchServiceClient } from './client.js';
import { BranchConfigPoller, type BranchConfigSource } from './config-poller.js';
import type { BranchLinkStore } from './ports.js';
import { QueueStatusPoller } from './queue-status.js';
import { syncReporter } from './report.js';
import { SyncWorker, type SyncWorkerOptions } from './worker.js';

/** The configuration is never fetched more often than this, whatever the sync interval. */
export const MIN_CONFIG_INTERVAL_MS = 30_000;
/** How often the queue status is fetched (a 304 costs little). */
export const QUEUE_STATUS_INTERVAL_MS = 15_000;

export interface BranchLinkOptions {
  /** The branch service, e.g. the embedded one's loopback URL or config.branchService.url. */
  readonly baseUrl: string;
  readonly kioskId: string;
  readonly token: string;
  readonly store: BranchLinkStore;
  readonly logger: Logger;
  /** The sync worker's safety-net look at the outbox (config.sync.intervalMs). */
  readonly syncIntervalMs: number;
  /** While the service refuses this kiosk, the wait before trying again (config.sync.blockedRetryMs). */
  readonly blockedRetryMs?: number;
  /** How often the configuration is fetched again. Default max(syncIntervalMs, 30 s). */
  readonly configIntervalMs?: number;
  /**
   * Served while nothing from the branch is cached or fetched (the kiosk passes
   * BUNDLED_BRANCH_CONFIG); default none (current() is null until the branch answers).
   */
  readonly fallbackConfig?: BranchConfig;
  /** How often the queue status is fetched again. Default QUEUE_STATUS_INTERVAL_MS. */
  readonly queueStatusIntervalMs?: number;
  /** Per request to the branch service. Default 5 s. */
  readonly timeoutMs?: number;
  readonly now?: () => Date;
  /** For tests: fault injection on the wire. Default the global fetch. */
  readonly fetch?: typeof fetch;
  /** For tests: the worker's batch sizes, back-off and timers. */
  readonly worker?: Omit<SyncWorkerOptions, 'store' | 'client' | 'onRun' | 'now'>;
}

export interface BranchLink {
  readonly client: BranchServiceClient;
  /** The outbox's delivery; `sync.status()` is the technician's sync screen. */
  readonly sync: SyncWorker;
  /** The branch configuration: the cached one at once, the fetched one after start(). */
  readonly config: BranchConfigSource;
  /**
   * The copy of the branch's queue status: fetched on its interval after start(), and at once
   * by whoever needs it current (refresh(), e.g. a feature's first fetch; noteAllocated()).
   */
  readonly queueStatus: QueueStatusPoller;
  /**
   * Fetches the configuration once (resolves when that attempt is over, successful or not),
   * then refreshes it and the queue status on their intervals and starts delivering the
   * outbox. Idempotent.
   */
  start(): Promise<void>;
  /** Stops them all and waits for a request in flight. Idempotent. */
  stop(): Promise<void>;
}

export function createBranchLink(options: BranchLinkOptions): BranchLink {
  const { store, logger } = options;
  const client = new BranchServiceClient({
    baseUrl: options.baseUrl,
    kioskId: options.kioskId,
    token: options.token,
    timeoutMs: options.timeoutMs ?? 5_000,
    fetch: options.fetch,
  });
  const sync = new SyncWorker({
    pollIntervalMs: options.syncIntervalMs,
    ...(options.blockedRetryMs !== undefined ? { blockedRetryMs: options.blockedRetryMs } : {}),
    ...options.worker,
    store,
    client,
    now: options.now,
    onRun: syncReporter({ logger, rejections: store, url: client.baseUrl }),
  });
  const poller = new BranchConfigPoller({
    client,
    store,
    logger,
    ...(options.fallbackConfig ? { fallback: options.fallbackConfig } : {}),
  });
  const queueStatus = new QueueStatusPoller({
    client,
    store,
    logger,
    ...(options.now ? { now: options.now } : {}),
  });
  const configIntervalMs =
    options.configIntervalMs ?? Math.max(options.syncIntervalMs, MIN_CONFIG_INTERVAL_MS);

  let starting: Promise<void> | null = null;
  let stopped = false;
  return {
    client,
    sync,
    config: poller,
    queueStatus,
    start() {
      starting ??= (async () => {
        await poller.refresh();
        if (stopped) return;
        poller.start(configIntervalMs);
        queueStatus.start(options.queueStatusIntervalMs ?? QUEUE_STATUS_INTERVAL_MS);
        sync.start();
      })();
      return starting;
    },
    async stop() {
      stopped = true;
      await poller.stop();
      await queueStatus.stop();
      await sync.stop();
    },
  };
}
