/**
 * The ticket feature's part of the store: its tables (tickets, ticket_counters, in
 * migrations/0001) and its queries, writing its outbox item inside its own transaction.
 *
 * This is the module a next feature (e-form, feedback…) copies: a `create<Feature>Store(context)`
 * that prepares its statements once, runs every write through `context.write((tx) => …)`, and
 * calls `appendOutbox(tx, '<feature>.<event>', payload)` inside that write for whatever the
 * branch must learn. Its tables come in a new migrations/NNNN_<feature>.sql.
 */
import type { BusinessType } from '../domain/business-type.js';
import { formatTicketNumber } from '../domain/ticket.js';
import type { Ticket, TicketDelivery, TicketPriority, TicketStatus } from '../domain/ticket.js';
import { uuidv7 } from '../uuidv7.js';
import { StoreError } from './errors.js';
import { appendOutbox } from './outbox.js';
import type { StoreContext } from './transaction.js';
import { localDay } from '../domain/local-time.js';

/** The outbox kind the branch service files issued tickets under. */
export const TICKET_ISSUED = 'ticket.issued';

export interface TicketStore {
  /** Next number of that queue for today; the ticket is 'reserved' until it is issued. */
  reserveTicket(input: {
    readonly businessType: BusinessType;
    /** From the ID card (migrations/0003); default 'none'. */
    readonly priority?: TicketPriority;
    /** The ID card's customer key (HMAC of the ID number, never the number itself). */
    readonly customerKey?: string;
  }): Ticket;
  /**
   * Marks the ticket issued and appends its `ticket.issued` outbox row in one transaction.
   * Idempotent: an already issued ticket is returned unchanged and nothing is appended.
   */
  issueTicket(ticketId: string, input: { readonly delivery: TicketDelivery }): Ticket;
  getTicket(id: string): Ticket | undefined;
  /**
   * Tickets reserved but never issued: the kiosk stopped (crash, power cut) between taking the
   * number and recording it. Whether the paper came out is unknown, so the technician is told.
   */
  unissuedTickets(): Ticket[];
}

export interface TicketRow {
  id: string;
  number: string;
  business_type_id: string;
  status: TicketStatus;
  delivery: TicketDelivery | null;
  waiting_ahead: number;
  reserved_at: string;
  issued_at: string | null;
  kiosk_id: string;
  service_day: string;
  priority: TicketPriority;
  customer_key: string | null;
}

export const toTicket = (row: TicketRow): Ticket => ({
  id: row.id,
  number: row.number,
  businessTypeId: row.business_type_id,
  status: row.status,
  delivery: row.delivery,
  waitingAhead: row.waiting_ahead,
  reservedAt: row.reserved_at,
  issuedAt: row.issued_at,
  kioskId: row.kiosk_id,
  // Only when served first: a ticket of the ordinary queue reads as it did before priorities.
  ...(row.priority !== 'none' ? { priority: row.priority } : {}),
});

const PRIORITIES: readonly TicketPriority[] = ['none', 'senior'];
const CUSTOMER_KEY = /^[0-9a-f]{64}$/;

/** The branch's calendar day in local time (the kiosk's clock is set to branch time). */
export function serviceDayOf(date: Date): string {
  return localDay(date);
}

const DELIVERIES: readonly TicketDelivery[] = ['printed', 'screen'];

export function createTicketStore({ db, kioskId, write }: StoreContext): TicketStore {
  const sql = {
    nextSequence: db.prepare(
      `INSERT INTO ticket_counters (service_day, business_type_id, last_sequence) VALUES (?, ?, 1)
       ON CONFLICT (service_day, business_type_id) DO UPDATE SET last_sequence = last_sequence + 1
       RETURNING last_sequence AS sequence`,
    ),
    countIssued: db.prepare(
      `SELECT count(*) AS n FROM tickets
       WHERE service_day = ? AND business_type_id = ? AND kiosk_id = ? AND status = 'issued'`,
    ),
    insertTicket: db.prepare(
      `INSERT INTO tickets (id, number, sequence, business_type_id, status, delivery,
         waiting_ahead, reserved_at, issued_at, kiosk_id, service_day, priority, customer_key)
       VALUES (@id, @number, @sequence, @businessTypeId, 'reserved', NULL,
         @waitingAhead, @reservedAt, NULL, @kioskId, @serviceDay, @priority, @customerKey)`,
    ),
    getTicket: db.prepare('SELECT * FROM tickets WHERE id = ?'),
    unissued: db.prepare(
      `SELECT * FROM tickets WHERE status = 'reserved' AND kiosk_id = ? ORDER BY reserved_at`,
    ),
    issueTicket: db.prepare(
      `UPDATE tickets SET status = 'issued', delivery = ?, issued_at = ?
       WHERE id = ? AND status = 'reserved'`,
    ),
  };

  const getRow = (id: string) => sql.getTicket.get(id) as TicketRow | undefined;

  return {
    reserveTicket({ businessType, priority = 'none', customerKey }) {
      if (!businessType?.id || !businessType.prefix) {
        throw new StoreError(
          'INVALID_ARGUMENT',
          'reserveTicket needs a business type with an id and a prefix; the cached branch ' +
            'configuration is incomplete, refresh it from the branch service.',
        );
      }
      if (!PRIORITIES.includes(priority)) {
        throw new StoreError(
          'INVALID_ARGUMENT',
          `reserveTicket: priority must be 'none' or 'senior', got ${JSON.stringify(priority)}.`,
        );
      }
      if (customerKey !== undefined && !CUSTOMER_KEY.test(customerKey)) {
        // Never echoed: if a caller passed an ID number by mistake, it must not reach a log.
        throw new StoreError(
          'INVALID_ARGUMENT',
          'reserveTicket: customerKey must be 64 lower-case hex digits (an HMAC-SHA256), never ' +
            'an ID number; check the identify feature.',
        );
      }
      return write((tx): Ticket => {
        const serviceDay = serviceDayOf(tx.now);
        const { sequence } = sql.nextSequence.get(serviceDay, businessType.id) as {
          sequence: number;
        };
        // Thin for now: "ahead" is what this kiosk issued today in that queue, not what the
        // tellers have not yet called. The branch service's queue status will replace it.
        const { n: waitingAhead } = sql.countIssued.get(
          serviceDay,
          businessType.id,
          tx.kioskId,
        ) as { n: number };
        const ticket: Ticket = {
          id: uuidv7(tx.now.getTime()),
          number: formatTicketNumber(businessType.prefix, sequence),
          businessTypeId: businessType.id,
          status: 'reserved',
          delivery: null,
          waitingAhead,
          reservedAt: tx.now.toISOString(),
          issuedAt: null,
          kioskId: tx.kioskId,
          ...(priority !== 'none' ? { priority } : {}),
        };
        sql.insertTicket.run({
          ...ticket,
          sequence,
          serviceDay,
          priority,
          customerKey: customerKey ?? null,
        });
        return ticket;
      });
    },

    issueTicket(ticketId, { delivery }) {
      if (!DELIVERIES.includes(delivery)) {
        throw new StoreError(
          'INVALID_ARGUMENT',
          `issueTicket: delivery must be 'printed' or 'screen', got ${JSON.stringify(delivery)}.`,
        );
      }
      return write((tx): Ticket => {
        const row = getRow(ticketId);
        if (row === undefined) {
          throw new StoreError(
            'TICKET_NOT_FOUND',
            `Ticket ${ticketId} is not in this kiosk's database, so it cannot be issued. ` +
              'Reserve a new number for the customer.',
          );
        }
        // Already issued (a retried "printed" event, a double tap): same answer, no second row.
        if (row.status === 'issued') return toTicket(row);
        const issuedAt = tx.now.toISOString();
        sql.issueTicket.run(delivery, issuedAt, ticketId);
        const issued: Ticket = { ...toTicket(row), status: 'issued', delivery, issuedAt };
        // The branch needs the branch-local day to place the ticket in its day's queue.
        appendOutbox(tx, TICKET_ISSUED, { ...issued, serviceDay: row.service_day });
        return issued;
      });
    },

    getTicket(id) {
      const row = getRow(id);
      return row === undefined ? undefined : toTicket(row);
    },

    unissuedTickets() {
      return (sql.unissued.all(kioskId) as TicketRow[]).map(toTicket);
    },
  };
}
