/**
 * The queue ticket, in the bank's words.
 *
 * Lifecycle ("commit after print", design.md §4.1): a number is *reserved*, the ticket is printed,
 * a printer status barrier confirms paper and cutter, and only then is the ticket *issued*.
 * When the printer fails the customer is shown the number on screen and the ticket is issued with
 * `delivery: 'screen'`, so the record says how the customer got it.
 *
 * Defined as a schema (zod), because tickets travel to the branch service (src/contract/sync.ts);
 * the types are inferred from it.
 */
import { z } from 'zod';
import {
  Identifier,
  Instant,
  Uuid,
  nonEmptyText,
  say,
  type Immutable,
} from '../contract/fields.js';

export const TicketStatusSchema = z.enum(['reserved', 'issued']);
export type TicketStatus = z.infer<typeof TicketStatusSchema>;
export const TicketDeliverySchema = z.enum(['printed', 'screen']);
export type TicketDelivery = z.infer<typeof TicketDeliverySchema>;
/**
 * Served before the ordinary queue: `senior` from the ID card's age and the branch's rules
 * (src/domain/identification.ts); `disability` when a lobby guide marks the customer in
 * assisted mode (machines/guide); `appointment` for a checked-in appointment; `vip` for a
 * customer the branch service knows as VIP by their card; `none` for everyone else. Absent on
 * tickets from before it. Values are only ever added: the store keeps them as rows of
 * ticket_priorities (migrations/0008, 0009), so a new one is an INSERT, and the branch service
 * stores the payload as it comes.
 */
export const TICKET_PRIORITIES = ['none', 'senior', 'disability', 'appointment', 'vip'] as const;
export const TicketPrioritySchema = z.enum(TICKET_PRIORITIES);
export type TicketPriority = z.infer<typeof TicketPrioritySchema>;
/** The priorities served first, as the screen and the paper name them. */
export const SERVED_FIRST_PRIORITIES = ['senior', 'disability', 'appointment', 'vip'] as const;
export type ServedFirstPriority = (typeof SERVED_FIRST_PRIORITIES)[number];
export function isServedFirst(
  priority: TicketPriority | undefined,
): priority is ServedFirstPriority {
  return priority !== undefined && priority !== 'none';
}

/** More people than this ahead in one queue is a counting error, not a busy day. */
export const MAX_WAITING_AHEAD = 99_999;

export const TicketSchema = z.object(
  {
    /** UUIDv7: globally unique, time-ordered; the idempotency key towards the branch service. */
    id: Uuid,
    /** What the customer sees and the teller calls, e.g. "A023". */
    number: nonEmptyText(32),
    businessTypeId: Identifier,
    status: TicketStatusSchema,
    delivery: TicketDeliverySchema.nullable(),
    /** People in the same queue ahead of this ticket when it was issued. */
    waitingAhead: z
      .int({ error: say('must be a non-negative integer') })
      .min(0, { error: 'must be a non-negative integer' })
      .max(MAX_WAITING_AHEAD, { error: `must be at most ${MAX_WAITING_AHEAD}` }),
    /** ISO 8601 instant. */
    reservedAt: Instant,
    issuedAt: Instant.nullable(),
    kioskId: Identifier,
    /** Optional: tickets from before priorities, and the branch service's older readers. */
    priority: TicketPrioritySchema.optional(),
    /** Numbered from this kiosk's leased block while the branch service was unreachable. */
    issuedOffline: z.boolean({ error: say('must be true or false') }).optional(),
  },
  { error: say('must be an object (the ticket)') },
);
export type Ticket = Immutable<z.infer<typeof TicketSchema>>;

/** "A" + 7 → "A007". Three digits, as branch call-displays expect; wraps past 999 per day. */
export function formatTicketNumber(prefix: string, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1) {
    throw new RangeError(`ticket sequence must be a positive integer, got ${sequence}`);
  }
  return `${prefix}${String(((sequence - 1) % 999) + 1).padStart(3, '0')}`;
}

/**
 * What the QR code on a ticket carries: the address of the branch's "follow my ticket" page
 * (branch-service/follow-routes.ts, GET /t/:ticketId) a customer scans to follow their place in
 * the queue. It holds the ticket id, its number (for people reading the address) and the follow
 * token `k` that makes it a capability (src/follow-link.ts), never personal data.
 */
export function ticketQrPayload(
  baseUrl: string,
  ticket: Pick<Ticket, 'id' | 'number'>,
  followToken: string,
): string {
  const url = new URL(`/t/${encodeURIComponent(ticket.id)}`, baseUrl);
  url.searchParams.set('n', ticket.number);
  url.searchParams.set('k', followToken);
  return url.toString();
}
