/**
 * Salvage: what can still be read from a database that was set aside as corrupt goes into the
 * new one, so the work it held is not stranded in a file nobody reads (600 pending tickets once
 * stayed behind this way) and no number of today is ever issued twice.
 *
 * Order of importance: the outbox first (unsent work, with its ids and seqs kept, so the branch
 * service's idempotency by id makes a redelivery of an item it already holds harmless), then
 * today's tickets (ids and numbers kept), then the number blocks leased for today, the number
 * requests left unanswered, and the ticket journal's rows (reservations and issues not folded
 * into tickets and outbox yet, migrations/0012: open folds them next).
 *
 * Numbers come from the branch (src/store/number-blocks.ts): a leased block's `next_sequence`
 * says which of its numbers are still unused, but SQLite pages carry no checksum, so a pointer
 * read from a damaged file is not proof (a stale or garbled page reads as a smaller one, and the
 * tickets that would correct it may be on the lost pages). So each old block is carried
 * retired (next_sequence past its last number, under its own request id, so a retried grant of
 * it is not kept as new): its unused numbers become gaps, never duplicates, and the lease keeper
 * leases fresh numbers, which the branch takes after everything it leased before. Unanswered
 * number requests are carried so that boot voids them (the branch may have allocated a number
 * nobody got). Reading is row by row: a table is read
 * in one pass while it can be, and from the first damaged page on by rowid, one row at a time,
 * each failure counted (SQLite's `.recover` is a CLI feature, not part of the library).
 *
 * The source file is opened read-only and never changed: it stays as support's copy. Salvage
 * never throws; what it could not do is in its report.
 */
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { formatQueueNumber } from '../contract/numbers.js';
import { localDay } from '../domain/local-time.js';
import { isCorruption } from './outbox.js';
import { OutboxQuarantine, quarantineInputOf } from './quarantine.js';

/** A block leased to the old database, carried with none of its numbers left to issue. */
export interface RetiredBlock {
  readonly businessTypeId: string;
  readonly serviceDay: string;
  /** The block's first and last numbers as the customer sees them, e.g. 'A0001', 'A0999'. */
  readonly first: string;
  readonly last: string;
}

export interface SalvageReport {
  /** The file read (the corrupt database, moved aside). */
  readonly from: string;
  /** False when not even the table list could be read: nothing was salvaged. */
  readonly schemaReadable: boolean;
  /** Unsent (pending) and rejected outbox rows copied, ids and seqs kept. */
  readonly outboxCarried: number;
  /** Outbox rows read but failing their checks: moved to the quarantine instead. */
  readonly outboxQuarantined: number;
  /** Outbox rows that could not be read at all (each a rowid whose page is damaged). */
  readonly outboxUnreadable: number;
  /** Today's tickets copied (issued and reserved). */
  readonly ticketsCarried: number;
  readonly ticketsUnreadable: number;
  /**
   * The blocks leased for today (or later) that the old database held, carried retired: their
   * unused numbers are never issued (gaps, never duplicates); the lease keeper leases fresh ones.
   */
  readonly blocksRetired: readonly RetiredBlock[];
  /** Block rows that could not be read (their numbers are safe anyway: the branch never
   * leases them again). */
  readonly blocksUnreadable: number;
  /** Number requests left unanswered, carried so that boot voids them. */
  readonly requestsCarried: number;
  /**
   * Ticket journal rows (migrations/0012: reservations and issues not yet folded into tickets
   * and outbox) carried into this database's journal, in their order; open folds them next.
   */
  readonly journalCarried: number;
  readonly journalUnreadable: number;
  /** Why salvage stopped early (the new database is still usable); null when it ran through. */
  readonly error: string | null;
}

export interface SalvageOptions {
  readonly kioskId: string;
  readonly now: Date;
}

type Row = Record<string, unknown>;

/** Consecutive missing rowids after the highest known one before a table is taken as read. */
const PROBE_PAST_END = 256;

export function salvageDatabase(
  source: string,
  target: Database.Database,
  options: SalvageOptions,
): SalvageReport {
  const report = {
    from: source,
    schemaReadable: false,
    outboxCarried: 0,
    outboxQuarantined: 0,
    outboxUnreadable: 0,
    ticketsCarried: 0,
    ticketsUnreadable: 0,
    blocksRetired: [] as RetiredBlock[],
    blocksUnreadable: 0,
    requestsCarried: 0,
    journalCarried: 0,
    journalUnreadable: 0,
    error: null as string | null,
  };
  let old: Database.Database;
  try {
    old = new Database(source, { readonly: true, fileMustExist: true });
  } catch (error) {
    return { ...report, error: `cannot open ${source}: ${(error as Error).message}` };
  }
  try {
    const tables = listTables(old);
    if (tables === null) {
      // Nothing in it will ever be readable: recorded, so it is not tried at every boot.
      markSalvaged(target, source, report);
      return report;
    }
    report.schemaReadable = true;
    const today = localDay(options.now);
    const quarantine = new OutboxQuarantine(target);

    const outbox = tables.has('outbox')
      ? readTolerant(old, 'outbox', commonColumns(old, target, 'outbox'))
      : { rows: [], unreadable: 0, highest: 0 };
    const tickets = tables.has('tickets')
      ? readTolerant(old, 'tickets', commonColumns(old, target, 'tickets'))
      : { rows: [], unreadable: 0, highest: 0 };
    const blocks = tables.has('number_blocks')
      ? readTolerant(old, 'number_blocks', commonColumns(old, target, 'number_blocks'))
      : { rows: [], unreadable: 0, highest: 0 };
    const requests = tables.has('number_requests')
      ? readTolerant(old, 'number_requests', commonColumns(old, target, 'number_requests'))
      : { rows: [], unreadable: 0, highest: 0 };
    // Unfolded reservations and issues: an issued ticket here is work for the branch, like a
    // pending outbox row (carried whatever its day; the fold keeps each ticket and item once).
    const journal = tables.has('ticket_journal')
      ? readTolerant(old, 'ticket_journal', commonColumns(old, target, 'ticket_journal'))
      : { rows: [], unreadable: 0, highest: 0 };
    report.journalUnreadable = journal.unreadable;
    report.outboxUnreadable = outbox.unreadable;
    report.ticketsUnreadable = tickets.unreadable;
    report.blocksUnreadable = blocks.unreadable;
    const oldSequence = tables.has('sqlite_sequence') ? outboxSequence(old) : 0;

    target
      .transaction(() => {
        const hasId = target.prepare('SELECT 1 FROM outbox WHERE id = ?');
        const hasSeq = target.prepare('SELECT 1 FROM outbox WHERE seq = ?');
        for (const row of outbox.rows) {
          if (row.state !== 'pending' && row.state !== 'rejected') continue;
          // Salvaged before (a crash after the commit but before the record), or sent since.
          if (hasId.get(row.id) !== undefined) continue;
          const refusal = outboxRefusal(row, options.kioskId);
          // A file salvaged days later: its seqs may be taken by newer items; the item keeps
          // its id (the idempotency key) and takes the next seq (seq is not unique upstream).
          const { seq, ...withoutSeq } = row;
          const copy = hasSeq.get(seq) === undefined ? row : withoutSeq;
          const inserted = refusal === null && insertRow(target, 'outbox', copy);
          if (inserted === true) {
            report.outboxCarried++;
            continue;
          }
          quarantine.insert(
            quarantineInputOf(row),
            refusal ?? `not accepted by the new database: ${String(inserted)}`,
            'salvage',
            options.now,
          );
          report.outboxQuarantined++;
        }
        // Seqs only grow for the branch: new items continue after every seq the old file used.
        const lastSeq = Math.max(oldSequence, outbox.highest);
        if (lastSeq > 0) raiseOutboxSequence(target, lastSeq);

        // Blocks before tickets: from here on, none of the old blocks' numbers can be issued.
        report.blocksRetired.push(...retireBlocks(target, blocks.rows, today, options.now));
        for (const row of tickets.rows) {
          if (row.service_day !== today) continue;
          if (insertRow(target, 'tickets', row) === true) report.ticketsCarried++;
        }
        for (const row of requests.rows) {
          if (insertRow(target, 'number_requests', row) === true) report.requestsCarried++;
        }
        for (const row of journal.rows) {
          if (insertRow(target, 'ticket_journal', row) === true) report.journalCarried++;
        }
        // In the same transaction: a crash before this commit leaves the file to salvage again.
        markSalvaged(target, source, report);
      })
      .immediate();
    return report;
  } catch (error) {
    // The transaction rolled back: nothing was carried, and the file is tried again next boot.
    return {
      ...report,
      outboxCarried: 0,
      outboxQuarantined: 0,
      ticketsCarried: 0,
      blocksRetired: [],
      requestsCarried: 0,
      journalCarried: 0,
      error: (error as Error).message,
    };
  } finally {
    old.close();
  }
}

/** The prefix of a file set aside as corrupt (open.ts: `kiosk.db.corrupt-<timestamp>`). */
const SET_ASIDE = '.corrupt-';

/**
 * Salvages every file set aside as corrupt next to `dbPath` that this database has not
 * salvaged yet (recorded in kiosk_meta as `salvaged:<file name>`, in salvage's own transaction),
 * oldest first. So a crash between setting a file aside and committing its salvage loses
 * nothing (the next boot does it), and a file set aside by older software, which never
 * salvaged, is salvaged by the first boot of this one.
 */
export function salvageSetAsideFiles(
  target: Database.Database,
  dbPath: string,
  options: SalvageOptions,
): SalvageReport[] {
  const prefix = basename(dbPath) + SET_ASIDE;
  let names: string[];
  try {
    names = readdirSync(dirname(dbPath))
      .filter((name) => name.startsWith(prefix) && !/-(wal|shm|journal)$/.test(name))
      .sort();
  } catch {
    return [];
  }
  const done = target.prepare('SELECT 1 FROM kiosk_meta WHERE key = ?');
  return names
    .filter((name) => done.get(`salvaged:${name}`) === undefined)
    .map((name) => salvageDatabase(join(dirname(dbPath), name), target, options));
}

function markSalvaged(target: Database.Database, source: string, report: SalvageReport): void {
  target.prepare('INSERT OR REPLACE INTO kiosk_meta (key, value) VALUES (?, ?)').run(
    `salvaged:${basename(source)}`,
    JSON.stringify({
      outboxCarried: report.outboxCarried,
      ticketsCarried: report.ticketsCarried,
    }),
  );
}

/** The tables of the old file, or null when its schema cannot be read. */
function listTables(db: Database.Database): Set<string> | null {
  try {
    const rows = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as {
      name: string;
    }[];
    return new Set(rows.map((r) => r.name));
  } catch {
    return null;
  }
}

/** Columns both files have: the new schema may have more (later migrations), or fewer. */
function commonColumns(old: Database.Database, target: Database.Database, table: string) {
  const columns = (db: Database.Database) =>
    (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
  const wanted = new Set(columns(target));
  return columns(old).filter((name) => wanted.has(name));
}

/**
 * Every row of a table that can be read. One pass first; from the first damaged page on, row by
 * row by rowid up to the highest rowid known (and a little past it), each failure counted.
 * WITHOUT ROWID tables keep what the pass read before the damage.
 */
function readTolerant(
  db: Database.Database,
  table: string,
  columns: readonly string[],
): { rows: Row[]; unreadable: number; highest: number } {
  const list = columns.map((c) => `"${c}"`).join(', ');
  const hasRowid = !isWithoutRowid(db, table);
  const rowid = hasRowid ? '_rowid_ AS __rowid, ' : '';
  const rows: Row[] = [];
  let highest = 0;
  try {
    const scan = db.prepare(
      `SELECT ${rowid}${list} FROM "${table}"${hasRowid ? ' ORDER BY _rowid_' : ''}`,
    );
    for (const row of scan.iterate() as Iterable<Row>) {
      rows.push(row);
      if (hasRowid) highest = Number(row.__rowid);
    }
    return { rows, unreadable: 0, highest };
  } catch (error) {
    if (!isCorruption(error)) throw error;
    if (!hasRowid) return { rows, unreadable: 1, highest };
  }
  const end = Math.max(highestRowid(db, table), highest);
  const one = db.prepare(`SELECT ${rowid}${list} FROM "${table}" WHERE _rowid_ = ?`);
  let unreadable = 0;
  let missing = 0;
  for (let id = highest + 1; id <= end || missing < PROBE_PAST_END; id++) {
    try {
      const row = one.get(id) as Row | undefined;
      if (row === undefined) {
        if (id > end) missing++;
        continue;
      }
      rows.push(row);
      highest = id;
      missing = 0;
    } catch (error) {
      if (!isCorruption(error)) throw error;
      if (id <= end) unreadable++;
      else missing++;
    }
  }
  // Nothing could be read and nothing says how much there was: at least one row is lost.
  if (rows.length === 0 && unreadable === 0) unreadable = 1;
  return { rows, unreadable, highest: Math.max(highest, end) };
}

function isWithoutRowid(db: Database.Database, table: string): boolean {
  const row = db.prepare('SELECT sql FROM sqlite_schema WHERE name = ?').get(table) as
    { sql: string } | undefined;
  return /WITHOUT\s+ROWID/i.test(row?.sql ?? '');
}

/** The highest rowid any path can tell: the table's right edge, else 0. */
function highestRowid(db: Database.Database, table: string): number {
  for (const sql of [
    `SELECT max(_rowid_) AS n FROM "${table}"`,
    `SELECT _rowid_ AS n FROM "${table}" ORDER BY _rowid_ DESC LIMIT 1`,
  ]) {
    try {
      const row = db.prepare(sql).get() as { n: number | null } | undefined;
      if (row?.n != null) return Number(row.n);
    } catch {
      // Try the next way.
    }
  }
  return table === 'outbox' ? outboxSequence(db) : 0;
}

function outboxSequence(db: Database.Database): number {
  try {
    const row = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'").get() as
      { seq: number } | undefined;
    return Number(row?.seq ?? 0);
  } catch {
    return 0;
  }
}

function raiseOutboxSequence(db: Database.Database, seq: number): void {
  const changed = db
    .prepare("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'outbox'")
    .run(seq).changes;
  if (changed === 0)
    db.prepare("INSERT INTO sqlite_sequence (name, seq) VALUES ('outbox', ?)").run(seq);
}

/** Inserts a salvaged row as read (minus the helper rowid); true, or the database's refusal. */
function insertRow(db: Database.Database, table: string, row: Row): true | string {
  const columns = Object.keys(row).filter((c) => c !== '__rowid');
  const sql = `INSERT OR IGNORE INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')})
    VALUES (${columns.map(() => '?').join(', ')})`;
  try {
    return db.prepare(sql).run(...columns.map((c) => row[c])).changes > 0 || 'already present';
  } catch (error) {
    return (error as Error).message;
  }
}

/** Why a salvaged outbox row must not be sent as it is, or null when it passes. */
function outboxRefusal(row: Row, kioskId: string): string | null {
  for (const field of ['id', 'kind', 'created_at', 'kiosk_id'] as const) {
    if (typeof row[field] !== 'string' || row[field] === '')
      return `${field} is missing or garbled`;
  }
  if (typeof row.seq !== 'number' || !Number.isSafeInteger(row.seq)) return 'seq is garbled';
  if (row.kiosk_id !== kioskId) {
    return `belongs to kiosk ${String(row.kiosk_id)}, not to ${kioskId}`;
  }
  if (typeof row.payload !== 'string') return 'payload is missing or garbled';
  try {
    JSON.parse(row.payload);
  } catch (error) {
    return `payload is not JSON: ${(error as Error).message}`;
  }
  return null;
}

/**
 * Carries the old database's blocks of `today` and later as retired: next_sequence past the last
 * number, so `take` never hands one out and a retried grant of the same request is not kept as a
 * new block. A block the new database already holds (salvaged before, or granted again since)
 * is retired too: its position in the new database is no proof either when the old file says
 * it was in use. Sorted by queue and first number.
 */
function retireBlocks(
  target: Database.Database,
  rows: readonly Row[],
  today: string,
  now: Date,
): RetiredBlock[] {
  const retire = target.prepare(
    `INSERT INTO number_blocks (request_id, service_day, business_type_id, prefix,
       first_sequence, last_sequence, next_sequence, granted_at)
     VALUES (@requestId, @serviceDay, @businessTypeId, @prefix, @first, @last, @last + 1, @grantedAt)
     ON CONFLICT (request_id) DO UPDATE SET next_sequence = last_sequence + 1`,
  );
  const retired: RetiredBlock[] = [];
  for (const row of rows) {
    const {
      request_id: requestId,
      service_day: serviceDay,
      business_type_id: businessTypeId,
    } = row;
    const { prefix, first_sequence: first, last_sequence: last } = row;
    if (typeof serviceDay !== 'string' || serviceDay < today) continue; // expired with its day
    if (typeof requestId !== 'string' || typeof businessTypeId !== 'string') continue;
    if (typeof prefix !== 'string' || typeof first !== 'number' || typeof last !== 'number') {
      continue;
    }
    try {
      const block = {
        businessTypeId,
        serviceDay,
        first: formatQueueNumber(prefix, first),
        last: formatQueueNumber(prefix, last),
      };
      const grantedAt = typeof row.granted_at === 'string' ? row.granted_at : now.toISOString();
      retire.run({ requestId, serviceDay, businessTypeId, prefix, first, last, grantedAt });
      retired.push(block);
    } catch {
      // A garbled row the new schema refuses: the branch never leases its numbers again anyway.
      continue;
    }
  }
  return retired.sort(
    (a, b) =>
      a.businessTypeId.localeCompare(b.businessTypeId) ||
      a.serviceDay.localeCompare(b.serviceDay) ||
      a.first.localeCompare(b.first),
  );
}
