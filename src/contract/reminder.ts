/**
 * The SMS reminder in the contract (issue 8): the 'reminder.requested' payload a kiosk sends
 * when a customer asked to be told by SMS that their turn is near (its item schema is in
 * ./sync.ts with the other outbox kinds), the branch's policy for it (GET /v1/config
 * `smsReminder`), and the rule for a mainland mobile number. No Node and no DOM here: the
 * renderer, the kiosk and the branch service all load it.
 *
 * The phone number is personal data (PIPL) used only for this one reminder: it travels to the
 * branch service only in this item, and the service deletes it once the reminder is handed to
 * the bank's SMS gateway or dropped (branch-service/reminders.ts).
 */
import { z } from 'zod';
import {
  CalendarDay,
  Identifier,
  Instant,
  nonEmptyText,
  say,
  Uuid,
  type Immutable,
} from './fields.js';

/** Digits of a mainland China mobile number. */
export const MOBILE_NUMBER_DIGITS = 11;

/** 11 digits, 1 then 3–9 (the mainland mobile ranges; 12x and 10x are not mobiles). */
const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

/** Is `value` a mainland mobile number as the keypad gives it (digits only)? */
export function isMainlandMobile(value: string): boolean {
  return MAINLAND_MOBILE.test(value);
}

export const MainlandMobileSchema = z
  .string({ error: say('must be a mainland mobile number of 11 digits') })
  .regex(MAINLAND_MOBILE, { error: 'must be a mainland mobile number: 11 digits, 1 then 3-9' })
  .meta({ description: 'A mainland China mobile number: 11 digits, starting 13–19.' });

/** The most customers ahead a branch may choose to remind at (a longer wait is no reminder). */
export const MAX_REMIND_WHEN_AHEAD = 50;

/** The branch's SMS reminder policy. */
export const SmsReminderPolicySchema = z.object(
  {
    /** Whether the kiosk offers "remind me by SMS" (a branch without a gateway switches it off). */
    enabled: z.boolean({ error: say('must be true or false') }),
    /** The SMS goes when this many customers (or fewer) are ahead of the ticket. */
    remindWhenAhead: z
      .int({ error: say('must be a whole number of customers') })
      .min(0, { error: `must be between 0 and ${MAX_REMIND_WHEN_AHEAD}` })
      .max(MAX_REMIND_WHEN_AHEAD, { error: `must be between 0 and ${MAX_REMIND_WHEN_AHEAD}` }),
  },
  { error: say('must be an object with enabled and remindWhenAhead') },
);
export type SmsReminderPolicy = Immutable<z.infer<typeof SmsReminderPolicySchema>>;
export const DEFAULT_SMS_REMINDER: SmsReminderPolicy = { enabled: true, remindWhenAhead: 3 };

/**
 * Payload of kind 'reminder.requested': remind the holder of ticket `ticketId` at `phone` when
 * `remindWhenAhead` customers or fewer are ahead. Loose like the others, so a newer kiosk's
 * fields are kept.
 */
export const ReminderRequestedPayloadSchema = z.looseObject(
  {
    /** UUIDv7 made by the kiosk: the reminder's id (one per request). */
    id: Uuid,
    kioskId: Identifier,
    ticketId: Uuid,
    ticketNumber: nonEmptyText(32),
    businessTypeId: Identifier,
    phone: MainlandMobileSchema,
    remindWhenAhead: z
      .int({ error: say('must be a whole number of customers') })
      .min(0, { error: `must be between 0 and ${MAX_REMIND_WHEN_AHEAD}` })
      .max(MAX_REMIND_WHEN_AHEAD, { error: `must be between 0 and ${MAX_REMIND_WHEN_AHEAD}` }),
    /** The language the customer used: the SMS is written in it. */
    language: z.enum(['zh-CN', 'en'], { error: 'must be zh-CN or en' }),
    requestedAt: Instant,
    /** YYYY-MM-DD, the branch's calendar day (the ticket's). */
    serviceDay: CalendarDay,
  },
  { error: say('must be an object (the SMS reminder request)') },
);
export type ReminderRequestedPayload = Immutable<z.infer<typeof ReminderRequestedPayloadSchema>>;
