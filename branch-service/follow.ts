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
import { localDay } from '../src/domain/local-time.js';
import { isFollowToken } from '../src/follow-link.js';
import type { SqlExecutor } from './db.js';
import { HttpError } from './http.js';
import {
  TICKET_POSITION_COLUMNS,
  ticketPosition,
  type TicketPositionRow,
} from './ticket-position.js';

interface FollowRow extends TicketPositionRow {
  key: Uint8Array | null;
}

// The ticket by primary key, its kiosk's credential by primary key, and its position
// (./ticket-position.ts: the waiting tickets call-next calls before it, and the estimate).
const FOLLOW_SQL = `SELECT ${TICKET_POSITION_COLUMNS}, c.token_sha256 AS key
  FROM queue_entries q LEFT JOIN kiosk_credentials c ON c.kiosk_id = q.kiosk_id
  WHERE q.ticket_id = $1`;

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
  return ticketPosition(row);
}
