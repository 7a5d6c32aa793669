/**
 * The ticket feature's effects (design.md §4.1, "commit after print"): reserve a number (the
 * branch's, or this kiosk's leased block offline: src/sync/ticket-numbers.ts), print it, issue
 * it; the printed layout in the customer's language; the retry policy for recording a ticket
 * that is already in the customer's hand; and, at boot, the technician's report of tickets
 * reserved but never issued, which are then voided and reported to the branch.
 *
 * Its service: the lease keeper (offline number blocks), on the branch link's client. People
 * ahead and the estimated wait come from the branch link's queue-status copy, which counts each
 * number this kiosk gets from the branch at once (the branch does), with its priority: a
 * served-first ticket is told only the served-first ahead of it (the call order).
 */
import { assign, fromPromise } from 'xstate';
import type { BranchConfig } from '../../src/contract/sync.js';
import type { BusinessType, Language } from '../../src/domain/business-type.js';
import { localDayAndMinute, localHourMinute } from '../../src/domain/local-time.js';
import type { QueueEstimate } from '../../src/domain/queue-estimate.js';
import { isServedFirst, type Ticket } from '../../src/domain/ticket.js';
import { PRIORITY_WORDS } from '../../src/i18n/priority-words.js';
import { formatMessage } from '../../src/i18n/messages.js';
import { logEvent, logEventRecord } from '../../src/log/index.js';
import {
  createTicketCustomerStore,
  serviceDayOf,
  unissuedTicketsEvent,
} from '../../src/store/index.js';
import { DEFAULT_TICKET_GUARD } from '../../src/contract/sync.js';
import { DEFAULT_LEASE_START_JITTER_MS, NumberLeaseKeeper } from '../../src/sync/lease-keeper.js';
import { TicketNumbers } from '../../src/sync/ticket-numbers.js';
import { newPrintJobId, PrinterError, type TicketLayout } from '../../devices/printer/index.js';
import { ticketFlow, ticketMachine } from '../../machines/ticket/index.js';
import { afterViewPublished, type Feature, type Infrastructure } from './feature.js';
import { unavailabilityAt, type Unavailability } from '../../src/domain/business-hours.js';

/** A printed ticket is in the customer's hand: a passing store failure is retried this often. */
const ISSUE_ATTEMPTS = 3;
/** How often the offline number blocks are checked (and topped up when low). */
const LEASE_INTERVAL_MS = 30_000;
/** How long the start waits for the first offline numbers and queue status. */
const FIRST_FETCH_WAIT_MS = 2_000;

export function createTicketFeature(infra: Infrastructure): Feature {
  const { store, logger, now, devices, branch } = infra;
  const { queueStatus } = branch;
  const leases = new NumberLeaseKeeper({
    client: branch.client,
    store,
    businessTypes: () => branch.config.current()?.businessTypes ?? [],
    logger,
    now,
    // A fleet starting at once (power back in the branch) spreads its lease requests; the
    // embedded service has one kiosk and no fleet to spread.
    startJitterMs:
      infra.config.branchService.kind === 'embedded'
        ? 0
        : (infra.config.sync.leaseStartJitterMs ?? DEFAULT_LEASE_START_JITTER_MS),
  });
  const numbers = new TicketNumbers({
    client: branch.client,
    store,
    estimate: (businessTypeId, priority) => queueStatus.estimate(businessTypeId, priority),
    onBranchNumber: (number) => queueStatus.noteAllocated(number),
    onBlockNumberUsed: () => leases.refillSoon(),
    logger,
    now,
  });
  let unsubscribe: (() => void) | null = null;
  // Numbers for offline use and a first queue status before the first customer, waited for at
  // most FIRST_FETCH_WAIT_MS (a service that accepts and hangs must not hold the attract
  // screen); both go on in the background and then on their intervals. Numbers whose request
  // waits out the fleet's start jitter are not waited for: online, the branch numbers tickets.
  const firstFetch = async (firstLeases: Promise<void> = leases.refill()) => {
    let waited: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      Promise.all([firstLeases, queueStatus.refresh()]),
      new Promise((resolve) => {
        waited = setTimeout(resolve, FIRST_FETCH_WAIT_MS);
      }),
    ]);
    clearTimeout(waited);
  };

  const ticketCustomers = store.featureStore(createTicketCustomerStore);

  const logic = ticketMachine.provide({
    actors: {
      // The abuse guard (identify feature): one live ticket per ID card per queue.
      findLiveTicket: fromPromise(async ({ input }) => {
        const { liveMinutes } = branch.config.current()?.ticketGuard ?? DEFAULT_TICKET_GUARD;
        try {
          const live = ticketCustomers.liveTicketFor({
            customerKey: input.customerKey,
            businessTypeId: input.businessType.id,
            now: now(),
            liveMinutes,
          });
          if (!live) return null;
          logEvent(logger, 'identify.liveTicketRefused', {
            businessType: input.businessType.id,
            ticket: live.number,
            minutes: liveMinutes,
          });
          const until = new Date(new Date(live.reservedAt).getTime() + liveMinutes * 60_000);
          return { number: live.number, liveUntil: localDayAndMinute(until).slice(11) };
        } catch (error) {
          logEvent(logger, 'identify.guardFailed', { reason: String(error) });
          throw error;
        }
      }),
      // Before the customer confirms: the copy of the branch's queue status, counting whom the
      // counters call before a ticket of this priority (null: "wait unknown", when it is stale
      // or the service does not answer).
      estimateWait: fromPromise(async ({ input }) =>
        queueStatus.estimate(input.businessType.id, input.priority),
      ),
      // "Printing…" is drawn first; the number request is stored (an fsync) right after.
      reserveTicket: fromPromise(async ({ input: { businessType, ...customer } }) => {
        await afterViewPublished();
        return numbers.reserve(businessType, customer);
      }),
      printTicket: fromPromise(async ({ input }) => {
        const layout = ticketLayout({
          ...input,
          branch: branch.config.current()?.branch ?? null,
          qrPayload: infra.followLink(input.ticket),
          issuedAt: now(),
        });
        // One job per print: a reprint is a new job, asked for by the customer's tap.
        const jobId = newPrintJobId();
        try {
          await devices.printTicket(layout, { jobId });
          if (input.reprint === true) {
            logEvent(logger, 'printer.ticketReprinted', { ticket: input.ticket.number, jobId });
          }
        } catch (error) {
          logEvent(logger, 'ticket.notPrinted', {
            ticket: input.ticket.number,
            ticketId: input.ticket.id,
            reason: error instanceof PrinterError ? error.reason : 'hardwareError',
            jobId,
            reprint: input.reprint === true,
          });
          // Why, in the technician's words and language: the printer's own event.
          if (error instanceof PrinterError) logEventRecord(logger, error);
          else logEvent(logger, 'ticket.printFailedUnexpectedly', { reason: String(error) });
          throw error;
        }
        // The paper is in the customer's hand: the branch's record says so too. A store that
        // cannot write now does not undo the print; the record stays 'screen' and says why.
        if (input.reprint === true) {
          try {
            store.recordReprint(input.ticket.id);
          } catch (error) {
            logEvent(logger, 'ticket.reprintNotRecorded', {
              ticket: input.ticket.number,
              ticketId: input.ticket.id,
              reason: error instanceof Error ? error.message : String(error),
            });
          }
        }
      }),
      // Issuing is idempotent, and a printed ticket is in the customer's hand: a passing
      // failure (database busy, a moment of full disk) is retried before giving up.
      issueTicket: fromPromise(async ({ input }) => {
        for (let attempt = 1; ; attempt++) {
          try {
            return store.issueTicket(input.ticket.id, { delivery: input.delivery });
          } catch (error) {
            if (attempt >= ISSUE_ATTEMPTS) throw error;
            logEvent(logger, 'ticket.issueRetrying', {
              ticket: input.ticket.number,
              ticketId: input.ticket.id,
              attempt,
              reason: error instanceof Error ? error.message : String(error),
            });
            await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
          }
        }
      }),
    },
    actions: {
      // Switched off or outside the opening hours, at the kiosk's local time now.
      readAvailability: assign({
        unavailable: ({ context }) => unavailableAt(context.businessTypes, now()),
      }),
      reportFailure: ({ context }) =>
        logEvent(logger, 'ticket.flowFailed', {
          ticket: context.ticket?.number ?? null,
          ticketId: context.ticket?.id ?? null,
          reason: context.failure,
        }),
    },
  });

  return {
    name: 'ticket',
    flows: [ticketFlow(logic)],
    async start() {
      // Only today's: an older one's queue is closed, and repeating it at every boot would
      // bury the news in the log.
      const today = serviceDayOf(now());
      const unissued = store
        .unissuedTickets()
        .filter((t) => serviceDayOf(new Date(t.reservedAt)) === today);
      const report = unissuedTicketsEvent(unissued);
      if (report) logEventRecord(logger, report);
      // Then every interrupted reservation, of any day, is voided and the branch told (outbox),
      // before the first customer can take a number.
      const voided = store.settleInterruptedReservations();
      if (voided.length > 0) {
        logEvent(logger, 'numbers.reservationsVoided', {
          count: voided.length,
          numbers: voided.map((v) => v.number ?? `(${v.businessTypeId}, unanswered)`).join(', '),
          ticketIds: voided.map((v) => v.ticketId),
        });
      }
      const { delayMs, firstRefill } = leases.start(LEASE_INTERVAL_MS);
      await firstFetch(delayMs === 0 ? firstRefill : Promise.resolve());
      unsubscribe = branch.config.onChange(() => leases.refillSoon());
    },
    // The embedded service is up: its numbers and queue status at once, not in 30 s.
    branchServiceUp: () => firstFetch(),
    async stop() {
      unsubscribe?.();
      await leases.stop();
    },
  };
}

/** The printed ticket, in the customer's language. */
export function ticketLayout(ticket: {
  readonly ticket: Ticket;
  readonly businessType: BusinessType;
  readonly branch: BranchConfig['branch'] | null;
  readonly language: Language;
  readonly qrPayload: string;
  readonly issuedAt: Date;
  /** People ahead and the wait as the branch counted them; null: "wait unknown". */
  readonly queue?: QueueEstimate | null;
}): TicketLayout {
  const { language } = ticket;
  return {
    branchName: ticket.branch?.name[language] ?? formatMessage(language, 'app.title'),
    businessTypeName: ticket.businessType.name[language],
    number: ticket.ticket.number,
    waitingAheadText: waitText(language, ticket.ticket, ticket.queue),
    issuedAtText: localDayAndMinute(ticket.issuedAt),
    qrPayload: ticket.qrPayload,
    footerLines: [
      // Served first: said on the paper too, so the teller and the customer both see it.
      ...(isServedFirst(ticket.ticket.priority)
        ? [formatMessage(language, PRIORITY_WORDS[ticket.ticket.priority])]
        : []),
      ...(ticket.ticket.issuedOffline === true
        ? [formatMessage(language, 'ticketIssued.issuedOffline')]
        : []),
      formatMessage(language, 'ticketIssued.takeTicket'),
    ],
  };
}

/**
 * The wait line of a printed ticket: people ahead, the estimate and "as of", from the branch;
 * "wait unknown" when it is not current. `queue` undefined (a caller that knows nothing of
 * the branch's count) prints the ticket's own count, as before.
 */
function waitText(
  language: Language,
  ticket: Ticket,
  queue: QueueEstimate | null | undefined,
): string {
  if (queue === null) return formatMessage(language, 'ticketIssued.waitUnknown');
  const count = queue?.waitingAhead ?? ticket.waitingAhead;
  if (queue === undefined) return formatMessage(language, 'ticketIssued.waitingAhead', { count });
  const ahead = formatMessage(language, 'ticketIssued.waitingAhead', { count });
  const minutes =
    queue.estimatedWaitMinutes === null
      ? ''
      : (language === 'en' ? ', ' : '，') +
        formatMessage(language, 'ticketIssued.waitMinutes', {
          minutes: queue.estimatedWaitMinutes,
        });
  const asOf = formatMessage(language, 'ticketIssued.asOf', {
    time: localHourMinute(new Date(queue.asOf)),
  });
  return `${ahead}${minutes} ${asOf}`;
}

/** The business types that cannot be chosen at `at`, by id, with why. */
export function unavailableAt(
  types: readonly BusinessType[],
  at: Date,
): Record<string, Unavailability> {
  const closed: Record<string, Unavailability> = {};
  for (const type of types) {
    const why = unavailabilityAt(type, at);
    if (why !== null) closed[type.id] = why;
  }
  return closed;
}
