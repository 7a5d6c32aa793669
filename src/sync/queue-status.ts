/**
 * The branch's queue status (waiting, called, served per queue, wait estimates), pulled with
 * its ETag like the configuration (./config-poller.ts), cached in the store with the time it
 * was fetched, and read by the ticket feature as a QueueEstimate or null ("wait unknown") and
 * by the queries as a QueueStatusCopy. One per kiosk: the branch link holds it (./link.ts).
 *
 * The copy is current only while the service answers: after a failed fetch, or when the last
 * confirmation is older than `staleAfterMs`, or when it is another day's, the estimate is null.
 *
 * This kiosk's own tickets count at once. The branch counts a ticket as waiting from the moment
 * it allocates its number, but the copy only learns it at the next fetch: so each number this
 * kiosk got from the branch (noteAllocated) is added to the copy's count until a fetch that
 * began after the allocation's answer has been stored; that fetch is asked for at once. The
 * order is kept by one counter over allocations and fetch starts, not by clocks (the kiosk's
 * and the branch's differ), so a number is never dropped before the copy has it. A fetch that
 * was already in flight may bring a copy that counts it too: that double count lasts only
 * until the fetch asked for at once lands (one round trip), never beyond.
 */
import { check } from '../contract/problems.js';
import { MAX_WAIT_MINUTES, QueueStatusSchema, type QueueStatus } from '../contract/numbers.js';
import type { QueueEstimate, QueueStatusCopy } from '../domain/queue-estimate.js';
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

/** A number this kiosk got from the branch, which the copy may not count yet. */
export interface AllocatedNumber {
  readonly ticketId: string;
  readonly businessTypeId: string;
  readonly serviceDay: string;
}

/**
 * The estimate for `waiting + extra` people from the branch's estimate for `waiting`: scaled
 * when the branch had people waiting, else `extra` service times at one counter (an upper
 * bound: the copy does not say how many counters serve the queue). Null stays null.
 */
export function estimateWithExtra(
  queue: {
    readonly waiting: number;
    readonly estimatedWaitMinutes: number | null;
    readonly averageServiceSeconds: number | null;
  },
  extra: number,
): number | null {
  const minutes = queue.estimatedWaitMinutes;
  if (extra === 0 || minutes === null) return minutes;
  const scaled =
    queue.waiting > 0
      ? (minutes * (queue.waiting + extra)) / queue.waiting
      : queue.averageServiceSeconds === null
        ? null
        : minutes + (extra * queue.averageServiceSeconds) / 60;
  return scaled === null ? null : Math.min(MAX_WAIT_MINUTES, Math.ceil(scaled));
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
  /** Orders allocations and fetch starts (see the file's comment). */
  #tick = 0;
  /** Numbers this kiosk got from the branch since the stored copy's fetch began, by ticket id. */
  readonly #allocated = new Map<string, AllocatedNumber & { readonly tick: number }>();
  /** A fetch asked for while one was in flight: it runs after, so it begins later. */
  #again: Promise<void> | null = null;

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
    const extra = this.#notCounted(cached.status.serviceDay, businessTypeId);
    return {
      waitingAhead: queue.waiting + extra,
      estimatedWaitMinutes: estimateWithExtra(queue, extra),
      asOf: cached.fetchedAt,
    };
  }

  /**
   * Every queue of the copy, for a customer's query: null when the kiosk holds no copy at all.
   * `current` as for estimate(); the counts include this kiosk's numbers the copy lacks yet.
   */
  copy(): QueueStatusCopy | null {
    const cached = this.cached();
    if (cached === null) return null;
    const now = this.#now();
    const age = now.getTime() - Date.parse(cached.fetchedAt);
    const { serviceDay } = cached.status;
    const current = this.#reachable && age <= this.#staleAfterMs && serviceDay === localDay(now);
    return {
      asOf: cached.fetchedAt,
      current,
      queues: cached.status.queues.map((queue) => {
        const extra = this.#notCounted(serviceDay, queue.businessTypeId);
        return {
          businessTypeId: queue.businessTypeId,
          waiting: queue.waiting + extra,
          estimatedWaitMinutes: estimateWithExtra(queue, extra),
        };
      }),
    };
  }

  /**
   * The branch allocated this number to this kiosk: count it until the copy does, and fetch
   * the copy again now (the branch's count has changed, the copy has not).
   */
  noteAllocated(number: AllocatedNumber): void {
    this.#allocated.set(number.ticketId, { ...number, tick: ++this.#tick });
    void this.refreshAfterInFlight();
  }

  /** Like refresh(), but a fetch in flight does not count: one that begins after it is made. */
  refreshAfterInFlight(): Promise<void> {
    if (this.#refreshing === null) return this.refresh();
    this.#again ??= this.#refreshing.then(() => {
      this.#again = null;
      return this.refresh();
    });
    return this.#again;
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
    await this.#again;
    await this.#refreshing;
  }

  /** This kiosk's numbers of that queue and day that the stored copy does not count yet. */
  #notCounted(serviceDay: string, businessTypeId: string): number {
    let count = 0;
    for (const number of this.#allocated.values()) {
      if (number.serviceDay === serviceDay && number.businessTypeId === businessTypeId) count++;
    }
    return count;
  }

  async #refresh(): Promise<void> {
    // Every number allocated before this point is in what the branch answers now.
    const began = ++this.#tick;
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
    for (const [ticketId, number] of this.#allocated) {
      if (number.tick < began || number.serviceDay !== serviceDay) {
        this.#allocated.delete(ticketId);
      }
    }
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
