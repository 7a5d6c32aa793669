/**
 * Where a ticket's number comes from (issue 7): the branch service, or this kiosk's leased
 * block when the service does not answer in time.
 *
 * 1. The request is recorded in the store first (a new ticket id), so a crash while asking is
 *    voided at the next boot instead of leaving a number allocated that nobody got.
 * 2. The branch allocates (POST /v1/numbers, idempotent by ticket id) within a short timeout.
 * 3. Failing that, the number comes from a leased block and the ticket is marked issued
 *    offline; the unanswered request is voided in the same transaction (the branch may have
 *    allocated a number for it). With no block number either, the reservation fails and the
 *    customer is sent to a counter: a kiosk never invents a number.
 *
 * After a network failure the branch is not asked again for a short while, so the next
 * customers do not each wait out the timeout.
 */
import type { NumberAnswer, NumberRequest } from '../contract/numbers.js';
import type { BusinessType } from '../domain/business-type.js';
import type { QueueEstimate } from '../domain/queue-estimate.js';
import { isServedFirst, type Ticket, type TicketPriority } from '../domain/ticket.js';
import { logEvent, type Logger } from '../log/index.js';
import type { ReserveTicketInput } from '../store/tickets.js';
import { messageOf, SyncError } from './errors.js';

/** How long a customer waits for the branch's number before the block is used. */

/** Who the ticket is for, when the ID card said so: served first, and its abuse-guard key. */
export type CustomerOfTicket = Pick<ReserveTicketInput, 'priority' | 'customerKey'>;

export const DEFAULT_ALLOCATION_TIMEOUT_MS = 1_500;
/** After the branch did not answer, numbers come from the block this long without asking. */
export const DEFAULT_OFFLINE_HOLD_MS = 15_000;

export interface NumberAllocator {
  allocateNumber(request: NumberRequest, timeoutMs?: number): Promise<NumberAnswer>;
}

/** The ticket store's part used here (KioskStore satisfies it). */
export interface TicketNumberStore {
  requestNumber(input: { readonly businessType: BusinessType }): {
    readonly ticketId: string;
    readonly serviceDay: string;
  };
  reserveTicket(input: ReserveTicketInput): Ticket;
}

/** A reserved ticket and what the customer is told about the wait (null: "wait unknown"). */
export interface ReservedTicket {
  readonly ticket: Ticket;
  readonly queue: QueueEstimate | null;
}

export interface TicketNumbersOptions {
  readonly client: NumberAllocator;
  readonly store: TicketNumberStore;
  /**
   * The cached queue status, for a ticket numbered offline: who is called before a ticket of
   * this priority (absent: none), as the branch would have answered.
   */
  readonly estimate: (businessTypeId: string, priority?: TicketPriority) => QueueEstimate | null;
  /**
   * Called as soon as the branch allocated a number (it counts that ticket as waiting from now
   * on), before the ticket is stored: e.g. the queue-status copy counts it until it has it.
   */
  readonly onBranchNumber?: (number: {
    readonly ticketId: string;
    readonly businessTypeId: string;
    readonly serviceDay: string;
    /** Present for a served-first ticket: the copy counts it ahead of served-first ones. */
    readonly priority?: TicketPriority;
  }) => void;
  /** Called after a number came from the block (e.g. to top the block up). */
  readonly onBlockNumberUsed?: () => void;
  readonly logger: Logger;
  readonly now?: () => Date;
  readonly allocationTimeoutMs?: number;
  readonly offlineHoldMs?: number;
}

export class TicketNumbers {
  readonly #options: TicketNumbersOptions;
  readonly #now: () => Date;
  /** Until then the branch is not asked (it failed to answer just before). */
  #offlineUntil = 0;

  constructor(options: TicketNumbersOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
  }

  async reserve(
    businessType: BusinessType,
    customer: CustomerOfTicket = {},
  ): Promise<ReservedTicket> {
    const { store, client, logger } = this.#options;
    const request = store.requestNumber({ businessType });
    let reason = 'branch service not asked: it did not answer moments ago';
    let unreachable = true;
    let mayHaveReachedBranch = false;
    if (this.#now().getTime() >= this.#offlineUntil) {
      try {
        const answer = await client.allocateNumber(
          {
            ticketId: request.ticketId,
            businessTypeId: businessType.id,
            serviceDay: request.serviceDay,
            // Its place in the call order: the answer's "ahead" counts only who is called first.
            ...(isServedFirst(customer.priority) ? { priority: customer.priority } : {}),
          },
          this.#options.allocationTimeoutMs ?? DEFAULT_ALLOCATION_TIMEOUT_MS,
        );
        this.#options.onBranchNumber?.({
          ticketId: request.ticketId,
          businessTypeId: answer.businessTypeId,
          serviceDay: answer.serviceDay,
          ...(isServedFirst(customer.priority) ? { priority: customer.priority } : {}),
        });
        const ticket = store.reserveTicket({
          businessType,
          branchNumber: { ...answer, ticketId: request.ticketId },
          waitingAhead: answer.waitingAhead,
          ...customer,
        });
        return {
          ticket,
          queue: {
            waitingAhead: answer.waitingAhead,
            estimatedWaitMinutes: answer.estimatedWaitMinutes,
            asOf: answer.asOf,
          },
        };
      } catch (error) {
        reason = messageOf(error);
        // No answer at all: skip the next customers' attempts for a while. An answer that
        // refuses (e.g. the day's numbers are used up) says the service is there.
        unreachable = !(error instanceof SyncError) || error.status === null;
        mayHaveReachedBranch = reachedBranch(error);
        if (unreachable) {
          this.#offlineUntil =
            this.#now().getTime() + (this.#options.offlineHoldMs ?? DEFAULT_OFFLINE_HOLD_MS);
        }
      }
    }
    // The service just did not answer: whatever copy the kiosk has is not current. Else the
    // copy counts whom the counters call before this ticket's priority, as the branch would.
    const queue = unreachable ? null : this.#options.estimate(businessType.id, customer.priority);
    let ticket: Ticket;
    try {
      ticket = store.reserveTicket({
        businessType,
        unansweredRequest: { ticketId: request.ticketId, mayHaveReachedBranch },
        waitingAhead: queue?.waitingAhead ?? 0,
        ...customer,
      });
    } catch (error) {
      logEvent(logger, 'numbers.noNumbersLeft', { businessType: businessType.id, reason });
      throw error;
    }
    logEvent(logger, 'numbers.issuedOffline', {
      ticket: ticket.number,
      ticketId: ticket.id,
      reason,
    });
    this.#options.onBlockNumberUsed?.();
    return { ticket, queue };
  }
}

/**
 * Whether a failed allocation may have been carried out by the branch (its answer lost): a
 * timeout, a cut connection, a 5xx or an unreadable answer. Not when the connection was refused
 * or the host not found (nothing was sent), nor when the branch answered with a refusal (4xx).
 */
function reachedBranch(error: unknown): boolean {
  if (!(error instanceof SyncError)) return true;
  if (error.status === null)
    return error.code !== 'connectionRefused' && error.code !== 'hostNotFound';
  return error.status >= 500 || error.status < 400;
}
