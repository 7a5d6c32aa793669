/** Shared fixtures for the store's unit tests (one module instance per test file). */
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import type { BusinessType } from '../../../src/domain/business-type.js';
import {
  StoreError,
  findMigrationsDir,
  loadMigrations,
  openStore,
  serviceDayOf,
} from '../../../src/store/index.js';
import type { KioskStore, OpenStoreOptions } from '../../../src/store/index.js';
import { foldTicketJournal } from '../../../src/store/ticket-journal-fold.js';
import { removeTempDir, tempDir as newTempDir } from '../../support/temp-dir.js';

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

/** `<tmp>/kiosk-<prefix>-*`, removed by cleanUp() (or at the end of the file at the latest). */
export function tempDir(prefix: string): string {
  const dir = newTempDir(`kiosk-${prefix}`);
  dirs.push(dir);
  return dir;
}

/**
 * Opens a store that cleanUp() closes. It holds numbers 1–999 of PERSONAL and BUSINESS for the
 * day it opens on, as a kiosk that reached its branch service today does (numbers come from the
 * branch: src/store/number-blocks.ts), so a test can reserve tickets.
 */
export function open(
  options: Partial<Parameters<typeof openStore>[0]> & { dataDir: string },
): KioskStore {
  const store = openStore({ kioskId: 'kiosk-1', ...options });
  stores.push(store);
  grantNumbers(store, serviceDayOf(options.now?.() ?? new Date()));
  return store;
}

/** Gives the store numbers 1–999 of PERSONAL and BUSINESS on `serviceDay` (idempotent). */
export function grantNumbers(store: KioskStore, serviceDay: string): void {
  for (const type of [PERSONAL, BUSINESS]) {
    store.addNumberBlock({
      requestId: `00000000-0000-7000-8000-${type.prefix.charCodeAt(0).toString(16)}${serviceDay.replaceAll('-', '').padStart(10, '0')}`,
      serviceDay,
      businessTypeId: type.id,
      prefix: type.prefix,
      firstSequence: 1,
      lastSequence: 999,
    });
  }
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
  // Also a folder a test locked (chmod 0500): removeTempDir opens it again first.
  for (const dir of dirs) removeTempDir(dir);
  stores = [];
  dirs = [];
}

/**
 * A second connection, as a technician's sqlite3 would have: to look and to inject faults. It
 * folds the ticket journal first (src/store/ticket-journal-fold.ts), as every reader in the store
 * does, so the tables say what the store's readers see. `rawDb` looks without folding.
 */
export function inspectDb<T>(dataDir: string, work: (db: Database.Database) => T): T {
  const db = new Database(join(dataDir, 'kiosk.db'));
  try {
    foldTicketJournal(db, new Date());
    return work(db);
  } finally {
    db.close();
  }
}

/** A second connection that does not fold the ticket journal: to look at the journal itself. */
export function rawDb<T>(dataDir: string, work: (db: Database.Database) => T): T {
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
