/**
 * What the ticket feature's store module (./tickets.ts) offers: its inputs and its interface.
 * Apart from the implementation, so that file stays one thing (the statements and the journal).
 */
import type { BusinessType } from '../domain/business-type.js';
import type { Ticket, TicketDelivery, TicketPriority } from '../domain/ticket.js';
import type { TicketVoidedPayload } from '../contract/sync.js';
import type { NumberBlockStore } from './number-blocks.js';

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
   * Marks the ticket issued, a durable commit: one ticket-journal row (issue 7), from which the
   * fold makes its `ticket.issued` outbox item, with the id chosen here. Idempotent: an already
   * issued ticket is returned unchanged and nothing is appended.
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
