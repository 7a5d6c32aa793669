/**
 * The SMS reminder's part of the store: its table (migrations/0007_reminder.sql) and its one
 * write, which appends the 'reminder.requested' outbox item in the same transaction, so the
 * branch service learns of every stored request and of nothing that was rolled back.
 *
 * The phone number is personal data (PIPL), used only for this reminder. It is never on disk in
 * clear: the row keeps it sealed under the device key (./personal-data.ts, the reminder id as
 * associated data), and so does the outbox item (sealed for `outbox:<reminder id>`), opened only
 * when the sync worker builds a batch (openOutboxPayloadsWith). `purgePhones` removes it from
 * both a configured time after the branch acknowledged the item (the feedback comment's rule,
 * ./personal-data-purge.ts), or once the branch rejected it for good.
 */
import { isMainlandMobile, ReminderRequestedPayloadSchema } from '../contract/reminder.js';
import type { ReminderRequestedPayload } from '../contract/sync.js';
import type { Language } from '../domain/business-type.js';
import { localDay } from '../domain/local-time.js';
import { uuidv7 } from '../uuidv7.js';
import { StoreError } from './errors.js';
import { appendOutbox, openOutboxPayloadsWith } from './outbox.js';
import type { StoreContext } from './transaction.js';

/** The outbox kind the branch service queues reminders from. */
export const REMINDER_REQUESTED = 'reminder.requested';

export interface ReminderInput {
  /** The ticket this kiosk issued that the customer wants to be reminded of. */
  readonly ticketId: string;
  /** Digits only, as the keypad gives them: a mainland mobile number. */
  readonly phone: string;
  /** The branch's threshold: remind when this many customers or fewer are ahead. */
  readonly remindWhenAhead: number;
  /** The language of the SMS: the one the customer used. */
  readonly language: Language;
}

export type StoredReminder = ReminderRequestedPayload;

export interface ReminderPurgeReport {
  /** Reminder rows whose phone was removed. */
  readonly reminderPhones: number;
  /** Outbox items whose phone was removed. */
  readonly outboxPayloads: number;
  /** The WAL was checkpointed to zero bytes (false when a reader held it, or nothing changed). */
  readonly walTruncated: boolean;
}

export interface ReminderStore {
  /** Stores the request and queues it for the branch service, in one transaction. */
  requestReminder(input: ReminderInput): StoredReminder;
  /** The phone stored with a reminder, opened; null once purged (or no such reminder). */
  storedPhone(reminderId: string): string | null;
  /**
   * Removes the phone `purgeAfterMs` after the branch acknowledged it, or once its day is over
   * (acknowledged), or at once when rejected.
   */
  purgePhones(purgeAfterMs: number): ReminderPurgeReport;
}

/**
 * An outbox item whose phone the kiosk needs no more: acknowledged `purgeAfterMs` ago, or
 * acknowledged and of a past day (the consent says: kept until sent or the day ends), or
 * rejected for good. A pending one keeps it, sealed, until it is delivered.
 */
const DONE_WITH = `(state = 'acked' AND (acked_at <= @cutoff OR json_extract(payload, '$.serviceDay') < @today))
  OR state = 'rejected'`;

/** The associated data of the phone sealed inside the outbox item (not the row's: no swap). */
const outboxRowId = (reminderId: string) => `outbox:${reminderId}`;

function invalid(message: string): never {
  throw new StoreError('INVALID_ARGUMENT', `requestReminder: ${message}`);
}

interface TicketRow {
  number: string;
  business_type_id: string;
  service_day: string;
  status: string;
}

export function createReminderStore({
  db,
  write,
  now,
  personalData,
  foldJournal,
}: StoreContext): ReminderStore {
  const sql = {
    ticket: db.prepare(
      'SELECT number, business_type_id, service_day, status FROM tickets WHERE id = ?',
    ),
    insert: db.prepare(
      `INSERT INTO reminders (id, kiosk_id, ticket_id, ticket_number, business_type_id, phone,
         remind_when_ahead, language, requested_at, service_day)
       VALUES (@id, @kioskId, @ticketId, @ticketNumber, @businessTypeId, @phone,
         @remindWhenAhead, @language, @requestedAt, @serviceDay)`,
    ),
    phoneOf: db.prepare('SELECT phone FROM reminders WHERE id = ?').pluck(),
    // Acknowledged by the cutoff, or rejected for good: the branch needs it no more.
    purgeRows: db.prepare(
      `UPDATE reminders SET phone = NULL, phone_purged_at = @now
       WHERE phone IS NOT NULL AND id IN (
         SELECT json_extract(payload, '$.id') FROM outbox
         WHERE kind = '${REMINDER_REQUESTED}' AND (${DONE_WITH}))`,
    ),
    purgeOutbox: db.prepare(
      `UPDATE outbox SET payload = json_set(payload, '$.phone', NULL)
       WHERE kind = '${REMINDER_REQUESTED}' AND (${DONE_WITH})
         AND json_extract(payload, '$.phone') IS NOT NULL`,
    ),
  };

  // The sync worker sends the phone in clear (over TLS): opened here, in memory only.
  openOutboxPayloadsWith(db, REMINDER_REQUESTED, (payload) => {
    const item = payload as { id?: unknown; phone?: unknown };
    if (typeof item.id !== 'string' || typeof item.phone !== 'string') return payload;
    return { ...item, phone: personalData.open(item.phone, outboxRowId(item.id)) };
  });

  return {
    requestReminder(input) {
      if (!isMainlandMobile(input.phone)) {
        invalid('the phone must be a mainland mobile number: 11 digits, 1 then 3-9.');
      }
      // The ticket may still be in the ticket journal (issued a moment ago): folded first.
      foldJournal();
      return write((tx) => {
        const ticket = sql.ticket.get(input.ticketId) as TicketRow | undefined;
        if (ticket === undefined || ticket.status !== 'issued') {
          invalid(`ticket ${input.ticketId} is not an issued ticket of this kiosk.`);
        }
        const reminder: StoredReminder = ReminderRequestedPayloadSchema.parse({
          id: uuidv7(tx.now.getTime()),
          kioskId: tx.kioskId,
          ticketId: input.ticketId,
          ticketNumber: ticket.number,
          businessTypeId: ticket.business_type_id,
          phone: input.phone,
          remindWhenAhead: input.remindWhenAhead,
          language: input.language,
          requestedAt: tx.now.toISOString(),
          // The ticket's day: a request made just past midnight is still for that ticket.
          serviceDay: ticket.service_day,
        });
        sql.insert.run({ ...reminder, phone: personalData.seal(reminder.phone, reminder.id) });
        appendOutbox(tx, REMINDER_REQUESTED, {
          ...reminder,
          phone: personalData.seal(reminder.phone, outboxRowId(reminder.id)),
        });
        return reminder;
      });
    },
    storedPhone(reminderId) {
      const sealed = sql.phoneOf.get(reminderId) as string | null | undefined;
      return sealed == null ? null : personalData.open(sealed, reminderId);
    },
    purgePhones(purgeAfterMs) {
      const at = now();
      const params = {
        cutoff: new Date(at.getTime() - purgeAfterMs).toISOString(),
        now: at.toISOString(),
        today: localDay(at),
      };
      foldJournal();
      const counts = write(() => ({
        reminderPhones: sql.purgeRows.run(params).changes,
        outboxPayloads: sql.purgeOutbox.run(params).changes,
      }));
      let walTruncated = false;
      if (counts.reminderPhones + counts.outboxPayloads > 0) {
        // secure_delete (openStore) zeroes the freed cells; the checkpoint empties the WAL.
        const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
        walTruncated = result?.busy === 0;
      }
      return { ...counts, walTruncated };
    },
  };
}
