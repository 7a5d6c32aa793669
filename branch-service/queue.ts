/**
 * Queue status of a service day (GET /v1/queue-status), framework-free: waiting, called and
 * served tickets per business type, of the waiting those served first (the call order's rank,
 * ./call-order.ts, so a kiosk can tell a priority customer who is really ahead), and a wait
 * estimate from recent service times.
 *
 * The estimate for a ticket taken now: the tickets waiting ahead × the mean service time of the
 * last RECENT_SERVED tickets of that queue (called → served) ÷ the counters that called in that
 * queue in the last ACTIVE_COUNTER_MINUTES (at least one). No served ticket yet → null ("wait
 * unknown"), never a guess.
 */
import { createHash } from 'node:crypto';
import type { QueueStatus, QueueSummary } from '../src/contract/numbers.js';
import { MAX_WAIT_MINUTES } from '../src/contract/numbers.js';
import { calledBeforeSql, servedFirstSql } from './call-order.js';
import type { SqlExecutor } from './db.js';

/** How many recent service times the estimate averages. */
export const RECENT_SERVED = 20;
/** A counter that called in this queue within this many minutes is serving it. */
export const ACTIVE_COUNTER_MINUTES = 30;

/**
 * The mean of a queue's RECENT_SERVED latest service times (called → served), in seconds, as a
 * scalar subquery over the queue of `day` and `type` (SQL expressions of the outer statement).
 * One definition for the queue status and the follow page (./follow.ts), so both estimate alike.
 */
export const averageServiceSecondsSql = (day: string, type: string) =>
  `(SELECT round(avg(extract(epoch FROM r.finished_at - r.called_at)))::int FROM (
          SELECT finished_at, called_at FROM queue_entries q WHERE q.service_day = ${day}
            AND q.business_type_id = ${type} AND q.state = 'served' AND q.called_at IS NOT NULL
          ORDER BY finished_at DESC LIMIT ${RECENT_SERVED}) r)`;

/** The counters that called in the queue within ACTIVE_COUNTER_MINUTES, as a scalar subquery. */
export const activeCountersSql = (day: string, type: string) =>
  `(SELECT count(DISTINCT counter_id)::int FROM queue_entries q
          WHERE q.service_day = ${day} AND q.business_type_id = ${type}
            AND q.called_at > now() - interval '${ACTIVE_COUNTER_MINUTES} minutes')`;

interface SummaryRow {
  business_type_id: string;
  waiting: number;
  waiting_served_first: number;
  called: number;
  served: number;
  average_seconds: number | null;
  counters: number;
  last_called: string | null;
}

/** A queue's summary and the counters serving it now (for estimates of other positions). */
export type QueueSummaryWithCounters = QueueSummary & { readonly activeCounters: number };

/** What a new ticket's answer says about its wait, read in one statement. */
export interface WaitAhead {
  /** Waiting tickets of the queue that the counters call before this one (./call-order.ts). */
  readonly waitingAhead: number;
  readonly averageServiceSeconds: number | null;
  readonly activeCounters: number;
  /** The database's clock when it counted. */
  readonly asOf: Date;
}

/** The wait of ticket `ticketId` in queue `businessTypeId` on `serviceDay`. */
export async function waitAhead(
  db: SqlExecutor,
  serviceDay: string,
  businessTypeId: string,
  ticketId: string,
): Promise<WaitAhead> {
  const [row] = await db.query<{
    ahead: number;
    average_seconds: number | null;
    counters: number;
    now: Date;
  }>(
    `SELECT (SELECT count(*)::int FROM queue_entries a, queue_entries q
         WHERE q.ticket_id = $3::uuid AND a.service_day = $1::date AND a.business_type_id = $2
           AND a.state = 'waiting' AND ${calledBeforeSql('a', 'q')}) AS ahead,
       ${averageServiceSecondsSql('$1::date', '$2')} AS average_seconds,
       ${activeCountersSql('$1::date', '$2')} AS counters,
       now() AS now`,
    [serviceDay, businessTypeId, ticketId],
  );
  return {
    waitingAhead: row!.ahead,
    averageServiceSeconds: row!.average_seconds,
    activeCounters: row!.counters,
    asOf: row!.now,
  };
}

/** The summaries of `businessTypeIds` on `serviceDay`, in that order (absent queues are empty). */
export async function queueSummaries(
  db: SqlExecutor,
  serviceDay: string,
  businessTypeIds: readonly string[],
): Promise<QueueSummaryWithCounters[]> {
  const rows = await db.query<SummaryRow>(
    `SELECT t.id AS business_type_id,
       (SELECT count(*)::int FROM queue_entries q WHERE q.service_day = $1::date
          AND q.business_type_id = t.id AND q.state = 'waiting') AS waiting,
       (SELECT count(*)::int FROM queue_entries q WHERE q.service_day = $1::date
          AND q.business_type_id = t.id AND q.state = 'waiting'
          AND ${servedFirstSql('q')}) AS waiting_served_first,
       (SELECT count(*)::int FROM queue_entries q WHERE q.service_day = $1::date
          AND q.business_type_id = t.id AND q.state = 'called') AS called,
       (SELECT count(*)::int FROM queue_entries q WHERE q.service_day = $1::date
          AND q.business_type_id = t.id AND q.state = 'served') AS served,
       ${averageServiceSecondsSql('$1::date', 't.id')} AS average_seconds,
       ${activeCountersSql('$1::date', 't.id')} AS counters,
       (SELECT number FROM queue_entries q WHERE q.service_day = $1::date
          AND q.business_type_id = t.id AND q.called_at IS NOT NULL
          ORDER BY q.called_at DESC LIMIT 1) AS last_called
     FROM unnest($2::text[]) WITH ORDINALITY AS t(id, position)
     ORDER BY t.position`,
    [serviceDay, [...businessTypeIds]],
  );
  return rows.map((row) => ({
    businessTypeId: row.business_type_id,
    waiting: row.waiting,
    waitingServedFirst: row.waiting_served_first,
    called: row.called,
    served: row.served,
    averageServiceSeconds: row.average_seconds,
    estimatedWaitMinutes: estimateWaitMinutes(row.waiting, row.average_seconds, row.counters),
    lastCalledNumber: row.last_called,
    activeCounters: row.counters,
  }));
}

/** Minutes until `ahead` tickets are served; null without a service time to go by. */
export function estimateWaitMinutes(
  ahead: number,
  averageServiceSeconds: number | null,
  activeCounters: number,
): number | null {
  if (averageServiceSeconds === null) return null;
  const seconds = (ahead * averageServiceSeconds) / Math.max(1, activeCounters);
  return Math.min(MAX_WAIT_MINUTES, Math.ceil(seconds / 60));
}

/** The answer of GET /v1/queue-status and its ETag (of the counts, not of `asOf`). */
export async function queueStatus(
  db: SqlExecutor,
  _kioskId: string,
  query: { readonly serviceDay: string },
  businessTypeIds: readonly string[],
): Promise<{ readonly status: QueueStatus; readonly etag: string }> {
  const queues: QueueSummary[] = (await queueSummaries(db, query.serviceDay, businessTypeIds)).map(
    ({ activeCounters: _counters, ...summary }) => summary,
  );
  const [{ now }] = (await db.query<{ now: Date }>('SELECT now() AS now')) as [{ now: Date }];
  const etag = `"${createHash('sha256')
    .update(JSON.stringify({ serviceDay: query.serviceDay, queues }), 'utf8')
    .digest('hex')
    .slice(0, 32)}"`;
  return { status: { serviceDay: query.serviceDay, asOf: now.toISOString(), queues }, etag };
}
