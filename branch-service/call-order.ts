/**
 * The call order (src/domain/call-order.ts) as SQL over queue_entries, for the statements that
 * call a ticket (./counter.ts) and those that count the tickets ahead of one (./queue.ts,
 * ./follow.ts). Both are made from the one rank table, so a customer's "ahead" is exactly the
 * tickets call-next will call before theirs.
 */
import { CALL_RANK } from '../src/domain/call-order.js';
import { TICKET_PRIORITIES } from '../src/domain/ticket.js';

// The priorities are a fixed enum of identifiers (no quote can occur): safe to inline.
const WHEN = TICKET_PRIORITIES.map((p) => `WHEN '${p}' THEN ${CALL_RANK[p]}`).join(' ');

/** The call rank of the entry `alias` (lower is called first). */
export const callRankSql = (alias: string) =>
  `(CASE ${alias}.priority ${WHEN} ELSE ${CALL_RANK.none} END)`;

/** The ORDER BY list that lists the waiting entries `alias` in the order they are called. */
export const callOrderSql = (alias: string) =>
  `${callRankSql(alias)}, ${alias}.queued_at, ${alias}.number`;

/** True when entry `a` is called before entry `b` (both of one queue). */
export const calledBeforeSql = (a: string, b: string) =>
  `(${callOrderSql(a)}) < (${callOrderSql(b)})`;

/**
 * True when entry `alias` is served first: its rank is before the ordinary queue's. The
 * served-first priorities share one rank (src/domain/call-order.ts), so these are exactly the
 * waiting tickets called before a served-first ticket taken now (the queue status's
 * waitingServedFirst, ./queue.ts).
 */
export const servedFirstSql = (alias: string) => `${callRankSql(alias)} < ${CALL_RANK.none}`;
