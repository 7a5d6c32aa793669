/**
 * The lobby's guide-call feed, framework-free: the calls the kiosks delivered ('guide.called'
 * items, copied into guide_calls by schema.sql's trigger), listed for a guide's desk,
 * acknowledged ("on my way") and closed, and read one at a time by the kiosk that called, so
 * its screen can say a guide is on the way.
 *
 * Acknowledging is first-come: a second guide acknowledging the same call is told who answered
 * (409), so two guides do not walk to one kiosk while another waits. Both verbs are idempotent
 * for the guide who did them (a retried request answers the same call).
 */
import type { GuideCall, GuideCallList } from '../src/contract/guide.js';
import type { BranchDatabase, SqlExecutor } from './db.js';
import { HttpError } from './http.js';

const COLUMNS = `call_id::text AS call_id, kiosk_id, called_at,
  to_char(service_day, 'YYYY-MM-DD') AS service_day, reason, state, acknowledged_by,
  acknowledged_at, closed_by, closed_at`;

interface CallRow {
  call_id: string;
  kiosk_id: string;
  called_at: Date;
  service_day: string;
  reason: string | null;
  state: GuideCall['state'];
  acknowledged_by: string | null;
  acknowledged_at: Date | null;
  closed_by: string | null;
  closed_at: Date | null;
}

const instant = (value: Date | null) => (value === null ? null : new Date(value).toISOString());

const toGuideCall = (row: CallRow): GuideCall => ({
  callId: row.call_id,
  kioskId: row.kiosk_id,
  calledAt: new Date(row.called_at).toISOString(),
  serviceDay: row.service_day,
  reason: row.reason,
  state: row.state,
  acknowledgedBy: row.acknowledged_by,
  acknowledgedAt: instant(row.acknowledged_at),
  closedBy: row.closed_by,
  closedAt: instant(row.closed_at),
});

const notFound = (callId: string) =>
  new HttpError(
    404,
    'GUIDE_CALL_NOT_FOUND',
    `No guide call ${callId} here: the kiosk has not delivered it yet, or the id is wrong.`,
  );

async function findCall(db: SqlExecutor, callId: string, lock = ''): Promise<CallRow> {
  const [row] = await db.query<CallRow>(
    `SELECT ${COLUMNS} FROM guide_calls WHERE call_id = $1::uuid ${lock}`,
    [callId],
  );
  if (row === undefined) throw notFound(callId);
  return row;
}

/** GET /v1/guide-calls: the calls not closed yet (open and acknowledged), oldest first. */
export async function listGuideCalls(db: SqlExecutor): Promise<GuideCallList> {
  const rows = await db.query<CallRow>(
    `SELECT ${COLUMNS} FROM guide_calls WHERE state <> 'closed' ORDER BY called_at, call_id`,
  );
  const [{ now }] = (await db.query<{ now: Date }>('SELECT now() AS now')) as [{ now: Date }];
  return { asOf: new Date(now).toISOString(), calls: rows.map(toGuideCall) };
}

/** GET /v1/guide-calls/:callId: one call, as the kiosk that made it polls it. */
export async function getGuideCall(db: SqlExecutor, callId: string): Promise<GuideCall> {
  return toGuideCall(await findCall(db, callId));
}

/** POST /v1/guide-calls/:callId/acknowledge: "on my way", first guide wins. */
export function acknowledgeGuideCall(
  db: BranchDatabase,
  callId: string,
  guideId: string,
): Promise<GuideCall> {
  return db.transaction(async (tx) => {
    const call = await findCall(tx, callId, 'FOR UPDATE');
    if (call.state === 'closed') {
      throw new HttpError(
        409,
        'GUIDE_CALL_CLOSED',
        `Guide call ${callId} was closed by ${call.closed_by ?? 'a guide'}; nobody waits for it.`,
      );
    }
    if (call.state === 'acknowledged') {
      if (call.acknowledged_by === guideId) return toGuideCall(call);
      throw new HttpError(
        409,
        'GUIDE_CALL_TAKEN',
        `Guide call ${callId} is already answered by ${call.acknowledged_by ?? 'a guide'}; ` +
          'take another call.',
      );
    }
    const [row] = (await tx.query<CallRow>(
      `UPDATE guide_calls SET state = 'acknowledged', acknowledged_by = $2,
         acknowledged_at = now()
       WHERE call_id = $1::uuid RETURNING ${COLUMNS}`,
      [callId, guideId],
    )) as [CallRow];
    return toGuideCall(row);
  });
}

/** POST /v1/guide-calls/:callId/close: the customer was helped (or was gone). */
export function closeGuideCall(
  db: BranchDatabase,
  callId: string,
  guideId: string,
): Promise<GuideCall> {
  return db.transaction(async (tx) => {
    const call = await findCall(tx, callId, 'FOR UPDATE');
    if (call.state === 'closed') return toGuideCall(call);
    const [row] = (await tx.query<CallRow>(
      `UPDATE guide_calls SET state = 'closed', closed_by = $2, closed_at = now()
       WHERE call_id = $1::uuid RETURNING ${COLUMNS}`,
      [callId, guideId],
    )) as [CallRow];
    return toGuideCall(row);
  });
}
