/**
 * "My ticket" at a kiosk (issue 8, self-service queries), framework-free: today's ticket of this
 * branch by its printed number, for a provisioned kiosk. Whichever kiosk took the number (online
 * or from an offline block, delivered since) or whichever counter, the answer is the queue's:
 * its state and, while it waits, its position and estimate (./ticket-position.ts, the follow
 * page's one definition).
 *
 * One statement on an index: the number's prefix names its business type (the configuration),
 * so the entry is found on (service_day, business_type_id, state) and never by a scan of the
 * day. A prefix no business type of this branch has is a number of no ticket here: 404.
 */
import type { BranchConfig } from '../src/contract/sync.js';
import { TICKET_LOOKUP_ERRORS, type TicketLookup } from '../src/contract/ticket-lookup.js';
import { localDay } from '../src/domain/local-time.js';
import type { SqlExecutor } from './db.js';
import { HttpError } from './http.js';
import {
  TICKET_POSITION_COLUMNS,
  ticketPosition,
  type TicketPositionRow,
} from './ticket-position.js';

// A voided number may have been recorded beside the ticket that holds it now (a void delivered
// after an offline re-issue): the live ticket first, then the latest.
const LOOKUP_SQL = `SELECT ${TICKET_POSITION_COLUMNS}
  FROM queue_entries q
  WHERE q.service_day = $1::date AND q.business_type_id = $2 AND q.number = $3
  ORDER BY (q.state = 'voided'), q.queued_at DESC
  LIMIT 1`;

/** No ticket of today at this branch has the number (404 TICKET_NOT_FOUND). */
export class TicketNotFound extends HttpError {
  constructor(number: string) {
    super(
      404,
      TICKET_LOOKUP_ERRORS.unknown,
      `No ticket of today at this branch has the number ${number}: check the number on the ` +
        'ticket.',
    );
  }
}

/** The prefix of a printed number (A0023 → A, VB0001 → VB). */
const prefixOf = (number: string): string => number.replace(/\d+$/, '');

/**
 * The ticket numbered `number` on the service day of `now` (the branch's local calendar day),
 * among the queues of `businessTypes`. Throws TicketNotFound.
 */
export async function lookupTicketByNumber(
  db: SqlExecutor,
  businessTypes: BranchConfig['businessTypes'],
  number: string,
  now: Date = new Date(),
): Promise<TicketLookup> {
  // Prefixes are each used once in a configuration (src/contract/branch-config.ts).
  const type = businessTypes.find((t) => t.prefix === prefixOf(number));
  if (type === undefined) throw new TicketNotFound(number);
  const [row] = await db.query<TicketPositionRow>(LOOKUP_SQL, [localDay(now), type.id, number]);
  if (row !== undefined) {
    const { ticketId: _ticketId, ...lookup } = ticketPosition(row);
    return lookup;
  }
  throw new TicketNotFound(number);
}
