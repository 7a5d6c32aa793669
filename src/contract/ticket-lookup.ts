/**
 * "My ticket" at a kiosk (issue 8, self-service queries): a ticket of today looked up by its
 * printed number, for a provisioned kiosk of the branch. Whichever kiosk or counter took the
 * number, the answer is the queue's own: waiting (with the tickets the counters call first and
 * the wait as the queue status estimates it), called (when, at which counter), served, no-show
 * or voided. No Node and no DOM here.
 */
import { z } from 'zod';
import { say } from './fields.js';
import { FollowStatusSchema } from './follow.js';
import { QUEUE_NUMBER_PATTERN } from './numbers.js';

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

/**
 * One ticket of today as the queue has it at `asOf`: the follow page's status (the same ticket,
 * counted by the same query) without the ticket id, which the kiosk has no use for.
 */
export const TicketLookupSchema = FollowStatusSchema.omit({ ticketId: true });
export type TicketLookup = z.infer<typeof TicketLookupSchema>;

/** The lookup's answer code besides 200 (ErrorResponse.error.code). */
export const TICKET_LOOKUP_ERRORS = {
  /** No ticket of today at this branch has that number. */
  unknown: 'TICKET_NOT_FOUND',
} as const;
