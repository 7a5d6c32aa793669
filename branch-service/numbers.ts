/**
 * Branch numbers (POST /v1/numbers) and offline number blocks (POST /v1/number-leases),
 * framework-free: plain functions of the database, the authenticated kiosk and a checked body.
 *
 * One range 1…9999 per queue per service day (number_sequences): an allocation takes the next
 * value from the bottom, a lease takes `size` values from the top, so online numbers stay dense
 * (A0001, A0002…) and offline blocks sit apart (A9951–A9999…). Both lock the range's row
 * (SELECT … FOR UPDATE) in their transaction, so on one PostgreSQL database, with any number of
 * service instances, every value is handed out exactly once: to one ticket online, or inside
 * one kiosk's block. A kiosk issues a block's values itself, once each (its store), so no two
 * kiosks ever show the same number on a day.
 *
 * End of the range: a queue has MAX_QUEUE_SEQUENCE (9999) numbers a day and never wraps (a
 * wrapped number would be the same number twice on one day). When the two ends meet, an
 * allocation is refused with 409 NUMBERS_EXHAUSTED; a lease gets what is left, and 409 once
 * nothing is.
 */
import type {
  NumberAnswer,
  NumberLeaseAnswer,
  NumberLeaseRequest,
  NumberRequest,
} from '../src/contract/numbers.js';
import { MAX_QUEUE_SEQUENCE, formatQueueNumber } from '../src/contract/numbers.js';
import type { BusinessType } from '../src/domain/business-type.js';
import type { BranchDatabase, SqlExecutor } from './db.js';
import { HttpError } from './http.js';
import { estimateWaitMinutes, queueSummaries } from './queue.js';

/** What the number handlers need besides the database: the branch's queues (their prefixes). */
export interface NumberingOptions {
  readonly businessTypes: readonly BusinessType[];
}

function businessTypeOf(options: NumberingOptions, id: string): BusinessType {
  const type = options.businessTypes.find((t) => t.id === id);
  if (type === undefined) {
    throw new HttpError(
      422,
      'UNKNOWN_BUSINESS_TYPE',
      `Business type ${id} is not offered by this branch; refresh the kiosk's configuration.`,
    );
  }
  return type;
}

function exhausted(request: { businessTypeId: string; serviceDay: string }): HttpError {
  return new HttpError(
    409,
    'NUMBERS_EXHAUSTED',
    `Queue ${request.businessTypeId} has handed out all ${MAX_QUEUE_SEQUENCE} numbers of ` +
      `${request.serviceDay}; send the customer to a counter (numbers never repeat in a day).`,
  );
}

/**
 * Takes values from the queue's range of that day: `from: 'bottom'` the next `size` values
 * upwards (online numbers), `from: 'top'` the `size` values below the lowest leased one (offline
 * blocks), fewer if the two ends meet. Returns [first, last], or null when nothing is left.
 * Must run inside a transaction: the row lock makes concurrent takers (any instance) take turns.
 */
async function takeSequences(
  tx: SqlExecutor,
  serviceDay: string,
  businessTypeId: string,
  size: number,
  from: 'bottom' | 'top',
): Promise<readonly [number, number] | null> {
  await tx.query(
    `INSERT INTO number_sequences (service_day, business_type_id, last_sequence, lowest_leased)
     VALUES ($1::date, $2, 0, $3) ON CONFLICT DO NOTHING`,
    [serviceDay, businessTypeId, MAX_QUEUE_SEQUENCE + 1],
  );
  const [row] = await tx.query<{ last_sequence: number; lowest_leased: number }>(
    `SELECT last_sequence, lowest_leased FROM number_sequences
     WHERE service_day = $1::date AND business_type_id = $2 FOR UPDATE`,
    [serviceDay, businessTypeId],
  );
  const { last_sequence: low, lowest_leased: high } = row!;
  const free = high - low - 1;
  if (free <= 0) return null;
  const taken = Math.min(size, free);
  const range: readonly [number, number] =
    from === 'bottom' ? [low + 1, low + taken] : [high - taken, high - 1];
  await tx.query(
    `UPDATE number_sequences SET last_sequence = $3, lowest_leased = $4
     WHERE service_day = $1::date AND business_type_id = $2`,
    from === 'bottom'
      ? [serviceDay, businessTypeId, range[1], high]
      : [serviceDay, businessTypeId, low, range[0]],
  );
  return range;
}

interface AllocationRow {
  kiosk_id: string;
  service_day: string;
  business_type_id: string;
  sequence: number;
  number: string;
  /** The kiosk voided the request (it gave up waiting): the number is recorded as skipped. */
  voided: boolean;
}

const READ_ALLOCATION = `SELECT a.kiosk_id, to_char(a.service_day, 'YYYY-MM-DD') AS service_day,
  a.business_type_id, a.sequence, a.number, coalesce(q.state = 'voided', false) AS voided
  FROM number_allocations a LEFT JOIN queue_entries q ON q.ticket_id = a.ticket_id
  WHERE a.ticket_id = $1`;

function voidedRequest(ticketId: string, number: string): HttpError {
  return new HttpError(
    409,
    'TICKET_VOIDED',
    `This kiosk voided ticket id ${ticketId} (it stopped waiting for the answer); its number ` +
      `${number} is recorded as skipped and is not handed out. Make a new ticket id (UUIDv7) ` +
      'for a new number.',
  );
}

/** A second request for a ticket id (a retry after a lost answer) raced the first one. */
class AlreadyAllocated extends Error {}

/**
 * POST /v1/numbers: the next number of the queue for `request.ticketId`. Idempotent: the same
 * ticket id gets the same number again; another kiosk's ticket id is refused (409).
 *
 * A request the kiosk already voided (it stopped waiting, issued from its block and sent a
 * 'ticket.voided' item by ticket id) is refused with 409 TICKET_VOIDED, whether the void came
 * before or after the allocation: its number is spent and recorded as voided in the queue. The
 * kiosk has aborted that request by then, so the answer normally reaches nobody; were it read,
 * the client takes any 409 as a refusal ('requestRefused') and the ticket comes from the block
 * (src/sync/ticket-numbers.ts). The kiosk never asks again with a voided ticket id.
 */
export async function allocateNumber(
  db: BranchDatabase,
  kioskId: string,
  request: NumberRequest,
  options: NumberingOptions,
): Promise<NumberAnswer> {
  const type = businessTypeOf(options, request.businessTypeId);
  const existing = async () => {
    const [row] = await db.query<AllocationRow>(READ_ALLOCATION, [request.ticketId]);
    return row;
  };
  let allocation = await existing();
  if (allocation === undefined) {
    try {
      allocation = await db.transaction(async (tx) => {
        const range = await takeSequences(tx, request.serviceDay, type.id, 1, 'bottom');
        if (range === null) throw exhausted(request);
        const number = formatQueueNumber(type.prefix, range[0]);
        // Under the queue's lock, in a statement after it (a fresh READ COMMITTED snapshot): a
        // void of this request committed before the lock was ours is seen here; one that
        // commits later waits for this transaction and voids the entry itself (schema.sql,
        // queue_entries_from_items). Either way the number ends voided, never waiting.
        const [voided] = await tx.query<{ voided_at: string | null }>(
          `SELECT payload->>'voidedAt' AS voided_at FROM kiosk_items
           WHERE kind = 'ticket.voided' AND payload->>'ticketId' = $1 AND kiosk_id = $2
           LIMIT 1`,
          [request.ticketId, kioskId],
        );
        const inserted = await tx.query<AllocationRow>(
          `INSERT INTO number_allocations (ticket_id, kiosk_id, service_day, business_type_id,
             sequence, number) VALUES ($1, $2, $3::date, $4, $5, $6)
           ON CONFLICT (ticket_id) DO NOTHING
           RETURNING kiosk_id, to_char(service_day, 'YYYY-MM-DD') AS service_day,
             business_type_id, sequence, number, $7::boolean AS voided`,
          [
            request.ticketId,
            kioskId,
            request.serviceDay,
            type.id,
            range[0],
            number,
            voided !== undefined,
          ],
        );
        // Rolled back, so the counter's value is not spent: the first request's number stands.
        if (inserted.length === 0) throw new AlreadyAllocated();
        // A voided request still spends its value (recorded as skipped, like a void that came
        // after it), so the day's sequence reads the same whichever came first.
        await tx.query(
          `INSERT INTO queue_entries (ticket_id, service_day, business_type_id, number,
             kiosk_id, state, queued_at, finished_at)
           VALUES ($1, $2::date, $3, $4, $5, $6, now(), $7::timestamptz)
           ON CONFLICT (ticket_id) DO NOTHING`,
          [
            request.ticketId,
            request.serviceDay,
            type.id,
            number,
            kioskId,
            voided === undefined ? 'waiting' : 'voided',
            voided?.voided_at ?? null,
          ],
        );
        return inserted[0]!;
      });
    } catch (error) {
      if (!(error instanceof AlreadyAllocated)) throw error;
      allocation = await existing();
    }
  }
  if (allocation === undefined || allocation.kiosk_id !== kioskId) {
    throw new HttpError(
      409,
      'TICKET_ID_IN_USE',
      `Ticket id ${request.ticketId} already has a number from another kiosk; make a new ` +
        'ticket id (UUIDv7) on this kiosk.',
    );
  }
  if (
    allocation.business_type_id !== request.businessTypeId ||
    allocation.service_day !== request.serviceDay
  ) {
    throw new HttpError(
      409,
      'TICKET_ID_IN_USE',
      `Ticket id ${request.ticketId} already has number ${allocation.number} in queue ` +
        `${allocation.business_type_id} on ${allocation.service_day}; a retry must repeat the ` +
        'first request.',
    );
  }
  // Nobody is waiting for this answer: the kiosk timed out and took a number from its block.
  if (allocation.voided) throw voidedRequest(request.ticketId, allocation.number);
  const [ahead] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM queue_entries WHERE service_day = $1::date
       AND business_type_id = $2 AND state = 'waiting' AND ticket_id <> $3`,
    [request.serviceDay, type.id, request.ticketId],
  );
  const [summary] = await queueSummaries(db, request.serviceDay, [type.id]);
  const waitingAhead = ahead!.n;
  const [{ now }] = (await db.query<{ now: Date }>('SELECT now() AS now')) as [{ now: Date }];
  return {
    ticketId: request.ticketId,
    businessTypeId: type.id,
    serviceDay: request.serviceDay,
    sequence: allocation.sequence,
    number: allocation.number,
    waitingAhead,
    estimatedWaitMinutes: estimateWaitMinutes(
      waitingAhead,
      summary!.averageServiceSeconds,
      summary!.activeCounters,
    ),
    asOf: now.toISOString(),
  };
}

interface LeaseRow {
  kiosk_id: string;
  service_day: string;
  business_type_id: string;
  first_sequence: number;
  last_sequence: number;
}

/**
 * POST /v1/number-leases: a block of the queue's numbers for this kiosk to issue offline on
 * that day. Idempotent by requestId (a retry gets the same block). Near the end of the range
 * the block is smaller; with nothing left, 409 NUMBERS_EXHAUSTED.
 */
export async function leaseNumbers(
  db: BranchDatabase,
  kioskId: string,
  request: NumberLeaseRequest,
  options: NumberingOptions,
): Promise<NumberLeaseAnswer> {
  const type = businessTypeOf(options, request.businessTypeId);
  const read = async () => {
    const [row] = await db.query<LeaseRow>(
      `SELECT kiosk_id, to_char(service_day, 'YYYY-MM-DD') AS service_day, business_type_id,
         first_sequence, last_sequence FROM number_leases WHERE request_id = $1`,
      [request.requestId],
    );
    return row;
  };
  let lease = await read();
  if (lease === undefined) {
    try {
      lease = await db.transaction(async (tx) => {
        const range = await takeSequences(tx, request.serviceDay, type.id, request.size, 'top');
        if (range === null) throw exhausted(request);
        const rows = await tx.query<LeaseRow>(
          `INSERT INTO number_leases (request_id, kiosk_id, service_day, business_type_id,
             first_sequence, last_sequence) VALUES ($1, $2, $3::date, $4, $5, $6)
           ON CONFLICT (request_id) DO NOTHING
           RETURNING kiosk_id, to_char(service_day, 'YYYY-MM-DD') AS service_day,
             business_type_id, first_sequence, last_sequence`,
          [request.requestId, kioskId, request.serviceDay, type.id, range[0], range[1]],
        );
        if (rows.length === 0) throw new AlreadyAllocated();
        return rows[0]!;
      });
    } catch (error) {
      if (!(error instanceof AlreadyAllocated)) throw error;
      lease = await read();
    }
  }
  if (lease === undefined || lease.kiosk_id !== kioskId) {
    throw new HttpError(
      409,
      'REQUEST_ID_IN_USE',
      `Lease request ${request.requestId} belongs to another kiosk; make a new request id.`,
    );
  }
  return {
    requestId: request.requestId,
    businessTypeId: lease.business_type_id,
    serviceDay: lease.service_day,
    prefix: type.prefix,
    firstSequence: lease.first_sequence,
    lastSequence: lease.last_sequence,
  };
}
