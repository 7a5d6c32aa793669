/**
 * One sync run: drains the outbox to the branch service in seq order, in batches by count and
 * bytes, until it is empty or a failure says to stop (design.md §6). The store is only touched
 * synchronously before and after each request, so no database lock is held while waiting on the
 * network. A crash at any point is safe: unacked items are sent again and the service skips ids
 * it already holds. When to run is the worker's business (./worker.ts).
 */
import type { BatchResponse, OutboxItemWire } from '../contract/sync.js';
import { OutboxWireItem } from './batch-body.js';
import type { SyncError } from './errors.js';
import { asSyncError, describeCause, syncCause, type SyncCause } from './errors.js';
import type { BatchSender, OutboxPort, PendingOutboxItem } from './ports.js';

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
  /** What went wrong in this run, if anything, in English (developers, the status screen). */
  readonly error: string | null;
  /** The same as data (code, catalogue event, fields): what the technician's log is built from. */
  readonly cause: SyncCause | null;
}

/** What the worker remembers across runs; a run updates it as it goes. */
export class DeliveryLedger {
  failures = 0;
  /** From the last retryable failure that had a Retry-After; the next back-off honours it. */
  retryAfterMs: number | null = null;
  lastSuccessAt: string | null = null;
  lastAttemptAt: string | null = null;
  lastError: string | null = null;
  lastCause: SyncCause | null = null;
  lastErrorAt: string | null = null;

  constructor(private readonly now: () => Date) {}

  noteError(reason: string, cause: SyncCause | null = null): void {
    this.lastError = reason;
    this.lastCause = cause;
    this.lastErrorAt = this.now().toISOString();
  }

  noteAttempt(): void {
    this.lastAttemptAt = this.now().toISOString();
  }

  noteSuccess(): void {
    this.lastSuccessAt = this.now().toISOString();
  }
}

/** Batch-level refusals that are about the data (some item in it), not about the kiosk. */
const DATA_REFUSALS = new Set([400, 413, 422]);

/** The wire item, keeping the stored payload text for the body (./batch-body.ts). */
const toWire = (item: PendingOutboxItem): OutboxItemWire => new OutboxWireItem(item);

export interface OutboxDrainOptions {
  readonly store: OutboxPort;
  readonly client: BatchSender;
  readonly maxItems: number;
  readonly maxBytes: number;
  readonly ledger: DeliveryLedger;
}

export class OutboxDrain {
  readonly #store: OutboxPort;
  readonly #client: BatchSender;
  readonly #maxItems: number;
  readonly #maxBytes: number;
  readonly #ledger: DeliveryLedger;
  /** Lowered while bisecting a batch the service refused as a whole (400/413/422). */
  #batchLimit: number;

  constructor(options: OutboxDrainOptions) {
    this.#store = options.store;
    this.#client = options.client;
    this.#maxItems = options.maxItems;
    this.#maxBytes = options.maxBytes;
    this.#ledger = options.ledger;
    this.#batchLimit = options.maxItems;
  }

  /** Sends until the outbox is empty or a failure stops the run; `current()` false → 'stopped'. */
  async run(current: () => boolean): Promise<SyncResult> {
    const ledger = this.#ledger;
    let acked = 0;
    let rejected = 0;
    for (;;) {
      if (!current()) return this.result('stopped', acked, rejected);
      const batch = this.#store.nextOutboxBatch({
        maxItems: this.#batchLimit,
        maxBytes: this.#maxBytes,
      });
      if (batch.length === 0) {
        ledger.failures = 0;
        const outcome = acked + rejected > 0 ? 'delivered' : 'idle';
        return this.result(outcome, acked, rejected);
      }
      const ids = batch.map((item) => item.id);
      ledger.noteAttempt();

      let response: BatchResponse;
      try {
        response = await this.#client.pushBatch({
          kioskId: this.#store.kioskId,
          items: batch.map(toWire),
        });
      } catch (err) {
        const error = asSyncError(err);
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
              ledger.noteError(probe.reason, probe.toCause());
              ledger.failures += 1;
              ledger.retryAfterMs = probe.retryAfterMs;
              return this.result('retry-later', acked, rejected, probe);
            }
            const reason = `The branch service refuses every batch from this kiosk: ${probe.reason}`;
            ledger.noteError(reason, probe.toCause());
            return this.result('blocked', acked, rejected, probe, reason);
          }
          const item = batch[0]!;
          if (this.#store.markOutboxRejected(item.id, error.reason)) rejected += 1;
          ledger.noteError(`Outbox item ${item.kind} #${item.seq} was rejected: ${error.reason}`);
          this.#batchLimit = this.#maxItems;
          continue;
        }
        this.#store.recordOutboxAttempt(ids, error.reason);
        ledger.noteError(error.reason, error.toCause());
        if (error.kind === 'rejected') return this.result('blocked', acked, rejected, error);
        ledger.failures += 1;
        ledger.retryAfterMs = error.retryAfterMs;
        return this.result('retry-later', acked, rejected, error);
      }

      this.#batchLimit = this.#maxItems;
      ledger.noteSuccess();
      const moved = this.#record(batch, response);
      acked += moved.acked;
      rejected += moved.rejected;
      if (moved.acked + moved.rejected === 0) {
        // Nothing moved: looping now would resend the same batch at full speed.
        const cause = syncCause('noneAccepted');
        ledger.noteError(describeCause(cause), cause);
        ledger.failures += 1;
        // This failure had no Retry-After: an earlier 429's must not stretch this back-off.
        ledger.retryAfterMs = null;
        return this.result('retry-later', acked, rejected, cause);
      }
    }
  }

  /** Stores the service's answer for a batch: acks, rejections, and the items it did not answer. */
  #record(
    batch: readonly PendingOutboxItem[],
    response: BatchResponse,
  ): { acked: number; rejected: number } {
    const ids = batch.map((item) => item.id);
    const inBatch = new Set(ids);
    const accepted = [...new Set(response.accepted)].filter((id) => inBatch.has(id));
    const acceptedSet = new Set(accepted);
    const acked = this.#store.markOutboxAcked(accepted);
    let rejected = 0;
    for (const { id, reason } of response.rejected) {
      if (!inBatch.has(id) || acceptedSet.has(id)) continue;
      const text = `The branch service rejected it: ${reason}`;
      if (this.#store.markOutboxRejected(id, text)) {
        rejected += 1;
        const item = batch.find((i) => i.id === id);
        this.#ledger.noteError(`Outbox item ${item?.kind} #${item?.seq} was rejected: ${reason}`);
      }
    }
    const answered = new Set([...accepted, ...response.rejected.map((r) => r.id)]);
    const unanswered = ids.filter((id) => !answered.has(id));
    if (unanswered.length > 0) {
      this.#store.recordOutboxAttempt(
        unanswered,
        'The branch service answered the batch but not for this item; it will be sent again.',
      );
    }
    return { acked, rejected };
  }

  /** null when the service accepts an empty batch from this kiosk, else the failure. */
  async #probeEmptyBatch(): Promise<SyncError | null> {
    try {
      await this.#client.pushBatch({ kioskId: this.#store.kioskId, items: [] });
      return null;
    } catch (err) {
      return asSyncError(err);
    }
  }

  /**
   * A run's result, with the backlog as the store now counts it. `error` defaults to the cause's
   * English sentence.
   */
  result(
    outcome: SyncOutcome,
    acked: number,
    rejected: number,
    cause: SyncCause | null = null,
    error: string | null = cause === null ? null : describeCause(cause),
  ): SyncResult {
    let backlog: number;
    try {
      backlog = this.#store.outboxStats().pending;
    } catch {
      backlog = 0; // store closed under us during shutdown
    }
    return {
      outcome,
      acked,
      rejected,
      backlog,
      error,
      cause: cause === null ? null : syncCause(cause.code, cause.fields),
    };
  }
}
