import type Database from 'better-sqlite3';
import { StoreError } from './errors.js';
import type { PersonalDataSealer } from './personal-data.js';

/**
 * A write transaction in progress, handed to a feature's store code by `write`. A feature writes
 * its own rows with `tx.db` and its outbox rows with `appendOutbox(tx, …)`, so both commit or
 * roll back together (design.md §5: the outbox row is written in the business record's
 * transaction).
 */
export interface StoreTx {
  readonly db: Database.Database;
  readonly kioskId: string;
  /** The clock, read once as the transaction began: every row it writes carries this time. */
  readonly now: Date;
  /**
   * Runs callback once after the commit, never after a rollback; the same callback registered
   * twice runs once. A callback that throws is ignored: the data is committed by then, and a
   * faulty listener must not turn a committed ticket into an error for the customer.
   */
  afterCommit(callback: () => void): void;
}

/** Runs work in one IMMEDIATE transaction (the write lock taken up front) and returns its result. */
export type StoreWrite = <T>(work: (tx: StoreTx) => T) => T;

/** What a feature's store module is built from: the connection, the kiosk and the clock. */
export interface StoreContext {
  readonly db: Database.Database;
  readonly kioskId: string;
  readonly now: () => Date;
  readonly write: StoreWrite;
  /** Seals what the kiosk keeps of a person before it is written (./personal-data.ts). */
  readonly personalData: PersonalDataSealer;
  /**
   * Moves the ticket journal's rows into tickets and outbox (./ticket-journal.ts). Call it
   * first in every method that reads or writes those tables or number_blocks outside a write
   * (a write's appendOutbox folds by itself); free when nothing is unfolded.
   */
  readonly foldJournal: () => void;
}

export function createStoreWrite(
  db: Database.Database,
  kioskId: string,
  now: () => Date,
): StoreWrite {
  // One transaction function for the store's life: better-sqlite3 builds four wrappers each time
  // db.transaction() is called, a cost every ticket's two commits paid.
  const immediate = db.transaction((work: (tx: StoreTx) => unknown, tx: StoreTx) =>
    work(tx),
  ).immediate;
  return <T>(work: (tx: StoreTx) => T): T => {
    // better-sqlite3 would turn a nested call into a savepoint, and afterCommit would then fire
    // before the outer transaction commits. A feature that needs another's rows in its
    // transaction calls that feature's tx-taking function instead.
    if (db.inTransaction) {
      throw new StoreError(
        'NESTED_TRANSACTION',
        'A store write was started inside another store write: pass the outer transaction ' +
          "(tx) to the inner feature's function instead of opening a second one.",
      );
    }
    const callbacks = new Set<() => void>();
    const tx: StoreTx = {
      db,
      kioskId,
      now: now(),
      afterCommit: (callback) => void callbacks.add(callback),
    };
    const result = immediate(work, tx) as T;
    for (const callback of callbacks) {
      try {
        callback();
      } catch {
        // Committed already: see afterCommit.
      }
    }
    return result;
  };
}

/**
 * The error for a statement meant as its own durable commit (the ticket journal's appends)
 * started inside a store write, where it would commit with that write.
 */
export function nestedCommitError(): StoreError {
  return new StoreError(
    'NESTED_TRANSACTION',
    'A statement meant as its own durable commit was run inside a store write, where it would ' +
      'commit with that write: run it outside, or pass the write (tx) instead.',
  );
}
