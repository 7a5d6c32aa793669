/**
 * The order in which the counters call a queue's waiting tickets, in one place: the branch
 * service's "call next" and every "customers ahead" count (the follow page, a new ticket's
 * answer, and so the kiosk's "my ticket") are built from it, so what a customer is told is
 * the order they will really be called in.
 *
 * Tickets served first (SERVED_FIRST_PRIORITIES: senior, disability, appointment, VIP) are
 * called before the ordinary queue; among tickets of one rank, the earlier one first (queued
 * time, then number). The served-first priorities share one rank on purpose: the branch
 * documents put them all before the ordinary queue and do not rank them among themselves, and
 * a VIP who arrives later must not push an elderly customer who is already waiting back.
 */
import { TICKET_PRIORITIES, isServedFirst, type TicketPriority } from './ticket.js';

/** Lower is called first. Every priority has a rank (a new priority must choose one). */
export const CALL_RANK: Readonly<Record<TicketPriority, number>> = Object.fromEntries(
  TICKET_PRIORITIES.map((priority) => [priority, isServedFirst(priority) ? 0 : 1]),
) as Record<TicketPriority, number>;

/** The rank of a ticket's priority; a ticket without one (older kiosks) is ordinary. */
export const callRank = (priority: TicketPriority | undefined): number =>
  CALL_RANK[priority ?? 'none'];

/** What the call order reads of a waiting ticket. */
export interface CallOrderKey {
  readonly priority?: TicketPriority | undefined;
  /** When the ticket joined the queue (ISO 8601 or epoch milliseconds). */
  readonly queuedAt: string | number;
  readonly number: string;
}

/** Negative when `a` is called before `b` (Array.prototype.sort's comparator). */
export function compareCallOrder(a: CallOrderKey, b: CallOrderKey): number {
  const rank = callRank(a.priority) - callRank(b.priority);
  if (rank !== 0) return rank;
  const time = new Date(a.queuedAt).getTime() - new Date(b.queuedAt).getTime();
  if (time !== 0) return time;
  return a.number < b.number ? -1 : a.number > b.number ? 1 : 0;
}
