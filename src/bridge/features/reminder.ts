/**
 * The SMS reminder flow's commands and screens. Imported by the renderer: no Node, no DOM.
 *
 * The number is typed on the kiosk's keypad, one digit a command, so it lives in the host
 * (cleared with the session like every other trace of the customer), never in the page's state.
 */
import { z } from 'zod';
import { MAX_REMIND_WHEN_AHEAD, MOBILE_NUMBER_DIGITS } from '../../contract/reminder.js';
import { ViewBaseSchema } from '../common.js';

const TicketNumber = z.string().max(32);
const RemindWhenAhead = z.int().min(0).max(MAX_REMIND_WHEN_AHEAD);
const Digits = z
  .string()
  .max(MOBILE_NUMBER_DIGITS)
  .regex(/^[0-9]*$/);

export const ReminderCommandSchemas = [
  // "Remind me by SMS" on the ticket's screen: the ticket flow ends into this one (optional).
  z.object({ type: z.literal('REMIND_BY_SMS') }),
  z.object({ type: z.literal('ACCEPT_REMINDER_CONSENT') }),
  z.object({ type: z.literal('TYPE_PHONE_DIGIT'), digit: z.string().regex(/^[0-9]$/) }),
  z.object({ type: z.literal('ERASE_PHONE_DIGIT') }),
  z.object({ type: z.literal('SUBMIT_PHONE') }),
  z.object({ type: z.literal('CONFIRM_REMINDER') }),
] as const;

export const ReminderScreenSchemas = [
  // What the number is for and how long it is kept: agree, or go back.
  ViewBaseSchema.extend({
    screen: z.literal('reminderConsent'),
    ticketNumber: TicketNumber,
    remindWhenAhead: RemindWhenAhead,
    /** A ticket to remind of was handed over (false: only "done" is offered). */
    canAccept: z.boolean(),
  }),
  // The number on a keypad; `invalid`: the last "next" was refused (not a mainland mobile).
  ViewBaseSchema.extend({
    screen: z.literal('reminderPhone'),
    ticketNumber: TicketNumber,
    phone: Digits,
    maxDigits: z.int().positive(),
    invalid: z.boolean(),
  }),
  // "We will text this number when N customers are ahead": confirm, or change it.
  ViewBaseSchema.extend({
    screen: z.literal('reminderConfirm'),
    ticketNumber: TicketNumber,
    phone: Digits,
    remindWhenAhead: RemindWhenAhead,
  }),
  // Saving / saved / could not be saved.
  ViewBaseSchema.extend({
    screen: z.literal('reminderDone'),
    ticketNumber: TicketNumber,
    /** false: the ticket did not print, the number is only on screen: say it again. */
    printed: z.boolean(),
    remindWhenAhead: RemindWhenAhead,
    status: z.enum(['saving', 'saved', 'notSaved']),
  }),
] as const;
