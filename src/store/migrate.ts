import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type BetterSqlite3 from 'better-sqlite3';
import { StoreError } from './errors.js';

/** One `migrations/NNNN_name.sql` file as shipped with this software. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly file: string;
  readonly sql: string;
  /** sha256 (hex) of the file with line endings normalised to LF. */
  readonly checksum: string;
}

/** One row of `schema_migrations`: what was applied to this database, and when. */
export interface AppliedMigration {
  readonly version: number;
  readonly name: string;
  readonly checksum: string;
  readonly appliedAt: string;
}

export interface MigrateOptions {
  /** Folder holding the `NNNN_name.sql` files; default: `migrations/` at the package root. */
  readonly migrationsDir?: string;
  /** Only used in messages, so the technician knows which file is meant. */
  readonly dbPath?: string;
  readonly now?: () => Date;
}

export interface MigrateResult {
  /** Files applied by this call, e.g. ['0001_tickets_and_outbox']. Empty when up to date. */
  readonly applied: readonly string[];
  /** Highest version now recorded in the database. */
  readonly version: number;
}

const FILE_PATTERN = /^(\d{4})_([a-z0-9][a-z0-9_-]*)\.sql$/;

const label = (m: { version: number; name: string }): string =>
  `${String(m.version).padStart(4, '0')}_${m.name}`;

/**
 * The shipped `migrations/` folder. The code runs from sources (vitest: src/store/) and compiled
 * (dist/src/store/), so rather than a fixed number of `..` we walk up to the first folder that
 * has both a package.json and a migrations/ folder: the package root in either layout.
 */
export function findMigrationsDir(
  startDir: string = dirname(fileURLToPath(import.meta.url)),
): string {
  let dir = startDir;
  for (;;) {
    const candidate = join(dir, 'migrations');
    if (existsSync(join(dir, 'package.json')) && isDirectory(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new StoreError(
        'MIGRATIONS_NOT_FOUND',
        `The kiosk software is incomplete: no migrations/ folder was found above ${startDir}. ` +
          'Reinstall the kiosk software (the migrations/ folder must ship next to package.json), ' +
          'or pass migrationsDir explicitly.',
      );
    }
    dir = parent;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** sha256 of the text with CRLF → LF, so a Windows checkout (autocrlf) still matches. */
export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n'), 'utf8').digest('hex');
}

/** Reads and checks the migration files: names NNNN_name.sql, versions 1, 2, 3… with no gaps. */
export function loadMigrations(migrationsDir: string): Migration[] {
  let entries: string[];
  try {
    entries = readdirSync(migrationsDir);
  } catch (err) {
    throw new StoreError(
      'MIGRATIONS_NOT_FOUND',
      `Cannot read the migrations folder ${migrationsDir}: ${(err as Error).message}. ` +
        'Reinstall the kiosk software.',
      { cause: err },
    );
  }
  const migrations: Migration[] = [];
  for (const file of entries.filter((f) => f.endsWith('.sql')).sort()) {
    const match = FILE_PATTERN.exec(file);
    if (!match) {
      throw new StoreError(
        'MIGRATION_FILES_INVALID',
        `Unexpected file ${file} in ${migrationsDir}: migration files are named NNNN_name.sql ` +
          '(lower case). Remove the stray file or reinstall the kiosk software.',
      );
    }
    const sql = readFileSync(join(migrationsDir, file), 'utf8');
    migrations.push({
      version: Number(match[1]),
      name: match[2]!,
      file,
      sql,
      checksum: migrationChecksum(sql),
    });
  }
  migrations.forEach((m, index) => {
    if (m.version !== index + 1) {
      throw new StoreError(
        'MIGRATION_FILES_INVALID',
        `Migration files in ${migrationsDir} must be numbered 0001, 0002, … without gaps or ` +
          `duplicates, but ${m.file} is number ${index + 1} in order. Reinstall the kiosk software.`,
      );
    }
  });
  return migrations;
}

/**
 * Brings the database up to the shipped migrations, each file in its own transaction.
 *
 * Before touching anything it checks that the recorded history is exactly a prefix of the files
 * (same versions, names and checksums). If not, it refuses: either a released migration was
 * edited, or the database was written by newer software. In both cases the database may hold
 * tickets that never reached the branch, so "start fresh" is never the answer here.
 */
export function migrate(db: BetterSqlite3.Database, options: MigrateOptions = {}): MigrateResult {
  const migrationsDir = options.migrationsDir ?? findMigrationsDir();
  const now = options.now ?? (() => new Date());
  const where = options.dbPath ?? 'the kiosk database';
  const files = loadMigrations(migrationsDir);

  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    checksum   TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const history = db
    .prepare(
      'SELECT version, name, checksum, applied_at AS appliedAt FROM schema_migrations ORDER BY version',
    )
    .all() as AppliedMigration[];

  const keep = ' Do not delete or reset kiosk.db: it may hold tickets not yet sent to the branch.';
  const newest = files.length;
  history.forEach((row, index) => {
    if (row.version > newest) {
      throw new StoreError(
        'DATABASE_NEWER_THAN_SOFTWARE',
        `${where} was written by newer kiosk software: it has migration ${label(row)}, but this ` +
          `software only knows up to ${newest === 0 ? 'none' : label(files[newest - 1]!)}. ` +
          'Install the newer kiosk software version again (downgrades are not supported).' +
          keep,
      );
    }
    if (row.version !== index + 1) {
      throw new StoreError(
        'MIGRATION_HISTORY_MISMATCH',
        `${where} has a gap in its migration history: migration number ${index + 1} was never ` +
          `applied but ${label(row)} was. The database was changed outside the kiosk software; contact ` +
          'support with this message.' +
          keep,
      );
    }
    const file = files[index]!;
    if (row.name !== file.name || row.checksum !== file.checksum) {
      throw new StoreError(
        'MIGRATION_HISTORY_MISMATCH',
        `${where} does not match this kiosk software: migration ${label(row)} was applied with ` +
          `checksum ${row.checksum.slice(0, 12)}…, but the installed file ${file.file} has ` +
          `${file.checksum.slice(0, 12)}… (a released migration was edited). Install the kiosk ` +
          'software version that created this database, or contact support.' +
          keep,
      );
    }
  });

  const record = db.prepare(
    'INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)',
  );
  const applied: string[] = [];
  for (const migration of files.slice(history.length)) {
    try {
      db.transaction(() => {
        db.exec(migration.sql);
        record.run(migration.version, migration.name, migration.checksum, now().toISOString());
      }).immediate();
    } catch (err) {
      throw new StoreError(
        'MIGRATION_FAILED',
        `Migration ${migration.file} failed on ${where} and was rolled back: ` +
          `${(err as Error).message}. The database is unchanged by this migration; report this ` +
          'message to support.',
        { cause: err },
      );
    }
    applied.push(label(migration));
  }
  return { applied, version: Math.max(history.length, files.length) };
}
