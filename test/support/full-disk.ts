/**
 * A real full disk for the store's fault tests: a small tmpfs mounted by root (the tests that
 * need one are skipped, saying why, when they do not run as root) and filled with a file until
 * the file system refuses (ENOSPC), as test/unit/store/space-watch.test.ts does.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const IS_ROOT = process.getuid?.() === 0;
/** For a test's name: why it was skipped. */
export const whyNotRoot = IS_ROOT ? '' : ' [skipped: needs root to mount a tmpfs]';

/** Mounts tmpfs file systems and unmounts them (after the stores on them are closed). */
export class Tmpfs {
  readonly #mounts: string[] = [];

  /** A new tmpfs of `sizeKb`, mode 0700, in the system temp folder. */
  mount(sizeKb: number): string {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-tmpfs-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k,mode=0700`, 'tmpfs', dir]);
    this.#mounts.push(dir);
    return dir;
  }

  /** Unmounts (lazily) and removes every mount point; close what runs on them first. */
  unmountAll(): void {
    for (const dir of this.#mounts.splice(0)) {
      try {
        execFileSync('umount', ['-l', dir]);
      } catch {
        // already gone
      }
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

/**
 * Writes zeros into `path` (and `path`.tail) until the file system refuses (ENOSPC), leaving
 * `roomPages` pages of 4 KiB free (a file that size written first and removed last).
 */
export function fillDisk(path: string, roomPages = 0): void {
  writeFileSync(path + '.room', Buffer.alloc(roomPages * 4096));
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
  // Then the last pages, so not even one SQLite page fits.
  const small = openSync(path + '.tail', 'w');
  try {
    for (;;) writeSync(small, Buffer.alloc(512));
  } catch {
    // full
  } finally {
    closeSync(small);
  }
  rmSync(path + '.room');
}

/** Space returns: what fillDisk(path) wrote is removed. */
export function freeDisk(path: string): void {
  rmSync(path);
  rmSync(path + '.tail');
}
