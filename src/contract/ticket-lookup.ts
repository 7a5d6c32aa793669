/**
 * "My ticket" at a kiosk (issue 8, self-service queries): a ticket of today looked up by its
 * printed number, for a provisioned kiosk of the branch. Whichever kiosk or counter took the
 * number, the answer is the queue's own: waiting (with the tickets the counters call first and
 * the wait as the queue status estimates it), called (when, at which counter), served, no-show
 * or voided. No Node and no DOM here.
 */
import { z } from 'zod';
import { CalendarDay, Identifier, Instant, nonEmptyText, say } from './fields.js';
import { MAX_WAIT_MINUTES, QUEUE_ENTRY_STATES, QUEUE_NUMBER_PATTERN } from './numbers.js';

export const TICKET_LOOKUP_PATHS = {
  /** GET → TicketLookup; 404 TICKET_NOT_FOUND when no ticket of today has that number. */
  byNumber: '/v1/tickets/by-number/:number',
} as const;

/** The path of one number's lookup (the number is letters and digits: nothing to escape). */
export const ticketLookupPath = (number: string): string =>
  TICKET_LOOKUP_PATHS.byNumber.replace(':number', encodeURIComponent(number));

/** The printed number, as the customer typed it: a prefix of one or two letters and 4 digits. */
export const TicketNumberSchema = z
  .string({ error: say('must be a ticket number such as A0023') })
  .max(16, { error: 'must be a ticket number such as A0023' })
  .regex(QUEUE_NUMBER_PATTERN, { error: 'must be a ticket number such as A0023' })
  .meta({ description: 'A ticket number as printed: one or two capital letters and 4 digits.' });

export const TicketLookupParamsSchema = z.object({ number: TicketNumberSchema });

/** One ticket of today as the queue has it at `asOf`. */
export const TicketLookupSchema = z.object({
  number: nonEmptyText(32),
  businessTypeId: Identifier,
  serviceDay: CalendarDay,
  state: z.enum(QUEUE_ENTRY_STATES),
  /** Waiting tickets the counters call before this one (the call order); null unless waiting. */
  waitingAhead: z.int().min(0).max(99_999).nullable(),
  /** For `waitingAhead`, as the queue status estimates; null unless waiting, or no basis yet. */
  estimatedWaitMinutes: z.int().min(0).max(MAX_WAIT_MINUTES).nullable(),
  /** The counter (window) it was called to; null before it was called. */
  counterId: Identifier.nullable(),
  calledAt: Instant.nullable(),
  asOf: Instant,
});
export type TicketLookup = z.infer<typeof TicketLookupSchema>;

/** The lookup's answer code besides 200 (ErrorResponse.error.code). */
export const TICKET_LOOKUP_ERRORS = {
  /** No ticket of today at this branch has that number. */
  unknown: 'TICKET_NOT_FOUND',
} as const;
