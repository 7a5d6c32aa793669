import type { BatchRequest, BatchResponse, OutboxItemWire } from '../contract/sync.js';
import type { OutboxItem, OutboxStats } from '../store/store.js';
import { SyncError } from './client.js';

/** The part of the store the worker uses (KioskStore satisfies it). */
export interface OutboxPort {
  readonly kioskId: string;
  nextOutboxBatch(limits: { readonly maxItems: number; readonly maxBytes: number }): OutboxItem[];
  markOutboxAcked(ids: readonly string[]): number;
  markOutboxRejected(id: string, reason: string): boolean;
  recordOutboxAttempt(ids: readonly string[], error: string | null): void;
  outboxStats(): OutboxStats;
  /** When present the worker subscribes while started, so new items go out without a kick(). */
  onOutboxAppended?(listener: () => void): () => void;
}

/** The part of BranchServiceClient the worker uses; must throw SyncError on failure. */
export interface BatchSender {
  pushBatch(request: BatchRequest): Promise<BatchResponse>;
}

export interface SyncWorkerOptions {
  readonly store: OutboxPort;
  readonly client: BatchSender;
  /** Items per batch. Default 100. */
  readonly maxItems?: number;
  /** Serialised bytes per batch; keep under the service's body limit. Default 256 KiB. */
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

/**
 * - idle: nothing (more) to send
 * - delivered: the outbox was drained, some items acked or rejected
 * - retry-later: a retryable failure; a back-off timer is set when the worker is started
 * - blocked: the service refuses this kiosk (credential, URL): retried only on the long
 *   blockedRetryMs interval (new items do not trigger a send), or at once by syncNow()
 * - stopped: stop() was called while this run was in progress
 */
export type SyncOutcome = 'idle' | 'delivered' | 'retry-later' | 'blocked' | 'stopped';

export interface SyncResult {
  readonly outcome: SyncOutcome;
  /** Items acknowledged by the service during this run. */
  readonly acked: number;
  /** Items rejected for good during this run. */
  readonly rejected: number;
  /** Items still pending afterwards. */
  readonly backlog: number;
  /** What went wrong in this run, if anything. */
  readonly error: string | null;
}

export type SyncState = 'stopped' | 'idle' | 'syncing' | 'backing-off' | 'blocked';

/** For the technician screen. */
export interface SyncStatus {
  readonly state: SyncState;
  readonly lastSuccessAt: string | null;
  readonly lastAttemptAt: string | null;
  /** The most recent problem; compare lastErrorAt with lastSuccessAt to see whether it is current. */
  readonly lastError: string | null;
  readonly lastErrorAt: string | null;
  /** Pending outbox items. */
  readonly backlog: number;
  /** Items the service rejected for good (see KioskStore.outboxRejections for reasons). */
  readonly rejected: number;
  readonly oldestPendingAt: string | null;
  readonly consecutiveFailures: number;
  readonly nextRetryAt: string | null;
}

/** Batch-level refusals that are about the data (some item in it), not about the kiosk. */
const DATA_REFUSALS = new Set([400, 413, 422]);

const toWire = (item: OutboxItem): OutboxItemWire => ({
  id: item.id,
  seq: item.seq,
  kioskId: item.kioskId,
  kind: item.kind,
  createdAt: item.createdAt,
  payload: item.payload,
});

interface Timer {
  handle: unknown;
  cancelled: boolean;
  readonly kind: 'run' | 'backoff' | 'poll' | 'blocked';
}

/**
 * Drains the outbox to the branch service (design.md §6): at-least-once, in seq order, in
 * batches by count and bytes. The store is only touched synchronously before and after each
 * request, so no database lock is held while waiting on the network. A crash at any point is
 * safe: unacked items are sent again and the service skips ids it already holds.
 */
export class SyncWorker {
  readonly #store: OutboxPort;
  readonly #client: BatchSender;
  readonly #maxItems: number;
  readonly #maxBytes: number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #pollIntervalMs: number;
  readonly #blockedRetryMs: number;
  readonly #random: () => number;
  readonly #setTimeout: (callback: () => void, ms: number) => unknown;
  readonly #clearTimeout: (handle: unknown) => void;
  readonly #now: () => Date;
  readonly #onRun: ((result: SyncResult) => void) | undefined;

  #started = false;
  /** Bumped by stop(); a run started under an older generation winds down quietly. */
  #generation = 0;
  #inFlight: Promise<SyncResult> | null = null;
  #timer: Timer | null = null;
  #unsubscribe: (() => void) | null = null;
  #blocked = false;
  #rerun = false;
  #failures = 0;
  #retryAfterMs: number | null = null;
  /** Lowered while bisecting a batch the service refused as a whole (400/413/422). */
  #batchLimit: number;
  #lastSuccessAt: string | null = null;
  #lastAttemptAt: string | null = null;
  #lastError: string | null = null;
  #lastErrorAt: string | null = null;
  #nextRetryAt: string | null = null;

  constructor(options: SyncWorkerOptions) {
    this.#store = options.store;
    this.#client = options.client;
    this.#maxItems = positiveInteger('maxItems', options.maxItems ?? 100);
    this.#maxBytes = positiveInteger('maxBytes', options.maxBytes ?? 256 * 1024);
    this.#baseDelayMs = positiveInteger('baseDelayMs', options.baseDelayMs ?? 1000);
    this.#maxDelayMs = Math.max(
      this.#baseDelayMs,
      positiveInteger('maxDelayMs', options.maxDelayMs ?? 60_000),
    );
    this.#pollIntervalMs = options.pollIntervalMs ?? 60_000;
    this.#blockedRetryMs = positiveInteger('blockedRetryMs', options.blockedRetryMs ?? 300_000);
    this.#random = options.random ?? Math.random;
    if (options.setTimeout) {
      this.#setTimeout = options.setTimeout;
      this.#clearTimeout = options.clearTimeout ?? (() => undefined);
    } else {
      this.#setTimeout = (callback, ms) => setTimeout(callback, ms);
      this.#clearTimeout = (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>);
    }
    this.#now = options.now ?? (() => new Date());
    this.#onRun = options.onRun;
    this.#batchLimit = this.#maxItems;
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
    let stats: OutboxStats | null;
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
    return {
      state,
      lastSuccessAt: this.#lastSuccessAt,
      lastAttemptAt: this.#lastAttemptAt,
      lastError: this.#lastError,
      lastErrorAt: this.#lastErrorAt,
      backlog: stats?.pending ?? 0,
      rejected: stats?.rejected ?? 0,
      oldestPendingAt: stats?.oldestPendingAt ?? null,
      consecutiveFailures: this.#failures,
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
      result = await this.#drain(generation);
    } catch (err) {
      // Not a SyncError from the client: the store failed or a bug. Back off like a network
      // error; the items stay pending.
      const reason = `Sync failed unexpectedly: ${(err as Error)?.message ?? String(err)}`;
      this.#noteError(reason);
      this.#failures += 1;
      result = this.#result('retry-later', 0, 0, reason);
    } finally {
      this.#inFlight = null;
    }
    if (this.#started && generation === this.#generation) this.#afterRun(result);
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
        this.#schedule(this.#backoffDelay(), 'backoff');
        break;
      case 'blocked':
        this.#schedule(this.#blockedDelay(), 'blocked');
        break;
      case 'stopped':
        break;
    }
  }

  async #drain(generation: number): Promise<SyncResult> {
    let acked = 0;
    let rejected = 0;
    for (;;) {
      if (generation !== this.#generation) return this.#result('stopped', acked, rejected, null);
      const batch = this.#store.nextOutboxBatch({
        maxItems: this.#batchLimit,
        maxBytes: this.#maxBytes,
      });
      if (batch.length === 0) {
        this.#failures = 0;
        const outcome = acked + rejected > 0 ? 'delivered' : 'idle';
        return this.#result(outcome, acked, rejected, null);
      }
      const ids = batch.map((item) => item.id);
      this.#lastAttemptAt = this.#now().toISOString();

      let response: BatchResponse;
      try {
        response = await this.#client.pushBatch({
          kioskId: this.#store.kioskId,
          items: batch.map(toWire),
        });
      } catch (err) {
        const error =
          err instanceof SyncError
            ? err
            : new SyncError(
                'retryable',
                `Sending to the branch service failed: ${String(err)}`,
                null,
                {
                  cause: err,
                },
              );
        if (error.kind === 'rejected' && error.status !== null && DATA_REFUSALS.has(error.status)) {
          if (batch.length > 1) {
            // Some item in the batch is unacceptable but the answer does not say which: halve
            // the batch until the culprit is alone (log2(n) requests), so the rest still goes.
            this.#batchLimit = Math.max(1, Math.floor(batch.length / 2));
            continue;
          }
          // Alone and still refused. Before condemning the item, check that the service takes
          // an empty batch from us: if it does not, the request itself is wrong (e.g. the kiosk
          // id), and rejecting items one by one would empty the outbox into 'rejected'.
          const probe = await this.#probeEmptyBatch();
          if (probe !== null) {
            this.#store.recordOutboxAttempt(ids, probe.reason);
            if (probe.kind === 'retryable') {
              this.#noteError(probe.reason);
              this.#failures += 1;
              this.#retryAfterMs = probe.retryAfterMs;
              return this.#result('retry-later', acked, rejected, probe.reason);
            }
            const reason = `The branch service refuses every batch from this kiosk: ${probe.reason}`;
            this.#noteError(reason);
            return this.#result('blocked', acked, rejected, reason);
          }
          const item = batch[0]!;
          if (this.#store.markOutboxRejected(item.id, error.reason)) rejected += 1;
          this.#noteError(`Outbox item ${item.kind} #${item.seq} was rejected: ${error.reason}`);
          this.#batchLimit = this.#maxItems;
          continue;
        }
        this.#store.recordOutboxAttempt(ids, error.reason);
        this.#noteError(error.reason);
        if (error.kind === 'rejected')
          return this.#result('blocked', acked, rejected, error.reason);
        this.#failures += 1;
        this.#retryAfterMs = error.retryAfterMs;
        return this.#result('retry-later', acked, rejected, error.reason);
      }

      this.#batchLimit = this.#maxItems;
      this.#lastSuccessAt = this.#now().toISOString();
      const inBatch = new Set(ids);
      const accepted = [...new Set(response.accepted)].filter((id) => inBatch.has(id));
      const acceptedSet = new Set(accepted);
      const ackedNow = this.#store.markOutboxAcked(accepted);
      let rejectedNow = 0;
      for (const { id, reason } of response.rejected) {
        if (!inBatch.has(id) || acceptedSet.has(id)) continue;
        const text = `The branch service rejected it: ${reason}`;
        if (this.#store.markOutboxRejected(id, text)) {
          rejectedNow += 1;
          const item = batch.find((i) => i.id === id);
          this.#noteError(`Outbox item ${item?.kind} #${item?.seq} was rejected: ${reason}`);
        }
      }
      acked += ackedNow;
      rejected += rejectedNow;
      const answered = new Set([...accepted, ...response.rejected.map((r) => r.id)]);
      const unanswered = ids.filter((id) => !answered.has(id));
      if (unanswered.length > 0) {
        this.#store.recordOutboxAttempt(
          unanswered,
          'The branch service answered the batch but not for this item; it will be sent again.',
        );
      }
      if (ackedNow + rejectedNow === 0) {
        // Nothing moved: looping now would resend the same batch at full speed.
        const reason = 'The branch service accepted none of the batch; trying again later.';
        this.#noteError(reason);
        this.#failures += 1;
        return this.#result('retry-later', acked, rejected, reason);
      }
    }
  }

  /** null when the service accepts an empty batch from this kiosk, else the failure. */
  async #probeEmptyBatch(): Promise<SyncError | null> {
    try {
      await this.#client.pushBatch({ kioskId: this.#store.kioskId, items: [] });
      return null;
    } catch (err) {
      return err instanceof SyncError
        ? err
        : new SyncError('retryable', `Sending to the branch service failed: ${String(err)}`, null);
    }
  }

  /** Full jitter: uniform in [0, min(max, base·2^(n−1))], at least Retry-After and a small floor. */
  #backoffDelay(): number {
    const exponent = Math.min(Math.max(this.#failures - 1, 0), 30);
    const cap = Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** exponent);
    let delay = Math.floor(this.#random() * cap);
    if (this.#retryAfterMs !== null)
      delay = Math.max(delay, Math.min(this.#retryAfterMs, this.#maxDelayMs));
    // A floor keeps a down service from being probed in a tight loop when random() is ~0.
    return Math.max(delay, Math.min(this.#baseDelayMs, 100));
  }

  /**
   * Uniform in [½, 1] × blockedRetryMs: never later than configured (what the technician is
   * told), and kiosks refused at the same moment (a token rotation, a proxy maintenance page)
   * do not all come back in the same second.
   */
  #blockedDelay(): number {
    const half = this.#blockedRetryMs / 2;
    return Math.max(1, Math.floor(half + this.#random() * half));
  }

  #schedule(ms: number, kind: Timer['kind']): void {
    this.#clearTimer();
    const timer: Timer = { handle: undefined, cancelled: false, kind };
    this.#timer = timer;
    this.#nextRetryAt = new Date(this.#now().getTime() + ms).toISOString();
    timer.handle = this.#setTimeout(() => {
      if (timer.cancelled) return;
      this.#timer = null;
      void this.#runExclusive();
    }, ms);
  }

  #clearTimer(): void {
    if (this.#timer === null) return;
    this.#timer.cancelled = true;
    this.#clearTimeout(this.#timer.handle);
    this.#timer = null;
  }

  #noteError(reason: string): void {
    this.#lastError = reason;
    this.#lastErrorAt = this.#now().toISOString();
  }

  #result(outcome: SyncOutcome, acked: number, rejected: number, error: string | null): SyncResult {
    let backlog: number;
    try {
      backlog = this.#store.outboxStats().pending;
    } catch {
      backlog = 0; // store closed under us during shutdown
    }
    return { outcome, acked, rejected, backlog, error };
  }
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`SyncWorker: ${name} must be a positive integer, got ${value}`);
  }
  return value;
}
