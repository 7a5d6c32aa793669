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
 *
 * The two durable commits of a ticket (reserve before printing, issue after) each append one row
 * to the ticket journal (migrations/0012, ./ticket-journal.ts) instead of writing tickets and
 * outbox with their indexes: about one WAL page per commit. The store folds the journal into
 * these tables at open (before boot settlement reads them), when idle, and first thing in every
 * other method here and in every reader of tickets, outbox or number blocks, so those read the
 * tables as before; reserve and issue never fold. A block's next number comes from memory
 * (./number-blocks.ts), and issue checks the reservation in the journal's memory, else here.
 */
import type { BusinessType } from '../domain/business-type.js';
import { TICKET_PRIORITIES } from '../domain/ticket.js';
import type { Ticket, TicketDelivery, TicketPriority } from '../domain/ticket.js';
import { MAX_QUEUE_SEQUENCE, formatQueueNumber } from '../contract/numbers.js';
import type { TicketVoidedPayload } from '../contract/sync.js';
import { isoTimestamp } from '../iso-time.js';
import { uuidv7 } from '../uuidv7.js';
import { StoreError } from './errors.js';
import { createNumberBlocks } from './number-blocks.js';
import { createTicketSettlement } from './ticket-settlement.js';
import { appendOutbox } from './outbox.js';
import { ticketJournalOf } from './ticket-journal.js';
import { ticketRowValues, type JournalReservation } from './ticket-journal-rows.js';
import { nestedCommitError, type StoreContext, type StoreTx } from './transaction.js';
import { localDay } from '../domain/local-time.js';
import { toTicket, type TicketRow } from './ticket-row.js';

/** The outbox kind the branch service files issued tickets under. */
export const TICKET_ISSUED = 'ticket.issued';
/** The outbox kind of a number reserved and never issued (see settleInterruptedReservations). */
export const TICKET_VOIDED = 'ticket.voided';

export type {
  BranchNumber,
  NumberRequestRecord,
  ReserveTicketInput,
  TicketStore,
} from './ticket-store-api.js';
import type { TicketStore } from './ticket-store-api.js';

/** A TicketRow's columns (all of the table's but voided_at, which a TicketRow does not carry). */
const TICKET_COLUMNS = `id, number, sequence, business_type_id, status, delivery, waiting_ahead,
  reserved_at, issued_at, kiosk_id, service_day, issued_offline, priority, customer_key`;

export { toTicket, type TicketRow } from './ticket-row.js';

const PRIORITIES: readonly TicketPriority[] = TICKET_PRIORITIES;
const CUSTOMER_KEY = /^[0-9a-f]{64}$/;

let lastServiceDay: { readonly from: number; readonly to: number; readonly day: string } | null =
  null;

/**
 * The branch's calendar day in local time (the kiosk's clock is set to branch time).
 *
 * The last answer is kept with the local midnights around it: every reservation of a day asks,
 * and reading a date's local fields right after a flush cost a reservation 2 µs (issue 7,
 * durable enqueue). A time outside that day (the next one, or a clock set back) reads them
 * again. A time zone changed while the kiosk runs counts from the old zone's next midnight.
 */
export function serviceDayOf(date: Date): string {
  const at = date.getTime();
  if (lastServiceDay !== null && at >= lastServiceDay.from && at < lastServiceDay.to) {
    return lastServiceDay.day;
  }
  // From the date itself, not new Date(y, m, d), which takes the years 0–99 for 1900–1999.
  const midnight = new Date(at);
  midnight.setHours(0, 0, 0, 0);
  const from = midnight.getTime();
  midnight.setDate(midnight.getDate() + 1);
  lastServiceDay = { from, to: midnight.getTime(), day: localDay(date) };
  return lastServiceDay.day;
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
  const { db, kioskId, now, write } = context;
  const blocks = createNumberBlocks(context);
  // Reserve and issue append to the ticket journal (./ticket-journal.ts) and never fold: what
  // they need of its unfolded rows is in its memory (an issue of a reservation already folded
  // reads it from tickets). Every other method folds first. Without the journal (a database
  // before 0012), the tables directly.
  const journal = ticketJournalOf(db);
  const journaled = journal?.available === true ? journal : undefined;
  // The store's fold (context.foldJournal): a disk that refuses it is news for the space watch
  // at once, whichever reader it was.
  const fold = context.foldJournal;
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
    addNumberBlock: (block) => (fold(), blocks.addNumberBlock(block)),
    numbersLeft: (day, businessTypeId) => (fold(), blocks.numbersLeft(day, businessTypeId)),
    dropExpiredBlocks: (today) => (fold(), blocks.dropExpiredBlocks(today)),

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
      /**
       * The reservation's ticket at `now`, recorded by `record` (its one durable write); null
       * when no number is left. A number taken from a block whose record fails is skipped: a
       * gap, never a duplicate.
       */
      const newReservation = (
        at: Date,
        record: (ticket: Ticket, entry: JournalReservation) => void,
      ): Ticket | null => {
        let id: string;
        let sequence: number;
        let number: string;
        if (branchNumber !== undefined) {
          ({ ticketId: id, serviceDay, sequence, number } = branchNumber);
        } else {
          serviceDay = serviceDayOf(at);
          const taken = blocks.take(serviceDay, businessType.id);
          if (taken === null) return null;
          id = uuidv7(at.getTime());
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
          reservedAt: isoTimestamp(at),
          issuedAt: null,
          kioskId,
          issuedOffline: branchNumber === undefined,
          ...(priority !== 'none' ? { priority } : {}),
        };
        record(ticket, {
          id,
          number,
          sequence,
          businessTypeId: businessType.id,
          waitingAhead,
          reservedAt: ticket.reservedAt,
          kioskId,
          serviceDay,
          issuedOffline: ticket.issuedOffline ? 1 : 0,
          priority,
          customerKey: customerKey ?? null,
          dropRequest: branchNumber === undefined ? null : id,
        });
        return ticket;
      };
      // The common case: the journal's one row, committed on its own (no transaction around it).
      // With a number request to settle (offline after a failed request: rare), one write that
      // may also append a void to the outbox, after the items the journal holds.
      const settles = branchNumber === undefined && unansweredRequest !== undefined;
      let reserved: Ticket | null;
      if (journaled !== undefined && !settles) {
        // Refused before a number is taken: a caller's mistake must not cost one.
        if (db.inTransaction) throw nestedCommitError();
        reserved = newReservation(now(), (ticket, entry) => journaled.reserveAlone(ticket, entry));
      } else {
        if (settles) fold();
        reserved = write((tx): Ticket | null => {
          // Without the journal (a database before 0012): the request is settled here.
          if (branchNumber !== undefined && journaled === undefined) {
            sql.deleteRequest.run(branchNumber.ticketId);
          }
          if (settles) {
            // Voided even when no number is left below: it is settled either way.
            const { ticketId: requestId, mayHaveReachedBranch } = unansweredRequest!;
            const request = sql.getRequest.get(requestId) as RequestRow | undefined;
            if (request !== undefined && mayHaveReachedBranch) voidRequest(tx, request);
            else sql.deleteRequest.run(requestId);
          }
          return newReservation(tx.now, (ticket, entry) => {
            if (journaled !== undefined) return journaled.reserve(tx, ticket, entry);
            sql.insertTicket.run(ticketRowValues(entry));
          });
        });
      }
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
      // Unfolded (the common case): its journal rows say it all, and the issue is the journal's
      // one row, committed on its own. Else the reservation in tickets (a read) in a write.
      const unfolded = journaled?.unfolded(ticketId);
      if (unfolded !== undefined) {
        const { ticket, serviceDay } = unfolded;
        if (ticket.status === 'issued') return ticket;
        return journaled!.issueAlone(ticket, serviceDay, delivery, TICKET_ISSUED, {
          now: now(),
          kioskId,
        });
      }
      return write((tx): Ticket => {
        if (journaled !== undefined) {
          const open = getRow(ticketId);
          if (open?.status === 'reserved' && open.voided_at == null) {
            return journaled.issue(tx, toTicket(open), open.service_day, delivery, TICKET_ISSUED);
          }
        }
        const updated =
          journaled === undefined
            ? (sql.issueTicket.get(delivery, tx.now.toISOString(), ticketId) as
                TicketRow | undefined)
            : undefined;
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
      fold();
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
      fold();
      const row = getRow(id);
      return row === undefined ? undefined : toTicket(row);
    },

    unissuedTickets() {
      fold();
      return settlement.unsettled(kioskId).map(toTicket);
    },

    advanceSettledMark: () => (fold(), settlement.advance(kioskId)),

    settleInterruptedReservations() {
      // The reservations still in the journal are settled with the others (boot folds first).
      fold();
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
