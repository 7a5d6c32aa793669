/**
 * The fold of the ticket journal (migrations/0012): the rows a ticket's two durable commits
 * appended (./ticket-journal.ts) moved into tickets and outbox, in one transaction, in the order
 * they were written, and deleted from the journal in that same transaction.
 *
 * - 'reserve': the ticket row is inserted as reserved (and the number request it answered, if
 *   any, is dropped, as reserveTicket did in its own transaction before the journal).
 * - 'issue': the reservation is marked issued and its `ticket.issued` outbox row is inserted,
 *   its payload built here from the issued row (the ticket and its service day), as the ticket
 *   store's own issue builds it: the customer's commit does not pay for that JSON (issue 7). A
 *   row written by the build before this one carries the payload in its `payload` column, which
 *   is used as it is.
 *
 * Idempotent: a ticket already there (same id) is not inserted again, a ticket already issued is
 * not updated again, and an outbox item already there (same id, the id chosen at issue) is not
 * inserted again; so a journal row folded twice (salvage carries a file's journal into the new
 * one) changes nothing the second time. A row that cannot be folded (a number already taken by
 * another ticket: a bug, never expected; an issue without its reservation; a damaged row) is not
 * dropped: it goes to the outbox quarantine with the reason, for the technician and support.
 *
 * Durability: the fold's inputs are already durable (each was a synchronous = FULL commit of the
 * WAL), and a WAL transaction is atomic, so a fold lost to a power cut leaves the journal rows,
 * which the next open folds. So the idle fold commits with synchronous = NORMAL, without a flush
 * of its own: the checkpoint right after it flushes the WAL anyway. Every other fold flushes
 * (FULL) although it need not: its pages left unflushed in the WAL would be flushed by the next
 * durable commit, and when nothing else writes in between (the sync worker's acknowledgement
 * does, offline nothing does) that is the next customer's reservation, which then waits for the
 * fold's 6 to 10 pages besides its own one (measured: 0.05 ms more per reservation on the
 * benchmark's disk, about a third of a commit). The fold's own flush falls between customers.
 *
 * Standalone on a connection (statements prepared once per connection), so the store's open
 * (./open.ts) folds before anything reads the tables: before the kiosk id claim counts pending
 * items, before salvage and boot settlement. A database without 0012 has nothing to fold.
 */
import Database from 'better-sqlite3';
import { OutboxQuarantine, type QuarantinedOutboxItem } from './quarantine.js';
import { toTicket, type TicketRow } from './ticket-row.js';
import {
  issueOf,
  JOURNAL_ISSUE,
  JOURNAL_RESERVE,
  reservationOf,
  ticketRowValues,
  type JournalIssue,
  type JournalReservation,
} from './ticket-journal-rows.js';

/** What one fold did. */
export interface JournalFoldResult {
  /** Journal rows folded (moved into tickets and outbox) and removed. */
  readonly folded: number;
  /** Rows that could not be folded: copied to the outbox quarantine, then removed. */
  readonly quarantined: readonly QuarantinedOutboxItem[];
}

interface JournalRow {
  rowid: number;
  kind: string;
  body: string;
  payload: string | null;
}

function prepare(db: Database.Database) {
  return {
    rows: db.prepare('SELECT rowid, kind, body, payload FROM ticket_journal ORDER BY rowid'),
    // ON CONFLICT (id): folded before. The unique (service_day, business_type_id, sequence)
    // index still throws: a number handed out twice is a bug, quarantined below.
    insertTicket: db.prepare(
      `INSERT INTO tickets (id, number, sequence, business_type_id, status, delivery,
         waiting_ahead, reserved_at, issued_at, kiosk_id, service_day, issued_offline, priority,
         customer_key)
       VALUES (?, ?, ?, ?, 'reserved', NULL, ?, ?, NULL, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO NOTHING`,
    ),
    dropRequest: db.prepare('DELETE FROM number_requests WHERE ticket_id = ?'),
    // The issued row comes back for the outbox payload (the columns of a TicketRow).
    issue: db.prepare(
      `UPDATE tickets SET status = 'issued', delivery = ?, issued_at = ?
       WHERE id = ? AND status = 'reserved' AND voided_at IS NULL
       RETURNING id, number, sequence, business_type_id, status, delivery, waiting_ahead,
         reserved_at, issued_at, kiosk_id, service_day, issued_offline, priority, customer_key`,
    ),
    ticket: db.prepare('SELECT * FROM tickets WHERE id = ?'),
    insertOutbox: db.prepare(
      `INSERT INTO outbox (id, kiosk_id, kind, payload, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO NOTHING`,
    ),
    deleteThrough: db.prepare('DELETE FROM ticket_journal WHERE rowid <= ?'),
    savepoint: db.prepare('SAVEPOINT journal_fold'),
    release: db.prepare('RELEASE journal_fold'),
    rollbackTo: db.prepare('ROLLBACK TO journal_fold'),
    rowSavepoint: db.prepare('SAVEPOINT journal_row'),
    rowRelease: db.prepare('RELEASE journal_row'),
    rowRollbackTo: db.prepare('ROLLBACK TO journal_row'),
  };
}

/** The outbox payload of an issued ticket: the ticket and the branch-local day it belongs to. */
const issuedPayload = (row: TicketRow): string =>
  JSON.stringify({ ...toTicket(row), serviceDay: row.service_day });

type Statements = ReturnType<typeof prepare>;
const statements = new WeakMap<Database.Database, Statements | null>();

/** The connection's fold statements; null when the database has no journal (before 0012). */
function statementsOf(db: Database.Database): Statements | null {
  let sql = statements.get(db);
  if (sql === undefined) {
    const exists = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'ticket_journal'")
      .get();
    sql = exists === undefined ? null : prepare(db);
    statements.set(db, sql);
  }
  return sql;
}

/** True when the database has the journal table (migrations/0012). */
export function hasTicketJournal(db: Database.Database): boolean {
  return statementsOf(db) !== null;
}

/** A row the tables refused, with what the quarantine keeps of it. */
class RowRefused extends Error {
  constructor(
    readonly row: JournalRow,
    readonly id: string,
    readonly kioskId: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** Any other error met while folding `row`: the row's if isRowError(cause), else the store's. */
class RowError extends Error {
  constructor(
    readonly row: JournalRow,
    override readonly cause: unknown,
  ) {
    super((cause as Error | null)?.message ?? String(cause));
  }
}

/** The row an error met while folding belongs to. */
const rowOf = (error: unknown): JournalRow => (error as RowRefused | RowError).row;

/**
 * An error of the row itself (a value the tables refuse, a value that cannot be bound): the row
 * is put aside. Any other SQLite error (a full disk, read-only media, I/O, a damaged page, a
 * lock) is the store's, and stops the fold with nothing folded.
 */
const isRowError = (error: unknown): boolean => {
  const cause = error instanceof RowError ? error.cause : error;
  return (
    !(cause instanceof Database.SqliteError) ||
    /^SQLITE_(CONSTRAINT|MISMATCH|RANGE|TOOBIG)/.test(cause.code)
  );
};

/**
 * Applies the journal rows inside the caller's transaction. Returns what it did; the caller
 * commits (or, in foldTicketJournal, this function's own transaction does).
 */
export function applyTicketJournal(db: Database.Database, now: Date): JournalFoldResult {
  const sql = statementsOf(db);
  if (sql === null) return { folded: 0, quarantined: [] };
  const rows = sql.rows.all() as JournalRow[];
  if (rows.length === 0) return { folded: 0, quarantined: [] };
  // Made only when a row needs it (it prepares its statements): never, on a healthy kiosk.
  let quarantine: OutboxQuarantine | undefined;
  const quarantined: QuarantinedOutboxItem[] = [];
  const setAside = (row: JournalRow, id: unknown, kioskId: unknown, reason: string) => {
    const payload = row.payload === null ? row.body : `${row.body}\n${row.payload}`;
    quarantine ??= new OutboxQuarantine(db);
    const entry = quarantine.insert(
      { id, kioskId, kind: `ticket-journal.${row.kind}`, payload },
      `ticket journal: ${reason}`,
      'outbox',
      now,
    );
    quarantined.push(entry);
  };
  // Every row at once, under one savepoint (the healthy kiosk's case). A row the tables refuse
  // for a reason of its own undoes that attempt, and the rows are folded again one savepoint
  // each, so that only that row is undone whole and put aside. The disk's or the file's errors
  // stop the fold with nothing folded. (A savepoint per row cost a big fold a third more.)
  if (!attempt(sql.savepoint, sql.release, sql.rollbackTo, () => rows.forEach(foldParsed))) {
    quarantined.length = 0;
    for (const row of rows) {
      if (!attempt(sql.rowSavepoint, sql.rowRelease, sql.rowRollbackTo, () => foldParsed(row))) {
        throw new Error('unreachable: a row error is put aside in the careful pass');
      }
    }
  }
  sql.deleteThrough.run(rows[rows.length - 1]!.rowid);
  return { folded: rows.length, quarantined };

  /**
   * Runs `work` under a savepoint. True when it went through; false when a row error undid it
   * (in the careful pass, a single row's work never returns false: its error is put aside).
   * Any other error is thrown, the savepoint undone.
   */
  function attempt(
    savepoint: Database.Statement,
    release: Database.Statement,
    rollbackTo: Database.Statement,
    work: () => void,
  ): boolean {
    savepoint.run();
    try {
      work();
      release.run();
      return true;
    } catch (error) {
      try {
        rollbackTo.run();
        release.run();
      } catch {
        // SQLite already rolled the whole transaction back (a full disk can): the savepoint
        // went with it, and the original error says why.
      }
      // The store's own error as SQLite gave it (the space watch reads its code).
      if (!isRowError(error)) throw error instanceof RowError ? error.cause : error;
      if (savepoint === sql!.savepoint) return false;
      const row = rowOf(error);
      if (error instanceof RowRefused) setAside(row, error.id, error.kioskId, error.reason);
      else setAside(row, null, null, `entry not folded: ${(error as Error).message}`);
      return true;
    }
  }

  function foldParsed(row: JournalRow): void {
    let body: unknown;
    try {
      body = JSON.parse(row.body) as unknown;
    } catch (error) {
      setAside(row, null, null, `entry is not JSON (${(error as Error).message})`);
      return;
    }
    try {
      foldRow(row, body);
    } catch (error) {
      throw error instanceof RowRefused ? error : new RowError(row, error);
    }
  }

  function foldRow(row: JournalRow, body: unknown): void {
    if (row.kind === JOURNAL_RESERVE) {
      const reservation = reservationOf(body);
      if (reservation === null) setAside(row, null, null, 'reservation entry is not a record');
      else foldReservation(sql!, row, reservation);
    } else if (row.kind === JOURNAL_ISSUE) {
      const issue = issueOf(body);
      if (issue === null) setAside(row, null, null, 'issue entry is not a record');
      else foldIssue(sql!, row, issue);
    } else setAside(row, null, null, `unknown entry kind ${JSON.stringify(row.kind)}`);
  }

  function foldReservation(s: Statements, row: JournalRow, r: JournalReservation): void {
    if (r.dropRequest !== null) s.dropRequest.run(r.dropRequest);
    try {
      s.insertTicket.run(ticketRowValues(r));
    } catch (error) {
      if (!isRowError(error)) throw error;
      // Undone whole by the row's savepoint (the request it answered stays); the fold goes on,
      // the customer's ticket kept in the quarantine.
      throw new RowRefused(
        row,
        r.id,
        r.kioskId,
        `reservation not folded: ${(error as Error).message}`,
      );
    }
  }

  function foldIssue(s: Statements, row: JournalRow, i: JournalIssue): void {
    let issued = s.issue.get(i.delivery, i.issuedAt, i.ticketId) as TicketRow | undefined;
    if (issued === undefined) {
      const ticket = s.ticket.get(i.ticketId) as TicketRow | undefined;
      // Issued already: an earlier fold of this row (its outbox item is kept once, by id).
      if (ticket?.status !== 'issued') {
        setAside(
          row,
          i.outboxId,
          i.kioskId,
          ticket === undefined
            ? `issue of ticket ${i.ticketId}, which has no reservation`
            : `issue of ticket ${i.ticketId}, which was voided`,
        );
        return;
      }
      issued = ticket;
    }
    const payload = row.payload ?? issuedPayload(issued);
    s.insertOutbox.run(i.outboxId, i.kioskId, i.kind, payload, i.createdAt);
  }
}

/**
 * Folds the journal in a transaction of its own, flushed unless `flush` is false (synchronous =
 * NORMAL, see above); inside the caller's transaction when one is open. Cheap when the journal
 * is empty: one read.
 */
export function foldTicketJournal(
  db: Database.Database,
  now: Date,
  { flush = true }: { readonly flush?: boolean } = {},
): JournalFoldResult {
  if (statementsOf(db) === null) return { folded: 0, quarantined: [] };
  if (db.inTransaction) return applyTicketJournal(db, now);
  const fold = foldTransactionOf(db);
  if (flush) return fold(now);
  const previous = db.pragma('synchronous', { simple: true }) as number;
  db.pragma('synchronous = NORMAL');
  try {
    return fold(now);
  } finally {
    db.pragma(`synchronous = ${previous}`);
  }
}

/** One transaction function per connection: db.transaction() builds four wrappers per call. */
const foldTransactions = new WeakMap<Database.Database, (now: Date) => JournalFoldResult>();

function foldTransactionOf(db: Database.Database): (now: Date) => JournalFoldResult {
  let fold = foldTransactions.get(db);
  if (fold === undefined) {
    fold = db.transaction((now: Date) => applyTicketJournal(db, now)).immediate;
    foldTransactions.set(db, fold);
  }
  return fold;
}
