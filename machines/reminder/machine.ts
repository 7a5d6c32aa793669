/**
 * The SMS reminder flow, chained after the ticket flow when the customer tapped "remind me by
 * SMS" on their ticket's screen: a consent screen of its own (PIPL: the phone number is personal
 * data, used only for this reminder), the number on a keypad (a mainland mobile: 11 digits, 1
 * then 3–9; anything else is refused with a clear error and the digits kept to correct), a
 * confirmation saying when the SMS comes (the branch fixes it: when N customers are ahead), then
 * stored with its outbox item. Every step can be left with "back" or "done": nothing is required
 * and nothing is stored unless the customer confirms.
 *
 * Pure: the store is the named actor `saveReminder`, provided by the composition root.
 */
import { assign, fromPromise, setup } from 'xstate';
import {
  DEFAULT_SMS_REMINDER,
  isMainlandMobile,
  MOBILE_NUMBER_DIGITS,
} from '../../src/contract/reminder.js';
import type { Language } from '../../src/domain/business-type.js';
import type { FlowInput, FlowOutput } from '../flow.js';

/** What the ticket flow passes on: the ticket the reminder is for. */
export interface ReminderFlowParams {
  readonly ticketId: string;
  readonly ticketNumber: string;
  readonly businessTypeId: string;
  /** The ticket came out of the printer (false: the number is only on screen; say so again). */
  readonly printed: boolean;
}

export type ReminderFlowInput = FlowInput<ReminderFlowParams | null | undefined>;

/** What `saveReminder` stores. */
export interface ReminderToSave {
  readonly ticketId: string;
  readonly phone: string;
  readonly remindWhenAhead: number;
  readonly language: Language;
}

export interface ReminderFlowContext {
  readonly language: Language;
  readonly ticket: ReminderFlowParams | null;
  /** The branch's threshold: the SMS goes when this many customers or fewer are ahead. */
  readonly remindWhenAhead: number;
  /** The digits typed so far (at most 11). */
  readonly phone: string;
  /** The last "next" was refused: not a mainland mobile number. Cleared by the next key. */
  readonly invalidPhone: boolean;
  /** For the technician log; never shown to the customer. */
  readonly failure: string | null;
  /** The customer tapped "rate us" at the end: the flow ends into the feedback flow. */
  readonly rateUs: boolean;
}

export type ReminderFlowEvent =
  | { type: 'ACCEPT_REMINDER_CONSENT' }
  | { type: 'TYPE_PHONE_DIGIT'; digit: string }
  | { type: 'ERASE_PHONE_DIGIT' }
  | { type: 'SUBMIT_PHONE' }
  | { type: 'CONFIRM_REMINDER' }
  /** "Rate us" once the reminder is set (or could not be), as after the ticket. */
  | { type: 'RATE_US' }
  | { type: 'BACK' }
  | { type: 'FINISH' }
  | { type: 'SET_LANGUAGE'; language: Language };

/** The ticket params, or null when the previous flow passed none that make sense. */
function ticketFrom(params: unknown): ReminderFlowParams | null {
  const p = params as Partial<ReminderFlowParams> | null | undefined;
  return p &&
    typeof p.ticketId === 'string' &&
    typeof p.ticketNumber === 'string' &&
    typeof p.businessTypeId === 'string'
    ? {
        ticketId: p.ticketId,
        ticketNumber: p.ticketNumber,
        businessTypeId: p.businessTypeId,
        printed: p.printed !== false,
      }
    : null;
}

function notProvided(name: string): never {
  throw new Error(`reminder machine: actor "${name}" was not provided by the composition root`);
}

export const reminderMachine = setup({
  types: {
    context: {} as ReminderFlowContext,
    events: {} as ReminderFlowEvent,
    input: {} as ReminderFlowInput,
    output: {} as FlowOutput,
  },
  actors: {
    /** Stores the request (phone sealed) and its outbox item in one transaction (store). */
    saveReminder: fromPromise<void, ReminderToSave>(async () => notProvided('saveReminder')),
  },
  actions: {
    /** Where the technician hears about a request the store refused; provided by the root. */
    reportFailure: () => {},
  },
  guards: {
    hasTicket: ({ context }) => context.ticket !== null,
    typable: ({ context, event }) =>
      event.type === 'TYPE_PHONE_DIGIT' &&
      /^[0-9]$/.test(event.digit) &&
      context.phone.length < MOBILE_NUMBER_DIGITS,
    validPhone: ({ context }) => isMainlandMobile(context.phone),
  },
}).createMachine({
  id: 'reminder',
  context: ({ input }) => ({
    language: input.language,
    ticket: ticketFrom(input.params),
    remindWhenAhead: (input.branch?.smsReminder ?? DEFAULT_SMS_REMINDER).remindWhenAhead,
    phone: '',
    invalidPhone: false,
    failure: null,
    rateUs: false,
  }),
  on: { SET_LANGUAGE: { actions: assign({ language: ({ event }) => event.language }) } },
  initial: 'consent',
  states: {
    // Separate consent: what the number is used for, and for how long it is kept.
    consent: {
      on: {
        ACCEPT_REMINDER_CONSENT: { guard: 'hasTicket', target: 'typingPhone' },
        BACK: 'done',
        FINISH: 'done',
      },
    },
    typingPhone: {
      on: {
        TYPE_PHONE_DIGIT: {
          guard: 'typable',
          actions: assign({
            phone: ({ context, event }) => context.phone + event.digit,
            invalidPhone: false,
          }),
        },
        ERASE_PHONE_DIGIT: {
          actions: assign({
            phone: ({ context }) => context.phone.slice(0, -1),
            invalidPhone: false,
          }),
        },
        SUBMIT_PHONE: [
          { guard: 'validPhone', target: 'confirming' },
          // Refused with the reason; the digits stay, to be corrected.
          { actions: assign({ invalidPhone: true }) },
        ],
        // Back to the consent: the number typed is forgotten with it.
        BACK: { target: 'consent', actions: assign({ phone: '', invalidPhone: false }) },
        FINISH: 'done',
      },
    },
    // "We will text 139 1234 5678 when 3 customers are ahead of A023": confirm or change.
    confirming: {
      on: {
        CONFIRM_REMINDER: 'saving',
        BACK: 'typingPhone',
        FINISH: 'done',
      },
    },
    saving: {
      invoke: {
        id: 'saveReminder',
        src: 'saveReminder',
        input: ({ context }) => ({
          ticketId: context.ticket!.ticketId,
          phone: context.phone,
          remindWhenAhead: context.remindWhenAhead,
          language: context.language,
        }),
        // Stored: the number has left the flow; it is kept sealed by the store only.
        onDone: { target: 'saved', actions: assign({ phone: '' }) },
        onError: {
          target: 'notSaved',
          actions: [
            assign({ failure: ({ event }) => String(event.error), phone: '' }),
            'reportFailure',
          ],
        },
      },
    },
    // The end screens offer "rate us" as the ticket's do: the customer has their number either way.
    saved: { on: { FINISH: 'done', BACK: 'done', RATE_US: 'rated' } },
    notSaved: { on: { FINISH: 'done', BACK: 'done', RATE_US: 'rated' } },
    done: { type: 'final' },
    rated: { type: 'final', entry: assign({ rateUs: true }) },
  },
  // "Rate us": the feedback flow for the ticket's business type. Otherwise where the ticket flow
  // would have gone: the customer has their number, the next customer.
  output: ({ context }): FlowOutput =>
    context.rateUs
      ? {
          next: 'flow',
          flow: 'feedback',
          params: { businessTypeId: context.ticket?.businessTypeId ?? null },
        }
      : { next: 'attract' },
});
