/** Shared fixtures for the store's unit tests (one module instance per test file). */
import { chmodSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import type { BusinessType } from '../../../src/domain/business-type.js';
import {
  StoreError,
  findMigrationsDir,
  loadMigrations,
  openStore,
} from '../../../src/store/index.js';
import type { KioskStore, OpenStoreOptions } from '../../../src/store/index.js';

export const PERSONAL: BusinessType = {
  id: 'personal',
  prefix: 'A',
  name: { 'zh-CN': '个人业务', en: 'Personal banking' },
};
export const BUSINESS: BusinessType = {
  id: 'business',
  prefix: 'B',
  name: { 'zh-CN': '对公业务', en: 'Business banking' },
};

export const SHIPPED = findMigrationsDir();

/**
 * The shipped migrations' labels ('0001_tickets_and_outbox', …), in order: a test that adds a
 * migration of its own numbers it after these, so features adding theirs do not break it.
 */
export const SHIPPED_MIGRATIONS: readonly string[] = loadMigrations(SHIPPED).map(
  (m) => `${String(m.version).padStart(4, '0')}_${m.name}`,
);

/** The label of a test's own migration `name`, `after` places past the last shipped one. */
export function laterMigration(name: string, after = 1): string {
  return `${String(SHIPPED_MIGRATIONS.length + after).padStart(4, '0')}_${name}`;
}

let dirs: string[] = [];
let stores: KioskStore[] = [];

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `kiosk-${prefix}-`));
  dirs.push(dir);
  return dir;
}

/** Opens a store that cleanUp() closes. */
export function open(options: Partial<OpenStoreOptions> & { dataDir: string }): KioskStore {
  const store = openStore({ kioskId: 'kiosk-1', ...options });
  stores.push(store);
  return store;
}

export function copyOfMigrations(): string {
  const dir = join(tempDir('migrations'), 'migrations');
  cpSync(SHIPPED, dir, { recursive: true });
  return dir;
}

export function openError(options: Partial<OpenStoreOptions> & { dataDir: string }): StoreError {
  try {
    open(options);
  } catch (err) {
    expect(err).toBeInstanceOf(StoreError);
    return err as StoreError;
  }
  throw new Error('expected openStore to refuse');
}

/** For afterEach: closes the stores opened with open() and removes the temporary folders. */
export function cleanUp(): void {
  for (const store of stores) store.close();
  for (const dir of dirs) {
    // A test may have locked a folder (chmod 0500); open it again so it can be removed.
    try {
      chmodSync(dir, 0o700);
    } catch {
      // already gone
    }
    rmSync(dir, { recursive: true, force: true });
  }
  stores = [];
  dirs = [];
}

/** A second connection, as a technician's sqlite3 would have: to look and to inject faults. */
export function inspectDb<T>(dataDir: string, work: (db: Database.Database) => T): T {
  const db = new Database(join(dataDir, 'kiosk.db'));
  try {
    return work(db);
  } finally {
    db.close();
  }
}

export const outboxRowsOf = (dataDir: string) =>
  inspectDb(
    dataDir,
    (db) =>
      db.prepare('SELECT id, seq, kind, payload, state FROM outbox ORDER BY seq').all() as {
        id: string;
        seq: number;
        kind: string;
        payload: string;
        state: string;
      }[],
  );
