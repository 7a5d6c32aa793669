import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { findMigrationsDir, migrationChecksum } from '../../../src/store/index.js';
import {
  PERSONAL,
  SHIPPED,
  SHIPPED_MIGRATIONS,
  cleanUp,
  laterMigration,
  copyOfMigrations,
  open,
  openError,
  tempDir,
} from './support.js';

function history(dataDir: string): { version: number; name: string; checksum: string }[] {
  const db = new Database(join(dataDir, 'kiosk.db'), { readonly: true });
  try {
    return db.prepare('SELECT version, name, checksum FROM schema_migrations').all() as {
      version: number;
      name: string;
      checksum: string;
    }[];
  } finally {
    db.close();
  }
}

afterEach(cleanUp);

describe('migrations', () => {
  it('applies 0001 to a fresh database, in WAL mode, recording name and checksum', () => {
    const dataDir = join(tempDir('fresh'), 'nested', 'data'); // folder is created
    const store = open({ dataDir });

    expect(SHIPPED_MIGRATIONS[0]).toBe('0001_tickets_and_outbox');
    expect(store.boot.migrationsApplied).toEqual(SHIPPED_MIGRATIONS);
    expect(store.boot.schemaVersion).toBe(SHIPPED_MIGRATIONS.length);
    expect(store.boot.corruptFileMovedTo).toBeNull();
    const sql = readFileSync(join(SHIPPED, '0001_tickets_and_outbox.sql'), 'utf8');
    expect(history(dataDir)[0]).toEqual({
      version: 1,
      name: 'tickets_and_outbox',
      checksum: migrationChecksum(sql),
    });
    expect(history(dataDir).map((m) => `${String(m.version).padStart(4, '0')}_${m.name}`)).toEqual(
      SHIPPED_MIGRATIONS,
    );
    const db = new Database(join(dataDir, 'kiosk.db'), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('re-opening an up-to-date database applies nothing and keeps the data', () => {
    const dataDir = tempDir('reopen');
    const first = open({ dataDir });
    const ticket = first.reserveTicket({ businessType: PERSONAL });
    first.close();

    const second = open({ dataDir });
    expect(second.boot.migrationsApplied).toEqual([]);
    expect(second.boot.schemaVersion).toBe(SHIPPED_MIGRATIONS.length);
    expect(second.getTicket(ticket.id)).toEqual(ticket);
    expect(history(dataDir)).toHaveLength(SHIPPED_MIGRATIONS.length);
  });

  it('checksums ignore CRLF line endings (a Windows checkout is not an edit)', () => {
    expect(migrationChecksum('CREATE TABLE a (x);\r\nSELECT 1;\r\n')).toBe(
      migrationChecksum('CREATE TABLE a (x);\nSELECT 1;\n'),
    );
  });

  it('refuses to start when an applied migration was edited, and leaves the database alone', () => {
    const dataDir = tempDir('edited');
    const migrationsDir = copyOfMigrations();
    const store = open({ dataDir, migrationsDir });
    const ticket = store.reserveTicket({ businessType: PERSONAL });
    store.issueTicket(ticket.id, { delivery: 'printed' });
    store.close();
    appendFileSync(join(migrationsDir, '0001_tickets_and_outbox.sql'), '\n-- edited later\n');

    const error = openError({ dataDir, migrationsDir });
    expect(error.code).toBe('MIGRATION_HISTORY_MISMATCH');
    expect(error.message).toContain('0001_tickets_and_outbox');
    expect(error.message).toContain('Do not delete or reset kiosk.db');

    // Nothing was reset: the shipped files still open it, with the unsynced ticket intact.
    const again = open({ dataDir, migrationsDir: SHIPPED });
    expect(again.getTicket(ticket.id)?.status).toBe('issued');
    expect(again.outboxStats().pending).toBe(1);
  });

  it('refuses a database written by newer software (an unknown later migration)', () => {
    const dataDir = tempDir('newer');
    const newerMigrations = copyOfMigrations();
    writeFileSync(
      join(newerMigrations, `${laterMigration('future_feature')}.sql`),
      'CREATE TABLE future_feature (id TEXT PRIMARY KEY) STRICT;\n',
    );
    const newer = open({ dataDir, migrationsDir: newerMigrations });
    expect(newer.boot.migrationsApplied).toEqual([
      ...SHIPPED_MIGRATIONS,
      laterMigration('future_feature'),
    ]);
    newer.close();

    const error = openError({ dataDir }); // the shipped files do not know it
    expect(error.code).toBe('DATABASE_NEWER_THAN_SOFTWARE');
    expect(error.message).toContain(laterMigration('future_feature'));
    expect(error.message).toContain('Install the newer kiosk software');
  });

  it('applies a later migration on top, and rolls back a failing one without recording it', () => {
    const dataDir = tempDir('later');
    const migrationsDir = copyOfMigrations();
    open({ dataDir, migrationsDir }).close();

    writeFileSync(
      join(migrationsDir, `${laterMigration('broken')}.sql`),
      'CREATE TABLE half_done (id TEXT) STRICT;\nTHIS IS NOT SQL;\n',
    );
    const error = openError({ dataDir, migrationsDir });
    expect(error.code).toBe('MIGRATION_FAILED');
    expect(history(dataDir)).toHaveLength(SHIPPED_MIGRATIONS.length);
    const db = new Database(join(dataDir, 'kiosk.db'), { readonly: true });
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").all();
    db.close();
    expect(tables).toEqual([]);

    writeFileSync(
      join(migrationsDir, `${laterMigration('broken')}.sql`),
      'CREATE TABLE whole (id TEXT) STRICT;\n',
    );
    expect(open({ dataDir, migrationsDir }).boot.migrationsApplied).toEqual([
      laterMigration('broken'),
    ]);
  });

  it('rejects a migrations folder with gaps or badly named files', () => {
    const gap = copyOfMigrations();
    writeFileSync(join(gap, `${laterMigration('skipped_one', 2)}.sql`), 'SELECT 1;\n');
    expect(openError({ dataDir: tempDir('gap'), migrationsDir: gap }).code).toBe(
      'MIGRATION_FILES_INVALID',
    );

    const stray = copyOfMigrations();
    writeFileSync(join(stray, 'fix things.sql'), 'SELECT 1;\n');
    expect(openError({ dataDir: tempDir('stray'), migrationsDir: stray }).code).toBe(
      'MIGRATION_FILES_INVALID',
    );
  });

  it('finds migrations/ from a compiled layout (dist/src/store) by walking up to the package root', () => {
    const root = tempDir('layout');
    writeFileSync(join(root, 'package.json'), '{}');
    mkdirSync(join(root, 'migrations'));
    mkdirSync(join(root, 'dist', 'src', 'store'), { recursive: true });
    writeFileSync(join(root, 'dist', 'package.json'), '{}'); // a package.json without migrations/
    expect(findMigrationsDir(join(root, 'dist', 'src', 'store'))).toBe(join(root, 'migrations'));
    expect(existsSync(SHIPPED)).toBe(true);
  });
});
