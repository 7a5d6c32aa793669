/**
 * When the write-ahead log is folded into the database, so that a customer's commit does not pay
 * for it (issue 7, durable enqueue).
 *
 * A ticket is two durable commits (reserve before printing, issue after), each appended to the
 * WAL and fsync'd. Two things made them dearer than they need be:
 *
 * - SQLite's automatic checkpoint runs inside the commit that takes the WAL past its threshold,
 *   so every so many tickets one customer's commit also copied the WAL into the database and
 *   fsync'd that.
 * - After a checkpoint the WAL was cut back to 256 KiB (journal_size_limit) while it ran to
 *   1,000 frames (about 4 MiB) before the next one, so most commits appended past the end of the
 *   file: an fsync that must also write the file's new size through the file system's journal,
 *   where an overwrite inside the file needs only its data.
 *
 * So the store checkpoints when it is idle (PASSIVE, 3 s after its last write: between
 * customers, not while a ticket prints between its reservation and its issue), first folding
 * the ticket journal (./ticket-journal.ts: the rows a ticket's two commits appended, moved into
 * tickets and outbox without a flush of their own: the checkpoint flushes the WAL) so that the
 * checkpoint takes that too, and
 * the WAL keeps the size it needs between checkpoints, so the next commits overwrite it in
 * place. Not after
 * every customer: the first commit into a WAL started again from its beginning also fsyncs the
 * WAL's new header (synchronous = FULL), one flush more for that customer's reservation, so the
 * idle checkpoint waits until the WAL holds a few customers' writes
 * (DEFAULT_IDLE_CHECKPOINT_COMMITS, about 200 KB: under the space watch's WAL_SIZE_LIMIT_BYTES).
 * SQLite's automatic checkpoint stays as the hard bound (WAL_CHECKPOINT_FRAMES, about 1 MiB): a
 * store written without pause (a burst, a bench) still checkpoints there, and the WAL never grows
 * beyond it plus one transaction while no other connection holds a snapshot. The space watch
 * (./space-watch.ts) still truncates it to zero when it has passed WAL_SIZE_LIMIT_BYTES on a
 * tick, and after the disk comes back.
 *
 * Durability is unchanged: every commit is fsync'd to the WAL before it returns
 * (synchronous = FULL); a checkpoint only copies committed pages into the database file.
 */
import type Database from 'better-sqlite3';

/** SQLite's own checkpoint in the committing call: the hard bound on the WAL, in frames. */
export const WAL_CHECKPOINT_FRAMES = 256;

/** The commit that crosses the bound lands a few frames past it; keep room for a ticket's. */
const WAL_SLACK_FRAMES = 16;

/**
 * How long the store waits after its last write before it checkpoints: longer than a receipt
 * takes to print, so the checkpoint falls between customers rather than inside a ticket's flow.
 */
export const DEFAULT_IDLE_CHECKPOINT_MS = 3_000;

/** Store writes the WAL holds before an idle checkpoint is worth its restart (4 tickets). */
export const DEFAULT_IDLE_CHECKPOINT_COMMITS = 8;

export interface IdleCheckpointOptions {
  /** How long after the last write; DEFAULT_IDLE_CHECKPOINT_MS. */
  readonly idleMs?: number;
  /** Writes since the last checkpoint before one is made; DEFAULT_IDLE_CHECKPOINT_COMMITS. */
  readonly minCommits?: number;
}

/** The WAL's size in bytes for `frames` frames of `pageSize` (32-byte header, 24 per frame). */
export function walBytes(frames: number, pageSize: number): number {
  return 32 + frames * (pageSize + 24);
}

/**
 * Sets the connection's checkpoint threshold and what the WAL keeps after a checkpoint: as much
 * as it fills between two, so it is reused in place instead of cut back and extended again.
 */
export function configureWal(db: Database.Database): void {
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_FRAMES}`);
  db.pragma(`journal_size_limit = ${walBytes(WAL_CHECKPOINT_FRAMES + WAL_SLACK_FRAMES, pageSize)}`);
}

/** What a PASSIVE checkpoint did; `complete` when every frame of the WAL is in the database. */
export interface CheckpointResult {
  readonly complete: boolean;
  /** Frames in the WAL, and how many of them are in the database now. */
  readonly frames: number;
  readonly checkpointed: number;
}

/**
 * Copies what the WAL holds into the database without waiting for anyone (PASSIVE); the next
 * write then starts the WAL again from its beginning. Never throws: a checkpoint that cannot run
 * now (a reader holds an old snapshot, the disk refuses the write) is tried at the next idle.
 */
export function checkpointPassive(db: Database.Database): CheckpointResult {
  try {
    const [row] = db.pragma('wal_checkpoint(PASSIVE)') as {
      busy: number;
      log: number;
      checkpointed: number;
    }[];
    if (row === undefined) return { complete: false, frames: 0, checkpointed: 0 };
    return {
      complete: row.busy === 0 && row.log === row.checkpointed,
      frames: row.log,
      checkpointed: row.checkpointed,
    };
  } catch {
    return { complete: false, frames: 0, checkpointed: 0 };
  }
}

/**
 * Checkpoints once the store has been idle for `idleMs` after its last write, when at least
 * `minCommits` writes went into the WAL since the last checkpoint.
 */
export class IdleCheckpoint {
  readonly #db: Database.Database;
  readonly #idleMs: number;
  readonly #minCommits: number;
  #commits = 0;
  #lastWriteAt = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #stopped = false;

  readonly #afterCheckpoint: () => void;
  readonly #beforeCheckpoint: () => void;

  /**
   * `beforeCheckpoint` is store work whose writes the checkpoint should take with it (the ticket
   * journal's fold: ./ticket-journal.ts), without a flush of its own; what it throws is ignored.
   * `afterCheckpoint` is store work for an idle moment (the ticket store's settlement mark), run
   * after the checkpoint: a write there is the one that starts the WAL again from its beginning
   * (and fsyncs its new header), not the next customer's. What it throws is ignored.
   */
  constructor(
    db: Database.Database,
    options: IdleCheckpointOptions = {},
    afterCheckpoint: () => void = () => {},
    beforeCheckpoint: () => void = () => {},
  ) {
    const idleMs = options.idleMs ?? DEFAULT_IDLE_CHECKPOINT_MS;
    const minCommits = options.minCommits ?? DEFAULT_IDLE_CHECKPOINT_COMMITS;
    if (!(Number.isFinite(idleMs) && idleMs >= 0)) {
      throw new RangeError(`IdleCheckpoint: idleMs must be 0 or more, got ${idleMs}.`);
    }
    if (!(Number.isInteger(minCommits) && minCommits >= 1)) {
      throw new RangeError(`IdleCheckpoint: minCommits must be 1 or more, got ${minCommits}.`);
    }
    this.#db = db;
    this.#idleMs = idleMs;
    this.#minCommits = minCommits;
    this.#afterCheckpoint = afterCheckpoint;
    this.#beforeCheckpoint = beforeCheckpoint;
  }

  /** A write committed: (re)starts the wait once enough are in the WAL, so none runs mid-flow. */
  wrote(): void {
    if (this.#stopped) return;
    this.#commits += 1;
    if (this.#commits < this.#minCommits) return;
    // A timestamp, not a timer re-armed on every write: the timer looks at it when it fires.
    this.#lastWriteAt = performance.now();
    if (this.#timer === null) this.#arm(this.#idleMs);
  }

  #arm(delayMs: number): void {
    this.#timer = setTimeout(() => {
      this.#timer = null;
      const idleFor = performance.now() - this.#lastWriteAt;
      if (idleFor < this.#idleMs) this.#arm(this.#idleMs - idleFor);
      else this.checkpointNow();
    }, delayMs);
    // The kiosk's process does not stay up for a checkpoint: closing the store makes one.
    this.#timer.unref?.();
  }

  /** Checkpoints now (the timer's work); also for a caller that knows the store is idle. */
  checkpointNow(): CheckpointResult {
    if (this.#stopped || !this.#db.open || this.#db.inTransaction) {
      return { complete: false, frames: 0, checkpointed: 0 };
    }
    try {
      this.#beforeCheckpoint();
    } catch {
      // Idle housekeeping: tried again at the next idle (and before the next read).
    }
    const result = checkpointPassive(this.#db);
    try {
      this.#afterCheckpoint();
    } catch {
      // Idle housekeeping: tried again at the next idle.
    }
    // Incomplete (a reader holds an old snapshot): tried again after the next write.
    if (result.complete) this.#commits = 0;
    return result;
  }

  /** At close: no checkpoint after this (SQLite makes the last one when the connection closes). */
  stop(): void {
    this.#stopped = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
