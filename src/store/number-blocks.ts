/**
 * Number blocks: the numbers of one queue for one service day that the branch service leased to
 * this kiosk for offline use (migrations/0002). The branch took them from the same counter as
 * its online numbers, so no other kiosk holds them; this module hands each out once.
 *
 * A number is taken by the ticket store's reservation, and the row its durable write inserts is
 * the record that the number is used: a block's next
 * number is one past the highest number of its range among the day's offline tickets of its
 * queue (found at the end of the block's range in the unique index tickets_day_type_sequence, a
 * key lookup however long the day), and never below the block's `next_sequence`. Tickets are
 * never deleted and a voided one keeps its row, so a number is never issued twice, even across
 * crashes and restarts. Since the ticket journal (migrations/0012), the record is the
 * reservation's journal row until the fold moves it into tickets: the tables are read once per
 * queue and day (at its first reservation on the connection, and again after its blocks
 * change), and each reservation since takes the next number from memory, which the fold does
 * not change (it moves the very rows the memory counted). The open folds before the first
 * reservation, so a restart reads the tables with every reservation a crash left in the
 * journal.
 *
 * `next_sequence` is a floor, no longer advanced per ticket (issue 7, durable enqueue: that
 * update was a page write and a statement in every reservation): it starts at the block's first
 * number, and salvage (./salvage.ts) retires a block by setting it past the last one, because a
 * salvaged database may have lost the tickets that used its numbers. A database written before
 * this kept it at the next number itself, which the floor reads the same way.
 */
import type Database from 'better-sqlite3';
import { MAX_QUEUE_SEQUENCE } from '../contract/numbers.js';
import { StoreError } from './errors.js';
import type { StoreContext } from './transaction.js';

/** A block as the branch granted it. */
export interface NumberBlock {
  /** The lease request's UUID: a block granted twice (a retried request) is kept once. */
  readonly requestId: string;
  readonly serviceDay: string;
  readonly businessTypeId: string;
  readonly prefix: string;
  readonly firstSequence: number;
  readonly lastSequence: number;
}

/** A number taken from a block. */
export interface BlockNumber {
  readonly sequence: number;
  readonly prefix: string;
}

export interface NumberBlockStore {
  /** Keeps a granted block; false when it was already kept (same request id). */
  addNumberBlock(block: NumberBlock): boolean;
  /** Numbers still unused in this queue's blocks for that day. */
  numbersLeft(serviceDay: string, businessTypeId: string): number;
  /** Forgets blocks of days before `today` (they expired with their day); returns how many. */
  dropExpiredBlocks(today: string): number;
}

export interface NumberBlocks extends NumberBlockStore {
  /**
   * The next unused number of that queue and day; null when none is left. The caller records it
   * in the reservation's durable write (its ticket journal row, or its tickets row) right away.
   */
  take(serviceDay: string, businessTypeId: string): BlockNumber | null;
}

/**
 * Each block of a queue and day (the two parameters) with `next`, its next unused number: past
 * the highest number of its range among that day's offline tickets of the queue (a number from
 * the branch is not one of the block's, as before), and at least its next_sequence (see above).
 * Read backwards from the end of the block's range in tickets_day_type_sequence: the first entry
 * is the block's last ticket, whatever the day's count.
 */
const NEXT_OF_BLOCK = `
  SELECT b.prefix, b.first_sequence, b.last_sequence,
    max(b.next_sequence, coalesce(
      (SELECT tickets.sequence FROM tickets
       WHERE tickets.service_day = b.service_day AND tickets.business_type_id = b.business_type_id
         AND tickets.sequence BETWEEN b.first_sequence AND b.last_sequence
         AND tickets.issued_offline = 1
       ORDER BY tickets.sequence DESC LIMIT 1), 0) + 1) AS next
  FROM number_blocks b WHERE b.service_day = ? AND b.business_type_id = ?`;

function statements(db: Database.Database) {
  return {
    insert: db.prepare(
      `INSERT INTO number_blocks (request_id, service_day, business_type_id, prefix,
         first_sequence, last_sequence, next_sequence, granted_at)
       VALUES (@requestId, @serviceDay, @businessTypeId, @prefix, @firstSequence, @lastSequence,
         @firstSequence, @grantedAt)
       ON CONFLICT (request_id) DO NOTHING`,
    ),
    // The day's blocks of one queue (a handful) with each one's next unused number, each read
    // once (MATERIALIZED: flattened, the WHERE would run the subquery a second time).
    // Each block of the queue and day with its next unused number, in the order they are used.
    blocks: db.prepare(
      `SELECT prefix, next, last_sequence AS last FROM (${NEXT_OF_BLOCK})
       ORDER BY first_sequence`,
    ),
    left: db.prepare(
      `SELECT coalesce(sum(max(last_sequence - next + 1, 0)), 0) AS n FROM (${NEXT_OF_BLOCK})`,
    ),
    dropBefore: db.prepare('DELETE FROM number_blocks WHERE service_day < ?'),
  };
}

/** A block's next number to hand out, kept in memory between reservations. */
interface BlockCursor {
  readonly prefix: string;
  next: number;
  readonly last: number;
}

/**
 * Each connection's cursors: each queue and day's blocks with their next numbers, read from the
 * tables at the queue's first reservation and advanced by each one since (issue 7: a
 * reservation's ticket row may still be in the ticket journal, ./ticket-journal.ts, where the
 * query above cannot see it; and reading it was statement work in every reservation). Read
 * again after a queue's blocks change. Kept per connection, not per ticket store, so that two
 * ticket stores built on one connection (featureStore) hand out one sequence.
 *
 * Not read again after a fold: the fold moves exactly the rows the cursors counted, so they
 * stay exact; reading them again made the next customer's reservation pay for the query (7 µs
 * of CPU, about 20 µs on the benchmark's disk, once per ticket when the sync drain folds after
 * each one). What is written to the tables from outside the kiosk while it runs is not seen
 * until the next start (README "Numbering and delivery guarantees").
 */
const cursorsOfConnection = new WeakMap<Database.Database, Map<string, BlockCursor[]>>();

export function createNumberBlocks({ db, now }: StoreContext): NumberBlocks {
  const sql = statements(db);
  const cursors = cursorsOfConnection.get(db) ?? new Map<string, BlockCursor[]>();
  cursorsOfConnection.set(db, cursors);
  const cursorsOf = (serviceDay: string, businessTypeId: string): BlockCursor[] => {
    const key = `${serviceDay}\u0000${businessTypeId}`;
    let queue = cursors.get(key);
    if (queue === undefined) {
      queue = sql.blocks.all(serviceDay, businessTypeId) as BlockCursor[];
      cursors.set(key, queue);
    }
    return queue;
  };
  return {
    addNumberBlock(block) {
      const { firstSequence: first, lastSequence: last } = block;
      if (!(Number.isInteger(first) && Number.isInteger(last) && first >= 1)) {
        throw new StoreError(
          'INVALID_ARGUMENT',
          `A number block needs whole sequences from 1, got ${first}…${last}.`,
        );
      }
      if (last < first || last > MAX_QUEUE_SEQUENCE) {
        throw new StoreError(
          'INVALID_ARGUMENT',
          `A number block must run upwards within 1…${MAX_QUEUE_SEQUENCE}, got ${first}…${last}.`,
        );
      }
      const grantedAt = now().toISOString();
      cursors.clear();
      return sql.insert.run({ ...block, grantedAt }).changes > 0;
    },
    numbersLeft(serviceDay, businessTypeId) {
      return (sql.left.get(serviceDay, businessTypeId) as { n: number }).n;
    },
    dropExpiredBlocks(today) {
      cursors.clear();
      return sql.dropBefore.run(today).changes;
    },
    take(serviceDay, businessTypeId) {
      // A number whose record fails (a write rolled back, a disk that refuses the reservation's
      // commit) is skipped: a gap, never a duplicate.
      for (const block of cursorsOf(serviceDay, businessTypeId)) {
        if (block.next > block.last) continue;
        const sequence = block.next;
        block.next += 1;
        return { sequence, prefix: block.prefix };
      }
      return null;
    },
  };
}
