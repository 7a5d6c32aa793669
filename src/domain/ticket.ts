/**
 * The queue ticket, in the bank's words.
 *
 * Lifecycle ("commit after print", design.md §4.1): a number is *reserved*, the ticket is printed,
 * a printer status barrier confirms paper and cutter, and only then is the ticket *issued*.
 * When the printer fails the customer is shown the number on screen and the ticket is issued with
 * `delivery: 'screen'`, so the record says how the customer got it.
 */
export type TicketStatus = 'reserved' | 'issued';
export type TicketDelivery = 'printed' | 'screen';

export interface Ticket {
  /** UUIDv7: globally unique, time-ordered; the idempotency key towards the branch service. */
  readonly id: string;
  /** What the customer sees and the teller calls, e.g. "A023". */
  readonly number: string;
  readonly businessTypeId: string;
  readonly status: TicketStatus;
  readonly delivery: TicketDelivery | null;
  /** People in the same queue ahead of this ticket when it was issued. */
  readonly waitingAhead: number;
  /** ISO 8601 instant. */
  readonly reservedAt: string;
  readonly issuedAt: string | null;
  readonly kioskId: string;
}

/** "A" + 7 → "A007". Three digits, as branch call-displays expect; wraps past 999 per day. */
export function formatTicketNumber(prefix: string, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1) {
    throw new RangeError(`ticket sequence must be a positive integer, got ${sequence}`);
  }
  return `${prefix}${String(((sequence - 1) % 999) + 1).padStart(3, '0')}`;
}

/**
 * What the QR code on a ticket carries: a URL the customer scans to follow their place in the
 * queue. It holds the ticket id only, never personal data.
 */
export function ticketQrPayload(baseUrl: string, ticket: Pick<Ticket, 'id' | 'number'>): string {
  const url = new URL(`/t/${encodeURIComponent(ticket.id)}`, baseUrl);
  url.searchParams.set('n', ticket.number);
  return url.toString();
}
