/**
 * The customer session: attract screen ↔ menu ↔ flows, and the inactivity reset that makes sure
 * the next customer never meets the previous one's screen, language or number.
 *
 * `active` is parallel: `flow` is what the customer is doing, `presence` watches for them
 * leaving. Every command restarts the presence timer; after `inactivityMs` a warning is shown
 * (visibly, with a countdown) and after `warningMs` more the session ends. Language chosen in a
 * session resets on the attract screen.
 */
import { assign, sendTo, setup } from 'xstate';
import type { BusinessType, Language } from '../src/domain/business-type.js';
import type { KioskCommand } from '../src/bridge/contract.js';
import { ticketMachine, type TicketFlowOutput } from './ticket.js';

export interface SessionTimeouts {
  /** Quiet time before the "are you still there?" warning. */
  readonly inactivityMs: number;
  /** How long the warning shows before the session resets. */
  readonly warningMs: number;
}

export interface SessionInput {
  readonly businessTypes: readonly BusinessType[];
  readonly defaultLanguage: Language;
  readonly timeouts: SessionTimeouts;
}

export interface SessionContext {
  readonly businessTypes: readonly BusinessType[];
  readonly language: Language;
  readonly defaultLanguage: Language;
  readonly timeouts: SessionTimeouts;
  /** The ticket flow is reserving/printing/issuing: the customer is waiting, not gone. */
  readonly flowBusy: boolean;
}

export type SessionEvent =
  | KioskCommand
  /** The host learnt a new business-type list from the branch service. */
  | { readonly type: 'CONFIG_UPDATED'; readonly businessTypes: readonly BusinessType[] }
  /** From the ticket flow: busy while a ticket is being reserved, printed and issued. */
  | { readonly type: 'FLOW_BUSY' }
  | { readonly type: 'FLOW_SETTLED' };

/** Commands that show the customer is still there. */
const PRESENCE_EVENTS = [
  'ACTIVITY',
  // A ticket just came out (or failed): the customer gets the full time to read the result.
  'FLOW_SETTLED',
  'TAKE_TICKET',
  'CHOOSE_BUSINESS_TYPE',
  'BACK',
  'SET_LANGUAGE',
] as const;

// Inside `active` the presence states take these events, and a deeper transition shadows the
// root's for the same event: so the language change rides along here as well. The transitions
// sit on the atomic states (not on the region) so re-entering `watching` restarts its timer
// without re-entering `active`, which would reset the customer's flow.
const restartPresence = Object.fromEntries(
  PRESENCE_EVENTS.map((type) => [
    type,
    {
      target: 'watching',
      reenter: true,
      ...(type === 'SET_LANGUAGE' ? { actions: 'setLanguage' as const } : {}),
    },
  ]),
);

export const sessionMachine = setup({
  types: {
    context: {} as SessionContext,
    events: {} as SessionEvent,
    input: {} as SessionInput,
  },
  actors: { ticketFlow: ticketMachine },
  delays: {
    inactivity: ({ context }) => context.timeouts.inactivityMs,
    warning: ({ context }) => context.timeouts.warningMs,
  },
  guards: {
    flowBusy: ({ context }) => context.flowBusy,
    customerWentBack: ({ event }) =>
      (event as unknown as { output?: TicketFlowOutput }).output?.outcome === 'cancelled',
  },
  actions: {
    setLanguage: assign({
      language: ({ context, event }) =>
        event.type === 'SET_LANGUAGE' ? event.language : context.language,
    }),
    resetForNextCustomer: assign({ language: ({ context }) => context.defaultLanguage }),
    forwardToTicketFlow: sendTo('ticket', ({ event }) => event),
    /** Where the technician hears about a flow that crashed; the composition root provides it. */
    reportFlowError: () => {},
  },
}).createMachine({
  id: 'session',
  context: ({ input }) => ({
    businessTypes: input.businessTypes,
    language: input.defaultLanguage,
    defaultLanguage: input.defaultLanguage,
    timeouts: input.timeouts,
    flowBusy: false,
  }),
  on: {
    SET_LANGUAGE: { actions: 'setLanguage' },
    CONFIG_UPDATED: { actions: assign({ businessTypes: ({ event }) => event.businessTypes }) },
  },
  initial: 'attract',
  states: {
    attract: {
      entry: 'resetForNextCustomer',
      on: {
        START: 'active',
        // Choosing a language on the attract screen is a customer starting: the choice then
        // belongs to their session and resets with it, never to the next customer.
        SET_LANGUAGE: { target: 'active', actions: 'setLanguage' },
      },
    },
    active: {
      type: 'parallel',
      states: {
        flow: {
          initial: 'menu',
          states: {
            menu: {
              on: {
                TAKE_TICKET: 'ticket',
                BACK: '#session.attract',
                FINISH: '#session.attract',
              },
            },
            ticket: {
              exit: assign({ flowBusy: false }),
              invoke: {
                id: 'ticket',
                src: 'ticketFlow',
                input: ({ context }) => ({
                  businessTypes: context.businessTypes,
                  language: context.language,
                }),
                onDone: [
                  { guard: 'customerWentBack', target: 'menu' },
                  { target: '#session.attract' },
                ],
                // A flow that crashed must not leave its last screen up: start over.
                onError: { target: '#session.attract', actions: 'reportFlowError' },
              },
              on: {
                FLOW_BUSY: { actions: assign({ flowBusy: true }) },
                FLOW_SETTLED: { actions: assign({ flowBusy: false }) },
                CHOOSE_BUSINESS_TYPE: { actions: 'forwardToTicketFlow' },
                SET_LANGUAGE: { actions: 'forwardToTicketFlow' },
                BACK: { actions: 'forwardToTicketFlow' },
                FINISH: { actions: 'forwardToTicketFlow' },
              },
            },
          },
        },
        presence: {
          initial: 'watching',
          states: {
            // While the flow is busy the timer just restarts: a ticket is never abandoned
            // mid-print (its printer has its own timeouts, so busy always ends).
            watching: {
              on: restartPresence,
              after: {
                inactivity: [
                  { guard: 'flowBusy', target: 'watching', reenter: true },
                  { target: 'warning' },
                ],
              },
            },
            warning: {
              on: restartPresence,
              after: {
                warning: [
                  { guard: 'flowBusy', target: 'watching' },
                  { target: '#session.attract' },
                ],
              },
            },
          },
        },
      },
    },
  },
});
