/**
 * Finding a ticket by the number on it, for the customer's "my ticket" query: today's tickets of
 * this kiosk only (a number repeats every day and on every kiosk). Read-only; the ticket
 * feature's module (./tickets.ts) owns the table and every write, and `getTicket` reads it whole.
 */
import { serviceDayOf } from './tickets.js';
import type { StoreContext } from './transaction.js';

export interface TicketLookup {
  /** The id of today's ticket with this number from this kiosk, or undefined. */
  ticketIdToday(number: string): string | undefined;
}

export function createTicketLookup({ db, kioskId, now, foldJournal }: StoreContext): TicketLookup {
  const byNumber = db.prepare(
    `SELECT id FROM tickets WHERE number = ? AND service_day = ? AND kiosk_id = ?
     ORDER BY reserved_at DESC LIMIT 1`,
  );
  return {
    ticketIdToday(number) {
      foldJournal(); // the ticket may be in the ticket journal still
      const row = byNumber.get(number, serviceDayOf(now()), kioskId) as { id: string } | undefined;
      return row?.id;
    },
  };
}
