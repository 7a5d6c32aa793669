/**
 * Guide assistance (issue 8). "Call a guide" on the home menu stores the call and sends it to
 * the branch service (the named actor `callGuide`: the store's outbox delivers it, so a call made
 * while the service is down survives), and the screen says it was sent. While the customer waits
 * on that screen, `watchCall` follows the call at the branch service and reports its progress:
 * a guide acknowledged it ("a guide is on the way"), or the service cannot be reached (the call
 * will be delivered when it can).
 * The guide, once there, unlocks assisted mode with the staff PIN typed on the kiosk's keypad
 * (one digit a command; the view shows dots, never digits), checked by the host (`verifyPin`:
 * hash, lockout, audit). In assisted mode the guide starts a priority ticket for the customer:
 * the flow ends into the ticket flow with a senior-priority identification, or a disability one
 * when the guide marked the customer as needing priority for a disability. Assisted mode lives
 * only in this flow's context, so it ends with the flow and never reaches the next customer.
 *
 * Pure: the store, the PIN check and the log are named actors/actions provided by the root.
 */
import { assign, fromCallback, fromPromise, setup } from 'xstate';
import { DEFAULT_PRIORITY_RULES } from '../../src/contract/sync.js';
import type { Language } from '../../src/domain/business-type.js';
import type { Identification } from '../../src/domain/identification.js';
import type { FlowInput, FlowOutput } from '../flow.js';

export type GuideFlowInput = FlowInput<unknown>;

/** Staff PINs are 4 to 8 digits. */
export const MIN_PIN_LENGTH = 4;
export const MAX_PIN_LENGTH = 8;

/** What the host's PIN check came to; the PIN itself never comes back. */
export type PinVerdict =
  | {
      readonly outcome: 'accepted';
      /** The abuse-guard key (64 hex digits) of this unlock: derived from its audit row. */
      readonly assistKey: string;
      /** The audit row of this unlock: what the guide does in assisted mode is logged against it. */
      readonly auditId: string;
    }
  | { readonly outcome: 'rejected'; readonly attemptsLeft: number }
  | { readonly outcome: 'lockedOut'; readonly lockedSeconds: number };

/**
 * What the customer is told about a stored call: sent (delivered or on its way), queued (the
 * branch service cannot be reached; the outbox will deliver it), or a guide answered it.
 */
export type CallProgress = 'sent' | 'queued' | 'onTheWay';

/** What `watchCall` sends back while it follows the call. */
export interface CallProgressEvent {
  readonly type: 'CALL_PROGRESS';
  readonly progress: CallProgress;
}

export interface GuideFlowContext {
  readonly language: Language;
  readonly seniorAge: number;
  /** The call reached the store and its outbox (null while it is being stored). */
  readonly callSent: boolean | null;
  /** The stored call's id (what `watchCall` follows); null until stored or when not stored. */
  readonly callId: string | null;
  readonly callProgress: CallProgress;
  /** The digits typed so far; cleared as soon as they are checked or left. Never projected. */
  readonly pin: string;
  readonly pinNotice: 'wrongPin' | 'checkFailed' | null;
  readonly attemptsLeft: number | null;
  readonly lockedSeconds: number;
  /** Set only in assisted mode. */
  readonly assistKey: string | null;
  /** The guide marked the customer as needing priority for a disability (assisted mode only). */
  readonly disability: boolean;
  /** The accepted PIN use's audit row (assisted mode only). */
  readonly unlockAuditId: string | null;
  readonly outcome: 'menu' | 'attract' | 'ticket';
  /** For the technician log; never shown to the customer. */
  readonly failure: string | null;
}

export type GuideFlowEvent =
  | { type: 'STAFF_UNLOCK' }
  | { type: 'PIN_DIGIT'; digit: string }
  | { type: 'PIN_ERASE' }
  | { type: 'PIN_SUBMIT' }
  | { type: 'ASSIST_PRIORITY_TICKET' }
  | { type: 'ASSIST_SET_DISABILITY'; disability: boolean }
  | { type: 'BACK' }
  | { type: 'FINISH' }
  | { type: 'SET_LANGUAGE'; language: Language }
  | CallProgressEvent;

function notProvided(name: string): never {
  throw new Error(`guide machine: actor "${name}" was not provided by the composition root`);
}

export const guideMachine = setup({
  types: {
    context: {} as GuideFlowContext,
    events: {} as GuideFlowEvent,
    input: {} as GuideFlowInput,
    output: {} as FlowOutput,
  },
  actors: {
    /** Stores the call and its 'guide.called' outbox item in one transaction. */
    callGuide: fromPromise<{ callId: string }, void>(async () => notProvided('callGuide')),
    /**
     * Follows a stored call at the branch service while the customer waits (polling), sending
     * CALL_PROGRESS when what the customer should be told changes. Stopped with the screen.
     */
    watchCall: fromCallback<CallProgressEvent, { callId: string }>(() => notProvided('watchCall')),
    /** Checks the PIN behind the lockout and writes the audit row with its outbox item. */
    verifyPin: fromPromise<PinVerdict, { pin: string }>(async () => notProvided('verifyPin')),
  },
  actions: {
    /** The digits typed so far go as soon as they are checked or left. */
    leavePin: assign({ pin: '', pinNotice: null, attemptsLeft: null }),
    /** Where the technician hears about a call or a check that failed; provided by the root. */
    reportFailure: () => {},
    /** The technician log of an assisted priority ticket; provided by the root. */
    reportAssistedTicket: () => {},
    /** The guide set or cleared the disability flag: logged against the unlock's audit row. */
    reportDisabilityFlag: () => {},
  },
  guards: {
    digit: ({ context, event }) =>
      event.type === 'PIN_DIGIT' &&
      /^[0-9]$/.test(event.digit) &&
      context.pin.length < MAX_PIN_LENGTH,
    pinComplete: ({ context }) => context.pin.length >= MIN_PIN_LENGTH,
    callStored: ({ context }) => context.callId !== null,
  },
}).createMachine({
  id: 'guide',
  context: ({ input }) => ({
    language: input.language,
    seniorAge: (input.branch?.priorityRules ?? DEFAULT_PRIORITY_RULES).seniorAge,
    callSent: null,
    callId: null,
    callProgress: 'sent',
    pin: '',
    pinNotice: null,
    attemptsLeft: null,
    lockedSeconds: 0,
    assistKey: null,
    disability: false,
    unlockAuditId: null,
    outcome: 'attract',
    failure: null,
  }),
  on: { SET_LANGUAGE: { actions: assign({ language: ({ event }) => event.language }) } },
  initial: 'calling',
  states: {
    calling: {
      invoke: {
        id: 'callGuide',
        src: 'callGuide',
        onDone: {
          target: 'called',
          actions: assign({ callSent: true, callId: ({ event }) => event.output.callId }),
        },
        onError: {
          target: 'called',
          actions: [
            assign({ callSent: false, failure: ({ event }) => String(event.error) }),
            'reportFailure',
          ],
        },
      },
    },
    // "Your call has been sent" / "a guide is on the way" (or: ask at the counter), with a way
    // back; the guide's key. A stored call is followed while this screen is up.
    called: {
      initial: 'waiting',
      states: {
        waiting: {
          always: { guard: 'callStored', target: 'following' },
        },
        following: {
          invoke: {
            id: 'watchCall',
            src: 'watchCall',
            input: ({ context }) => ({ callId: context.callId ?? '' }),
          },
          on: {
            CALL_PROGRESS: {
              actions: assign({ callProgress: ({ event }) => event.progress }),
            },
          },
        },
      },
      on: {
        STAFF_UNLOCK: 'enteringPin',
        BACK: { target: 'done', actions: assign({ outcome: 'menu' as const }) },
        FINISH: 'done',
      },
    },
    enteringPin: {
      on: {
        PIN_DIGIT: {
          guard: 'digit',
          actions: assign({ pin: ({ context, event }) => context.pin + event.digit }),
        },
        PIN_ERASE: { actions: assign({ pin: ({ context }) => context.pin.slice(0, -1) }) },
        PIN_SUBMIT: { guard: 'pinComplete', target: 'verifying' },
        BACK: { target: 'called', actions: 'leavePin' },
        FINISH: { target: 'done', actions: 'leavePin' },
      },
    },
    verifying: {
      invoke: {
        id: 'verifyPin',
        src: 'verifyPin',
        input: ({ context }) => ({ pin: context.pin }),
        onDone: [
          {
            guard: ({ event }) => event.output.outcome === 'accepted',
            target: 'assisted',
            actions: [
              'leavePin',
              assign({
                assistKey: ({ event }) =>
                  event.output.outcome === 'accepted' ? event.output.assistKey : null,
                unlockAuditId: ({ event }) =>
                  event.output.outcome === 'accepted' ? event.output.auditId : null,
              }),
            ],
          },
          {
            guard: ({ event }) => event.output.outcome === 'lockedOut',
            target: 'lockedOut',
            actions: [
              'leavePin',
              assign({
                lockedSeconds: ({ event }) =>
                  event.output.outcome === 'lockedOut' ? event.output.lockedSeconds : 0,
              }),
            ],
          },
          {
            target: 'enteringPin',
            actions: assign({
              pin: '',
              pinNotice: 'wrongPin' as const,
              attemptsLeft: ({ event }) =>
                event.output.outcome === 'rejected' ? event.output.attemptsLeft : null,
            }),
          },
        ],
        onError: {
          target: 'enteringPin',
          actions: [
            assign({
              pin: '',
              pinNotice: 'checkFailed' as const,
              failure: ({ event }) => String(event.error),
            }),
            'reportFailure',
          ],
        },
      },
    },
    // Too many wrong PINs: the keypad waits. The host keeps the lockout, not this flow.
    lockedOut: {
      on: {
        STAFF_UNLOCK: 'enteringPin',
        BACK: 'called',
        FINISH: 'done',
      },
    },
    assisted: {
      on: {
        ASSIST_SET_DISABILITY: {
          actions: [
            assign({ disability: ({ event }) => event.disability }),
            'reportDisabilityFlag',
          ],
        },
        ASSIST_PRIORITY_TICKET: {
          target: 'done',
          actions: [assign({ outcome: 'ticket' as const }), 'reportAssistedTicket'],
        },
        BACK: {
          target: 'done',
          actions: assign({
            assistKey: null,
            unlockAuditId: null,
            disability: false,
            outcome: 'menu' as const,
          }),
        },
        FINISH: {
          target: 'done',
          actions: assign({ assistKey: null, unlockAuditId: null, disability: false }),
        },
      },
    },
    done: { type: 'final' },
  },
  output: ({ context }): FlowOutput => {
    if (context.outcome === 'ticket' && context.assistKey !== null) {
      return {
        next: 'flow',
        flow: 'ticket',
        params: { identification: assistedPriority(context) },
      };
    }
    return { next: context.outcome === 'menu' ? 'menu' : 'attract' };
  },
});

/**
 * The identification a guide vouches for: senior priority without a card, or disability priority
 * when the guide set the flag. No card was read, so the age is the branch's senior threshold for
 * a senior (never a read age) and 0 for the flag (no age rule, such as the elder-mode offer,
 * applies to it), and the key is the unlock's own
 * (main/features/guide.ts `assistKeyFor`: from its audit row), so the abuse guard allows one
 * live ticket per queue per audited unlock.
 */
export function assistedPriority(context: GuideFlowContext): Identification {
  const customerKey = context.assistKey ?? '';
  if (context.disability) return { priority: 'disability', ageYears: 0, customerKey };
  return { priority: 'senior', ageYears: context.seniorAge, customerKey };
}
