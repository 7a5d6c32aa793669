import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DATA_FOLDER_MODE,
  DATABASE_FILE_MODE,
  StoreError,
  storeBootEvents,
} from '../../../src/store/index.js';
import { prepareDataFolder, secureDatabaseFiles } from '../../../src/store/data-folder.js';
import { PERSONAL, cleanUp, open, openError, tempDir } from './support.js';

const modeOf = (path: string): number => statSync(path).mode & 0o777;
const IS_ROOT = process.getuid?.() === 0;

/** chattr needs root and a file system with inode flags (ext4, xfs, btrfs, tmpfs…). */
function chattr(flag: string, path: string): boolean {
  return spawnSync('chattr', [flag, path], { stdio: 'ignore' }).status === 0;
}

const locked: string[] = [];

/**
 * Makes a folder refuse new entries for this process: chmod 0500 as an ordinary user; as root
 * (who ignores modes) the immutable flag. Returns false when neither is possible here.
 */
function lockFolder(dir: string): boolean {
  if (!IS_ROOT) {
    chmodSync(dir, 0o500);
    return true;
  }
  if (!chattr('+i', dir)) return false;
  locked.push(dir);
  return true;
}

afterEach(() => {
  for (const dir of locked.splice(0)) {
    chattr('-i', dir);
    chattr('-a', dir);
  }
  cleanUp();
});

/** A StoreError for the technician: one sentence naming the path, no errno code, no stack. */
function expectOneSentence(error: StoreError, path: string): void {
  expect(error.code).toBe('DATA_FOLDER_UNUSABLE');
  expect(error.message).toContain(path);
  expect(error.message).not.toMatch(/\n|ENOTDIR|EEXIST|EACCES|EPERM|\bat \//);
  expect(error.message).toMatch(/^[^.]+(\.[^ .][^.]*)*\.$/); // ends with its only full stop
  expect(error.message).toMatch(/set dataDir in the kiosk configuration/);
}

function withUmask<T>(mask: number, work: () => T): T {
  const previous = process.umask(mask);
  try {
    return work();
  } finally {
    process.umask(previous);
  }
}

describe('data folder and database files', () => {
  it('creates the folder 0700 and the database, -wal and -shm 0600, even with umask 0', () => {
    const dataDir = join(tempDir('modes'), 'nested', 'data');
    const store = withUmask(0, () => {
      const opened = open({ dataDir });
      opened.issueTicket(opened.reserveTicket({ businessType: PERSONAL }).id, {
        delivery: 'printed',
      });
      return opened;
    });
    const dbPath = join(dataDir, 'kiosk.db');
    expect(DATA_FOLDER_MODE).toBe(0o700);
    expect(DATABASE_FILE_MODE).toBe(0o600);
    expect(modeOf(dataDir)).toBe(0o700);
    for (const path of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) {
      expect(existsSync(path), path).toBe(true);
      expect(modeOf(path), path).toBe(0o600);
    }
    expect(store.boot.dataFolder).toEqual({
      path: dataDir,
      created: true,
      tightenedFrom: null,
      notPrivate: [],
    });
  });

  it('creates a missing database file 0600 before SQLite sees it (SQLite would use 0644)', () => {
    const dataDir = join(tempDir('precreate'), 'data');
    const dbPath = join(dataDir, 'kiosk.db');
    withUmask(0, () => {
      expect(prepareDataFolder(dataDir)).toMatchObject({ created: true, notPrivate: [] });
      expect(secureDatabaseFiles(dbPath)).toEqual([]);
    });
    expect(modeOf(dataDir)).toBe(0o700);
    expect(statSync(dbPath).size).toBe(0); // SQLite takes an empty file as a new database
    expect(modeOf(dbPath)).toBe(0o600);
    // SQLite gives -wal and -shm the database file's mode when it creates them.
    const db = withUmask(0, () => new Database(dbPath));
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (x)');
    expect(modeOf(`${dbPath}-wal`)).toBe(0o600);
    expect(modeOf(`${dbPath}-shm`)).toBe(0o600);
    db.close();
  });

  it('keeps the modes for a database created fresh after a corrupt one was moved aside', () => {
    const dataDir = tempDir('fresh-after-corrupt');
    writeFileSync(join(dataDir, 'kiosk.db'), 'not a database at all, padded'.repeat(200));
    chmodSync(join(dataDir, 'kiosk.db'), 0o644);
    const store = withUmask(0, () => open({ dataDir }));
    expect(store.boot.corruptFileMovedTo).not.toBeNull();
    expect(modeOf(join(dataDir, 'kiosk.db'))).toBe(0o600);
    // The copy kept for recovery holds customer data too.
    expect(modeOf(store.boot.corruptFileMovedTo!)).toBe(0o600);
  });

  it('tightens a wider existing folder and database files, and reports the folder', () => {
    const dataDir = tempDir('wide');
    const dbPath = join(dataDir, 'kiosk.db');
    open({ dataDir }).close();
    // As an older kiosk version (or a technician's sqlite3 under umask 0) would have left them.
    withUmask(0, () => {
      const db = new Database(dbPath);
      db.pragma('journal_mode = WAL');
      db.prepare('SELECT count(*) FROM outbox').get();
      chmodSync(dataDir, 0o755);
      chmodSync(dbPath, 0o644);
      chmodSync(`${dbPath}-wal`, 0o666);
      chmodSync(`${dbPath}-shm`, 0o644);
      db.close();
    });

    const store = open({ dataDir });
    expect(modeOf(dataDir)).toBe(0o700);
    expect(modeOf(dbPath)).toBe(0o600);
    for (const suffix of ['-wal', '-shm']) {
      if (existsSync(dbPath + suffix)) expect(modeOf(dbPath + suffix), suffix).toBe(0o600);
    }
    expect(store.boot.dataFolder).toEqual({
      path: dataDir,
      created: false,
      tightenedFrom: '0755',
      notPrivate: [],
    });
    expect(storeBootEvents(store.boot)).toContainEqual({
      event: 'store.dataFolderTightened',
      fields: { path: dataDir, previousMode: '0755' },
    });
  });

  it('reports a folder it cannot tighten, and still opens (the folder is writable)', (context) => {
    const dataDir = tempDir('untightenable');
    // Created first: SQLite deletes files when it switches a new database to WAL, which an
    // append-only folder refuses.
    open({ dataDir }).close();
    chmodSync(dataDir, 0o755);
    // Append-only: entries can be created, but the folder's mode cannot change (EPERM), as for
    // a folder another user owns. Only root can set it.
    if (!IS_ROOT || !chattr('+a', dataDir)) return context.skip();
    locked.push(dataDir);

    const store = open({ dataDir });
    expect(store.reserveTicket({ businessType: PERSONAL }).number).toBe('A0001');
    expect(modeOf(dataDir)).toBe(0o755);
    expect(store.boot.dataFolder).toEqual({
      path: dataDir,
      created: false,
      tightenedFrom: null,
      notPrivate: [{ path: dataDir, mode: '0755', code: 'EPERM' }],
    });
    expect(storeBootEvents(store.boot)).toContainEqual({
      event: 'store.notPrivate',
      fields: { path: dataDir, mode: '0755', code: 'EPERM' },
    });
  });

  it('refuses a data folder path that is a file, naming it, in one sentence', () => {
    const file = join(tempDir('file'), 'data');
    writeFileSync(file, 'a file where the data folder should be');
    const error = openError({ dataDir: file });
    expectOneSentence(error, file);
    expect(error.message).toMatch(/is a file, not a folder/);

    const below = join(file, 'kiosk');
    const nested = openError({ dataDir: below });
    expectOneSentence(nested, below);
    expect(nested.message).toContain(`because ${file} is a file`);
  });

  it('refuses a data folder that cannot be created, in one sentence', (context) => {
    const parent = tempDir('no-create');
    if (!lockFolder(parent)) return context.skip();
    const dataDir = join(parent, 'data');
    const error = openError({ dataDir });
    expectOneSentence(error, dataDir);
    expect(error.message).toMatch(/may not create the data folder/);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('refuses a data folder the kiosk cannot write, in one sentence', (context) => {
    const dataDir = join(tempDir('no-write'), 'data');
    mkdirSync(dataDir, { mode: 0o700 });
    if (!lockFolder(dataDir)) return context.skip();
    const error = openError({ dataDir });
    expectOneSentence(error, dataDir);
    expect(error.message).toMatch(/is not writable by the kiosk service user/);
    expect(error).toBeInstanceOf(StoreError);
  });
});
