/**
 * The minimal counter API, framework-free: call the next customer, recall, mark served, mark a
 * no-show. A counter authenticates like a kiosk (its own credential); `counterId` names the
 * window the customer is called to.
 *
 * "Call next" finishes the counter's current customer as served first (the teller pressed
 * "next" because they are done): that is where the service times behind the wait estimate come
 * from. Two counters calling at once never get the same ticket (FOR UPDATE SKIP LOCKED). The
 * next customer is the first in the call order (./call-order.ts: served-first priorities, then
 * the earliest), the order every "customers ahead" count uses.
 */
import type {
  CounterCallAnswer,
  CounterCallRequest,
  CounterTicket,
  CounterTicketRequest,
} from '../src/contract/numbers.js';
import { callOrderSql } from './call-order.js';
import type { BranchDatabase, SqlExecutor } from './db.js';
import { HttpError } from './http.js';

const COLUMNS = `ticket_id, number, business_type_id,
  to_char(service_day, 'YYYY-MM-DD') AS service_day, state, counter_id, called_at,
  issued_offline`;

interface EntryRow {
  ticket_id: string;
  number: string;
  business_type_id: string;
  service_day: string;
  state: CounterTicket['state'];
  counter_id: string | null;
  called_at: Date | null;
  issued_offline: boolean;
}

const toCounterTicket = (row: EntryRow): CounterTicket => ({
  ticketId: row.ticket_id,
  number: row.number,
  businessTypeId: row.business_type_id,
  serviceDay: row.service_day,
  state: row.state,
  counterId: row.counter_id,
  calledAt: row.called_at === null ? null : new Date(row.called_at).toISOString(),
  issuedOffline: row.issued_offline,
});

/** Marks the counter's called tickets served; returns the most recent one. */
async function finishCurrent(tx: SqlExecutor, counterId: string): Promise<CounterTicket | null> {
  const rows = await tx.query<EntryRow>(
    `UPDATE queue_entries SET state = 'served', finished_at = now(), updated_at = now()
     WHERE counter_id = $1 AND state = 'called' RETURNING ${COLUMNS}`,
    [counterId],
  );
  const latest = rows.sort((a, b) => Number(b.called_at) - Number(a.called_at))[0];
  return latest === undefined ? null : toCounterTicket(latest);
}

/** POST /v1/counter/call-next. */
export function callNext(
  db: BranchDatabase,
  _kioskId: string,
  request: CounterCallRequest,
): Promise<CounterCallAnswer> {
  return db.transaction(async (tx) => {
    const completed = await finishCurrent(tx, request.counterId);
    const [called] = await tx.query<EntryRow>(
      `UPDATE queue_entries SET state = 'called', counter_id = $1, called_at = now(),
         updated_at = now()
       WHERE ticket_id = (
         SELECT ticket_id FROM queue_entries e
         WHERE service_day = $2::date AND business_type_id = ANY($3::text[])
           AND state = 'waiting'
         ORDER BY ${callOrderSql('e')} LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING ${COLUMNS}`,
      [request.counterId, request.serviceDay, [...request.businessTypeIds]],
    );
    return { called: called === undefined ? null : toCounterTicket(called), completed };
  });
}

async function changeCalled(
  db: BranchDatabase,
  request: CounterTicketRequest,
  set: string,
  verb: string,
): Promise<CounterTicket> {
  const [row] = await db.query<EntryRow>(
    `UPDATE queue_entries SET ${set}, updated_at = now()
     WHERE ticket_id = $1 AND counter_id = $2 AND state = 'called' RETURNING ${COLUMNS}`,
    [request.ticketId, request.counterId],
  );
  if (row === undefined) {
    throw new HttpError(
      409,
      'NOT_CALLED_HERE',
      `Ticket ${request.ticketId} is not called at counter ${request.counterId}, so it cannot ` +
        `be ${verb}; call it first (call-next).`,
    );
  }
  return toCounterTicket(row);
}

/** POST /v1/counter/recall: call the same ticket again (the display repeats it). */
export function recall(
  db: BranchDatabase,
  _kioskId: string,
  request: CounterTicketRequest,
): Promise<CounterTicket> {
  return changeCalled(db, request, 'called_at = now()', 'recalled');
}

/** POST /v1/counter/served. */
export function markServed(
  db: BranchDatabase,
  _kioskId: string,
  request: CounterTicketRequest,
): Promise<CounterTicket> {
  return changeCalled(db, request, `state = 'served', finished_at = now()`, 'marked served');
}

/** POST /v1/counter/no-show: called, did not come; not counted as a service time. */
export function markNoShow(
  db: BranchDatabase,
  _kioskId: string,
  request: CounterTicketRequest,
): Promise<CounterTicket> {
  return changeCalled(db, request, `state = 'noShow', finished_at = now()`, 'marked a no-show');
}
