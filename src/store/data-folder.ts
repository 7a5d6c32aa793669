import {
  accessSync,
  chmodSync,
  closeSync,
  constants,
  fchmodSync,
  mkdirSync,
  openSync,
  statSync,
} from 'node:fs';
import type { Stats } from 'node:fs';
import { dirname } from 'node:path';
import { StoreError } from './errors.js';

/**
 * The data folder and the database files are the kiosk's alone: they hold customer tickets now
 * and personal data later (design.md §5), and any local user could otherwise read them. The
 * modes are set with chmod after creating, so the process umask (0 under some service managers)
 * can never widen them.
 */
export const DATA_FOLDER_MODE = 0o700;
export const DATABASE_FILE_MODE = 0o600;

/** The suffixes SQLite adds to the database path in WAL mode; both hold database pages. */
export const DATABASE_SIDE_FILES = ['-wal', '-shm'] as const;

/** A folder or file still open to other users because its mode could not be changed. */
export interface NotPrivatePath {
  readonly path: string;
  /** Its mode as octal text, e.g. '0755'. */
  readonly mode: string;
  /** Why chmod failed, e.g. 'EPERM' (the kiosk user does not own it). */
  readonly code: string;
}

/** What opening found about the data folder, for the boot log: data, never prose. */
export interface DataFolderReport {
  readonly path: string;
  /** The folder did not exist and was created (0700). */
  readonly created: boolean;
  /** The existing folder's mode before it was set to 0700, e.g. '0755'; null when unchanged. */
  readonly tightenedFrom: string | null;
  /** What could not be made private; the kiosk still runs, and the technician is told. */
  readonly notPrivate: readonly NotPrivatePath[];
}

/** Mode bits mean little on Windows (ACLs decide), so they are neither set nor checked there. */
const HAS_POSIX_MODES = process.platform !== 'win32';

const octal = (mode: number): string => `0${(mode & 0o777).toString(8).padStart(3, '0')}`;

const codeOf = (err: unknown): string =>
  typeof (err as NodeJS.ErrnoException)?.code === 'string'
    ? (err as NodeJS.ErrnoException).code!
    : 'UNKNOWN';

const useAnother = 'or set dataDir in the kiosk configuration to another folder';

function unusable(sentence: string, cause: unknown): StoreError {
  return new StoreError('DATA_FOLDER_UNUSABLE', sentence, { cause });
}

/** Nearest existing ancestor of path that is not a folder (the reason for ENOTDIR), if any. */
function fileInTheWay(path: string): string | null {
  for (let dir = path; ; dir = dirname(dir)) {
    try {
      return statSync(dir).isDirectory() ? null : dir;
    } catch {
      if (dirname(dir) === dir) return null;
    }
  }
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch (err) {
    if (codeOf(err) === 'ENOENT') return null;
    throw err;
  }
}

/** One sentence for a failure to create or reach the folder, from the error's code. */
function cannotCreate(dataDir: string, err: unknown): StoreError {
  const code = codeOf(err);
  if (code === 'ENOTDIR' || code === 'EEXIST') {
    const file = fileInTheWay(dataDir) ?? dataDir;
    return unusable(
      file === dataDir
        ? `The kiosk data folder ${dataDir} is a file, not a folder: move that file away, ${useAnother}.`
        : `The kiosk data folder ${dataDir} cannot be created because ${file} is a file, not a ` +
            `folder: move that file away, ${useAnother}.`,
      err,
    );
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return unusable(
      `The kiosk service user may not create the data folder ${dataDir}: create it for that ` +
        `user with mode 0700, ${useAnother} that the user may write.`,
      err,
    );
  }
  if (code === 'EROFS') {
    return unusable(
      `The kiosk data folder ${dataDir} is on a read-only disk: mount that disk writable, ` +
        `${useAnother} on a writable local disk.`,
      err,
    );
  }
  return unusable(
    `The kiosk data folder ${dataDir} cannot be created (${code}): check the path and the ` +
      `disk, ${useAnother}.`,
    err,
  );
}

/** Sets a mode exactly; returns the failure (as data) when the mode stays wrong. */
function setMode(path: string, mode: number, current: number): NotPrivatePath | null {
  if ((current & 0o777) === mode) return null;
  try {
    chmodSync(path, mode);
    return null;
  } catch (err) {
    return { path, mode: octal(current), code: codeOf(err) };
  }
}

/**
 * Makes sure the data folder exists, is a folder, is 0700 and is writable. A wider existing
 * folder is tightened; when it cannot be (another user owns it), that is reported, not fatal.
 * Anything that makes the folder unusable throws a StoreError (DATA_FOLDER_UNUSABLE) whose
 * message is one sentence naming the path and what to do.
 */
export function prepareDataFolder(dataDir: string): DataFolderReport {
  let existing: Stats | null;
  try {
    existing = statOrNull(dataDir);
  } catch (err) {
    throw cannotCreate(dataDir, err);
  }
  if (existing !== null && !existing.isDirectory()) {
    throw unusable(
      `The kiosk data folder ${dataDir} is a file, not a folder: move that file away, ${useAnother}.`,
      undefined,
    );
  }
  if (existing === null) {
    try {
      mkdirSync(dataDir, { recursive: true, mode: DATA_FOLDER_MODE });
    } catch (err) {
      throw cannotCreate(dataDir, err);
    }
  }
  const notPrivate: NotPrivatePath[] = [];
  let tightenedFrom: string | null = null;
  if (HAS_POSIX_MODES) {
    // A new folder too: mkdir's mode is masked by the umask, which could leave it unwritable.
    const mode = existing?.mode ?? statSync(dataDir).mode;
    const failure = setMode(dataDir, DATA_FOLDER_MODE, mode);
    if (failure !== null) notPrivate.push(failure);
    else if (existing !== null && (mode & 0o777) !== DATA_FOLDER_MODE) tightenedFrom = octal(mode);
  }
  try {
    accessSync(dataDir, constants.W_OK | constants.X_OK);
  } catch (err) {
    if (codeOf(err) === 'EROFS') {
      // The media, not the user: a remount after a disk error, a write-protected card.
      throw new StoreError(
        'READ_ONLY_MEDIA',
        `The disk holding the kiosk data folder ${dataDir} is read-only (EROFS): check it ` +
          '(dmesg) and mount it writable. Nothing stored is lost; the kiosk opens by itself then.',
        { cause: err },
      );
    }
    throw unusable(
      `The kiosk data folder ${dataDir} is not writable by the kiosk service user: make that ` +
        `user its owner with mode 0700, ${useAnother} that the user may write.`,
      err,
    );
  }
  return { path: dataDir, created: existing === null, tightenedFrom, notPrivate };
}

/**
 * Creates the database file 0600 when it is missing (so SQLite, which would create it 0644 less
 * the umask, opens ours), and sets 0600 on the file and on its -wal and -shm when present.
 * SQLite creates -wal and -shm with the database file's mode, so they follow it.
 * Returns the files whose mode could not be set.
 */
export function secureDatabaseFiles(dbPath: string): NotPrivatePath[] {
  if (statOrNull(dbPath) === null) {
    try {
      const fd = openSync(dbPath, 'a', DATABASE_FILE_MODE);
      try {
        if (HAS_POSIX_MODES) fchmodSync(fd, DATABASE_FILE_MODE);
      } finally {
        closeSync(fd);
      }
    } catch (err) {
      throw new StoreError(
        'OPEN_FAILED',
        `The kiosk database ${dbPath} cannot be created (${codeOf(err)}): check that the data ` +
          'folder is writable by the kiosk service user and that the disk is not full.',
        { cause: err },
      );
    }
  }
  if (!HAS_POSIX_MODES) return [];
  const failures: NotPrivatePath[] = [];
  for (const path of [dbPath, ...DATABASE_SIDE_FILES.map((suffix) => dbPath + suffix)]) {
    const stats = statOrNull(path);
    if (stats === null) continue;
    const failure = setMode(path, DATABASE_FILE_MODE, stats.mode);
    if (failure !== null) failures.push(failure);
  }
  return failures;
}
