/**
 * Branch numbers (POST /v1/numbers) and offline number blocks (POST /v1/number-leases),
 * framework-free: plain functions of the database, the authenticated kiosk and a checked body.
 *
 * One range 1…9999 per queue per service day (number_sequences): an allocation takes the next
 * value from the bottom, a lease takes `size` values from the top, so online numbers stay dense
 * (A0001, A0002…) and offline blocks sit apart (A9951–A9999…). Both lock the range's row
 * (INSERT … ON CONFLICT DO UPDATE, which locks the row it finds) until their commit: an
 * allocation in one call of schema.sql's allocate_queue_number, a lease in a transaction. So on
 * one PostgreSQL database, with any number of
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
import { MAX_QUEUE_SEQUENCE, QUEUE_NUMBER_DIGITS } from '../src/contract/numbers.js';
import type { BusinessType } from '../src/domain/business-type.js';
import { sqlState, type BranchDatabase, type SqlExecutor } from './db.js';
import { HttpError } from './http.js';
import { estimateWaitMinutes, waitAhead } from './queue.js';

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
 * Takes `size` values below the lowest leased one (an offline block), fewer if the two ends
 * meet. Returns [first, last], or null when nothing is left. The first statement creates the
 * day's row if missing, or locks it and reads its latest ends (a no-op ON CONFLICT DO UPDATE),
 * the second moves the top end down; the row stays locked until the transaction ends.
 */
async function takeTopSequences(
  tx: SqlExecutor,
  serviceDay: string,
  businessTypeId: string,
  size: number,
): Promise<readonly [number, number] | null> {
  const [row] = await tx.query<{ last_sequence: number; lowest_leased: number }>(
    `INSERT INTO number_sequences AS s (service_day, business_type_id, last_sequence, lowest_leased)
     VALUES ($1::date, $2, 0, $3)
     ON CONFLICT (service_day, business_type_id) DO UPDATE SET lowest_leased = s.lowest_leased
     RETURNING last_sequence, lowest_leased`,
    [serviceDay, businessTypeId, MAX_QUEUE_SEQUENCE + 1],
  );
  const { last_sequence: low, lowest_leased: high } = row!;
  const free = high - low - 1;
  if (free <= 0) return null;
  const range: readonly [number, number] = [high - Math.min(size, free), high - 1];
  await tx.query(
    `UPDATE number_sequences SET lowest_leased = $3
     WHERE service_day = $1::date AND business_type_id = $2`,
    [serviceDay, businessTypeId, range[0]],
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

/** What allocate_queue_number (schema.sql) answers. */
interface AllocateRow {
  o_outcome: 'allocated' | 'exhausted';
  o_sequence: number | null;
  o_number: string | null;
  o_voided: boolean;
}

/** The SQLSTATE allocate_queue_number raises for a ticket id that already has a number. */
const ALREADY_ALLOCATED = 'KA001';

/** A second request for a lease's request id (a retry after a lost answer) raced the first. */
class AlreadyAllocated extends Error {}

function voidedRequest(ticketId: string, number: string): HttpError {
  return new HttpError(
    409,
    'TICKET_VOIDED',
    `This kiosk voided ticket id ${ticketId} (it stopped waiting for the answer); its number ` +
      `${number} is recorded as skipped and is not handed out. Make a new ticket id (UUIDv7) ` +
      'for a new number.',
  );
}

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
  let allocation: AllocationRow | undefined;
  // A new ticket id is the common case: straight to the allocation, one autocommitted call
  // (schema.sql, allocate_queue_number: the lock, the void lookup and the two rows). A retried
  // one finds its allocation there (SQLSTATE KA001, rolled back so the value is not spent) and is
  // read below; so is one whose queue has since run out, which must still get its number.
  let exhaustedNow = false;
  try {
    const [row] = await db.query<AllocateRow>(
      'SELECT * FROM allocate_queue_number($1::uuid, $2, $3::date, $4, $5, $6, $7, $8)',
      [
        request.ticketId,
        kioskId,
        request.serviceDay,
        type.id,
        type.prefix,
        QUEUE_NUMBER_DIGITS,
        MAX_QUEUE_SEQUENCE + 1,
        // Its place in the call order from the start, so the count ahead below is right.
        request.priority ?? 'none',
      ],
    );
    if (row!.o_outcome === 'exhausted') exhaustedNow = true;
    else {
      allocation = {
        kiosk_id: kioskId,
        service_day: request.serviceDay,
        business_type_id: type.id,
        sequence: row!.o_sequence!,
        number: row!.o_number!,
        voided: row!.o_voided,
      };
    }
  } catch (error) {
    if (sqlState(error) !== ALREADY_ALLOCATED) throw error;
  }
  if (allocation === undefined) {
    [allocation] = await db.query<AllocationRow>(READ_ALLOCATION, [request.ticketId]);
    if (allocation === undefined && exhaustedNow) throw exhausted(request);
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
  const wait = await waitAhead(db, request.serviceDay, type.id, request.ticketId);
  return {
    ticketId: request.ticketId,
    businessTypeId: type.id,
    serviceDay: request.serviceDay,
    sequence: allocation.sequence,
    number: allocation.number,
    waitingAhead: wait.waitingAhead,
    estimatedWaitMinutes: estimateWaitMinutes(
      wait.waitingAhead,
      wait.averageServiceSeconds,
      wait.activeCounters,
    ),
    asOf: wait.asOf.toISOString(),
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
        const range = await takeTopSequences(tx, request.serviceDay, type.id, request.size);
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
