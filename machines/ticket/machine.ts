/**
 * The queue-ticket flow: [offer the ID card → the identify flow and back →] choose a business
 * type → [the abuse guard, with a card →] confirm (people ahead and the estimated wait, or "wait
 * unknown"; or go back) → reserve a number → print it (the driver's status barrier confirms
 * paper and cutter) → issue it.
 *
 * "Commit after print" (design.md §4.1): the ticket is issued only after the printer confirmed
 * the ticket came out. When printing fails the customer still sees the number on screen and the
 * ticket is issued with delivery "screen", so the branch service knows how it was handed out.
 * When the store cannot record the ticket (disk full, corrupt file) the flow stops in `failed`
 * and the customer is sent to a counter: a number the store never recorded is never shown.
 *
 * The machine is pure: every effect is a named actor given in setup(). The composition root
 * provides the real ones (store, printer); tests provide their own.
 */
import { and, assign, enqueueActions, fromPromise, sendParent, setup } from 'xstate';
import type { BusinessType, Language } from '../../src/domain/business-type.js';
import type { Ticket, TicketDelivery, TicketPriority } from '../../src/domain/ticket.js';
import type { QueueEstimate } from '../../src/domain/queue-estimate.js';
import { DEFAULT_PRIORITY_RULES } from '../../src/contract/sync.js';
import { DEFAULT_SMS_REMINDER } from '../../src/contract/reminder.js';
import { FLOW_BUSY, FLOW_SETTLED, type FlowOutput } from '../flow.js';
import {
  identificationFrom,
  toIdentifyFlow,
  type LiveTicket,
  type ReserveTicketInput,
} from './id-card.js';
import {
  toPrintFailure,
  type ReservedTicket,
  type TicketFlowContext,
  type TicketFlowEvent,
  type TicketFlowInput,
} from './types.js';

export type { LiveTicket, ReserveTicketInput } from './id-card.js';

export type {
  PrintFailure,
  PrintFailureReason,
  ReservedTicket,
  TicketFlowContext,
  TicketFlowEvent,
  TicketFlowInput,
  TicketFlowParams,
} from './types.js';
export { toPrintFailure } from './types.js';

function notProvided(name: string): never {
  throw new Error(`ticket machine: actor "${name}" was not provided by the composition root`);
}

export const ticketMachine = setup({
  types: {
    context: {} as TicketFlowContext,
    events: {} as TicketFlowEvent,
    input: {} as TicketFlowInput,
    output: {} as FlowOutput,
  },
  actors: {
    /**
     * People ahead and the estimated wait for a ticket of a queue and priority (absent: none;
     * a served-first one has only the served-first ahead), from the copy of the branch's queue
     * status; null: "wait unknown" (stale, offline, or no count for this queue).
     */
    estimateWait: fromPromise<
      QueueEstimate | null,
      { businessType: BusinessType; priority?: TicketPriority }
    >(async () => notProvided('estimateWait')),
    /** Reserves the next number for a business type (the branch's, or the kiosk's block). */
    reserveTicket: fromPromise<ReservedTicket, ReserveTicketInput>(async () =>
      notProvided('reserveTicket'),
    ),
    /** The abuse guard: a live ticket of this ID card for this queue, or null (store). */
    findLiveTicket: fromPromise<
      LiveTicket | null,
      { customerKey: string; businessType: BusinessType }
    >(async () => notProvided('findLiveTicket')),
    /** Prints the ticket and waits for the printer's status barrier; rejects with a PrintFailure. */
    printTicket: fromPromise<
      void,
      {
        ticket: Ticket;
        businessType: BusinessType;
        language: Language;
        queue: QueueEstimate | null;
        /** Printed again at the customer's request, after it did not print. */
        reprint?: boolean;
      }
    >(async () => notProvided('printTicket')),
    /** Marks the ticket issued and queues it for the branch service, in one transaction. */
    issueTicket: fromPromise<Ticket, { ticket: Ticket; delivery: TicketDelivery }>(async () =>
      notProvided('issueTicket'),
    ),
  },
  actions: {
    /** Tells the parent session the flow is busy / settled (see `working`). */
    announceBusy: sendParent(FLOW_BUSY),
    announceSettled: sendParent(FLOW_SETTLED),
    /** A business type passed in by the previous flow is chosen as if the customer had. */
    choosePreselected: enqueueActions(({ context, enqueue }) => {
      const businessTypeId = context.preselectedBusinessTypeId;
      if (businessTypeId === null) return;
      enqueue.assign({ preselectedBusinessTypeId: null });
      enqueue.raise({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId });
    }),
    /**
     * Which business types cannot be chosen now. Without a clock only a switched-off one; the
     * composition root provides the one that also reads the opening hours at the local time.
     */
    readAvailability: assign({
      unavailable: ({ context }) =>
        Object.fromEntries(
          context.businessTypes
            .filter((t) => t.enabled === false)
            .map((t) => [t.id, { reason: 'disabled' as const }]),
        ),
    }),
    /** Where the technician hears about a failed flow; the composition root provides it. */
    reportFailure: () => {},
  },
  guards: {
    /** The printer's supervisor last saw it able to print: "print again" may be offered. */
    printerReady: ({ context }) => context.printerProblem === null,
    /** No reader ready, or the card was offered already: straight to the choice of queue. */
    skipsIdCardOffer: ({ context }) => !context.idReaderReady || context.idCardAsked,
    hasIdentification: ({ context }) => context.identification !== null,
    isKnownBusinessType: ({ context, event }) =>
      event.type === 'CHOOSE_BUSINESS_TYPE' &&
      context.businessTypes.some((t) => t.id === event.businessTypeId),
    /** Listed, but switched off or outside its hours (see `readAvailability`). */
    isUnavailableBusinessType: ({ context, event }) =>
      event.type === 'CHOOSE_BUSINESS_TYPE' && event.businessTypeId in context.unavailable,
    smsReminderOffered: ({ context }) => context.smsReminderOffered,
  },
}).createMachine({
  id: 'ticket',
  context: ({ input }) => ({
    businessTypes: input.branch?.businessTypes ?? [],
    language: input.language,
    businessType: null,
    ticket: null,
    queue: null,
    notice: null,
    printFailure: null,
    failure: null,
    outcome: 'done',
    preselectedBusinessTypeId: input.params?.businessTypeId ?? null,
    businessTypeGiven: input.params?.businessTypeId != null,
    printerProblem: input.devices.printer,
    idReaderReady: input.devices.idReaderReady === true,
    idCardAsked: input.params != null && 'identification' in input.params,
    identification: identificationFrom(input.params),
    liveTicket: null,
    seniorAge: (input.branch?.priorityRules ?? DEFAULT_PRIORITY_RULES).seniorAge,
    unavailable: {},
    refusedBusinessTypeId: null,
    smsReminderOffered: (input.branch?.smsReminder ?? DEFAULT_SMS_REMINDER).enabled,
  }),
  on: {
    SET_LANGUAGE: { actions: assign({ language: ({ event }) => event.language }) },
    DEVICES_CHANGED: {
      actions: assign({
        printerProblem: ({ event }) => event.devices.printer,
        idReaderReady: ({ event }) => event.devices.idReaderReady === true,
      }),
    },
  },
  initial: 'offeringIdCard',
  states: {
    // "Use your ID card (priority for seniors)" or "continue without", when a reader is ready
    // and the card was not offered yet. A reader that goes away meanwhile ends the offer.
    offeringIdCard: {
      always: { guard: 'skipsIdCardOffer', target: 'choosingBusinessType' },
      on: {
        USE_ID_CARD: 'identifying',
        CONTINUE_WITHOUT_ID_CARD: {
          target: 'choosingBusinessType',
          actions: assign({ idCardAsked: true }),
        },
        BACK: 'cancelled',
      },
    },
    identifying: { type: 'final', entry: assign({ outcome: 'identify' as const }) },
    choosingBusinessType: {
      // Availability first, so a business type passed in is refused like a tapped one.
      entry: ['readAvailability', 'choosePreselected'],
      on: {
        CHOOSE_BUSINESS_TYPE: [
          {
            // Closed or switched off: refused with the reason. Read again, so a queue that
            // opened while the list was on screen is offered on the next tap.
            guard: 'isUnavailableBusinessType',
            actions: [
              assign({
                notice: null,
                refusedBusinessTypeId: ({ event }) => event.businessTypeId,
              }),
              'readAvailability',
            ],
          },
          {
            guard: and(['isKnownBusinessType', 'hasIdentification']),
            target: 'checkingCustomer',
            actions: assign({
              businessType: ({ context, event }) =>
                context.businessTypes.find((t) => t.id === event.businessTypeId) ?? null,
              notice: null,
              refusedBusinessTypeId: null,
            }),
          },
          {
            guard: 'isKnownBusinessType',
            target: 'estimating',
            actions: assign({
              businessType: ({ context, event }) =>
                context.businessTypes.find((t) => t.id === event.businessTypeId) ?? null,
              notice: null,
              refusedBusinessTypeId: null,
            }),
          },
          {
            // A stale screen or a tampered frame: say so and let the customer choose again.
            actions: assign({
              notice: { key: 'notice.unknownBusinessType' },
              refusedBusinessTypeId: null,
            }),
          },
        ],
        BACK: 'cancelled',
      },
    },
    // The abuse guard: one live ticket per ID card per queue. A guard that cannot answer (the
    // store failed) does not keep the customer from their ticket; the effect logs why.
    checkingCustomer: {
      invoke: {
        id: 'findLiveTicket',
        src: 'findLiveTicket',
        input: ({ context }) => ({
          customerKey: context.identification!.customerKey,
          businessType: context.businessType!,
        }),
        onDone: [
          {
            // Inline: only here is the event the lookup's done event, typed with its output.
            guard: ({ event }) => event.output !== null,
            target: 'liveTicketExists',
            actions: assign({ liveTicket: ({ event }) => event.output }),
          },
          { target: 'estimating' },
        ],
        onError: 'estimating',
      },
    },
    // Before a number is taken: how many are ahead and how long the wait is, for this queue.
    // A copy that cannot be read is "wait unknown", never a reason to refuse the ticket.
    estimating: {
      invoke: {
        id: 'estimateWait',
        src: 'estimateWait',
        // The priority the ticket will be reserved with (the card's, a guide's, an appointment's).
        input: ({ context }) => ({
          businessType: context.businessType!,
          ...(context.identification ? { priority: context.identification.priority } : {}),
        }),
        onDone: { target: 'confirming', actions: assign({ queue: ({ event }) => event.output }) },
        onError: { target: 'confirming', actions: assign({ queue: null }) },
      },
    },
    // "N people ahead, about M minutes (as of HH:MM)": print the ticket, or choose again.
    confirming: {
      on: {
        CONFIRM_TICKET: 'working',
        BACK: {
          target: 'choosingBusinessType',
          actions: assign({
            businessType: null,
            queue: null,
            liveTicket: null,
            businessTypeGiven: false,
          }),
        },
      },
    },
    liveTicketExists: {
      on: {
        FINISH: 'done',
        BACK: {
          target: 'choosingBusinessType',
          actions: assign({ liveTicket: null, businessType: null, businessTypeGiven: false }),
        },
      },
    },
    // Reserving, printing and issuing: the customer is waiting on the terminal, not gone. The
    // parent session is told, so its inactivity reset never abandons a ticket mid-print.
    working: {
      tags: ['busy'],
      entry: 'announceBusy',
      exit: 'announceSettled',
      initial: 'reserving',
      states: {
        reserving: {
          invoke: {
            id: 'reserveTicket',
            src: 'reserveTicket',
            input: ({ context }): ReserveTicketInput => ({
              businessType: context.businessType!,
              ...(context.identification
                ? {
                    priority: context.identification.priority,
                    customerKey: context.identification.customerKey,
                  }
                : {}),
            }),
            onDone: {
              target: 'printing',
              actions: assign({
                ticket: ({ event }) => event.output.ticket,
                queue: ({ event }) => event.output.queue,
              }),
            },
            onError: {
              target: '#ticket.failed',
              actions: assign({ failure: ({ event }) => `reserve: ${String(event.error)}` }),
            },
          },
        },
        printing: {
          invoke: {
            id: 'printTicket',
            src: 'printTicket',
            input: ({ context }) => ({
              ticket: context.ticket!,
              businessType: context.businessType!,
              language: context.language,
              queue: context.queue,
            }),
            onDone: 'issuing',
            onError: {
              target: 'issuingOnScreen',
              actions: assign({
                printFailure: ({ event }) => toPrintFailure(event.error),
              }),
            },
          },
        },
        issuing: {
          invoke: {
            id: 'issueTicket',
            src: 'issueTicket',
            input: ({ context }) => ({ ticket: context.ticket!, delivery: 'printed' as const }),
            onDone: {
              target: '#ticket.issued',
              actions: assign({ ticket: ({ event }) => event.output }),
            },
            onError: {
              target: '#ticket.failed',
              actions: assign({ failure: ({ event }) => `issue: ${String(event.error)}` }),
            },
          },
        },
        issuingOnScreen: {
          invoke: {
            id: 'issueTicket',
            src: 'issueTicket',
            input: ({ context }) => ({ ticket: context.ticket!, delivery: 'screen' as const }),
            onDone: {
              target: '#ticket.notPrinted',
              actions: assign({ ticket: ({ event }) => event.output }),
            },
            onError: {
              target: '#ticket.failed',
              actions: assign({ failure: ({ event }) => `issue: ${String(event.error)}` }),
            },
          },
        },
      },
    },
    issued: {
      on: {
        FINISH: 'done',
        RATE_US: 'rated',
        REMIND_BY_SMS: { guard: 'smsReminderOffered', target: 'reminding' },
      },
    },
    // The number is on screen. While the printer is ready the customer may ask for it on paper
    // again: one tap, one print. Nothing prints again without that tap (not when the printer
    // comes back by itself), and taps while it prints are not queued (see `reprinting`).
    notPrinted: {
      on: {
        FINISH: 'done',
        REPRINT_TICKET: { guard: 'printerReady', target: 'reprinting' },
        RATE_US: 'rated',
        REMIND_BY_SMS: { guard: 'smsReminderOffered', target: 'reminding' },
      },
    },
    reprinting: {
      tags: ['busy'],
      entry: 'announceBusy',
      exit: 'announceSettled',
      invoke: {
        id: 'printTicket',
        src: 'printTicket',
        input: ({ context }) => ({
          ticket: context.ticket!,
          businessType: context.businessType!,
          language: context.language,
          queue: context.queue,
          reprint: true,
        }),
        onDone: { target: 'issued', actions: assign({ printFailure: null }) },
        onError: {
          target: 'notPrinted',
          actions: assign({ printFailure: ({ event }) => toPrintFailure(event.error) }),
        },
      },
    },
    // The store could not record the ticket (disk full, database damaged). If a number was
    // already printed the view tells the customer to show it to a guide; the technician log
    // gets `failure` through reportFailure.
    failed: { entry: 'reportFailure', on: { FINISH: 'done' } },
    cancelled: { type: 'final', entry: assign({ outcome: 'cancelled' as const }) },
    done: { type: 'final' },
    rated: { type: 'final', entry: assign({ outcome: 'feedback' as const }) },
    reminding: { type: 'final', entry: assign({ outcome: 'reminder' as const }) },
  },
  // Went back: the menu; "rate us": the feedback flow for this business type; a number (or
  // sent away): the next customer.
  output: ({ context }): FlowOutput => {
    if (context.outcome === 'identify') return toIdentifyFlow(context.preselectedBusinessTypeId);
    if (context.outcome === 'cancelled') return { next: 'menu' };
    if (context.outcome === 'feedback') {
      const params = { businessTypeId: context.businessType?.id ?? null };
      return { next: 'flow', flow: 'feedback', params };
    }
    if (context.outcome === 'reminder' && context.ticket) {
      // The reminder flow (machines/reminder) for this ticket; it ends where `done` would.
      const { ticket } = context;
      const params = {
        ticketId: ticket.id,
        ticketNumber: ticket.number,
        businessTypeId: ticket.businessTypeId,
        printed: ticket.delivery === 'printed',
      };
      return { next: 'flow', flow: 'reminder', params };
    }
    return { next: 'attract' };
  },
});
