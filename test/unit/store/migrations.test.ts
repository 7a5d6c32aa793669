import { randomBytes } from 'node:crypto';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  StoreError,
  findMigrationsDir,
  migrationChecksum,
  openStore,
} from '../../../src/store/index.js';
import type { KioskStore, OpenStoreOptions } from '../../../src/store/index.js';

const PERSONAL = { id: 'personal', prefix: 'A', name: { 'zh-CN': '个人业务', en: 'Personal' } };
const SHIPPED = findMigrationsDir();

let dirs: string[] = [];
let stores: KioskStore[] = [];

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `kiosk-${prefix}-`));
  dirs.push(dir);
  return dir;
}

function open(options: Partial<OpenStoreOptions> & { dataDir: string }): KioskStore {
  const store = openStore({ kioskId: 'kiosk-1', ...options });
  stores.push(store);
  return store;
}

function copyOfMigrations(): string {
  const dir = join(tempDir('migrations'), 'migrations');
  cpSync(SHIPPED, dir, { recursive: true });
  return dir;
}

function openError(options: Partial<OpenStoreOptions> & { dataDir: string }): StoreError {
  try {
    open(options);
  } catch (err) {
    expect(err).toBeInstanceOf(StoreError);
    return err as StoreError;
  }
  throw new Error('expected openStore to refuse');
}

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

afterEach(() => {
  for (const store of stores) store.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  stores = [];
  dirs = [];
});

describe('migrations', () => {
  it('applies 0001 to a fresh database, in WAL mode, recording name and checksum', () => {
    const dataDir = join(tempDir('fresh'), 'nested', 'data'); // folder is created
    const store = open({ dataDir });

    expect(store.boot.migrationsApplied).toEqual(['0001_tickets_and_outbox']);
    expect(store.boot.schemaVersion).toBe(1);
    expect(store.boot.corruptFileMovedTo).toBeNull();
    const sql = readFileSync(join(SHIPPED, '0001_tickets_and_outbox.sql'), 'utf8');
    expect(history(dataDir)).toEqual([
      { version: 1, name: 'tickets_and_outbox', checksum: migrationChecksum(sql) },
    ]);
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
    expect(second.boot.schemaVersion).toBe(1);
    expect(second.getTicket(ticket.id)).toEqual(ticket);
    expect(history(dataDir)).toHaveLength(1);
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
      join(newerMigrations, '0002_future_feature.sql'),
      'CREATE TABLE future_feature (id TEXT PRIMARY KEY) STRICT;\n',
    );
    const newer = open({ dataDir, migrationsDir: newerMigrations });
    expect(newer.boot.migrationsApplied).toEqual([
      '0001_tickets_and_outbox',
      '0002_future_feature',
    ]);
    newer.close();

    const error = openError({ dataDir }); // the shipped files only know 0001
    expect(error.code).toBe('DATABASE_NEWER_THAN_SOFTWARE');
    expect(error.message).toContain('0002_future_feature');
    expect(error.message).toContain('Install the newer kiosk software');
  });

  it('applies a later migration on top, and rolls back a failing one without recording it', () => {
    const dataDir = tempDir('later');
    const migrationsDir = copyOfMigrations();
    open({ dataDir, migrationsDir }).close();

    writeFileSync(
      join(migrationsDir, '0002_broken.sql'),
      'CREATE TABLE half_done (id TEXT) STRICT;\nTHIS IS NOT SQL;\n',
    );
    const error = openError({ dataDir, migrationsDir });
    expect(error.code).toBe('MIGRATION_FAILED');
    expect(history(dataDir)).toHaveLength(1);
    const db = new Database(join(dataDir, 'kiosk.db'), { readonly: true });
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").all();
    db.close();
    expect(tables).toEqual([]);

    writeFileSync(join(migrationsDir, '0002_broken.sql'), 'CREATE TABLE whole (id TEXT) STRICT;\n');
    expect(open({ dataDir, migrationsDir }).boot.migrationsApplied).toEqual(['0002_broken']);
  });

  it('rejects a migrations folder with gaps or badly named files', () => {
    const gap = copyOfMigrations();
    writeFileSync(join(gap, '0003_skipped_two.sql'), 'SELECT 1;\n');
    expect(openError({ dataDir: tempDir('gap'), migrationsDir: gap }).code).toBe(
      'MIGRATION_FILES_INVALID',
    );

    const stray = copyOfMigrations();
    writeFileSync(join(stray, 'fix things.sql'), 'SELECT 1;\n');
    expect(openError({ dataDir: tempDir('stray'), migrationsDir: stray }).code).toBe(
      'MIGRATION_FILES_INVALID',
    );
  });

  it('moves a corrupt file aside, reports it, and starts a fresh database', () => {
    const dataDir = tempDir('corrupt');
    const garbage = randomBytes(8192);
    writeFileSync(join(dataDir, 'kiosk.db'), garbage);

    const store = open({ dataDir, now: () => new Date('2025-03-04T05:06:07.890Z') });
    expect(store.boot.corruptReason).toMatch(/SQLITE_NOTADB/);
    expect(store.boot.corruptFileMovedTo).toBe(
      join(dataDir, 'kiosk.db.corrupt-2025-03-04T05-06-07-890Z'),
    );
    // Kept byte for byte for recovery.
    expect(readFileSync(store.boot.corruptFileMovedTo!)).toEqual(garbage);
    expect(store.boot.migrationsApplied).toEqual(['0001_tickets_and_outbox']);
    expect(store.reserveTicket({ businessType: PERSONAL }).number).toBe('A001');
  });

  it('moves aside a database whose pages are damaged (quick_check / malformed)', () => {
    const dataDir = tempDir('damaged');
    const store = open({ dataDir });
    for (let i = 0; i < 300; i++) store.cacheConfig(`key-${i}`, { filler: 'x'.repeat(500) }, null);
    store.close();
    // Fold the WAL into the main file, then overwrite pages in the middle of it.
    const db = new Database(join(dataDir, 'kiosk.db'));
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const bytes = readFileSync(join(dataDir, 'kiosk.db'));
    randomBytes(4096 * 8).copy(bytes, 4096 * 4);
    writeFileSync(join(dataDir, 'kiosk.db'), bytes);

    const reopened = open({ dataDir });
    expect(reopened.boot.corruptFileMovedTo).not.toBeNull();
    expect(reopened.boot.corruptReason).toMatch(/quick_check|SQLITE_CORRUPT/);
    expect(reopened.getCachedConfig('key-1')).toBeUndefined();
    expect(readdirSync(dataDir).filter((f) => f.includes('.corrupt-')).length).toBeGreaterThan(0);
  });

  it('refuses a database that belongs to another kiosk while it still holds unsent work', () => {
    const dataDir = tempDir('cloned');
    const first = open({ dataDir, kioskId: 'kiosk-1' });
    const ticket = first.reserveTicket({ businessType: PERSONAL });
    first.issueTicket(ticket.id, { delivery: 'screen' });
    first.close();

    const error = openError({ dataDir, kioskId: 'kiosk-2' });
    expect(error.code).toBe('KIOSK_ID_MISMATCH');
    expect(error.message).toContain('"kiosk-1"');

    const owner = open({ dataDir, kioskId: 'kiosk-1' });
    owner.markOutboxAcked(
      owner.nextOutboxBatch({ maxItems: 10, maxBytes: 100_000 }).map((i) => i.id),
    );
    owner.close();
    // With nothing pending, a re-provisioned kiosk adopts the database.
    expect(open({ dataDir, kioskId: 'kiosk-2' }).boot.kioskIdChangedFrom).toBe('kiosk-1');
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
