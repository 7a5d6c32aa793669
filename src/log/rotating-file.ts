/**
 * A size-based rotating log file for pino: `<dir>/kiosk.log`, renamed to `kiosk.log.1` when it
 * would pass `maxBytes` (the older ones shift to `.2`, `.3`…, and the oldest past `keep` is
 * deleted). The folder is 0700 and the files 0600: the log names tickets and devices, and only
 * the kiosk user reads it.
 *
 * Writes are synchronous (a kiosk logs a few lines a second at most), so a line is on disk
 * before the process can die of the error it describes. A write that fails (disk full, folder
 * removed, permissions) never throws into the logger: the line is dropped, `onError` hears of it
 * once, and the other destinations (stdout) go on. The next write tries again, so the file
 * resumes by itself once room is made; `onError` is told again only after a success.
 */
import {
  closeSync,
  chmodSync,
  fstatSync,
  fchmodSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';

export interface RotatingFileOptions {
  /** The log folder, created 0700 if missing (e.g. `<dataDir>/logs`). */
  readonly dir: string;
  /** File name in the folder; default `kiosk.log`. */
  readonly fileName?: string;
  /** Rotate before a write would take the file past this size; default 10 MiB. */
  readonly maxBytes?: number;
  /** Rotated files kept besides the current one; default 5. */
  readonly keep?: number;
  /** Called once per run of failures (not per line): the file cannot be written. */
  readonly onError?: (error: Error, file: string) => void;
}

/** A pino destination (`write(line)`) that also tells where it writes and can be closed. */
export interface RotatingFile {
  readonly file: string;
  write(line: string): boolean;
  /** Lines dropped because the file could not be written. */
  readonly dropped: number;
  close(): void;
}

const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

export function createRotatingFile(options: RotatingFileOptions): RotatingFile {
  const fileName = options.fileName ?? 'kiosk.log';
  const file = path.join(options.dir, fileName);
  const maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
  const keep = Math.max(0, options.keep ?? 5);
  const onError =
    options.onError ??
    ((error: Error, where: string) =>
      process.stderr.write(`log file ${where} cannot be written (${error.message})\n`));
  let fd: number | null = null;
  let size = 0;
  let failing = false;
  let dropped = 0;
  let closed = false;

  const open = () => {
    mkdirSync(options.dir, { recursive: true, mode: DIR_MODE });
    // mkdir's mode is cut by the umask and ignored for an existing folder: set it for certain.
    chmodSync(options.dir, DIR_MODE);
    // The mode applies when the file is created; a file left by an older version is narrowed,
    // but only a regular file (never chmod what a symlink points at, e.g. a device).
    const handle = openSync(file, 'a', FILE_MODE);
    try {
      const info = fstatSync(handle);
      if (info.isFile() && (info.mode & 0o777) !== FILE_MODE) fchmodSync(handle, FILE_MODE);
      size = info.isFile() ? info.size : 0;
    } catch (error) {
      closeSync(handle);
      throw error;
    }
    fd = handle;
  };

  const closeFile = () => {
    if (fd === null) return;
    const handle = fd;
    fd = null;
    try {
      closeSync(handle);
    } catch {
      // Closing a file on a full or vanished disk can fail too; nothing is lost by going on.
    }
  };

  const rotate = () => {
    closeFile();
    if (keep === 0) {
      rmSync(file, { force: true });
    } else {
      rmSync(`${file}.${keep}`, { force: true });
      for (let i = keep - 1; i >= 1; i--) {
        try {
          renameSync(`${file}.${i}`, `${file}.${i + 1}`);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        }
      }
      renameSync(file, `${file}.1`);
    }
    open();
  };

  const fail = (error: unknown) => {
    dropped++;
    closeFile();
    if (failing) return;
    failing = true;
    try {
      onError(error instanceof Error ? error : new Error(String(error)), file);
    } catch {
      // The reporter itself must not take the logger down.
    }
  };

  return {
    file,
    get dropped() {
      return dropped;
    },
    write(line: string): boolean {
      if (closed) return true;
      try {
        const bytes = Buffer.byteLength(line);
        if (fd === null) open();
        if (size > 0 && size + bytes > maxBytes) rotate();
        writeSync(fd!, line);
        size += bytes;
        failing = false;
      } catch (error) {
        fail(error);
      }
      // Always "written": pino must never wait for a drain that a broken disk would not send.
      return true;
    },
    close() {
      closed = true;
      closeFile();
    },
  };
}
