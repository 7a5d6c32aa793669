/**
 * The outbox towards the branch service: one table, two sides.
 *
 * - Writers are features. A feature's store module calls `appendOutbox(tx, kind, payload)` inside
 *   its own write transaction, next to its business rows, so the row and the outbox item commit
 *   or roll back together (the shape of Signal Desktop's `JobQueue.add(data, insert)`: the job
 *   is inserted by the caller's transaction, and the queue hears of it after the commit).
 * - The reader is the sync worker, through `OutboxQueue`: batches by count and bytes in seq
 *   order, acknowledgements, rejections, attempts, and counts for the technician.
 */
import Database from 'better-sqlite3';
import { uuidv7 } from '../uuidv7.js';
import { StoreError } from './errors.js';
import { OutboxQuarantine } from './quarantine.js';
import type { QuarantineInput, QuarantinedOutboxItem } from './quarantine.js';
import {
  checkRow,
  envelopeOf,
  rowForQuarantine,
  type OutboxPayloadOpener,
  type OutboxRow,
} from './outbox-row.js';
import type { StoreTx } from './transaction.js';
import type { OutboxItemWire } from '../contract/sync.js';

export type OutboxState = 'pending' | 'acked' | 'rejected';

/** A pending outbox row: the item the sync worker sends, and how its delivery has gone. */
export interface OutboxItem extends OutboxItemWire {
  readonly attempts: number;
  readonly lastError: string | null;
  /** Size of this item serialised as JSON on the wire; what `maxBytes` counts. */
  readonly bytes: number;
  /**
   * The whole wire item as JSON text, ready to be spliced into the batch body: the envelope
   * written by JSON.stringify around the stored payload text (written by JSON.stringify in
   * appendOutbox, and read here, so it is known to be JSON), or around the opened payload's
   * serialisation for a kind stored sealed. Undefined when the opened payload has none.
   */
  readonly itemJson: string | undefined;
}

export interface OutboxStats {
  readonly pending: number;
  readonly acked: number;
  readonly rejected: number;
  /** created_at of the oldest pending item: how far behind the branch is. */
  readonly oldestPendingAt: string | null;
}

/** A rejected outbox item, for the technician screen. */
export interface OutboxRejection {
  readonly id: string;
  readonly seq: number;
  readonly kind: string;
  readonly createdAt: string;
  readonly reason: string;
  readonly attempts: number;
}

export interface OutboxBatchLimits {
  readonly maxItems: number;
  readonly maxBytes: number;
}

/** The outbox row appendOutbox wrote; its id is the idempotency key the branch service keeps. */
export interface AppendedOutboxItem {
  readonly id: string;
  readonly kind: string;
  readonly createdAt: string;
}

/** The queue open on each connection, so appendOutbox(tx) finds the statement and listeners. */
const queues = new WeakMap<Database.Database, OutboxQueue>();

export type { OutboxPayloadOpener };
const openers = new WeakMap<Database.Database, Map<string, OutboxPayloadOpener>>();

/** Registers how items of `kind` on this connection are opened for the wire (see above). */
export function openOutboxPayloadsWith(
  db: Database.Database,
  kind: string,
  opener: OutboxPayloadOpener,
): void {
  const byKind = openers.get(db) ?? new Map<string, OutboxPayloadOpener>();
  byKind.set(kind, opener);
  openers.set(db, byKind);
}

/**
 * Appends an outbox item inside the caller's write transaction, stamped with the transaction's
 * time and this kiosk's id. The sync worker hears of it once the transaction has committed.
 * Throws NOT_IN_TRANSACTION outside a write: an outbox row written on its own could be sent for
 * a business record that was rolled back.
 */
export function appendOutbox(tx: StoreTx, kind: string, payload: unknown): AppendedOutboxItem {
  const queue = queues.get(tx.db);
  if (queue === undefined || !tx.db.inTransaction) {
    throw new StoreError(
      'NOT_IN_TRANSACTION',
      `appendOutbox(${JSON.stringify(kind)}) was called outside a store write: call it inside ` +
        "the feature's write((tx) => …) so the item commits with its business record.",
    );
  }
  if (typeof kind !== 'string' || kind.trim() === '') {
    throw new StoreError(
      'INVALID_ARGUMENT',
      `appendOutbox needs a kind such as 'ticket.issued', got ${JSON.stringify(kind)}.`,
    );
  }
  const json = JSON.stringify(payload);
  if (json === undefined) {
    throw new StoreError('INVALID_ARGUMENT', `appendOutbox(${kind}): the payload is not JSON.`);
  }
  // Every item after those the ticket journal holds (issued tickets), in seq order.
  queue.beforeAppend(tx);
  const item = { id: uuidv7(tx.now.getTime()), kind, createdAt: tx.now.toISOString() };
  queue.insert(item, tx.kioskId, json);
  tx.afterCommit(queue.notifyAppended);
  return item;
}

/** The sync worker's side of the outbox, on one connection. */
export class OutboxQueue {
  readonly #db: Database.Database;
  readonly #now: () => Date;
  readonly #listeners = new Set<() => void>();
  readonly #quarantineListeners = new Set<(item: QuarantinedOutboxItem) => void>();
  readonly #quarantine: OutboxQuarantine;
  /** Rows that could neither be read nor moved (a damaged page): skipped until the next boot. */
  readonly #unmovable = new Set<number>();
  readonly #sql;

  constructor(db: Database.Database, now: () => Date) {
    this.#db = db;
    this.#now = now;
    this.#sql = {
      append: db.prepare(
        `INSERT INTO outbox (id, kiosk_id, kind, payload, created_at) VALUES (?, ?, ?, ?, ?)`,
      ),
      pending: db.prepare(
        `SELECT id, seq, kiosk_id, kind, created_at, payload, attempts, last_error FROM outbox
         WHERE state = 'pending' ORDER BY seq LIMIT ?`,
      ),
      // One statement for a whole batch (ids as a JSON array): a 500-item ack is one write,
      // not 500. Each id is found by the unique index on outbox.id; `+state` keeps the planner
      // off outbox_state_seq, which would walk every pending row for each batch.
      ack: db.prepare(
        `UPDATE outbox SET state = 'acked', acked_at = ?, last_error = NULL
         WHERE id IN (SELECT value FROM json_each(?)) AND +state = 'pending'`,
      ),
      reject: db.prepare(
        `UPDATE outbox SET state = 'rejected', rejected_reason = ?, last_error = ?
         WHERE id = ? AND state = 'pending'`,
      ),
      attempt: db.prepare(
        `UPDATE outbox SET attempts = attempts + 1, last_error = ?, last_attempt_at = ?
         WHERE id IN (SELECT value FROM json_each(?)) AND +state = 'pending'`,
      ),
      stats: db.prepare('SELECT state, count(*) AS n FROM outbox GROUP BY state'),
      oldestPending: db.prepare(
        "SELECT created_at FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT 1",
      ),
      pendingSeqs: db.prepare(
        `SELECT seq FROM outbox INDEXED BY outbox_state_seq
         WHERE state = 'pending' ORDER BY seq LIMIT ?`,
      ),
      bySeq: db.prepare(
        `SELECT id, seq, kiosk_id, kind, created_at, payload, attempts, last_error FROM outbox
         WHERE seq = ? AND state = 'pending'`,
      ),
      remove: db.prepare('DELETE FROM outbox WHERE seq = ?'),
      rejections: db.prepare(
        `SELECT id, seq, kind, created_at AS createdAt, rejected_reason AS reason, attempts
         FROM outbox WHERE state = 'rejected' ORDER BY seq DESC LIMIT ?`,
      ),
    };
    this.#quarantine = new OutboxQuarantine(db);
    queues.set(db, this);
  }

  /**
   * Run by appendOutbox inside the caller's transaction before its row: the store folds the
   * ticket journal there (./ticket-journal.ts), so a feature's item follows the tickets issued
   * before it.
   */
  beforeAppend: (tx: StoreTx) => void = () => {};

  /** For appendOutbox only: the caller has checked the transaction and the payload. */
  insert(item: AppendedOutboxItem, kioskId: string, json: string): void {
    this.#sql.append.run(item.id, kioskId, item.kind, json, item.createdAt);
  }

  /** One function per queue, so afterCommit calls it once per transaction however many rows. */
  readonly notifyAppended = (): void => {
    for (const listener of this.#listeners) {
      try {
        listener();
      } catch {
        // A faulty listener must not turn a committed ticket into an error for the customer.
      }
    }
  };

  /** Called after a transaction that appended outbox rows has committed (the sync worker's kick). */
  onAppended(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  stats(): OutboxStats {
    const counts = { pending: 0, acked: 0, rejected: 0 };
    for (const { state, n } of this.#sql.stats.all() as { state: OutboxState; n: number }[]) {
      counts[state] = n;
    }
    const oldest = this.#sql.oldestPending.get() as { created_at: string } | undefined;
    return { ...counts, oldestPendingAt: oldest?.created_at ?? null };
  }

  /**
   * Pending items in seq order, up to maxItems and maxBytes (always at least one if any).
   * A row that fails its checks (payload not JSON, page unreadable) is moved to the quarantine
   * and reported, and the batch is made of the rows behind it.
   */
  nextBatch({ maxItems, maxBytes }: OutboxBatchLimits): OutboxItem[] {
    if (!Number.isInteger(maxItems) || maxItems < 1 || !(maxBytes > 0)) {
      throw new StoreError(
        'INVALID_ARGUMENT',
        `nextOutboxBatch needs maxItems ≥ 1 and maxBytes > 0, got ${maxItems} and ${maxBytes}.`,
      );
    }
    for (;;) {
      const { rows, moved } = this.#pendingRows(maxItems);
      const batch: OutboxItem[] = [];
      let total = 0;
      let quarantined = moved;
      for (const row of rows) {
        const checked = checkRow(row, openers.get(this.#db)?.get(row.kind));
        if (typeof checked === 'string') {
          this.#moveToQuarantine(rowForQuarantine(row), checked);
          quarantined = true;
          continue;
        }
        const envelope = envelopeOf(row);
        // The stored text's bytes, as the item is serialised on the wire (sealed or not).
        const bytes =
          Buffer.byteLength(envelope, 'utf8') + Buffer.byteLength(row.payload, 'utf8') + 1;
        // An item larger than maxBytes on its own still goes out alone; skipping it would block
        // every item behind it (the service answers 413 if it is really too large, and the
        // worker then rejects that one item).
        if (batch.length > 0 && total + bytes > maxBytes) break;
        total += bytes;
        const { payload, payloadJson } = checked;
        batch.push({
          id: row.id,
          seq: row.seq,
          kioskId: row.kiosk_id,
          kind: row.kind,
          createdAt: row.created_at,
          payload,
          attempts: row.attempts,
          lastError: row.last_error,
          bytes,
          itemJson: payloadJson === undefined ? undefined : `${envelope}${payloadJson}}`,
        });
      }
      // Rows were taken out of this read: read again so the batch is full and in seq order.
      if (!quarantined || batch.length >= maxItems) return batch;
    }
  }

  /**
   * The next pending rows, read together. The index's list of pending seqs is the check: a row
   * it lists that the read did not return, or a read that fails on a damaged page, sends the
   * reading row by row, and a row that cannot be read is quarantined by its seq.
   */
  #pendingRows(maxItems: number): { rows: OutboxRow[]; moved: boolean } {
    const limit = maxItems + this.#unmovable.size;
    const usable = (row: { seq: number }) => !this.#unmovable.has(row.seq);
    let read: OutboxRow[] | null = null;
    try {
      read = this.#sql.pending.all(limit) as OutboxRow[];
    } catch (error) {
      if (!isCorruption(error)) throw error;
    }
    let seqs: number[];
    try {
      seqs = (this.#sql.pendingSeqs.all(limit) as { seq: number }[]).map((r) => r.seq);
    } catch (error) {
      // The index itself is damaged: serve what the table gave (the boot check will see it).
      if (!isCorruption(error) || read === null) throw error;
      return { rows: read.filter(usable).slice(0, maxItems), moved: false };
    }
    const bySeq = new Map((read ?? []).map((row) => [row.seq, row]));
    if (read !== null && seqs.every((seq) => bySeq.has(seq))) {
      return { rows: read.filter(usable).slice(0, maxItems), moved: false };
    }
    const rows: OutboxRow[] = [];
    let moved = false;
    for (const seq of seqs) {
      if (this.#unmovable.has(seq)) continue;
      if (rows.length >= maxItems) break;
      let row: OutboxRow | undefined = bySeq.get(seq);
      let reason = 'row unreadable: listed as pending, but its page does not hold it';
      if (row === undefined) {
        try {
          row = this.#sql.bySeq.get(seq) as OutboxRow | undefined;
        } catch (error) {
          if (!isCorruption(error)) throw error;
          reason = `row unreadable: ${(error as Error).message}`;
        }
      }
      if (row !== undefined) {
        rows.push(row);
        continue;
      }
      this.#moveToQuarantine({ seq }, reason);
      moved = true;
    }
    return { rows, moved };
  }

  /** Moves one row to the quarantine in one transaction, and tells the listeners. */
  #moveToQuarantine(row: QuarantineInput & { seq: number }, reason: string): void {
    let entry: QuarantinedOutboxItem;
    try {
      entry = this.#db
        .transaction(() => {
          const copy = this.#quarantine.insert(row, reason, 'outbox', this.#now());
          // Not found by its seq (the damaged page hides it): recorded, then skipped here.
          if (this.#sql.remove.run(row.seq).changes === 0) this.#unmovable.add(row.seq);
          return copy;
        })
        .immediate();
    } catch (error) {
      if (!isCorruption(error)) throw error;
      // The page cannot even be rewritten: skip the row in this process; the boot's
      // quick_check sets the file aside and salvage takes what is readable.
      this.#unmovable.add(row.seq);
      entry = {
        id: typeof row.id === 'string' ? row.id : null,
        seq: row.seq,
        kind: typeof row.kind === 'string' ? row.kind : null,
        reason: `${reason}; it could not be moved (${(error as Error).message})`,
        origin: 'outbox',
        quarantinedAt: this.#now().toISOString(),
      };
    }
    for (const listener of this.#quarantineListeners) {
      try {
        listener(entry);
      } catch {
        // Reporting must not stop the outbox from being served.
      }
    }
  }

  /** Tells the listeners of a row quarantined elsewhere (the ticket journal's fold). */
  reportQuarantined(entry: QuarantinedOutboxItem): void {
    for (const listener of this.#quarantineListeners) {
      try {
        listener(entry);
      } catch {
        // Reporting must not stop the outbox from being served.
      }
    }
  }

  /** Called for each row moved to the quarantine (for the technician's log). */
  onQuarantined(listener: (item: QuarantinedOutboxItem) => void): () => void {
    this.#quarantineListeners.add(listener);
    return () => this.#quarantineListeners.delete(listener);
  }

  /** The most recently quarantined rows first. */
  quarantined(limit = 20): QuarantinedOutboxItem[] {
    return this.#quarantine.list(limit);
  }

  /** Marks pending items acknowledged; returns how many changed. */
  markAcked(ids: readonly string[]): number {
    if (ids.length === 0) return 0;
    const ackedAt = this.#now().toISOString();
    // One autocommitted statement: atomic, and one durable commit per batch.
    return this.#sql.ack.run(ackedAt, JSON.stringify(ids)).changes;
  }

  /** Marks a pending item rejected for good; returns false when it was not pending. */
  markRejected(id: string, reason: string): boolean {
    const text = reason.trim() === '' ? 'rejected without a reason' : reason;
    return this.#sql.reject.run(text, text, id).changes > 0;
  }

  /** Counts a failed delivery attempt on pending items and remembers the error. */
  recordAttempt(ids: readonly string[], error: string | null): void {
    if (ids.length === 0) return;
    const at = this.#now().toISOString();
    this.#sql.attempt.run(error, at, JSON.stringify(ids));
  }

  /** The most recent rejections first, for the technician screen. */
  rejections(limit = 20): OutboxRejection[] {
    return this.#sql.rejections.all(limit) as OutboxRejection[];
  }

  /** Forgets the listeners; appendOutbox on this connection refuses from now on. */
  close(): void {
    this.#listeners.clear();
    this.#quarantineListeners.clear();
    if (queues.get(this.#db) === this) queues.delete(this.#db);
  }
}

/** A damaged page or file, as opposed to a lock, a full disk or a bug. */
export function isCorruption(error: unknown): boolean {
  return error instanceof Database.SqliteError && /^SQLITE_(CORRUPT|NOTADB)/.test(error.code);
}
