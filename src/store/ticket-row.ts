/**
 * A tickets row (migrations/0001 and later) as the store reads it, and the Ticket it stands for:
 * shared by the ticket store (./tickets.ts) and the ticket journal's fold
 * (./ticket-journal-fold.ts), which builds an issued ticket's outbox payload from its row.
 */
import type { Ticket, TicketDelivery, TicketPriority, TicketStatus } from '../domain/ticket.js';

export interface TicketRow {
  id: string;
  number: string;
  sequence: number;
  business_type_id: string;
  status: TicketStatus;
  delivery: TicketDelivery | null;
  waiting_ahead: number;
  reserved_at: string;
  issued_at: string | null;
  kiosk_id: string;
  service_day: string;
  issued_offline: number;
  priority: TicketPriority;
  customer_key: string | null;
  /** Read by `SELECT *` only. */
  voided_at?: string | null;
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
  issuedOffline: row.issued_offline === 1,
  // Only when served first: a ticket of the ordinary queue reads as it did before priorities.
  ...(row.priority !== 'none' ? { priority: row.priority } : {}),
});
