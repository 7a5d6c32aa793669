/**
 * The kiosk store: one SQLite database, opened and recovered by ./open.ts, with one module per
 * aggregate on the same connection: tickets (./tickets.ts), the outbox (./outbox.ts) and the
 * configuration cache (./config-cache.ts). `KioskStore` is the facade the composition root, the
 * sync worker (its OutboxPort) and the benches use; it only delegates.
 */
import { createConfigCache } from './config-cache.js';
import type { CachedConfig } from './config-cache.js';
import { openDatabase } from './open.js';
import type { OpenStoreOptions, StoreBootReport } from './open.js';
import { OutboxQueue } from './outbox.js';
import type { OutboxItem, OutboxRejection, OutboxStats } from './outbox.js';
import type { QuarantinedOutboxItem } from './quarantine.js';
import { createTicketStore } from './tickets.js';
import { TicketJournal } from './ticket-journal.js';
import type { TicketStore } from './tickets.js';
import { isSpaceOrMediaError, StoreSpaceWatch } from './space-watch.js';
import type { SpaceWatchOptions } from './space-watch.js';
import { createStoreWrite, nestedCommitError } from './transaction.js';
import { IdleCheckpoint, type IdleCheckpointOptions } from './wal-checkpoint.js';
import { createPersonalDataSealer, type DeviceKeyProvider } from './personal-data.js';
import { fileDeviceKey } from './personal-data-key.js';
import {
  createPersonalDataPurge,
  DEFAULT_PURGE_AFTER_MS,
  type PersonalDataPurge,
  type PersonalDataPurgeOptions,
} from './personal-data-purge.js';
import type { StoreContext, StoreWrite } from './transaction.js';

// Re-exported for modules that import the types from here (src/sync/worker.ts).
export { DATABASE_FILE_NAME } from './open.js';
export type { OpenStoreOptions, StoreBootReport } from './open.js';
export type { OutboxItem, OutboxRejection, OutboxState, OutboxStats } from './outbox.js';
export type { CachedConfig } from './config-cache.js';
export type { QuarantinedOutboxItem } from './quarantine.js';
export { serviceDayOf } from './tickets.js';

export interface KioskStore extends TicketStore {
  readonly kioskId: string;
  readonly boot: StoreBootReport;
  /** Can the store take work now (disk space, writable media)? Watched from open to close. */
  readonly space: StoreSpaceWatch;
  /** Removes personal fields a while after the branch acknowledged them; runs from open to close. */
  readonly personalDataPurge: PersonalDataPurge;
  /**
   * Moves the ticket journal's rows (what reserve and issue appended) into tickets and outbox
   * now (./ticket-journal.ts). Every reader does it first and the store does it when idle; for
   * the benches, which time it apart from the customer's commits.
   */
  foldTicketJournal(): void;
  outboxStats(): OutboxStats;
  /** Pending items in seq order, up to maxItems and maxBytes (always at least one if any). */
  nextOutboxBatch(limits: { readonly maxItems: number; readonly maxBytes: number }): OutboxItem[];
  /** Marks pending items acknowledged; returns how many changed. */
  markOutboxAcked(ids: readonly string[]): number;
  /** Marks a pending item rejected for good; returns false when it was not pending. */
  markOutboxRejected(id: string, reason: string): boolean;
  /** Counts a failed delivery attempt on pending items and remembers the error. */
  recordOutboxAttempt(ids: readonly string[], error: string | null): void;
  outboxRejections(limit?: number): OutboxRejection[];
  /** Rows moved out of the outbox because they failed their checks, most recent first. */
  quarantinedOutbox(limit?: number): QuarantinedOutboxItem[];
  /** Called for each row moved to the quarantine (the technician's log). */
  onOutboxQuarantined(listener: (item: QuarantinedOutboxItem) => void): () => void;
  /** Called after a transaction that appended outbox rows has committed (the sync worker's kick). */
  onOutboxAppended(listener: () => void): () => void;
  cacheConfig(key: string, value: unknown, etag: string | null): void;
  /** The service answered 304: the cached value is still current as of now. */
  touchCachedConfig(key: string): boolean;
  getCachedConfig(key: string): CachedConfig | undefined;
  /**
   * Builds a feature's store module (its statements, its writes with their outbox items) on
   * this store's connection, e.g. `store.featureStore(createTicketStore)`. Call it once per
   * feature at start-up; the module lives until close().
   */
  featureStore<T>(create: (context: StoreContext) => T): T;
  close(): void;
}

/**
 * Opens (creating when needed) the kiosk database in `dataDir` (0700, files 0600), checks it,
 * migrates it, and builds the aggregates on it. See openDatabase for recovery and refusals.
 */
export function openStore(
  options: OpenStoreOptions & {
    readonly spaceWatch?: Omit<SpaceWatchOptions, 'dataDir' | 'db'>;
    /**
     * When the store folds the WAL into the database (PASSIVE) so that a customer's commit does
     * not pay for it: 3 s after its last write, once 8 writes are in the WAL (./wal-checkpoint.ts).
     */
    readonly idleCheckpoint?: IdleCheckpointOptions;
    /**
     * The personal-data key and purge (issue 7): the key from `deviceKey` (default: the 0600
     * key file in dataDir; the composition root passes Electron's safeStorage under Electron),
     * purged `purgeAfterMs` after the branch's acknowledgement (default a day).
     */
    readonly personalData?: {
      readonly deviceKey?: DeviceKeyProvider;
    } & Partial<PersonalDataPurgeOptions>;
  },
): KioskStore {
  const { db, boot } = openDatabase(options);
  const now = options.now ?? (() => new Date());
  try {
    // Deleted and overwritten cells are zeroed, so a purged comment leaves no bytes behind.
    db.pragma('secure_delete = ON');
    const personalData = createPersonalDataSealer(
      options.personalData?.deviceKey ?? fileDeviceKey(options.dataDir),
    );
    const space = new StoreSpaceWatch({ ...options.spaceWatch, dataDir: options.dataDir, db });
    const write = createStoreWrite(db, options.kioskId, now);
    const outbox = new OutboxQueue(db, now);
    // Reserve and issue append here; every other reader folds it first (./ticket-journal.ts).
    const journal = new TicketJournal(db, {
      now,
      outboxAppended: outbox.notifyAppended,
      quarantined: (entry) => outbox.reportQuarantined(entry),
      commitAlone,
    });
    // A fold is a write too: a disk that refuses it is news now, as for watchedWrite below.
    const foldJournal = (options?: { readonly flush?: boolean }) => {
      try {
        journal.fold(options);
      } catch (error) {
        if (isSpaceOrMediaError(error)) space.check();
        throw error;
      }
    };
    outbox.beforeAppend = (tx) => journal.foldIn(tx);
    // Idle: the journal folded before the checkpoint (which takes the fold with it); after it,
    // the ticket store's settlement mark moves up (boot then reads only the tickets since); its
    // write, not the next customer's, restarts the WAL.
    const idleCheckpoint = new IdleCheckpoint(
      db,
      options.idleCheckpoint,
      () => tickets.advanceSettledMark(),
      () => foldJournal({ flush: false }),
    );
    // One statement committed on its own, watched as a write (the ticket journal's appends).
    function commitAlone(run: () => void): void {
      if (db.inTransaction) throw nestedCommitError();
      try {
        run();
      } catch (error) {
        if (isSpaceOrMediaError(error)) space.check();
        throw error;
      }
      // Committed: nothing after this may turn the commit into an error for the caller, who
      // would then forget a row the disk holds (and append an issue twice on a retry).
      try {
        idleCheckpoint.wrote();
      } catch {
        // Housekeeping only: the checkpoint is made at the next write or at close.
      }
    }
    // A write the disk refused is news now, not at the next tick: the next customer is told.
    const watchedWrite: StoreWrite = (work) => {
      try {
        const result = write(work);
        idleCheckpoint.wrote();
        return result;
      } catch (error) {
        if (isSpaceOrMediaError(error)) space.check();
        throw error;
      }
    };
    const context: StoreContext = {
      db,
      kioskId: options.kioskId,
      now,
      write: watchedWrite,
      personalData,
      foldJournal,
    };
    const purge = createPersonalDataPurge(context, {
      ...options.personalData,
      purgeAfterMs: options.personalData?.purgeAfterMs ?? DEFAULT_PURGE_AFTER_MS,
    });
    space.start();
    purge.start();
    const tickets = createTicketStore(context);
    const config = createConfigCache(db, now);
    return {
      kioskId: options.kioskId,
      boot,
      space,
      personalDataPurge: purge,
      requestNumber: (input) => tickets.requestNumber(input),
      reserveTicket: (input) => tickets.reserveTicket(input),
      settleInterruptedReservations: () => tickets.settleInterruptedReservations(),
      advanceSettledMark: () => tickets.advanceSettledMark(),
      addNumberBlock: (block) => tickets.addNumberBlock(block),
      numbersLeft: (serviceDay, businessTypeId) => tickets.numbersLeft(serviceDay, businessTypeId),
      dropExpiredBlocks: (today) => tickets.dropExpiredBlocks(today),
      issueTicket: (ticketId, input) => tickets.issueTicket(ticketId, input),
      recordReprint: (ticketId) => tickets.recordReprint(ticketId),
      getTicket: (id) => tickets.getTicket(id),
      unissuedTickets: () => tickets.unissuedTickets(),
      foldTicketJournal: foldJournal,
      // The outbox's readers and writers see the items the journal holds: folded first.
      outboxStats: () => {
        try {
          foldJournal();
        } catch (error) {
          if (!isSpaceOrMediaError(error)) throw error;
          // The disk refuses the fold (the space watch knows now): the backlog still counts the
          // issued tickets only the journal holds, so the technician sees the true figure.
          return withUnfoldedIssues(outbox.stats(), journal.unfoldedIssues());
        }
        return outbox.stats();
      },
      nextOutboxBatch: (limits) => (foldJournal(), outbox.nextBatch(limits)),
      markOutboxAcked: (ids) => (foldJournal(), outbox.markAcked(ids)),
      markOutboxRejected: (id, reason) => (foldJournal(), outbox.markRejected(id, reason)),
      recordOutboxAttempt: (ids, error) => (foldJournal(), outbox.recordAttempt(ids, error)),
      outboxRejections: (limit) => (foldJournal(), outbox.rejections(limit)),
      quarantinedOutbox: (limit) => (foldJournal(), outbox.quarantined(limit)),
      onOutboxQuarantined: (listener) => outbox.onQuarantined(listener),
      onOutboxAppended: (listener) => outbox.onAppended(listener),
      cacheConfig: (key, value, etag) => config.cacheConfig(key, value, etag),
      touchCachedConfig: (key) => config.touchCachedConfig(key),
      getCachedConfig: (key) => config.getCachedConfig(key),
      featureStore: (create) => create(context),
      close() {
        idleCheckpoint.stop();
        try {
          // A clean shutdown leaves the journal empty (an unclean one: the next open folds it).
          foldJournal();
        } catch {
          // The disk refused: the rows stay in the journal, folded at the next open.
        }
        space.stop();
        purge.stop();
        outbox.close();
        if (db.open) db.close();
      },
    };
  } catch (err) {
    db.close();
    throw err;
  }
}

/** The outbox's counts with the journal's unfolded issues (each one outbox item once folded). */
function withUnfoldedIssues(
  stats: OutboxStats,
  unfolded: { readonly count: number; readonly oldestIssuedAt: string | null },
): OutboxStats {
  const oldest = [stats.oldestPendingAt, unfolded.oldestIssuedAt].filter(
    (at): at is string => at !== null,
  );
  return {
    ...stats,
    pending: stats.pending + unfolded.count,
    oldestPendingAt: oldest.length === 0 ? null : oldest.sort()[0]!,
  };
}
