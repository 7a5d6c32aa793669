/**
 * Keeps this kiosk's offline numbers topped up: for every queue of the branch configuration, a
 * leased block of today's numbers (POST /v1/number-leases), refilled while the service answers
 * and the block runs low. Blocks are kept in the store (src/store/number-blocks.ts) and expire
 * with their service day.
 *
 * A lease request keeps its id until it gets an answer, so a lost answer is asked again with
 * the same id and the branch hands back the same block instead of a second one.
 */
import type { BusinessType } from '../domain/business-type.js';
import { localDay } from '../domain/local-time.js';
import type { NumberLeaseAnswer, NumberLeaseRequest } from '../contract/numbers.js';
import { logEvent, type Logger } from '../log/index.js';
import { uuidv7 } from '../uuidv7.js';
import { SyncError, messageOf } from './errors.js';

/** Numbers leased per request. */
export const DEFAULT_BLOCK_SIZE = 50;
/** A queue with fewer numbers left than this is refilled. */
export const DEFAULT_LOW_WATER = 20;

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
  #refilling: Promise<void> | null = null;

  constructor(options: LeaseKeeperOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
  }

  /** Tops up every queue that runs low; never rejects (failures are logged, kept for later). */
  refill(): Promise<void> {
    this.#refilling ??= this.#refill()
      .catch(() => undefined)
      .finally(() => {
        this.#refilling = null;
      });
    return this.#refilling;
  }

  start(intervalMs: number): void {
    if (this.#timer !== null) return;
    this.#timer = setInterval(() => void this.refill(), intervalMs);
  }

  async stop(): Promise<void> {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    await this.#refilling;
  }

  async #refill(): Promise<void> {
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
        const reason = messageOf(error);
        const askedToWait = error instanceof SyncError && error.retryAfterMs !== null;
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
  }
}
