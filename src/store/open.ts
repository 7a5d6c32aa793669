import { accessSync, constants, existsSync, renameSync, statfsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { DATABASE_SIDE_FILES, prepareDataFolder, secureDatabaseFiles } from './data-folder.js';
import type { DataFolderReport, NotPrivatePath } from './data-folder.js';
import { isSpaceOrMediaError, StoreError } from './errors.js';
import { migrate } from './migrate.js';
import { ensureQuarantineTable } from './quarantine.js';
import { salvageSetAsideFiles } from './salvage.js';
import { foldTicketJournal } from './ticket-journal-fold.js';
import type { SalvageReport } from './salvage.js';
import { configureWal } from './wal-checkpoint.js';

export const DATABASE_FILE_NAME = 'kiosk.db';

export interface OpenStoreOptions {
  /** The kiosk's data folder; created (0700) when missing. The database is `<dataDir>/kiosk.db`. */
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
  /** The kiosk this database now belongs to (the configured kiosk id). */
  readonly kioskId: string;
  /** Set when the previous file was unreadable and was moved aside (kept for recovery). */
  readonly corruptFileMovedTo: string | null;
  readonly corruptReason: string | null;
  /**
   * What was carried over from files set aside as corrupt and not salvaged before: this boot's
   * (corruptFileMovedTo), and any an earlier boot or older software left behind.
   */
  readonly salvaged: readonly SalvageReport[];
  /** The write-ahead log folded into the database at boot (TRUNCATE); false when it could not be. */
  readonly walCheckpointed: boolean;
  /** Migrations applied during this boot, e.g. ['0001_tickets_and_outbox']. */
  readonly migrationsApplied: readonly string[];
  readonly schemaVersion: number;
  /** The database had no pending work under its previous kiosk id, so it adopted the new one. */
  readonly kioskIdChangedFrom: string | null;
  /**
   * The data folder's permissions: created or tightened to 0700, and what (folder or database
   * file) could not be made private, with its mode and the reason.
   */
  readonly dataFolder: DataFolderReport;
}

/** An open, checked, migrated database claimed by this kiosk. */
export interface OpenedDatabase {
  readonly db: Database.Database;
  readonly boot: StoreBootReport;
}

/**
 * Opens (creating when needed) the kiosk database, checks it, migrates it and claims it for
 * this kiosk. The aggregates (tickets, outbox, configuration cache) are built on the result.
 *
 * - Unreadable file ("not a database", corruption, failed quick_check): moved aside to
 *   `kiosk.db.corrupt-<timestamp>` with its -wal/-shm, reported in `boot`, and a fresh database
 *   is created. The old file is kept so support can recover unsent tickets from it.
 * - Readable but with a migration history this software does not match: refused (StoreError).
 *   Such a file may hold unsynced work, so it is never reset.
 */
export function openDatabase(options: OpenStoreOptions): OpenedDatabase {
  const { dataDir, kioskId } = options;
  const now = options.now ?? (() => new Date());
  if (typeof kioskId !== 'string' || kioskId.trim() === '') {
    throw new StoreError(
      'INVALID_ARGUMENT',
      'No kiosk id configured: set the kiosk id in the kiosk configuration before starting.',
    );
  }
  const folder = prepareDataFolder(dataDir);
  const dbPath = join(dataDir, DATABASE_FILE_NAME);
  const notPrivate = new Map<string, NotPrivatePath>();
  const secure = () => {
    for (const failure of secureDatabaseFiles(dbPath)) notPrivate.set(failure.path, failure);
  };

  let corruptFileMovedTo: string | null = null;
  let corruptReason: string | null = null;
  secure();
  let opened = openChecked(dbPath);
  if ('corrupt' in opened) {
    corruptReason = opened.corrupt;
    corruptFileMovedTo = moveAside(dbPath, now());
    notPrivate.clear(); // those files moved away with the corrupt database
    secure();
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
    ensureQuarantineTable(db);
    // What the last run's reservations and issues appended to the ticket journal goes into
    // tickets and outbox before anything reads them (the claim's count, salvage, settlement).
    foldTicketJournal(db, now());
    const kioskIdChangedFrom = claimDatabase(db, kioskId, dbPath);
    // The work left in a corrupt file goes out from the new one; its leased numbers are retired.
    const salvaged = salvageSetAsideFiles(db, dbPath, { kioskId, now: now() });
    // Salvage carries the corrupt file's journal rows into this one's journal: folded too.
    foldTicketJournal(db, now());
    const walCheckpointed = checkpointWal(db);
    // -wal and -shm exist now; SQLite made them with the file's mode, this confirms it.
    secure();
    return {
      db,
      boot: {
        dbPath,
        kioskId,
        corruptFileMovedTo,
        corruptReason,
        salvaged,
        walCheckpointed,
        migrationsApplied: migrated.applied,
        schemaVersion: migrated.version,
        kioskIdChangedFrom,
        dataFolder: { ...folder, notPrivate: [...folder.notPrivate, ...notPrivate.values()] },
      },
    };
  } catch (err) {
    db.close();
    // A boot write the disk refuses (the ticket journal's fold, a migration) is the
    // store failing to open, said as such: the host shows the out-of-service screen and tries
    // again (main/out-of-service.ts RETRIED_STORE_CODES) instead of exiting into a restart loop
    // with nothing on screen. Nothing is lost: the refused transaction is rolled back whole.
    if (err instanceof StoreError || !isSpaceOrMediaError(err)) throw err;
    throw (
      mediaProblem(dbPath, err) ??
      new StoreError(
        'OPEN_FAILED',
        `The disk refused a write while the kiosk database ${dbPath} was opened ` +
          `(${(err as Error).message}). Check the disk (free space, dmesg); nothing stored is ` +
          'lost, and the kiosk opens by itself once it accepts writes.',
        { cause: err },
      )
    );
  }
}

/**
 * Past this, the space watch folds the WAL in and truncates it to zero on its next tick. Between
 * customers the store's idle checkpoint (./wal-checkpoint.ts) keeps it well below: a ticket
 * writes about 50 KiB of WAL.
 */
export const WAL_SIZE_LIMIT_BYTES = 256 * 1024;

/**
 * Folds the write-ahead log into the database and truncates it to zero bytes (at boot, and
 * periodically from the space watch). False when it could not complete: a reader holds an old
 * snapshot (it is tried again later), or the disk refuses the write.
 */
export function checkpointWal(db: Database.Database): boolean {
  try {
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    return result?.busy === 0;
  } catch {
    return false;
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
    // SQLite checkpoints at 256 frames, and the WAL keeps that much (about 1 MiB) after a
    // checkpoint so commits overwrite it instead of extending it; the space watch truncates one
    // past 256 KiB on its tick (it once reached 412 KB beside a 4 KB database), and openStore
    // checkpoints when idle (./wal-checkpoint.ts).
    configureWal(db);
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
    if (isSpaceOrMediaError(err)) {
      const media = mediaProblem(dbPath, err);
      if (media !== null) throw media;
    }
    throw new StoreError(
      'OPEN_FAILED',
      `Cannot open the kiosk database ${dbPath}: ${(err as Error).message}. Check that the data ` +
        'folder is writable by the kiosk service user and that no other kiosk process is running.',
      { cause: err },
    );
  }
}

/** Below this, a failure to open is put down to a full disk. */
const NEARLY_FULL_BYTES = 1024 * 1024;

/**
 * A full or read-only disk, said as such (SQLite only says "disk I/O error" when it cannot
 * create the -shm file), or null when the disk looks fine and the cause is elsewhere.
 */
function mediaProblem(dbPath: string, cause: unknown): StoreError | null {
  const folder = dirname(dbPath);
  try {
    accessSync(folder, constants.W_OK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EROFS') {
      return new StoreError(
        'READ_ONLY_MEDIA',
        `The disk holding the kiosk data folder ${folder} is read-only (EROFS): check it ` +
          '(dmesg) and mount it writable. Nothing stored is lost; the kiosk opens by itself then.',
        { cause },
      );
    }
    return null;
  }
  let free: number;
  try {
    const stats = statfsSync(folder);
    free = Number(stats.bavail) * Number(stats.bsize);
  } catch {
    return null;
  }
  if (free >= NEARLY_FULL_BYTES) return null;
  return new StoreError(
    'DISK_FULL',
    `The disk holding the kiosk data folder ${folder} is full (${free} bytes free): free space ` +
      '(old logs, other files). Nothing stored is lost; the kiosk opens by itself then.',
    { cause },
  );
}

/** Renames kiosk.db (and its -wal/-shm, which belong to it) to kiosk.db.corrupt-<timestamp>. */
function moveAside(dbPath: string, at: Date): string {
  const stamp = at.toISOString().replace(/[:.]/g, '-');
  const target = `${dbPath}.corrupt-${stamp}`;
  try {
    renameSync(dbPath, target);
    for (const suffix of DATABASE_SIDE_FILES) {
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
