/**
 * The sync worker: decides when the outbox is sent to the branch service (at start, when the
 * store appends an item, on a back-off timer after a failure, on a long timer while the service
 * refuses this kiosk, and on a safety-net poll) and reports its state for the technician. What
 * one run does is in ./drain.ts; how long it waits, in ./backoff.ts.
 */
import { blockedRetryDelay, syncRetryDelay, type SyncBackoffPolicy } from './backoff.js';
import { DeliveryLedger, OutboxDrain, type SyncResult } from './drain.js';
import { describeCause, messageOf, syncCause, type SyncCause } from './errors.js';
import type { BatchSender, OutboxCounts, OutboxPort } from './ports.js';
import { MAX_BATCH_BODY_BYTES, MAX_BATCH_ITEMS } from '../contract/sync.js';

/** A batch as large as the service takes (MAX_BATCH_ITEMS). */
export const DEFAULT_BATCH_ITEMS = MAX_BATCH_ITEMS;
/** Item bytes per batch: three quarters of the body limit, the rest for the envelope. */
export const DEFAULT_BATCH_BYTES = (MAX_BATCH_BODY_BYTES * 3) / 4;

export type { SyncOutcome, SyncResult } from './drain.js';

export interface SyncWorkerOptions {
  readonly store: OutboxPort;
  readonly client: BatchSender;
  /**
   * Items per batch. Default MAX_BATCH_ITEMS (500), the most the service takes: a backlog goes
   * in as few requests, transactions and acks (each a durable commit on both sides) as it can.
   */
  readonly maxItems?: number;
  /**
   * Serialised item bytes per batch; keep under the service's body limit. Default 768 KiB,
   * under MAX_BATCH_BODY_BYTES (1 MiB) with room for the envelope and the commas.
   */
  readonly maxBytes?: number;
  /** First back-off cap; doubles per consecutive failure. Default 1 s. */
  readonly baseDelayMs?: number;
  /** Back-off never waits longer than this. Default 60 s. */
  readonly maxDelayMs?: number;
  /**
   * While idle, look at the outbox this often anyway (a safety net for rows appended without
   * a notification, e.g. by a future second writer). 0 disables. Default 60 s.
   */
  readonly pollIntervalMs?: number;
  /**
   * While blocked (the service refuses this kiosk: 401/403/404/405, or even an empty batch),
   * try again after a draw from [½, 1] × this. Long, because the same request fails until
   * someone fixes the credential or the proxy; not forever, because nothing in the kiosk calls
   * syncNow() and a fix on the service side must resume delivery by itself. Default 5 min.
   */
  readonly blockedRetryMs?: number;
  /** [0, 1) source for the jitter; injectable for tests. */
  readonly random?: () => number;
  readonly setTimeout?: (callback: () => void, ms: number) => unknown;
  /** Defaults to the global clearTimeout with the global setTimeout; otherwise a no-op. */
  readonly clearTimeout?: (handle: unknown) => void;
  readonly now?: () => Date;
  /**
   * Called after every run while the worker is started: the composition root logs state changes
   * for the technician. A throwing callback is ignored: reporting must not stop delivery.
   */
  readonly onRun?: (result: SyncResult) => void;
}

export type SyncState = 'stopped' | 'idle' | 'syncing' | 'backing-off' | 'blocked';

/** For the technician screen. */
export interface SyncStatus {
  readonly state: SyncState;
  readonly lastSuccessAt: string | null;
  readonly lastAttemptAt: string | null;
  /** The most recent problem; compare lastErrorAt with lastSuccessAt to see whether it is current. */
  readonly lastError: string | null;
  /** lastError as data: its code, catalogue event and fields (a screen in the right language). */
  readonly lastCause: SyncCause | null;
  readonly lastErrorAt: string | null;
  /** Pending outbox items. */
  readonly backlog: number;
  /** Items the service rejected for good (see KioskStore.outboxRejections for reasons). */
  readonly rejected: number;
  readonly oldestPendingAt: string | null;
  readonly consecutiveFailures: number;
  readonly nextRetryAt: string | null;
}

interface Timer {
  handle: unknown;
  cancelled: boolean;
  readonly kind: 'run' | 'backoff' | 'poll' | 'blocked';
}

/**
 * Drains the outbox to the branch service (design.md §6): at-least-once, in seq order, in
 * batches by count and bytes; see ./drain.ts for what one run does.
 */
export class SyncWorker {
  readonly #store: OutboxPort;
  readonly #backoff: SyncBackoffPolicy;
  readonly #pollIntervalMs: number;
  readonly #blockedRetryMs: number;
  readonly #random: () => number;
  readonly #setTimeout: (callback: () => void, ms: number) => unknown;
  readonly #clearTimeout: (handle: unknown) => void;
  readonly #now: () => Date;
  readonly #onRun: ((result: SyncResult) => void) | undefined;
  readonly #ledger: DeliveryLedger;
  readonly #drain: OutboxDrain;

  #started = false;
  /** Bumped by stop(); a run started under an older generation winds down quietly. */
  #generation = 0;
  #inFlight: Promise<SyncResult> | null = null;
  #timer: Timer | null = null;
  #unsubscribe: (() => void) | null = null;
  #blocked = false;
  #rerun = false;
  #nextRetryAt: string | null = null;

  constructor(options: SyncWorkerOptions) {
    this.#store = options.store;
    const maxItems = positiveInteger('maxItems', options.maxItems ?? DEFAULT_BATCH_ITEMS);
    const maxBytes = positiveInteger('maxBytes', options.maxBytes ?? DEFAULT_BATCH_BYTES);
    const baseDelayMs = positiveInteger('baseDelayMs', options.baseDelayMs ?? 1000);
    const maxDelayMs = Math.max(
      baseDelayMs,
      positiveInteger('maxDelayMs', options.maxDelayMs ?? 60_000),
    );
    this.#pollIntervalMs = options.pollIntervalMs ?? 60_000;
    this.#blockedRetryMs = positiveInteger('blockedRetryMs', options.blockedRetryMs ?? 300_000);
    this.#random = options.random ?? Math.random;
    this.#backoff = { initialMs: baseDelayMs, maxMs: maxDelayMs, random: this.#random };
    if (options.setTimeout) {
      this.#setTimeout = options.setTimeout;
      this.#clearTimeout = options.clearTimeout ?? (() => undefined);
    } else {
      this.#setTimeout = (callback, ms) => setTimeout(callback, ms);
      this.#clearTimeout = (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>);
    }
    this.#now = options.now ?? (() => new Date());
    this.#onRun = options.onRun;
    this.#ledger = new DeliveryLedger(this.#now);
    this.#drain = new OutboxDrain({
      store: options.store,
      client: options.client,
      maxItems,
      maxBytes,
      ledger: this.#ledger,
    });
  }

  /** Starts sending now and whenever the store appends an item. Idempotent. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#blocked = false;
    this.#unsubscribe = this.#store.onOutboxAppended?.(() => this.kick()) ?? null;
    this.#schedule(0, 'run');
  }

  /** Stops timers and the store subscription, and waits for an in-flight batch to finish. */
  async stop(): Promise<void> {
    this.#started = false;
    this.#generation += 1;
    this.#clearTimer();
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    if (this.#inFlight) await this.#inFlight;
  }

  /**
   * "There is something new in the outbox." Sends promptly when idle; during a back-off it
   * waits for the timer (hammering a struggling service helps nobody), and when blocked it waits
   * for the blocked retry (a new ticket does not make a refused credential valid).
   */
  kick(): void {
    if (!this.#started || this.#blocked) return;
    if (this.#inFlight) {
      this.#rerun = true;
      return;
    }
    if (this.#timer?.kind === 'backoff') return;
    this.#schedule(0, 'run');
  }

  /**
   * Runs a sync now (also when stopped, also when blocked, without waiting for the blocked
   * retry) and resolves with its result.
   */
  syncNow(): Promise<SyncResult> {
    this.#clearTimer();
    this.#blocked = false;
    return this.#runExclusive();
  }

  status(): SyncStatus {
    let stats: OutboxCounts | null;
    try {
      stats = this.#store.outboxStats();
    } catch {
      stats = null; // store already closed during shutdown; report what we know
    }
    let state: SyncState;
    if (this.#inFlight) state = 'syncing';
    else if (!this.#started) state = 'stopped';
    else if (this.#blocked) state = 'blocked';
    else if (this.#timer?.kind === 'backoff') state = 'backing-off';
    else state = 'idle';
    const ledger = this.#ledger;
    return {
      state,
      lastSuccessAt: ledger.lastSuccessAt,
      lastAttemptAt: ledger.lastAttemptAt,
      lastError: ledger.lastError,
      lastCause: ledger.lastCause,
      lastErrorAt: ledger.lastErrorAt,
      backlog: stats?.pending ?? 0,
      rejected: stats?.rejected ?? 0,
      oldestPendingAt: stats?.oldestPendingAt ?? null,
      consecutiveFailures: ledger.failures,
      nextRetryAt:
        this.#timer?.kind === 'backoff' || this.#timer?.kind === 'blocked'
          ? this.#nextRetryAt
          : null,
    };
  }

  #runExclusive(): Promise<SyncResult> {
    // One run at a time; a second caller gets a fresh run after the current one.
    if (this.#inFlight) return this.#inFlight.then(() => this.#runExclusive());
    const run = this.#run();
    this.#inFlight = run;
    return run;
  }

  async #run(): Promise<SyncResult> {
    const generation = this.#generation;
    this.#rerun = false;
    let result: SyncResult;
    try {
      result = await this.#drain.run(() => generation === this.#generation);
    } catch (err) {
      // Not a SyncError from the client: the store failed or a bug. Back off like a network
      // error; the items stay pending.
      const cause = syncCause('unexpectedFailure', { error: messageOf(err) });
      this.#ledger.noteError(describeCause(cause), cause);
      this.#ledger.failures += 1;
      this.#ledger.retryAfterMs = null;
      result = this.#drain.result('retry-later', 0, 0, cause);
    } finally {
      this.#inFlight = null;
    }
    if (this.#started && generation === this.#generation) {
      try {
        this.#afterRun(result);
      } catch (err) {
        // A bug in scheduling (an injected clock or timer that throws) must not reject a run
        // started by a timer: nothing awaits it, and an unhandled rejection ends the kiosk.
        this.#ledger.noteError(
          `Sync scheduling failed: ${messageOf(err)}`,
          syncCause('unexpectedFailure', { error: messageOf(err) }),
        );
      }
    }
    return result;
  }

  #afterRun(result: SyncResult): void {
    try {
      this.#onRun?.(result);
    } catch {
      // see SyncWorkerOptions.onRun
    }
    // Any other answer (even an outage) means the refusal is over; the usual rules apply again.
    this.#blocked = result.outcome === 'blocked';
    switch (result.outcome) {
      case 'idle':
      case 'delivered':
        if (this.#rerun) this.#schedule(0, 'run');
        else if (this.#pollIntervalMs > 0) this.#schedule(this.#pollIntervalMs, 'poll');
        break;
      case 'retry-later':
        this.#schedule(
          syncRetryDelay(this.#backoff, this.#ledger.failures, this.#ledger.retryAfterMs),
          'backoff',
        );
        break;
      case 'blocked':
        this.#schedule(blockedRetryDelay(this.#blockedRetryMs, this.#random), 'blocked');
        break;
      case 'stopped':
        break;
    }
  }

  #schedule(ms: number, kind: Timer['kind']): void {
    this.#clearTimer();
    const timer: Timer = { handle: undefined, cancelled: false, kind };
    this.#timer = timer;
    this.#nextRetryAt = new Date(this.#now().getTime() + ms).toISOString();
    timer.handle = this.#setTimeout(() => {
      if (timer.cancelled) return;
      this.#timer = null;
      // #run never rejects; this catch is the second wall for the same reason as above.
      this.#runExclusive().catch((err: unknown) => {
        const cause = syncCause('unexpectedFailure', { error: messageOf(err) });
        this.#ledger.noteError(describeCause(cause), cause);
      });
    }, ms);
  }

  #clearTimer(): void {
    if (this.#timer === null) return;
    this.#timer.cancelled = true;
    this.#clearTimeout(this.#timer.handle);
    this.#timer = null;
  }
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`SyncWorker: ${name} must be a positive integer, got ${value}`);
  }
  return value;
}
