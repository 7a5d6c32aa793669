/**
 * One ticket's place in its queue, as SQL columns over the queue entry `q`: its state, the
 * waiting tickets the counters call before it (./call-order.ts, the order call-next uses), and
 * the estimate the queue status makes for that many (./queue.ts). One definition for every
 * answer about a single ticket: the follow page (./follow.ts) and the kiosk's "my ticket" lookup
 * (./ticket-lookup.ts), so a customer reads the same position on the phone and at the kiosk.
 *
 * While the ticket waits, the count ahead runs on the index queue_entries_day_type_state_queued; the
 * estimate's two subqueries are the queue status's own.
 */
import type { CounterTicket } from '../src/contract/numbers.js';
import { calledBeforeSql } from './call-order.js';
import { activeCountersSql, averageServiceSecondsSql, estimateWaitMinutes } from './queue.js';

/** The select list of a ticket's position; the statement names its queue entry `q`. */
export const TICKET_POSITION_COLUMNS = `q.ticket_id, q.number, q.business_type_id,
    to_char(q.service_day, 'YYYY-MM-DD') AS service_day, q.state, q.counter_id, q.called_at,
    CASE WHEN q.state = 'waiting' THEN (SELECT count(*)::int FROM queue_entries a
      WHERE a.service_day = q.service_day AND a.business_type_id = q.business_type_id
        AND a.state = 'waiting' AND ${calledBeforeSql('a', 'q')}) END AS ahead,
    CASE WHEN q.state = 'waiting'
      THEN ${averageServiceSecondsSql('q.service_day', 'q.business_type_id')} END AS average_seconds,
    CASE WHEN q.state = 'waiting'
      THEN ${activeCountersSql('q.service_day', 'q.business_type_id')} END AS counters,
    now() AS as_of`;

/** A row of TICKET_POSITION_COLUMNS. */
export interface TicketPositionRow {
  ticket_id: string;
  number: string;
  business_type_id: string;
  service_day: string;
  state: CounterTicket['state'];
  counter_id: string | null;
  called_at: Date | string | null;
  ahead: number | null;
  average_seconds: number | null;
  counters: number | null;
  as_of: Date | string;
}

/** A ticket's position as the follow page and the kiosk's lookup answer it. */
export interface TicketPosition {
  readonly ticketId: string;
  readonly number: string;
  readonly businessTypeId: string;
  readonly serviceDay: string;
  readonly state: CounterTicket['state'];
  readonly waitingAhead: number | null;
  readonly estimatedWaitMinutes: number | null;
  readonly counterId: string | null;
  readonly calledAt: string | null;
  readonly asOf: string;
}

const iso = (value: Date | string) => new Date(value).toISOString();

export function ticketPosition(row: TicketPositionRow): TicketPosition {
  const waiting = row.state === 'waiting';
  return {
    ticketId: row.ticket_id,
    number: row.number,
    businessTypeId: row.business_type_id,
    serviceDay: row.service_day,
    state: row.state,
    waitingAhead: waiting ? (row.ahead ?? 0) : null,
    estimatedWaitMinutes: waiting
      ? estimateWaitMinutes(row.ahead ?? 0, row.average_seconds, row.counters ?? 0)
      : null,
    counterId: row.counter_id,
    calledAt: row.called_at === null ? null : iso(row.called_at),
    asOf: iso(row.as_of),
  };
}
