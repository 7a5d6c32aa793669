/**
 * The abuse guard's part of the store: which tickets an ID card took (by its customer key,
 * migrations/0003; never the ID number). Read-only: the key is written with the ticket itself
 * (tickets.ts reserveTicket). Built with `store.featureStore(createTicketCustomerStore)`.
 */
import type { Ticket } from '../domain/ticket.js';
import { serviceDayOf, toTicket, type TicketRow } from './tickets.js';
import type { StoreContext } from './transaction.js';

export interface TicketCustomerStore {
  /**
   * The newest live ticket taken with this customer key for this queue: issued, today's,
   * reserved less than `liveMinutes` before `now`. Undefined when there is none. A number only
   * reserved (the kiosk stopped before issuing it) does not count: the customer may never have
   * had it.
   */
  liveTicketFor(input: {
    readonly customerKey: string;
    readonly businessTypeId: string;
    readonly now: Date;
    readonly liveMinutes: number;
  }): Ticket | undefined;
}

export function createTicketCustomerStore({ db, foldJournal }: StoreContext): TicketCustomerStore {
  const live = db.prepare(
    `SELECT * FROM tickets
     WHERE customer_key = ? AND service_day = ? AND business_type_id = ? AND reserved_at > ?
       AND status = 'issued'
     ORDER BY reserved_at DESC LIMIT 1`,
  );
  return {
    liveTicketFor({ customerKey, businessTypeId, now, liveMinutes }) {
      foldJournal(); // the card's latest ticket may be in the ticket journal still
      const since = new Date(now.getTime() - liveMinutes * 60_000);
      const row = live.get(customerKey, serviceDayOf(now), businessTypeId, since.toISOString()) as
        TicketRow | undefined;
      return row === undefined ? undefined : toTicket(row);
    },
  };
}
