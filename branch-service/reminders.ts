/**
 * The SMS reminder queue of the reference branch service (issue 8), framework-free.
 *
 * Kiosks send 'reminder.requested' items; the batch statement files each in sms_reminders
 * (./ingest.ts). Whenever the queue moves (a counter calls next, marks served or a no-show) and
 * when new reminders arrive, `evaluate` looks at every queued reminder:
 *   - its ticket's day is over → dropped ('pastDay');
 *   - its ticket was called already (called, served, no-show) → dropped ('alreadyCalled');
 *   - its ticket's number was voided → dropped ('voided');
 *   - customers waiting ahead of it ≤ its threshold → handed to the bank's SMS gateway;
 *   - otherwise (or its ticket not in the queue yet) → left queued.
 * The phone is deleted in the same statement that records the hand-off or the drop.
 *
 * Exactly once: reminders are taken under FOR UPDATE SKIP LOCKED in one transaction, so two
 * counters calling at once never hand off the same one. A gateway that fails leaves that
 * reminder queued for the next evaluation. (A gateway that accepted the message but whose
 * answer was lost, or a commit lost after it answered, can send it twice: the hand-off carries
 * `reminderId` for the gateway to deduplicate.)
 */
import type { Language } from '../src/domain/business-type.js';
import type { BranchConfigSource } from './branch-config-source.js';
import { logEvent, type Logger } from '../src/log/index.js';
import { localDay } from '../src/domain/local-time.js';
import type { BranchDatabase, SqlExecutor } from './db.js';

/** What the service hands the bank's SMS gateway for one reminder. */
export interface SmsHandOff {
  /** The reminder's id (UUIDv7 made by the kiosk): the gateway's idempotency key. */
  readonly reminderId: string;
  /** A mainland mobile number, 11 digits. */
  readonly phone: string;
  /** The message, in the customer's language. */
  readonly text: string;
  readonly ticketNumber: string;
}

/**
 * The bank's SMS gateway. Resolves once the gateway has taken the message (not once it is
 * delivered: delivery is the gateway's business); rejects when it did not take it, and the
 * reminder stays queued for the next evaluation.
 */
export interface SmsGateway {
  send(message: SmsHandOff): Promise<void>;
}

/** The demo gateway: logs the hand-off (the phone masked by src/log) and takes every message. */
export function loggingSmsGateway(log: Logger): SmsGateway {
  return {
    send: async ({ reminderId, phone, ticketNumber }) => {
      logEvent(log, 'reminder.handedOff', { reminderId, phone, ticketNumber });
    },
  };
}

export type ReminderDropReason = 'alreadyCalled' | 'voided' | 'pastDay';

export interface ReminderEvaluation {
  readonly handedOff: number;
  readonly dropped: number;
  /** Handed to the gateway, which refused: still queued. */
  readonly failed: number;
}

export interface ReminderQueue {
  /** Hands off the reminders whose turn is near and drops the ones that are moot. */
  evaluate(): Promise<ReminderEvaluation>;
}

export interface ReminderQueueOptions {
  readonly db: BranchDatabase;
  readonly gateway: SmsGateway;
  readonly log: Logger;
  /** The configuration served now (the branch's name goes into the SMS). */
  readonly branchConfig: BranchConfigSource;
  /** The branch's calendar day now (default: the service's local day). */
  readonly today?: () => string;
}

interface QueuedRow {
  id: string;
  phone: string;
  ticket_number: string;
  language: Language;
  remind_when_ahead: number;
  past_day: boolean;
  entry_state: string | null;
  ahead: number | null;
}

/**
 * Every queued reminder with its ticket's queue state and the customers waiting ahead of it
 * (the order counters call in: queued_at, then number), locked for this evaluation.
 */
const QUEUED_SQL = `
  SELECT r.id::text AS id, r.phone, r.ticket_number, r.language, r.remind_when_ahead,
    r.service_day < $1::date AS past_day, q.state AS entry_state,
    (SELECT count(*)::int FROM queue_entries w
      WHERE w.service_day = q.service_day AND w.business_type_id = q.business_type_id
        AND w.state = 'waiting' AND (w.queued_at, w.number) < (q.queued_at, q.number)) AS ahead
  FROM sms_reminders r
  LEFT JOIN queue_entries q ON q.ticket_id = r.ticket_id AND q.kiosk_id = r.kiosk_id
  WHERE r.state = 'queued'
  ORDER BY r.requested_at, r.id
  FOR UPDATE OF r SKIP LOCKED`;

const HANDED_OFF_SQL = `
  UPDATE sms_reminders SET state = 'handedOff', phone = NULL, finished_at = now()
  WHERE id = $1 AND state = 'queued'`;
const DROPPED_SQL = `
  UPDATE sms_reminders SET state = 'dropped', drop_reason = $2, phone = NULL, finished_at = now()
  WHERE id = $1 AND state = 'queued'`;

/** Why a queued reminder can no longer be of use, or null while it can. */
function dropReason(row: QueuedRow): ReminderDropReason | null {
  if (row.past_day) return 'pastDay';
  if (row.entry_state === 'voided') return 'voided';
  if (row.entry_state !== null && row.entry_state !== 'waiting') return 'alreadyCalled';
  return null;
}

/** The SMS, short enough for one message in either language. */
export function reminderText(
  language: Language,
  branchName: string,
  ticketNumber: string,
  ahead: number,
): string {
  return language === 'zh-CN'
    ? `【${branchName}】您的号码 ${ticketNumber} 前面还有 ${ahead} 位客户，请回到等候区留意叫号。`
    : `${branchName}: ${ahead} customer(s) ahead of your number ${ticketNumber}. ` +
        'Please come back to the waiting area.';
}

export function createReminderQueue(options: ReminderQueueOptions): ReminderQueue {
  const { db, gateway, log, branchConfig } = options;
  const today = options.today ?? (() => localDay(new Date()));

  const handOff = async (tx: SqlExecutor, row: QueuedRow, ahead: number): Promise<boolean> => {
    const text = reminderText(
      row.language,
      branchConfig.current().config.branch.name[row.language],
      row.ticket_number,
      ahead,
    );
    try {
      await gateway.send({
        reminderId: row.id,
        phone: row.phone,
        text,
        ticketNumber: row.ticket_number,
      });
    } catch (error) {
      logEvent(log, 'reminder.handOffFailed', {
        reminderId: row.id,
        reason: (error as Error).message ?? String(error),
      });
      return false;
    }
    await tx.query(HANDED_OFF_SQL, [row.id]);
    return true;
  };

  return {
    evaluate: () =>
      db.transaction(async (tx) => {
        const rows = await tx.query<QueuedRow>(QUEUED_SQL, [today()]);
        const outcome = { handedOff: 0, dropped: 0, failed: 0 };
        for (const row of rows) {
          const reason = dropReason(row);
          if (reason !== null) {
            await tx.query(DROPPED_SQL, [row.id, reason]);
            logEvent(log, 'reminder.dropped', { reminderId: row.id, reason });
            outcome.dropped++;
          } else if (row.entry_state === 'waiting' && row.ahead !== null) {
            if (row.ahead > row.remind_when_ahead) continue;
            if (await handOff(tx, row, row.ahead)) outcome.handedOff++;
            else outcome.failed++;
          }
        }
        return outcome;
      }),
  };
}

/**
 * Evaluates after the queue moved, never failing the counter's own request for it: a failure is
 * logged and the next movement evaluates again.
 */
export async function evaluateReminders(
  queue: ReminderQueue | undefined,
  log: Logger,
): Promise<void> {
  if (queue === undefined) return;
  try {
    await queue.evaluate();
  } catch (error) {
    logEvent(log, 'reminder.evaluationFailed', { reason: (error as Error).message });
  }
}
