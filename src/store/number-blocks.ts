/**
 * Number blocks: the numbers of one queue for one service day that the branch service leased to
 * this kiosk for offline use (migrations/0002). The branch took them from the same counter as
 * its online numbers, so no other kiosk holds them; this module hands each out once.
 *
 * A number is taken inside the caller's write transaction (the ticket store's reservation), so
 * the block's `next_sequence` and the ticket row commit together: after a crash either both are
 * there or neither, and the number is never issued twice, even across restarts.
 */
import type Database from 'better-sqlite3';
import { MAX_QUEUE_SEQUENCE } from '../contract/numbers.js';
import { StoreError } from './errors.js';
import type { StoreContext, StoreTx } from './transaction.js';

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
  /** The next unused number of that queue and day, taken inside `tx`; null when none is left. */
  take(tx: StoreTx, serviceDay: string, businessTypeId: string): BlockNumber | null;
}

function statements(db: Database.Database) {
  return {
    insert: db.prepare(
      `INSERT INTO number_blocks (request_id, service_day, business_type_id, prefix,
         first_sequence, last_sequence, next_sequence, granted_at)
       VALUES (@requestId, @serviceDay, @businessTypeId, @prefix, @firstSequence, @lastSequence,
         @firstSequence, @grantedAt)
       ON CONFLICT (request_id) DO NOTHING`,
    ),
    next: db.prepare(
      `SELECT request_id, prefix, next_sequence FROM number_blocks
       WHERE service_day = ? AND business_type_id = ? AND next_sequence <= last_sequence
       ORDER BY first_sequence LIMIT 1`,
    ),
    advance: db.prepare(
      'UPDATE number_blocks SET next_sequence = next_sequence + 1 WHERE request_id = ?',
    ),
    left: db.prepare(
      `SELECT coalesce(sum(last_sequence - next_sequence + 1), 0) AS n FROM number_blocks
       WHERE service_day = ? AND business_type_id = ?`,
    ),
    dropBefore: db.prepare('DELETE FROM number_blocks WHERE service_day < ?'),
  };
}

export function createNumberBlocks({ db, now }: StoreContext): NumberBlocks {
  const sql = statements(db);
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
      return sql.insert.run({ ...block, grantedAt }).changes > 0;
    },
    numbersLeft(serviceDay, businessTypeId) {
      return (sql.left.get(serviceDay, businessTypeId) as { n: number }).n;
    },
    dropExpiredBlocks(today) {
      return sql.dropBefore.run(today).changes;
    },
    take(tx, serviceDay, businessTypeId) {
      if (tx.db !== db || !db.inTransaction) {
        throw new StoreError(
          'NOT_IN_TRANSACTION',
          'A block number must be taken inside the write that records its ticket.',
        );
      }
      const row = sql.next.get(serviceDay, businessTypeId) as
        { request_id: string; prefix: string; next_sequence: number } | undefined;
      if (row === undefined) return null;
      sql.advance.run(row.request_id);
      return { sequence: row.next_sequence, prefix: row.prefix };
    },
  };
}
