/**
 * The ticket feature's part of the store: its tables (tickets in migrations/0001, number blocks
 * and number requests in 0002) and its queries, writing its outbox items inside its own
 * transaction.
 *
 * Numbers come from the branch (issue 7): online, the branch service allocates the number and
 * the reservation records it; offline, the number is taken from a block the branch leased to
 * this kiosk (./number-blocks.ts) and the ticket is marked `issuedOffline`. A kiosk never makes
 * up a number of its own: with neither, the reservation is refused (NO_NUMBERS_LEFT).
 *
 * Crash safety: a number asked of the branch is recorded first (number_requests), and a
 * reservation is a row until it is issued. At boot, whatever a crash left between reserving and
 * issuing is voided with a `ticket.voided` outbox item (settleInterruptedReservations): the
 * branch learns the number was skipped, and it is never reused. Boot reads only the tickets above
 * the kiosk's settlement mark (migrations/0011), where every ticket below is issued or voided:
 * no index on open reservations is written per ticket.
 *
 * Cost per ticket is flat over the day: every statement here is a lookup by key or a one-row
 * write; nothing counts the day's tickets ("people ahead" comes from the branch).
 */
import type { BusinessType } from '../domain/business-type.js';
import { TICKET_PRIORITIES } from '../domain/ticket.js';
import type { Ticket, TicketDelivery, TicketPriority, TicketStatus } from '../domain/ticket.js';
import { MAX_QUEUE_SEQUENCE, formatQueueNumber } from '../contract/numbers.js';
import type { TicketVoidedPayload } from '../contract/sync.js';
import { uuidv7 } from '../uuidv7.js';
import { StoreError } from './errors.js';
import { createNumberBlocks, type NumberBlockStore } from './number-blocks.js';
import { createTicketSettlement } from './ticket-settlement.js';
import { appendOutbox } from './outbox.js';
import type { StoreContext, StoreTx } from './transaction.js';
import { localDay } from '../domain/local-time.js';

/** The outbox kind the branch service files issued tickets under. */
export const TICKET_ISSUED = 'ticket.issued';
/** The outbox kind of a number reserved and never issued (see settleInterruptedReservations). */
export const TICKET_VOIDED = 'ticket.voided';

/** A number the branch service allocated for a ticket id (POST /v1/numbers). */
export interface BranchNumber {
  readonly ticketId: string;
  readonly serviceDay: string;
  readonly sequence: number;
  readonly number: string;
}

/** A number asked of the branch: recorded before the request goes out. */
export interface NumberRequestRecord {
  readonly ticketId: string;
  readonly serviceDay: string;
}

export interface ReserveTicketInput {
  readonly businessType: BusinessType;
  /** The branch's number (online). Without it the number comes from a leased block (offline). */
  readonly branchNumber?: BranchNumber;
  /**
   * The request that got no number (offline): settled in the same transaction. When it may
   * have reached the branch (a timeout, a cut connection, a 5xx), the branch may have allocated
   * a number for it, so it is voided with a `ticket.voided` item; when it cannot have (the
   * connection was refused, the request was not sent, the branch refused it), it is dropped.
   */
  readonly unansweredRequest?: {
    readonly ticketId: string;
    readonly mayHaveReachedBranch: boolean;
  };
  /** People ahead, as the branch last said; default 0. Stored, never counted here. */
  readonly waitingAhead?: number;
  /** From the ID card (migrations/0003); default 'none'. */
  readonly priority?: TicketPriority;
  /** The ID card's customer key (HMAC of the ID number, never the number itself). */
  readonly customerKey?: string;
}

export interface TicketStore extends NumberBlockStore {
  /** Records that a number is being asked of the branch for a new ticket id; returns that id. */
  requestNumber(input: { readonly businessType: BusinessType }): NumberRequestRecord;
  /** Reserves the ticket with the branch's number, or the next number of a leased block. */
  reserveTicket(input: ReserveTicketInput): Ticket;
  /**
   * Marks the ticket issued and appends its `ticket.issued` outbox row in one transaction.
   * Idempotent: an already issued ticket is returned unchanged and nothing is appended.
   */
  issueTicket(ticketId: string, input: { readonly delivery: TicketDelivery }): Ticket;
  /**
   * A ticket issued on screen (the printer failed) was printed after all, at the customer's
   * request: its delivery becomes 'printed' and the ticket is stated again to the branch (a
   * second `ticket.issued` item for the same ticket id; the branch keeps the latest). Idempotent:
   * a ticket already printed is returned unchanged and nothing is appended.
   */
  recordReprint(ticketId: string): Ticket;
  getTicket(id: string): Ticket | undefined;
  /**
   * Tickets reserved but never issued (and not voided yet): the kiosk stopped (crash, power
   * cut) between taking the number and recording it.
   */
  unissuedTickets(): Ticket[];
  /**
   * Voids what a crash left between reserving and issuing: unanswered number requests and
   * unissued reservations, each with a `ticket.voided` outbox item, in one transaction. Call at
   * boot, before any ticket is taken. Returns what was voided.
   */
  settleInterruptedReservations(): TicketVoidedPayload[];
  /**
   * Moves this kiosk's settlement mark (migrations/0011) up to just below its first reservation
   * still open, or to its last ticket, so that the next boot reads only the tickets after it.
   * For an idle moment (the store's idle checkpoint): a write, off the customer's path. True
   * when the mark moved; false inside a transaction.
   */
  advanceSettledMark(): boolean;
}

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
}

/** A TicketRow's columns (all of the table's but voided_at, which a TicketRow does not carry). */
const TICKET_COLUMNS = `id, number, sequence, business_type_id, status, delivery, waiting_ahead,
  reserved_at, issued_at, kiosk_id, service_day, issued_offline, priority, customer_key`;

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

const PRIORITIES: readonly TicketPriority[] = TICKET_PRIORITIES;
const CUSTOMER_KEY = /^[0-9a-f]{64}$/;

/** The branch's calendar day in local time (the kiosk's clock is set to branch time). */
export function serviceDayOf(date: Date): string {
  return localDay(date);
}

const DELIVERIES: readonly TicketDelivery[] = ['printed', 'screen'];

function checkBusinessType(businessType: BusinessType | undefined, call: string): void {
  if (!businessType?.id || !businessType.prefix) {
    throw new StoreError(
      'INVALID_ARGUMENT',
      `${call} needs a business type with an id and a prefix; the cached branch ` +
        'configuration is incomplete, refresh it from the branch service.',
    );
  }
}

export function createTicketStore(context: StoreContext): TicketStore {
  const { db, kioskId, write } = context;
  const blocks = createNumberBlocks(context);
  const sql = {
    insertRequest: db.prepare(
      `INSERT INTO number_requests (ticket_id, business_type_id, service_day, requested_at)
       VALUES (?, ?, ?, ?)`,
    ),
    getRequest: db.prepare('SELECT * FROM number_requests WHERE ticket_id = ?'),
    deleteRequest: db.prepare('DELETE FROM number_requests WHERE ticket_id = ?'),
    allRequests: db.prepare('SELECT * FROM number_requests ORDER BY requested_at'),
    // Positional: binding by name cost a reservation more than the insert itself.
    insertTicket: db.prepare(
      `INSERT INTO tickets (id, number, sequence, business_type_id, status, delivery,
         waiting_ahead, reserved_at, issued_at, kiosk_id, service_day, issued_offline, priority,
         customer_key)
       VALUES (?, ?, ?, ?, 'reserved', NULL, ?, ?, NULL, ?, ?, ?, ?, ?)`,
    ),
    getTicket: db.prepare('SELECT * FROM tickets WHERE id = ?'),
    voidTicket: db.prepare(
      `UPDATE tickets SET voided_at = ? WHERE id = ? AND status = 'reserved' AND voided_at IS NULL`,
    ),
    // The reservation issued and read back in one statement: the common case of issueTicket.
    issueTicket: db.prepare(
      `UPDATE tickets SET status = 'issued', delivery = ?, issued_at = ?
       WHERE id = ? AND status = 'reserved' AND voided_at IS NULL
       RETURNING ${TICKET_COLUMNS}`,
    ),
    reprinted: db.prepare(
      `UPDATE tickets SET delivery = 'printed' WHERE id = ? AND status = 'issued'
       AND delivery = 'screen'`,
    ),
  };

  const settlement = createTicketSettlement(db);
  const getRow = (id: string) => sql.getTicket.get(id) as TicketRow | undefined;

  interface RequestRow {
    ticket_id: string;
    business_type_id: string;
    service_day: string;
    requested_at: string;
  }

  /** Voids a request the branch may have answered unheard; its number is the branch's to find. */
  const voidRequest = (tx: StoreTx, request: RequestRow): TicketVoidedPayload => {
    sql.deleteRequest.run(request.ticket_id);
    const payload: TicketVoidedPayload = {
      ticketId: request.ticket_id,
      kioskId: tx.kioskId,
      businessTypeId: request.business_type_id,
      serviceDay: request.service_day,
      number: null,
      sequence: null,
      issuedOffline: false,
      reservedAt: request.requested_at,
      voidedAt: tx.now.toISOString(),
      reason: 'interruptedBeforeIssue',
    };
    appendOutbox(tx, TICKET_VOIDED, payload);
    return payload;
  };

  return {
    addNumberBlock: (block) => blocks.addNumberBlock(block),
    numbersLeft: (serviceDay, businessTypeId) => blocks.numbersLeft(serviceDay, businessTypeId),
    dropExpiredBlocks: (today) => blocks.dropExpiredBlocks(today),

    requestNumber({ businessType }) {
      checkBusinessType(businessType, 'requestNumber');
      // Written without its own fsync: the reservation that follows is a durable commit and
      // makes this row durable with it. A process crash in between keeps it (it is in the
      // WAL); only a power cut while the branch is asked can lose it (see the report of
      // issue 7). So a ticket costs two fsyncs, as before: reserve and issue.
      const previous = db.pragma('synchronous', { simple: true }) as number;
      db.pragma('synchronous = NORMAL');
      try {
        return write((tx) => {
          const ticketId = uuidv7(tx.now.getTime());
          const serviceDay = serviceDayOf(tx.now);
          sql.insertRequest.run(ticketId, businessType.id, serviceDay, tx.now.toISOString());
          return { ticketId, serviceDay };
        });
      } finally {
        db.pragma(`synchronous = ${previous}`);
      }
    },

    reserveTicket({
      businessType,
      branchNumber,
      unansweredRequest,
      waitingAhead = 0,
      priority = 'none',
      customerKey,
    }) {
      checkBusinessType(businessType, 'reserveTicket');
      if (!PRIORITIES.includes(priority)) {
        throw new StoreError(
          'INVALID_ARGUMENT',
          `reserveTicket: priority must be one of ${PRIORITIES.join(', ')}, got ${JSON.stringify(priority)}.`,
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
      let serviceDay = '';
      const reserved = write((tx): Ticket | null => {
        let id: string;
        let sequence: number;
        let number: string;
        if (branchNumber !== undefined) {
          ({ ticketId: id, serviceDay, sequence, number } = branchNumber);
          sql.deleteRequest.run(id);
        } else {
          // Voided even when no number is left below: it is settled either way.
          if (unansweredRequest !== undefined) {
            const { ticketId: requestId, mayHaveReachedBranch } = unansweredRequest;
            const request = sql.getRequest.get(requestId) as RequestRow | undefined;
            if (request !== undefined && mayHaveReachedBranch) voidRequest(tx, request);
            else sql.deleteRequest.run(requestId);
          }
          serviceDay = serviceDayOf(tx.now);
          const taken = blocks.take(tx, serviceDay, businessType.id);
          if (taken === null) return null;
          id = uuidv7(tx.now.getTime());
          sequence = taken.sequence;
          number = formatQueueNumber(taken.prefix, taken.sequence);
        }
        const ticket: Ticket = {
          id,
          number,
          businessTypeId: businessType.id,
          status: 'reserved',
          delivery: null,
          waitingAhead,
          reservedAt: tx.now.toISOString(),
          issuedAt: null,
          kioskId: tx.kioskId,
          issuedOffline: branchNumber === undefined,
          ...(priority !== 'none' ? { priority } : {}),
        };
        sql.insertTicket.run(
          id,
          number,
          sequence,
          businessType.id,
          waitingAhead,
          ticket.reservedAt,
          tx.kioskId,
          serviceDay,
          ticket.issuedOffline ? 1 : 0,
          priority,
          customerKey ?? null,
        );
        return ticket;
      });
      if (reserved === null) {
        throw new StoreError(
          'NO_NUMBERS_LEFT',
          `No number for queue ${businessType.id} on ${serviceDay}: the branch service did ` +
            'not give one and this kiosk holds no leased numbers for that queue today. Send ' +
            'the customer to a counter; check the link to the branch service.',
        );
      }
      return reserved;
    },

    issueTicket(ticketId, { delivery }) {
      if (!DELIVERIES.includes(delivery)) {
        throw new StoreError(
          'INVALID_ARGUMENT',
          `issueTicket: delivery must be 'printed' or 'screen', got ${JSON.stringify(delivery)}.`,
        );
      }
      return write((tx): Ticket => {
        const updated = sql.issueTicket.get(delivery, tx.now.toISOString(), ticketId) as
          TicketRow | undefined;
        if (updated !== undefined) {
          const issued = toTicket(updated);
          // The branch needs the branch-local day to place the ticket in its day's queue.
          appendOutbox(tx, TICKET_ISSUED, { ...issued, serviceDay: updated.service_day });
          return issued;
        }
        // Not a reservation open for issue: say which.
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
        throw new StoreError(
          'TICKET_NOT_FOUND',
          `Ticket ${row.number} was voided at boot (its reservation was interrupted), so it ` +
            'cannot be issued now. Reserve a new number for the customer.',
        );
      });
    },

    recordReprint(ticketId) {
      return write((tx): Ticket => {
        const row = getRow(ticketId);
        if (row === undefined || row.status !== 'issued') {
          throw new StoreError(
            'TICKET_NOT_FOUND',
            `Ticket ${row?.number ?? ticketId} is not an issued ticket of this kiosk, so its ` +
              'reprint cannot be recorded. The printed paper is still valid.',
          );
        }
        if (sql.reprinted.run(ticketId).changes === 0) return toTicket(row);
        const printed: Ticket = { ...toTicket(row), delivery: 'printed' };
        appendOutbox(tx, TICKET_ISSUED, { ...printed, serviceDay: row.service_day });
        return printed;
      });
    },

    getTicket(id) {
      const row = getRow(id);
      return row === undefined ? undefined : toTicket(row);
    },

    unissuedTickets() {
      return settlement.unsettled(kioskId).map(toTicket);
    },

    advanceSettledMark: () => settlement.advance(kioskId),

    settleInterruptedReservations() {
      return write((tx) => {
        const voided: TicketVoidedPayload[] = [];
        for (const request of sql.allRequests.all() as RequestRow[]) {
          voided.push(voidRequest(tx, request));
        }
        const through = settlement.lastTicket();
        for (const row of settlement.unsettled(tx.kioskId)) {
          sql.voidTicket.run(tx.now.toISOString(), row.id);
          const payload: TicketVoidedPayload = {
            ticketId: row.id,
            kioskId: tx.kioskId,
            businessTypeId: row.business_type_id,
            serviceDay: row.service_day,
            number: row.number,
            // A number from before branch numbering (0001's own counter) may lie outside it.
            sequence: row.sequence <= MAX_QUEUE_SEQUENCE ? row.sequence : null,
            issuedOffline: row.issued_offline === 1,
            reservedAt: row.reserved_at,
            voidedAt: tx.now.toISOString(),
            reason: 'interruptedBeforeIssue',
          };
          appendOutbox(tx, TICKET_VOIDED, payload);
          voided.push(payload);
        }
        // Every ticket of this kiosk is settled now: the next boot reads only those after.
        settlement.markSettledThrough(tx.kioskId, through);
        return voided;
      });
    },
  };
}
