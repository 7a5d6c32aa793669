/**
 * The store's readiness, like the printer's: can the kiosk record work right now? A full disk or
 * a data folder that became read-only (a remount after an I/O error, a write-protected card) is
 * found before a customer chooses anything, so the session can tell them to go to a counter
 * instead of walking them through the menu to an out-of-service screen.
 *
 * Nothing here writes customer data: the checks are the file system's free space and the
 * folder's writability, and a failed store write (SQLITE_FULL, SQLITE_READONLY) triggers a check
 * at once. SQLite refuses a write it cannot complete and keeps what is committed, so a full or
 * read-only disk damages nothing already stored; the watch only decides what the customer is
 * offered. The WAL is checkpointed (TRUNCATE) on every tick where it has grown past its limit,
 * and after the disk comes back, so the log does not eat the space it needs. When space returns
 * the readiness clears by itself on the next tick.
 */
import { accessSync, constants, statfsSync, statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { checkpointWal, WAL_SIZE_LIMIT_BYTES } from './open.js';

/** Why the store cannot take work now; null when it can. */
export type StoreProblem = 'diskFull' | 'readOnly';

export interface StoreHealth {
  readonly problem: StoreProblem | null;
  /** Free bytes for the kiosk's user on the data folder's file system; null when unknown. */
  readonly freeBytes: number | null;
  /** The system's code for a read-only or unreachable folder (EROFS, EACCES…); else null. */
  readonly code: string | null;
}

export interface SpaceWatchOptions {
  readonly dataDir: string;
  readonly db: Database.Database;
  /** Below this the kiosk stops taking work (a ticket needs a few KB; the WAL more). 8 MiB. */
  readonly minFreeBytes?: number;
  /** How often the disk is looked at. 15 s. */
  readonly intervalMs?: number;
  /** For tests: the file system's free space. Default: statfs. */
  readonly freeBytes?: (dataDir: string) => number;
}

export const DEFAULT_MIN_FREE_BYTES = 8 * 1024 * 1024;
export const DEFAULT_SPACE_CHECK_MS = 15_000;

export { isSpaceOrMediaError } from './errors.js';

const statfsFree = (dataDir: string): number => {
  const stats = statfsSync(dataDir);
  return Number(stats.bavail) * Number(stats.bsize);
};

export class StoreSpaceWatch {
  readonly #dataDir: string;
  readonly #db: Database.Database;
  readonly #minFree: number;
  readonly #intervalMs: number;
  readonly #freeBytes: (dataDir: string) => number;
  readonly #listeners = new Set<(health: StoreHealth) => void>();
  #health: StoreHealth = { problem: null, freeBytes: null, code: null };
  #timer: ReturnType<typeof setInterval> | null = null;

  constructor(options: SpaceWatchOptions) {
    this.#dataDir = options.dataDir;
    this.#db = options.db;
    this.#minFree = options.minFreeBytes ?? DEFAULT_MIN_FREE_BYTES;
    this.#intervalMs = options.intervalMs ?? DEFAULT_SPACE_CHECK_MS;
    this.#freeBytes = options.freeBytes ?? statfsFree;
    this.check();
  }

  /** Why the store cannot take work now, or null. */
  current(): StoreProblem | null {
    return this.#health.problem;
  }

  health(): StoreHealth {
    return this.#health;
  }

  /** Called when the problem changes (not on every tick). Returns an unsubscribe. */
  onChange(listener: (health: StoreHealth) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Looks at the disk now (a tick, or a store write that just failed); never throws. */
  check(): StoreHealth {
    const previous = this.#health;
    const next = this.#measure();
    this.#health = next;
    if (next.problem === null) this.#checkpointIfDue(previous.problem !== null);
    if (next.problem !== previous.problem) {
      for (const listener of this.#listeners) {
        try {
          listener(next);
        } catch {
          // One listener's failure must not keep the news from the others.
        }
      }
    }
    return next;
  }

  start(): void {
    if (this.#timer !== null) return;
    this.#timer = setInterval(() => this.check(), this.#intervalMs);
    this.#timer.unref?.();
  }

  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    this.#listeners.clear();
  }

  #measure(): StoreHealth {
    try {
      accessSync(this.#dataDir, constants.W_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'UNKNOWN';
      return { problem: 'readOnly', freeBytes: null, code };
    }
    let free: number | null = null;
    try {
      free = this.#freeBytes(this.#dataDir);
    } catch {
      // Unknown free space is not a reason to turn customers away; a failed write is.
    }
    if (free !== null && free < this.#minFree)
      return { problem: 'diskFull', freeBytes: free, code: null };
    return { problem: null, freeBytes: free, code: null };
  }

  /** TRUNCATE when the WAL has grown past its limit, or just after the disk came back. */
  #checkpointIfDue(recovered: boolean): void {
    if (!this.#db.open) return;
    let walBytes = 0;
    try {
      walBytes = statSync(`${this.#db.name}-wal`).size;
    } catch {
      // No WAL file: nothing to fold in.
    }
    if (recovered || walBytes > WAL_SIZE_LIMIT_BYTES) checkpointWal(this.#db);
  }
}
