/**
 * The ticket flow's commands and screens. Imported by the renderer: no Node, no DOM.
 */
import { z } from 'zod';
import { SERVED_FIRST_PRIORITIES } from '../../domain/ticket.js';
import { ViewBaseSchema } from '../common.js';

export const TicketCommandSchemas = [
  z.object({ type: z.literal('CHOOSE_BUSINESS_TYPE'), businessTypeId: z.string().max(64) }),
  // "Print again" on the not-printed screen.
  z.object({ type: z.literal('REPRINT_TICKET') }),
  // "Print my ticket" on the confirmation screen.
  z.object({ type: z.literal('CONFIRM_TICKET') }),
] as const;

export const BusinessTypeViewSchema = z.object({
  id: z.string(),
  prefix: z.string(),
  name: z.string(),
  description: z.string().optional(),
  /** Closed or switched off now: listed greyed with why ("Opens at 09:00"); refused if chosen. */
  unavailable: z.string().max(200).optional(),
});
export type BusinessTypeView = z.infer<typeof BusinessTypeViewSchema>;

export const TicketViewSchema = z.object({
  number: z.string(),
  businessTypeName: z.string(),
  waitingAhead: z.number().int().nonnegative(),
  qrPayload: z.string(),
  /** Served first (the ID card's age, or a guide's disability flag); absent for the ordinary queue. */
  priority: z.enum(SERVED_FIRST_PRIORITIES).optional(),
  /** Numbered from the kiosk's leased block while the branch service was unreachable. */
  issuedOffline: z.boolean().optional(),
  /** true: the branch's count is not current, say "wait unknown" instead of `waitingAhead`. */
  waitUnknown: z.boolean().optional(),
  /** The branch's estimate in minutes; null: it has none yet. */
  estimatedWaitMinutes: z.number().int().nonnegative().max(1440).nullable().optional(),
  /** When the branch counted, as local "HH:MM". */
  asOf: z.string().max(8).optional(),
  /** When the ticket was taken, as local "HH:MM" (printed on the ticket too). */
  issuedAt: z.string().max(8).optional(),
});
export type TicketView = z.infer<typeof TicketViewSchema>;

/** The wait for one queue: the part of a ticket's view the confirmation screen shows too. */
export const QueueWaitViewSchema = TicketViewSchema.pick({
  waitingAhead: true,
  waitUnknown: true,
  estimatedWaitMinutes: true,
  asOf: true,
});
export type QueueWaitView = z.infer<typeof QueueWaitViewSchema>;

export const TicketScreenSchemas = [
  // Which queue?
  ViewBaseSchema.extend({
    screen: z.literal('chooseBusinessType'),
    businessTypes: z.array(BusinessTypeViewSchema),
  }),
  // Before printing: this queue, the people ahead and the estimated wait; confirm or go back.
  ViewBaseSchema.extend({
    screen: z.literal('confirmTicket'),
    businessType: BusinessTypeViewSchema,
    wait: QueueWaitViewSchema,
    /** The people ahead are being counted: no figure yet, and nothing to confirm until there is. */
    counting: z.boolean().optional(),
  }),
  // Your ticket is being printed.
  ViewBaseSchema.extend({ screen: z.literal('printing') }),
  // Your number is A023, take your ticket.
  // canRemindBySms: the branch offers "remind me by SMS" (absent: not offered).
  ViewBaseSchema.extend({
    screen: z.literal('ticketIssued'),
    ticket: TicketViewSchema,
    canRemindBySms: z.boolean().optional(),
  }),
  // Your number is A023, but the printer failed: note it.
  // canReprint: the printer is ready again, "print again" is offered.
  ViewBaseSchema.extend({
    screen: z.literal('ticketNotPrinted'),
    ticket: TicketViewSchema,
    canReprint: z.boolean(),
    canRemindBySms: z.boolean().optional(),
  }),
] as const;
