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
 *
 * Ahead of a ticket is who the counters call before it (src/domain/call-order.ts): for a
 * served-first ticket (senior, disability, appointment, VIP) only the waiting served first
 * (the branch's waitingServedFirst, and this kiosk's served-first numbers the copy lacks); for
 * a walk-in, everyone waiting. The wait scales with the count. A service too old to say how
 * many are served first gets every ticket estimated as a walk-in's, as before: an upper bound.
 */
import { check } from '../contract/problems.js';
import { MAX_WAIT_MINUTES, QueueStatusSchema, type QueueStatus } from '../contract/numbers.js';
import type { QueueEstimate, QueueStatusCopy } from '../domain/queue-estimate.js';
import { isServedFirst, type TicketPriority } from '../domain/ticket.js';
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
  /** The ticket's priority (absent: none): a served-first one is ahead of served-first ones. */
  readonly priority?: TicketPriority | undefined;
}

/** What the estimates read of a queue of the copy. */
export interface QueueWaitBasis {
  readonly waiting: number;
  readonly estimatedWaitMinutes: number | null;
  readonly averageServiceSeconds: number | null;
}

/**
 * The estimate for `ahead` people from the branch's estimate for its `waiting`: the branch's
 * own for as many, scaled when the branch had people waiting (its counters and service times
 * are in the ratio), else `ahead` service times at one counter (an upper bound: the copy does
 * not say how many counters serve the queue). Null stays null.
 */
export function estimateForAhead(queue: QueueWaitBasis, ahead: number): number | null {
  const minutes = queue.estimatedWaitMinutes;
  if (ahead === queue.waiting || minutes === null) return minutes;
  const scaled =
    queue.waiting > 0
      ? (minutes * ahead) / queue.waiting
      : queue.averageServiceSeconds === null
        ? null
        : minutes + (ahead * queue.averageServiceSeconds) / 60;
  return scaled === null ? null : Math.min(MAX_WAIT_MINUTES, Math.ceil(scaled));
}

/** The estimate for `waiting + extra` people (this kiosk's numbers the copy lacks). */
export function estimateWithExtra(queue: QueueWaitBasis, extra: number): number | null {
  return estimateForAhead(queue, queue.waiting + extra);
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
   * For a ticket of `businessTypeId` and `priority` (absent: none) taken now: the people the
   * counters call before it and the estimate, or null ("wait unknown") when the service is not
   * answering or the copy is stale or another day's.
   */
  estimate(businessTypeId: string, priority?: TicketPriority): QueueEstimate | null {
    if (!this.#reachable) return null;
    const cached = this.cached();
    if (cached === null) return null;
    const now = this.#now();
    const age = now.getTime() - Date.parse(cached.fetchedAt);
    if (!(age <= this.#staleAfterMs) || cached.status.serviceDay !== localDay(now)) return null;
    const queue = cached.status.queues.find((q) => q.businessTypeId === businessTypeId);
    if (queue === undefined) return null;
    // Served first only when the branch says how many are: else as a walk-in (an upper bound).
    const servedFirstWaiting = isServedFirst(priority) ? queue.waitingServedFirst : undefined;
    const servedFirstOnly = servedFirstWaiting !== undefined;
    const ahead =
      (servedFirstOnly ? servedFirstWaiting : queue.waiting) +
      this.#notCounted(cached.status.serviceDay, businessTypeId, servedFirstOnly);
    return {
      waitingAhead: ahead,
      estimatedWaitMinutes: estimateForAhead(queue, ahead),
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
    this.#allocated.set(number.ticketId, {
      ticketId: number.ticketId,
      businessTypeId: number.businessTypeId,
      serviceDay: number.serviceDay,
      priority: number.priority,
      tick: ++this.#tick,
    });
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

  /**
   * This kiosk's numbers of that queue and day that the stored copy does not count yet; only
   * the served-first ones when `servedFirstOnly`.
   */
  #notCounted(serviceDay: string, businessTypeId: string, servedFirstOnly = false): number {
    let count = 0;
    for (const number of this.#allocated.values()) {
      if (
        number.serviceDay === serviceDay &&
        number.businessTypeId === businessTypeId &&
        (!servedFirstOnly || isServedFirst(number.priority))
      ) {
        count++;
      }
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
