/**
 * Keeps this kiosk's offline numbers topped up: for every queue of the branch configuration, a
 * leased block of today's numbers (POST /v1/number-leases), refilled while the service answers
 * and the block runs low. Blocks are kept in the store (src/store/number-blocks.ts) and expire
 * with their service day.
 *
 * A lease request keeps its id until it gets an answer, so a lost answer is asked again with
 * the same id and the branch hands back the same block instead of a second one.
 *
 * A fleet must not ask all at once: when power returns to a branch every kiosk starts in the
 * same second. So the first refill waits a random time in [0, startJitterMs), which also spreads
 * the kiosks' refill intervals, and a failed refill is tried again after a full-jitter back-off
 * (uniform in [0, min(max, initial·2^n))), never sooner than the service's Retry-After. Nobody
 * waits for that: a kiosk online numbers its tickets by the branch (no block needed), and the
 * block is only for when the branch does not answer.
 */
import type { BackoffPolicy, Random } from '../backoff.js';
import type { BusinessType } from '../domain/business-type.js';
import { localDay } from '../domain/local-time.js';
import type { NumberLeaseAnswer, NumberLeaseRequest } from '../contract/numbers.js';
import { logEvent, type Logger } from '../log/index.js';
import { uuidv7 } from '../uuidv7.js';
import { syncRetryDelay } from './backoff.js';
import { SyncError, messageOf } from './errors.js';

/** Numbers leased per request. */
export const DEFAULT_BLOCK_SIZE = 50;
/** A queue with fewer numbers left than this is refilled. */
export const DEFAULT_LOW_WATER = 20;
/** The first refill waits up to this long (config: sync.leaseStartJitterMs). */
export const DEFAULT_LEASE_START_JITTER_MS = 10_000;
/** After a failed refill: full jitter from 2 s, doubling, up to 2 min. */
export const DEFAULT_LEASE_RETRY: BackoffPolicy = { initialMs: 2_000, maxMs: 120_000 };

export interface LeaseClient {
  leaseNumbers(request: NumberLeaseRequest): Promise<NumberLeaseAnswer>;
}

/** The store's number blocks (KioskStore satisfies it). */
export interface NumberBlockPort {
  addNumberBlock(block: {
    readonly requestId: string;
    readonly serviceDay: string;
    readonly businessTypeId: string;
    readonly prefix: string;
    readonly firstSequence: number;
    readonly lastSequence: number;
  }): boolean;
  numbersLeft(serviceDay: string, businessTypeId: string): number;
  dropExpiredBlocks(today: string): number;
}

export interface LeaseKeeperOptions {
  readonly client: LeaseClient;
  readonly store: NumberBlockPort;
  /** The queues to keep numbers for (the current branch configuration's). */
  readonly businessTypes: () => readonly BusinessType[];
  readonly logger: Logger;
  readonly now?: () => Date;
  readonly blockSize?: number;
  readonly lowWater?: number;
  /** start(): the first refill waits uniform in [0, this) ms; 0: at once. */
  readonly startJitterMs?: number;
  /** After a refill that left a queue without its block: when to try again (full jitter). */
  readonly retry?: BackoffPolicy;
  /** [0, 1) source for the jitter (tests fix it). */
  readonly random?: Random;
}

/** What start() set off: the first refill, and how long it waits before asking. */
export interface LeaseKeeperStart {
  readonly delayMs: number;
  /** Settles when the first refill is done (or the keeper stopped before it). */
  readonly firstRefill: Promise<void>;
}

export class NumberLeaseKeeper {
  readonly #options: LeaseKeeperOptions;
  readonly #now: () => Date;
  /** Request ids still waiting for an answer, by day and queue. */
  readonly #pending = new Map<string, string>();
  /** The failure last logged per queue. */
  readonly #failing = new Map<string, string>();
  /**
   * Queues whose last answer was "try again in a moment" (503/429 with Retry-After: the
   * embedded service still starting, a service shedding load). The first such answer is not
   * news for the technician; a second one in a row is a failure like any other.
   */
  readonly #deferred = new Set<string>();
  #timer: ReturnType<typeof setInterval> | null = null;
  /** The first refill's random wait (start), then null. */
  #startTimer: ReturnType<typeof setTimeout> | null = null;
  #settleStart: (() => void) | null = null;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** Refills in a row that left a queue without its block. */
  #failures = 0;
  #started = false;
  #refilling: Promise<void> | null = null;

  constructor(options: LeaseKeeperOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
  }

  /** Tops up every queue that runs low; never rejects (failures are logged, kept for later). */
  refill(): Promise<void> {
    this.#refilling ??= this.#refill()
      .then(
        (outcome) => this.#afterRefill(outcome),
        () => this.#afterRefill({ failed: true, retryAfterMs: null }),
      )
      .finally(() => {
        this.#refilling = null;
      });
    return this.#refilling;
  }

  /**
   * A refill because something changed (a new configuration, a block number used): at once,
   * unless start()'s random wait is still running, whose refill will read the change anyway
   * (the configuration a fleet fetches at start must not undo the spread).
   */
  refillSoon(): void {
    if (this.#startTimer === null) void this.refill();
  }

  /**
   * Refills after a random wait in [0, startJitterMs), then every `intervalMs`. Returns at once;
   * the first refill's promise is for a caller that may wait for it (when the wait is 0).
   */
  start(intervalMs: number): LeaseKeeperStart {
    if (this.#started) return { delayMs: 0, firstRefill: Promise.resolve() };
    this.#started = true;
    const jitterMs = Math.max(0, this.#options.startJitterMs ?? DEFAULT_LEASE_START_JITTER_MS);
    const delayMs = Math.floor(this.#random() * jitterMs);
    const firstRefill = new Promise<void>((resolve) => {
      this.#settleStart = resolve;
      const begin = () => {
        this.#startTimer = null;
        this.#settleStart = null;
        this.#timer = setInterval(() => void this.refill(), intervalMs);
        void this.refill().then(resolve);
      };
      if (delayMs === 0) begin();
      else this.#startTimer = setTimeout(begin, delayMs);
    });
    return { delayMs, firstRefill };
  }

  async stop(): Promise<void> {
    if (this.#timer !== null) clearInterval(this.#timer);
    if (this.#startTimer !== null) clearTimeout(this.#startTimer);
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    this.#timer = this.#startTimer = this.#retryTimer = null;
    this.#settleStart?.();
    this.#settleStart = null;
    this.#started = false;
    await this.#refilling;
  }

  #random(): number {
    return (this.#options.random ?? Math.random)();
  }

  /** A refill left a queue without its block: try again after a full-jitter back-off. */
  #afterRefill(outcome: RefillOutcome): void {
    if (!outcome.failed) {
      this.#failures = 0;
      return;
    }
    this.#failures += 1;
    // Retries belong to a started keeper (a refill asked for before start, or after stop, is
    // the caller's one look); one retry pending at a time.
    if (!this.#started || this.#retryTimer !== null) return;
    const delay = syncRetryDelay(
      { ...(this.#options.retry ?? DEFAULT_LEASE_RETRY), random: () => this.#random() },
      this.#failures,
      outcome.retryAfterMs,
    );
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      void this.refill();
    }, delay);
  }

  async #refill(): Promise<RefillOutcome> {
    let failed = false;
    let retryAfterMs: number | null = null;
    const { store, client, logger } = this.#options;
    const serviceDay = localDay(this.#now());
    store.dropExpiredBlocks(serviceDay);
    const size = this.#options.blockSize ?? DEFAULT_BLOCK_SIZE;
    const lowWater = this.#options.lowWater ?? DEFAULT_LOW_WATER;
    for (const type of this.#options.businessTypes()) {
      const left = store.numbersLeft(serviceDay, type.id);
      if (left >= lowWater) continue;
      const key = `${serviceDay}/${type.id}`;
      const requestId = this.#pending.get(key) ?? uuidv7(this.#now().getTime());
      this.#pending.set(key, requestId);
      try {
        const lease = await client.leaseNumbers({
          requestId,
          businessTypeId: type.id,
          serviceDay,
          size,
        });
        store.addNumberBlock({ ...lease, requestId });
        this.#pending.delete(key);
        this.#failing.delete(type.id);
        this.#deferred.delete(type.id);
        logEvent(logger, 'numbers.blockLeased', {
          businessType: type.id,
          serviceDay,
          first: lease.firstSequence,
          last: lease.lastSequence,
        });
      } catch (error) {
        failed = true;
        const reason = messageOf(error);
        const askedToWait = error instanceof SyncError && error.retryAfterMs !== null;
        if (askedToWait) retryAfterMs = Math.max(retryAfterMs ?? 0, error.retryAfterMs!);
        if (askedToWait && !this.#deferred.has(type.id)) {
          this.#deferred.add(type.id);
          logEvent(logger, 'numbers.leaseDeferred', { businessType: type.id, reason, left });
          continue;
        }
        if (!askedToWait) this.#deferred.delete(type.id);
        if (this.#failing.get(type.id) !== reason) {
          this.#failing.set(type.id, reason);
          logEvent(logger, 'numbers.leaseFailed', { businessType: type.id, reason, left });
        }
      }
    }
    return { failed, retryAfterMs };
  }
}

/** How a refill went: whether a queue is still without its block, and the service's word. */
interface RefillOutcome {
  readonly failed: boolean;
  readonly retryAfterMs: number | null;
}
