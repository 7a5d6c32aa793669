/**
 * The branch's queue status (waiting, called, served per queue, wait estimates), pulled with
 * its ETag like the configuration (./config-poller.ts), cached in the store with the time it
 * was fetched, and read by the ticket feature as a QueueEstimate or null ("wait unknown").
 *
 * The copy is current only while the service answers: after a failed fetch, or when the last
 * confirmation is older than `staleAfterMs`, or when it is another day's, the estimate is null.
 */
import { check } from '../contract/problems.js';
import { QueueStatusSchema, type QueueStatus } from '../contract/numbers.js';
import type { QueueEstimate } from '../domain/queue-estimate.js';
import { localDay } from '../domain/local-time.js';
import { logEvent, type Logger } from '../log/index.js';
import type { QueueStatusFetchResult } from './client.js';
import { messageOf } from './errors.js';
import type { BranchLinkStore } from './ports.js';

/** The store key of the cached queue status. */
export const QUEUE_STATUS_KEY = 'queue-status';
/** Older than this, the copy is not shown as current. */
export const DEFAULT_QUEUE_STATUS_STALE_MS = 2 * 60_000;

export interface QueueStatusFetcher {
  getQueueStatus(serviceDay: string, etag?: string | null): Promise<QueueStatusFetchResult>;
}

export interface QueueStatusOptions {
  readonly client: QueueStatusFetcher;
  readonly store: Pick<BranchLinkStore, 'getCachedConfig' | 'cacheConfig' | 'touchCachedConfig'>;
  readonly logger: Logger;
  readonly now?: () => Date;
  readonly staleAfterMs?: number;
}

export class QueueStatusPoller {
  readonly #client: QueueStatusFetcher;
  readonly #store: QueueStatusOptions['store'];
  readonly #logger: Logger;
  readonly #now: () => Date;
  readonly #staleAfterMs: number;
  #timer: ReturnType<typeof setInterval> | null = null;
  #refreshing: Promise<void> | null = null;
  /** Whether the last fetch got an answer; until one does, the wait is unknown. */
  #reachable = false;
  /** The failure last logged; null while the service answers. */
  #failing: string | null = null;

  constructor(options: QueueStatusOptions) {
    this.#client = options.client;
    this.#store = options.store;
    this.#logger = options.logger;
    this.#now = options.now ?? (() => new Date());
    this.#staleAfterMs = options.staleAfterMs ?? DEFAULT_QUEUE_STATUS_STALE_MS;
  }

  /** The cached status and when the service last confirmed it, if it is usable at all. */
  cached(): {
    readonly status: QueueStatus;
    readonly etag: string | null;
    readonly fetchedAt: string;
  } | null {
    try {
      const record = this.#store.getCachedConfig(QUEUE_STATUS_KEY);
      if (record === undefined) return null;
      const checked = check(QueueStatusSchema, record.value, 'the cached queue status');
      return checked.ok
        ? { status: checked.value, etag: record.etag, fetchedAt: record.fetchedAt }
        : null;
    } catch {
      return null;
    }
  }

  /**
   * For a ticket of `businessTypeId` taken now: the people waiting and the estimate, or null
   * ("wait unknown") when the service is not answering or the copy is stale or another day's.
   */
  estimate(businessTypeId: string): QueueEstimate | null {
    if (!this.#reachable) return null;
    const cached = this.cached();
    if (cached === null) return null;
    const now = this.#now();
    const age = now.getTime() - Date.parse(cached.fetchedAt);
    if (!(age <= this.#staleAfterMs) || cached.status.serviceDay !== localDay(now)) return null;
    const queue = cached.status.queues.find((q) => q.businessTypeId === businessTypeId);
    if (queue === undefined) return null;
    return {
      waitingAhead: queue.waiting,
      estimatedWaitMinutes: queue.estimatedWaitMinutes,
      asOf: cached.fetchedAt,
    };
  }

  /** Fetches once; never rejects (a failure makes the wait unknown and is logged once). */
  refresh(): Promise<void> {
    this.#refreshing ??= this.#refresh()
      .catch((error: unknown) => this.#unavailable(messageOf(error)))
      .finally(() => {
        this.#refreshing = null;
      });
    return this.#refreshing;
  }

  start(intervalMs: number): void {
    if (this.#timer !== null) return;
    this.#timer = setInterval(() => void this.refresh(), intervalMs);
  }

  async stop(): Promise<void> {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    await this.#refreshing;
  }

  async #refresh(): Promise<void> {
    const serviceDay = localDay(this.#now());
    const cached = this.cached();
    // Another day's ETag would match nothing useful: ask afresh.
    const etag = cached?.status.serviceDay === serviceDay ? cached.etag : null;
    let result: QueueStatusFetchResult;
    try {
      result = await this.#client.getQueueStatus(serviceDay, etag);
    } catch (error) {
      this.#unavailable(messageOf(error));
      return;
    }
    if (result.status === 'not-modified') this.#store.touchCachedConfig(QUEUE_STATUS_KEY);
    else this.#store.cacheConfig(QUEUE_STATUS_KEY, result.queueStatus, result.etag);
    this.#reachable = true;
    if (this.#failing !== null) {
      this.#failing = null;
      logEvent(this.#logger, 'numbers.queueStatusReachable', {});
    }
  }

  #unavailable(reason: string): void {
    this.#reachable = false;
    if (this.#failing === reason) return;
    this.#failing = reason;
    logEvent(this.#logger, 'numbers.queueStatusUnavailable', { reason });
  }
}
