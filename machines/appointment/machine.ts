/**
 * The appointment check-in flow (issue 8): type the appointment code → the branch service checks
 * it in → today's appointment: its priority ticket (the ticket flow, with the appointment's
 * business type and a priority identification) / none today: say so and offer a walk-in ticket /
 * the branch service cannot be reached: say so and offer a walk-in ticket.
 *
 * With an ID-card reader ready, the customer may check in with the card instead: the identify
 * flow reads it and comes back here with its identification, whose customer key the branch
 * service looks the day's appointment up by.
 *
 * Pure: the check-in is the named actor `checkInAppointment`, which the composition root provides
 * over the branch client. The ticket flow is named by id only (a flow never imports another's).
 */
import { assign, fromPromise, setup } from 'xstate';
import {
  APPOINTMENT_CODE_PATTERN,
  MAX_APPOINTMENT_CODE_LENGTH,
} from '../../src/contract/appointments.js';
import type { BusinessType, Language } from '../../src/domain/business-type.js';
import { IdentificationSchema, type Identification } from '../../src/domain/identification.js';
import type { DevicesChangedEvent, FlowInput, FlowOutput } from '../flow.js';

/** The flow that prints tickets (machines/ticket), by its registered id. */
export const TICKET_FLOW = 'ticket';
/** The flow that reads the ID card (machines/identify), by its registered id. */
export const IDENTIFY_FLOW = 'identify';

/** What the check-in asks the branch with: the typed code, or the ID card's identification. */
export type CheckInRequest =
  { readonly code: string } | { readonly identification: Identification };

export type AppointmentFlowInput = FlowInput<unknown>;

/** What a check-in gives the flow: today's appointment, or none. */
export type CheckInResult =
  | {
      readonly status: 'found';
      readonly businessTypeId: string;
      readonly timeSlot: string;
      /** The priority identification the ticket is reserved with (see the feature). */
      readonly identification: Identification;
    }
  | { readonly status: 'noneToday' };

export interface AppointmentFlowContext {
  readonly language: Language;
  readonly businessTypes: readonly BusinessType[];
  /** The digits typed so far. */
  readonly code: string;
  readonly found: Extract<CheckInResult, { status: 'found' }> | null;
  /** For the technician log; never shown to the customer. */
  readonly failure: string | null;
  readonly outcome: 'cancelled' | 'appointmentTicket' | 'walkIn' | 'identify';
  /** An ID-card reader is ready: "use my ID card" is offered (once per visit). */
  readonly idReaderReady: boolean;
  /** The card was offered already in this visit (used, or declined): not offered again. */
  readonly idCardAsked: boolean;
  /** Back from the identify flow: the card's identification, checked in by its key. */
  readonly identification: Identification | null;
}

export type AppointmentFlowEvent =
  | { type: 'TYPE_APPOINTMENT_CODE'; text: string }
  | { type: 'ERASE_APPOINTMENT_CODE' }
  | { type: 'SUBMIT_APPOINTMENT_CODE' }
  | { type: 'TAKE_APPOINTMENT_TICKET' }
  | { type: 'TAKE_WALK_IN_TICKET' }
  | { type: 'USE_ID_CARD' }
  | { type: 'BACK' }
  | { type: 'SET_LANGUAGE'; language: Language }
  | DevicesChangedEvent;

/** The identification passed back by the identify flow, checked: anything else is none. */
function identificationFrom(params: unknown): Identification | null {
  const value = (params as { identification?: unknown } | null | undefined)?.identification;
  const parsed = IdentificationSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

function notProvided(name: string): never {
  throw new Error(`appointment machine: actor "${name}" was not provided by the composition root`);
}

export const appointmentMachine = setup({
  types: {
    context: {} as AppointmentFlowContext,
    events: {} as AppointmentFlowEvent,
    input: {} as AppointmentFlowInput,
    output: {} as FlowOutput,
  },
  actors: {
    /** Checks in today's appointment with this code at the branch service (idempotent). */
    checkInAppointment: fromPromise<CheckInResult, CheckInRequest>(async () =>
      notProvided('checkInAppointment'),
    ),
  },
  actions: {
    /** Where the technician hears how check-ins go; the composition root provides them. */
    reportCheckedIn: () => {},
    reportNoneToday: () => {},
    reportUnreachable: () => {},
    /** Back to the keypad: nothing of the last try (code, card, answer) is kept. */
    startOver: assign({ code: '', found: null, failure: null, identification: null }),
  },
  guards: {
    typable: ({ context, event }) =>
      event.type === 'TYPE_APPOINTMENT_CODE' &&
      /^[0-9]$/.test(event.text) &&
      context.code.length < MAX_APPOINTMENT_CODE_LENGTH,
    codeComplete: ({ context }) => APPOINTMENT_CODE_PATTERN.test(context.code),
    hasIdentification: ({ context }) => context.identification !== null,
    idCardOffered: ({ context }) => context.idReaderReady && !context.idCardAsked,
  },
}).createMachine({
  id: 'appointment',
  context: ({ input }) => ({
    language: input.language,
    businessTypes: input.branch?.businessTypes ?? [],
    code: '',
    found: null,
    failure: null,
    outcome: 'cancelled',
    idReaderReady: input.devices.idReaderReady === true,
    idCardAsked:
      typeof input.params === 'object' && input.params !== null && 'identification' in input.params,
    identification: identificationFrom(input.params),
  }),
  on: {
    SET_LANGUAGE: { actions: assign({ language: ({ event }) => event.language }) },
    DEVICES_CHANGED: {
      actions: assign({ idReaderReady: ({ event }) => event.devices.idReaderReady === true }),
    },
  },
  initial: 'entering',
  states: {
    entering: {
      // Back from the identify flow with the card: check in by its key at once (a try again
      // clears the card, see startOver, so this is taken only at the start).
      always: { guard: 'hasIdentification', target: 'checkingIn' },
      on: {
        TYPE_APPOINTMENT_CODE: {
          guard: 'typable',
          actions: assign({ code: ({ context, event }) => context.code + event.text }),
        },
        ERASE_APPOINTMENT_CODE: {
          actions: assign({ code: ({ context }) => context.code.slice(0, -1) }),
        },
        SUBMIT_APPOINTMENT_CODE: { guard: 'codeComplete', target: 'checkingIn' },
        USE_ID_CARD: { guard: 'idCardOffered', target: 'identifying' },
        BACK: 'cancelled',
      },
    },
    checkingIn: {
      invoke: {
        id: 'checkInAppointment',
        src: 'checkInAppointment',
        input: ({ context }): CheckInRequest =>
          context.identification
            ? { identification: context.identification }
            : { code: context.code },
        onDone: [
          {
            // Inline: only here is the event the check-in's done event, typed with its output.
            guard: ({ event }) => event.output.status === 'found',
            target: 'found',
            actions: [
              assign({
                found: ({ event }) => (event.output.status === 'found' ? event.output : null),
              }),
              'reportCheckedIn',
            ],
          },
          { target: 'noneToday', actions: 'reportNoneToday' },
        ],
        // Unreachable, timed out, refused: the customer may still take an ordinary ticket.
        onError: {
          target: 'unreachable',
          actions: [assign({ failure: ({ event }) => String(event.error) }), 'reportUnreachable'],
        },
      },
    },
    found: {
      on: {
        TAKE_APPOINTMENT_TICKET: 'appointmentTicket',
        BACK: { target: 'entering', actions: 'startOver' },
      },
    },
    noneToday: {
      on: {
        TAKE_WALK_IN_TICKET: 'walkIn',
        BACK: { target: 'entering', actions: 'startOver' },
      },
    },
    unreachable: {
      on: {
        TAKE_WALK_IN_TICKET: 'walkIn',
        BACK: { target: 'entering', actions: 'startOver' },
      },
    },
    appointmentTicket: {
      type: 'final',
      entry: assign({ outcome: 'appointmentTicket' as const }),
    },
    walkIn: { type: 'final', entry: assign({ outcome: 'walkIn' as const }) },
    identifying: { type: 'final', entry: assign({ outcome: 'identify' as const }) },
    cancelled: { type: 'final' },
  },
  output: ({ context }): FlowOutput => appointmentOutput(context),
});

/**
 * Where the customer goes: their appointment's priority ticket (the ticket flow with its business
 * type and the identification, so the ID card is not offered again), a walk-in ticket, the
 * identify flow (which comes back here with the card), or back to the menu.
 */
export function appointmentOutput(context: AppointmentFlowContext): FlowOutput {
  if (context.outcome === 'appointmentTicket' && context.found) {
    return {
      next: 'flow',
      flow: TICKET_FLOW,
      params: {
        businessTypeId: context.found.businessTypeId,
        identification: context.found.identification,
      },
    };
  }
  if (context.outcome === 'walkIn') {
    // With the card read here, the walk-in ticket keeps what the card gives (the branch's
    // priority by age, the abuse guard) and the card is not asked for again.
    const params = context.identification ? { identification: context.identification } : null;
    return { next: 'flow', flow: TICKET_FLOW, params };
  }
  if (context.outcome === 'identify') {
    return { next: 'flow', flow: IDENTIFY_FLOW, params: { returnTo: 'appointment', carry: {} } };
  }
  return { next: 'menu' };
}

export type AppointmentMachine = typeof appointmentMachine;
