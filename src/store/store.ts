import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { BusinessType } from '../domain/business-type.js';
import { formatTicketNumber } from '../domain/ticket.js';
import type { Ticket, TicketDelivery, TicketStatus } from '../domain/ticket.js';
import { uuidv7 } from '../uuidv7.js';
import { StoreError } from './errors.js';
import { migrate } from './migrate.js';

export const DATABASE_FILE_NAME = 'kiosk.db';

export interface OpenStoreOptions {
  /** The kiosk's data folder; created when missing. The database is `<dataDir>/kiosk.db`. */
  readonly dataDir: string;
  readonly kioskId: string;
  /** Clock for timestamps and the service day; injectable for tests. */
  readonly now?: () => Date;
  /** Where the `NNNN_name.sql` files are; default: `migrations/` at the package root. */
  readonly migrationsDir?: string;
}

/** What happened while opening, for the boot log and the technician screen. */
export interface StoreBootReport {
  readonly dbPath: string;
  /** Set when the previous file was unreadable and was moved aside (kept for recovery). */
  readonly corruptFileMovedTo: string | null;
  readonly corruptReason: string | null;
  /** Migrations applied during this boot, e.g. ['0001_tickets_and_outbox']. */
  readonly migrationsApplied: readonly string[];
  readonly schemaVersion: number;
  /** The database had no pending work under its previous kiosk id, so it adopted the new one. */
  readonly kioskIdChangedFrom: string | null;
}

export type OutboxState = 'pending' | 'acked' | 'rejected';

/** A pending outbox row as the sync worker sends it. */
export interface OutboxItem {
  readonly id: string;
  readonly seq: number;
  readonly kioskId: string;
  readonly kind: string;
  readonly createdAt: string;
  readonly payload: unknown;
  readonly attempts: number;
  readonly lastError: string | null;
  /** Size of this item serialised as JSON on the wire; what `maxBytes` counts. */
  readonly bytes: number;
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

export interface CachedConfig {
  /** Parsed JSON as cached; unchecked, so validate it (e.g. with validateBranchConfig). */
  readonly value: unknown;
  readonly etag: string | null;
  /** When the branch service last confirmed this value (ISO 8601): the UI's "as of" time. */
  readonly fetchedAt: string;
}

export interface KioskStore {
  readonly kioskId: string;
  readonly boot: StoreBootReport;
  /** Next number of that queue for today; the ticket is 'reserved' until it is issued. */
  reserveTicket(input: { readonly businessType: BusinessType }): Ticket;
  /**
   * Marks the ticket issued and appends its `ticket.issued` outbox row in one transaction.
   * Idempotent: an already issued ticket is returned unchanged and nothing is appended.
   */
  issueTicket(ticketId: string, input: { readonly delivery: TicketDelivery }): Ticket;
  getTicket(id: string): Ticket | undefined;
  /**
   * Tickets reserved but never issued: the kiosk stopped (crash, power cut) between taking the
   * number and recording it. Whether the paper came out is unknown, so the technician is told.
   */
  unissuedTickets(): Ticket[];
  outboxStats(): OutboxStats;
  /** Pending items in seq order, up to maxItems and maxBytes (always at least one if any). */
  nextOutboxBatch(limits: { readonly maxItems: number; readonly maxBytes: number }): OutboxItem[];
  /** Marks pending items acknowledged; returns how many changed. */
  markOutboxAcked(ids: readonly string[]): number;
  /** Marks a pending item rejected for good; returns false when it was not pending. */
  markOutboxRejected(id: string, reason: string): boolean;
  /** Counts a failed delivery attempt on pending items and remembers the error. */
  recordOutboxAttempt(ids: readonly string[], error: string | null): void;
  outboxRejections(limit?: number): OutboxRejection[];
  /** Called after a transaction that appended outbox rows has committed (the sync worker's kick). */
  onOutboxAppended(listener: () => void): () => void;
  cacheConfig(key: string, value: unknown, etag: string | null): void;
  /** The service answered 304: the cached value is still current as of now. */
  touchCachedConfig(key: string): boolean;
  getCachedConfig(key: string): CachedConfig | undefined;
  close(): void;
}

/**
 * Opens (creating when needed) the kiosk database, checks it, and migrates it.
 *
 * - Unreadable file ("not a database", corruption, failed quick_check): moved aside to
 *   `kiosk.db.corrupt-<timestamp>` with its -wal/-shm, reported in `boot`, and a fresh database
 *   is created. The old file is kept so support can recover unsent tickets from it.
 * - Readable but with a migration history this software does not match: refused (StoreError).
 *   Such a file may hold unsynced work, so it is never reset.
 */
export function openStore(options: OpenStoreOptions): KioskStore {
  const { dataDir, kioskId } = options;
  const now = options.now ?? (() => new Date());
  if (typeof kioskId !== 'string' || kioskId.trim() === '') {
    throw new StoreError(
      'INVALID_ARGUMENT',
      'No kiosk id configured: set the kiosk id in the kiosk configuration before starting.',
    );
  }
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (err) {
    throw new StoreError(
      'OPEN_FAILED',
      `Cannot create the kiosk data folder ${dataDir}: ${(err as Error).message}. Check the path ` +
        'and that the kiosk service user may write there.',
      { cause: err },
    );
  }
  const dbPath = join(dataDir, DATABASE_FILE_NAME);

  let corruptFileMovedTo: string | null = null;
  let corruptReason: string | null = null;
  let opened = openChecked(dbPath);
  if ('corrupt' in opened) {
    corruptReason = opened.corrupt;
    corruptFileMovedTo = moveAside(dbPath, now());
    opened = openChecked(dbPath);
    if ('corrupt' in opened) {
      throw new StoreError(
        'CORRUPT',
        `A freshly created ${dbPath} is unreadable too (${opened.corrupt}). The disk or the data ` +
          'folder is faulty: check the storage device before using this kiosk.',
      );
    }
  }
  const db = opened.db;
  try {
    const migrated = migrate(db, { migrationsDir: options.migrationsDir, dbPath, now });
    const kioskIdChangedFrom = claimDatabase(db, kioskId, dbPath);
    return new SqliteKioskStore(db, kioskId, now, {
      dbPath,
      corruptFileMovedTo,
      corruptReason,
      migrationsApplied: migrated.applied,
      schemaVersion: migrated.version,
      kioskIdChangedFrom,
    });
  } catch (err) {
    db.close();
    throw err;
  }
}

type Opened = { db: Database.Database } | { corrupt: string };

function openChecked(dbPath: string): Opened {
  let db: Database.Database | undefined;
  try {
    db = new Database(dbPath);
    // The first statement reads the header: "file is not a database" surfaces here.
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') {
      throw new StoreError(
        'OPEN_FAILED',
        `${dbPath} cannot use write-ahead logging (journal_mode is ${String(mode)}). Put the ` +
          'kiosk data folder on a local disk.',
      );
    }
    // Customer work (an issued ticket) must survive a power cut right after the receipt prints.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // Another process (a log exporter, a technician's sqlite3) may briefly hold the lock.
    db.pragma('busy_timeout = 5000');
    const problems = (db.pragma('quick_check') as { quick_check: string }[])
      .map((row) => row.quick_check)
      .filter((result) => result !== 'ok');
    if (problems.length > 0) {
      db.close();
      return { corrupt: `quick_check: ${problems.slice(0, 5).join('; ')}` };
    }
    return { db };
  } catch (err) {
    db?.close();
    if (err instanceof Database.SqliteError && /^SQLITE_(NOTADB|CORRUPT)/.test(err.code)) {
      return { corrupt: `${err.code}: ${err.message}` };
    }
    if (err instanceof StoreError) throw err;
    throw new StoreError(
      'OPEN_FAILED',
      `Cannot open the kiosk database ${dbPath}: ${(err as Error).message}. Check that the data ` +
        'folder is writable by the kiosk service user and that no other kiosk process is running.',
      { cause: err },
    );
  }
}

/** Renames kiosk.db (and its -wal/-shm, which belong to it) to kiosk.db.corrupt-<timestamp>. */
function moveAside(dbPath: string, at: Date): string {
  const stamp = at.toISOString().replace(/[:.]/g, '-');
  const target = `${dbPath}.corrupt-${stamp}`;
  try {
    renameSync(dbPath, target);
    for (const suffix of ['-wal', '-shm']) {
      if (existsSync(dbPath + suffix)) renameSync(dbPath + suffix, target + suffix);
    }
  } catch (err) {
    throw new StoreError(
      'CORRUPT',
      `${dbPath} is unreadable and could not be moved aside to ${target}: ` +
        `${(err as Error).message}. Move the file away by hand (keep it for recovery) and restart.`,
      { cause: err },
    );
  }
  return target;
}

/**
 * Records which kiosk owns this database. A disk image cloned onto another kiosk would otherwise
 * send the first kiosk's pending tickets under the new kiosk's name. With no pending work left
 * the database is simply adopted (a re-provisioned kiosk keeps its history).
 */
function claimDatabase(db: Database.Database, kioskId: string, dbPath: string): string | null {
  return db
    .transaction((): string | null => {
      const row = db.prepare("SELECT value FROM kiosk_meta WHERE key = 'kiosk_id'").get() as
        { value: string } | undefined;
      if (row === undefined) {
        db.prepare("INSERT INTO kiosk_meta (key, value) VALUES ('kiosk_id', ?)").run(kioskId);
        return null;
      }
      if (row.value === kioskId) return null;
      const { pending } = db
        .prepare("SELECT count(*) AS pending FROM outbox WHERE state = 'pending'")
        .get() as { pending: number };
      if (pending > 0) {
        throw new StoreError(
          'KIOSK_ID_MISMATCH',
          `${dbPath} belongs to kiosk "${row.value}" and still holds ${pending} item(s) not yet ` +
            `sent to the branch, but this kiosk is configured as "${kioskId}". Start it once ` +
            `as "${row.value}" so the items are delivered, or move the data folder aside and ` +
            'give it to support. Do not delete it.',
        );
      }
      db.prepare("UPDATE kiosk_meta SET value = ? WHERE key = 'kiosk_id'").run(kioskId);
      return row.value;
    })
    .immediate();
}

interface TicketRow {
  id: string;
  number: string;
  business_type_id: string;
  status: TicketStatus;
  delivery: TicketDelivery | null;
  waiting_ahead: number;
  reserved_at: string;
  issued_at: string | null;
  kiosk_id: string;
  service_day: string;
}

interface OutboxRow {
  id: string;
  seq: number;
  kiosk_id: string;
  kind: string;
  created_at: string;
  payload: string;
  attempts: number;
  last_error: string | null;
}

const toTicket = (row: TicketRow): Ticket => ({
  id: row.id,
  number: row.number,
  businessTypeId: row.business_type_id,
  status: row.status,
  delivery: row.delivery,
  waitingAhead: row.waiting_ahead,
  reservedAt: row.reserved_at,
  issuedAt: row.issued_at,
  kioskId: row.kiosk_id,
});

/** The branch's calendar day in local time (the kiosk's clock is set to branch time). */
export function serviceDayOf(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

const DELIVERIES: readonly TicketDelivery[] = ['printed', 'screen'];

class SqliteKioskStore implements KioskStore {
  readonly #db: Database.Database;
  readonly #now: () => Date;
  readonly #listeners = new Set<() => void>();
  readonly #sql;

  constructor(
    db: Database.Database,
    readonly kioskId: string,
    now: () => Date,
    readonly boot: StoreBootReport,
  ) {
    this.#db = db;
    this.#now = now;
    this.#sql = {
      nextSequence: db.prepare(
        `INSERT INTO ticket_counters (service_day, business_type_id, last_sequence) VALUES (?, ?, 1)
         ON CONFLICT (service_day, business_type_id) DO UPDATE SET last_sequence = last_sequence + 1
         RETURNING last_sequence AS sequence`,
      ),
      countIssued: db.prepare(
        `SELECT count(*) AS n FROM tickets
         WHERE service_day = ? AND business_type_id = ? AND kiosk_id = ? AND status = 'issued'`,
      ),
      insertTicket: db.prepare(
        `INSERT INTO tickets (id, number, sequence, business_type_id, status, delivery,
           waiting_ahead, reserved_at, issued_at, kiosk_id, service_day)
         VALUES (@id, @number, @sequence, @businessTypeId, 'reserved', NULL,
           @waitingAhead, @reservedAt, NULL, @kioskId, @serviceDay)`,
      ),
      getTicket: db.prepare('SELECT * FROM tickets WHERE id = ?'),
      unissued: db.prepare(
        `SELECT * FROM tickets WHERE status = 'reserved' AND kiosk_id = ? ORDER BY reserved_at`,
      ),
      issueTicket: db.prepare(
        `UPDATE tickets SET status = 'issued', delivery = ?, issued_at = ?
         WHERE id = ? AND status = 'reserved'`,
      ),
      appendOutbox: db.prepare(
        `INSERT INTO outbox (id, kiosk_id, kind, payload, created_at) VALUES (?, ?, ?, ?, ?)`,
      ),
      pending: db.prepare(
        `SELECT id, seq, kiosk_id, kind, created_at, payload, attempts, last_error FROM outbox
         WHERE state = 'pending' ORDER BY seq LIMIT ?`,
      ),
      ack: db.prepare(
        `UPDATE outbox SET state = 'acked', acked_at = ?, last_error = NULL
         WHERE id = ? AND state = 'pending'`,
      ),
      reject: db.prepare(
        `UPDATE outbox SET state = 'rejected', rejected_reason = ?, last_error = ?
         WHERE id = ? AND state = 'pending'`,
      ),
      attempt: db.prepare(
        `UPDATE outbox SET attempts = attempts + 1, last_error = ?, last_attempt_at = ?
         WHERE id = ? AND state = 'pending'`,
      ),
      stats: db.prepare('SELECT state, count(*) AS n FROM outbox GROUP BY state'),
      oldestPending: db.prepare(
        "SELECT created_at FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT 1",
      ),
      rejections: db.prepare(
        `SELECT id, seq, kind, created_at AS createdAt, rejected_reason AS reason, attempts
         FROM outbox WHERE state = 'rejected' ORDER BY seq DESC LIMIT ?`,
      ),
      putConfig: db.prepare(
        `INSERT INTO config_cache (key, json, etag, fetched_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET json = excluded.json, etag = excluded.etag,
           fetched_at = excluded.fetched_at`,
      ),
      touchConfig: db.prepare('UPDATE config_cache SET fetched_at = ? WHERE key = ?'),
      getConfig: db.prepare('SELECT json, etag, fetched_at FROM config_cache WHERE key = ?'),
    };
  }

  reserveTicket({ businessType }: { readonly businessType: BusinessType }): Ticket {
    if (!businessType?.id || !businessType.prefix) {
      throw new StoreError(
        'INVALID_ARGUMENT',
        'reserveTicket needs a business type with an id and a prefix; the cached branch ' +
          'configuration is incomplete, refresh it from the branch service.',
      );
    }
    const now = this.#now();
    const serviceDay = serviceDayOf(now);
    return this.#db
      .transaction((): Ticket => {
        const { sequence } = this.#sql.nextSequence.get(serviceDay, businessType.id) as {
          sequence: number;
        };
        // Thin for now: "ahead" is what this kiosk issued today in that queue, not what the
        // tellers have not yet called. The branch service's queue status will replace it.
        const { n: waitingAhead } = this.#sql.countIssued.get(
          serviceDay,
          businessType.id,
          this.kioskId,
        ) as { n: number };
        const ticket: Ticket = {
          id: uuidv7(now.getTime()),
          number: formatTicketNumber(businessType.prefix, sequence),
          businessTypeId: businessType.id,
          status: 'reserved',
          delivery: null,
          waitingAhead,
          reservedAt: now.toISOString(),
          issuedAt: null,
          kioskId: this.kioskId,
        };
        this.#sql.insertTicket.run({ ...ticket, sequence, serviceDay });
        return ticket;
      })
      .immediate();
  }

  issueTicket(ticketId: string, { delivery }: { readonly delivery: TicketDelivery }): Ticket {
    if (!DELIVERIES.includes(delivery)) {
      throw new StoreError(
        'INVALID_ARGUMENT',
        `issueTicket: delivery must be 'printed' or 'screen', got ${JSON.stringify(delivery)}.`,
      );
    }
    const now = this.#now();
    const { ticket, appended } = this.#db
      .transaction((): { ticket: Ticket; appended: boolean } => {
        const row = this.#sql.getTicket.get(ticketId) as TicketRow | undefined;
        if (row === undefined) {
          throw new StoreError(
            'TICKET_NOT_FOUND',
            `Ticket ${ticketId} is not in this kiosk's database, so it cannot be issued. ` +
              'Reserve a new number for the customer.',
          );
        }
        // Already issued (a retried "printed" event, a double tap): same answer, no second row.
        if (row.status === 'issued') return { ticket: toTicket(row), appended: false };
        const issuedAt = now.toISOString();
        this.#sql.issueTicket.run(delivery, issuedAt, ticketId);
        const issued: Ticket = { ...toTicket(row), status: 'issued', delivery, issuedAt };
        this.#sql.appendOutbox.run(
          uuidv7(now.getTime()),
          this.kioskId,
          'ticket.issued',
          // The branch needs the branch-local day to place the ticket in its day's queue.
          JSON.stringify({ ...issued, serviceDay: row.service_day }),
          issuedAt,
        );
        return { ticket: issued, appended: true };
      })
      .immediate();
    if (appended) this.#notifyAppended();
    return ticket;
  }

  getTicket(id: string): Ticket | undefined {
    const row = this.#sql.getTicket.get(id) as TicketRow | undefined;
    return row === undefined ? undefined : toTicket(row);
  }

  unissuedTickets(): Ticket[] {
    return (this.#sql.unissued.all(this.kioskId) as TicketRow[]).map(toTicket);
  }

  outboxStats(): OutboxStats {
    const counts = { pending: 0, acked: 0, rejected: 0 };
    for (const { state, n } of this.#sql.stats.all() as { state: OutboxState; n: number }[]) {
      counts[state] = n;
    }
    const oldest = this.#sql.oldestPending.get() as { created_at: string } | undefined;
    return { ...counts, oldestPendingAt: oldest?.created_at ?? null };
  }

  nextOutboxBatch({ maxItems, maxBytes }: { maxItems: number; maxBytes: number }): OutboxItem[] {
    if (!Number.isInteger(maxItems) || maxItems < 1 || !(maxBytes > 0)) {
      throw new StoreError(
        'INVALID_ARGUMENT',
        `nextOutboxBatch needs maxItems ≥ 1 and maxBytes > 0, got ${maxItems} and ${maxBytes}.`,
      );
    }
    const batch: OutboxItem[] = [];
    let total = 0;
    for (const row of this.#sql.pending.all(maxItems) as OutboxRow[]) {
      const wire = {
        id: row.id,
        seq: row.seq,
        kioskId: row.kiosk_id,
        kind: row.kind,
        createdAt: row.created_at,
        payload: JSON.parse(row.payload) as unknown,
      };
      const bytes = Buffer.byteLength(JSON.stringify(wire), 'utf8');
      // An item larger than maxBytes on its own still goes out alone; skipping it would block
      // every item behind it (the service answers 413 if it is really too large, and the worker
      // then rejects that one item).
      if (batch.length > 0 && total + bytes > maxBytes) break;
      total += bytes;
      batch.push({ ...wire, attempts: row.attempts, lastError: row.last_error, bytes });
    }
    return batch;
  }

  markOutboxAcked(ids: readonly string[]): number {
    const ackedAt = this.#now().toISOString();
    return this.#db
      .transaction(() => ids.reduce((n, id) => n + this.#sql.ack.run(ackedAt, id).changes, 0))
      .immediate();
  }

  markOutboxRejected(id: string, reason: string): boolean {
    const text = reason.trim() === '' ? 'rejected without a reason' : reason;
    return this.#sql.reject.run(text, text, id).changes > 0;
  }

  recordOutboxAttempt(ids: readonly string[], error: string | null): void {
    const at = this.#now().toISOString();
    this.#db
      .transaction(() => {
        for (const id of ids) this.#sql.attempt.run(error, at, id);
      })
      .immediate();
  }

  outboxRejections(limit = 20): OutboxRejection[] {
    return this.#sql.rejections.all(limit) as OutboxRejection[];
  }

  onOutboxAppended(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #notifyAppended(): void {
    for (const listener of this.#listeners) {
      try {
        listener();
      } catch {
        // A faulty listener must not turn a committed ticket into an error for the customer.
      }
    }
  }

  cacheConfig(key: string, value: unknown, etag: string | null): void {
    const json = JSON.stringify(value);
    if (json === undefined) {
      throw new StoreError('INVALID_ARGUMENT', `cacheConfig(${key}): the value is not JSON.`);
    }
    this.#sql.putConfig.run(key, json, etag, this.#now().toISOString());
  }

  touchCachedConfig(key: string): boolean {
    return this.#sql.touchConfig.run(this.#now().toISOString(), key).changes > 0;
  }

  getCachedConfig(key: string): CachedConfig | undefined {
    const row = this.#sql.getConfig.get(key) as
      { json: string; etag: string | null; fetched_at: string } | undefined;
    if (row === undefined) return undefined;
    return { value: JSON.parse(row.json) as unknown, etag: row.etag, fetchedAt: row.fetched_at };
  }

  close(): void {
    this.#listeners.clear();
    if (this.#db.open) this.#db.close();
  }
}
