/**
 * "Follow my ticket" (issue 8, scan-to-follow), framework-free: one ticket's place in its queue,
 * for the customer's phone. No kiosk credential: the link's follow token is the capability
 * (src/follow-link.ts), checked against the issuing kiosk's credential digest.
 *
 * What one look costs is bounded: a malformed id or token is refused before the database is
 * asked, and a well-formed one costs one statement: the ticket by primary key, its kiosk's
 * credential by primary key, and (only while it waits) the count ahead on the partial index of
 * waiting tickets plus the two estimate subqueries the queue status uses (./queue.ts).
 */
import { FOLLOW_ERRORS, FollowToken, type FollowStatus } from '../src/contract/follow.js';
import { Uuid } from '../src/contract/fields.js';
import type { CounterTicket } from '../src/contract/numbers.js';
import { localDay } from '../src/domain/local-time.js';
import { isFollowToken } from '../src/follow-link.js';
import { calledBeforeSql } from './call-order.js';
import type { SqlExecutor } from './db.js';
import { HttpError } from './http.js';
import { activeCountersSql, averageServiceSecondsSql, estimateWaitMinutes } from './queue.js';

interface FollowRow {
  ticket_id: string;
  number: string;
  business_type_id: string;
  service_day: string;
  state: CounterTicket['state'];
  counter_id: string | null;
  called_at: Date | string | null;
  key: Uint8Array | null;
  ahead: number | null;
  average_seconds: number | null;
  counters: number | null;
  as_of: Date | string;
}

// The waiting tickets called before this one, in call-next's order (./call-order.ts, which
// ./counter.ts calls by: served-first priorities, then queued_at, then number), on the index
// queue_entries_day_type_state_queued.
const FOLLOW_SQL = `SELECT q.ticket_id, q.number, q.business_type_id,
    to_char(q.service_day, 'YYYY-MM-DD') AS service_day, q.state, q.counter_id, q.called_at,
    c.token_sha256 AS key,
    CASE WHEN q.state = 'waiting' THEN (SELECT count(*)::int FROM queue_entries a
      WHERE a.service_day = q.service_day AND a.business_type_id = q.business_type_id
        AND a.state = 'waiting' AND ${calledBeforeSql('a', 'q')}) END AS ahead,
    CASE WHEN q.state = 'waiting'
      THEN ${averageServiceSecondsSql('q.service_day', 'q.business_type_id')} END AS average_seconds,
    CASE WHEN q.state = 'waiting'
      THEN ${activeCountersSql('q.service_day', 'q.business_type_id')} END AS counters,
    now() AS as_of
  FROM queue_entries q LEFT JOIN kiosk_credentials c ON c.kiosk_id = q.kiosk_id
  WHERE q.ticket_id = $1`;

const iso = (value: Date | string) => new Date(value).toISOString();

/**
 * A link that names no ticket of today (404). "No such ticket" and "wrong token" get the same
 * answer, so a link reveals nothing it does not hold; a ticket of another day says which day.
 */
export class NotFollowable extends HttpError {
  constructor(readonly otherDay: string | null) {
    super(
      404,
      otherDay === null ? FOLLOW_ERRORS.unknown : FOLLOW_ERRORS.otherDay,
      otherDay === null
        ? 'No ticket of this branch matches this link: check the QR code on the ticket, or ask ' +
            'at the counter.'
        : `This ticket was for ${otherDay}; it is no longer in today's queue. Take a new ticket ` +
            'at the kiosk.',
    );
  }
}

/**
 * The status of `ticketId` for a holder of its follow `token`, on the service day of `now`
 * (the branch's local calendar day). Throws NotFollowable (404).
 */
export async function followStatus(
  db: SqlExecutor,
  ticketId: string,
  token: string,
  now: Date = new Date(),
): Promise<FollowStatus> {
  if (!Uuid.safeParse(ticketId).success || !FollowToken.safeParse(token).success) {
    throw new NotFollowable(null);
  }
  const [row] = await db.query<FollowRow>(FOLLOW_SQL, [ticketId]);
  if (row === undefined || row.key === null || !isFollowToken(row.key, ticketId, token)) {
    throw new NotFollowable(null);
  }
  if (row.service_day !== localDay(now)) throw new NotFollowable(row.service_day);
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
