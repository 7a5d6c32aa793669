/**
 * The identify flow: the customer's ID card read for another flow (the ticket's priority), with
 * consent first and the card given back last.
 *
 * consent → place the card → read → the masked name, "please take your card" → removed → back to
 * the flow that asked, with an identification that carries no identity ({priority, ageYears,
 * customerKey}). Every way out without a read (back, "continue without", a problem) goes back to
 * that flow too, with `identification: null`, so it does not offer the card again.
 *
 * The reader runs only while `usingReader` is active: it is the invoked callback actor
 * `idCardReader`, which the composition root provides (it polls the reader and turns what the
 * customer does with the card into the READER_* / CARD_* events below; stopping it stops the
 * polling and wipes the read). Pure: no I/O here.
 *
 * A card whose holder is at least the branch's `elderMode.offerFromAge` also tells the session
 * `OFFER_ELDER_MODE` (nothing else: no age, no date), and the session asks the customer once
 * whether they want larger text and voice. The priority uses the other threshold,
 * `priorityRules.seniorAge`: a branch may set the two differently.
 */
import { assign, fromCallback, sendParent, setup } from 'xstate';
import { z } from 'zod';
import type { IdCardProblem } from '../../src/bridge/contract.js';
import {
  DEFAULT_PRIORITY_RULES,
  ELDER_MODE_DEFAULTS,
  type PriorityRules,
} from '../../src/contract/sync.js';
import type { Language } from '../../src/domain/business-type.js';
import { priorityFor, type Identification } from '../../src/domain/identification.js';
import {
  OFFER_ELDER_MODE,
  type DevicesChangedEvent,
  type FlowInput,
  type FlowOutput,
} from '../flow.js';

/** What a flow passes to identify: where to go back to, and what to hand that flow again. */
export const IdentifyParamsSchema = z.object({
  /** The flow to return to (its id). */
  returnTo: z.string().min(1),
  /** Params the returning flow gets back, besides `identification`. */
  carry: z.record(z.string(), z.unknown()).optional(),
});
export type IdentifyParams = z.infer<typeof IdentifyParamsSchema>;

/** What the flow that asked gets back in its params. */
export interface IdentifyResult {
  /** The card's outcome, or null: the customer went on without it (do not offer it again). */
  readonly identification: Identification | null;
}

export type IdentifyFlowInput = FlowInput<unknown>;

/** A card read, as the reader actor hands it over: a masked name and no identity. */
export interface CardSummary {
  /** Family name kept, given name hidden (src/log/mask.ts maskName). */
  readonly maskedName: string;
  readonly ageYears: number;
  readonly customerKey: string;
  /** The branch service knows the holder as a VIP customer (asked with the key, when online). */
  readonly vip?: boolean;
}

/** What the reader actor sends (devices/idcard/poller.ts events, translated by the host). */
export type ReaderEvent =
  | { readonly type: 'CARD_INSERTED' }
  | { readonly type: 'CARD_READ'; readonly card: CardSummary }
  | { readonly type: 'CARD_UNREADABLE' }
  | { readonly type: 'CARD_UNSUPPORTED' }
  | { readonly type: 'CARD_REMOVED' }
  | { readonly type: 'READER_OFFLINE' };

export type IdentifyFlowEvent =
  | ReaderEvent
  | { readonly type: 'AGREE_TO_ID_CARD_READ' }
  | { readonly type: 'CONTINUE_WITHOUT_ID_CARD' }
  | { readonly type: 'RETRY_ID_CARD' }
  | { readonly type: 'BACK' }
  | { readonly type: 'SET_LANGUAGE'; readonly language: Language }
  | DevicesChangedEvent;

export interface IdentifyFlowContext {
  readonly language: Language;
  /** Where the customer goes back to; null when the params were not valid (then: the menu). */
  readonly returnTo: string | null;
  readonly carry: Readonly<Record<string, unknown>>;
  readonly rules: PriorityRules;
  /** From this age the session offers elder mode (the branch's elderMode.offerFromAge). */
  readonly offerElderFromAge: number;
  /** The masked name of the card read; shown until the card is taken, gone with the flow. */
  readonly maskedName: string | null;
  readonly identification: Identification | null;
  readonly problem: IdCardProblem | null;
}

/** Defaults of the named delays (the composition root may provide others). */
export const IDENTIFY_TIMEOUTS = {
  /** From "place your card" to giving up on it. */
  cardTimeout: 30_000,
  /** From "please take your card" to telling the technician the card was left. */
  removalTimeout: 20_000,
} as const;

export const identifyMachine = setup({
  types: {
    context: {} as IdentifyFlowContext,
    events: {} as IdentifyFlowEvent,
    input: {} as IdentifyFlowInput,
    output: {} as FlowOutput,
  },
  actors: {
    /**
     * Polls the reader while it runs; sends ReaderEvents. Its cleanup stops the polling and
     * wipes the read (the composition root provides it: main/features/identify-reader.ts).
     */
    idCardReader: fromCallback<IdentifyFlowEvent>(() => {
      throw new Error('identify machine: actor "idCardReader" was not provided');
    }),
  },
  delays: IDENTIFY_TIMEOUTS,
  guards: {
    reachesElderOfferAge: ({ context, event }) =>
      event.type === 'CARD_READ' && event.card.ageYears >= context.offerElderFromAge,
  },
  actions: {
    /** Only "offer it" reaches the session: the age stays here (and in the identification). */
    offerElderMode: sendParent(OFFER_ELDER_MODE),
    /** The technician hears of every card that gave nothing (the composition root logs it). */
    reportProblem: (_, _params: { problem: IdCardProblem }) => {},
    /** The technician hears of a card left on the reader. */
    reportCardLeft: () => {},
    /** Nothing of the read stays once it is no longer shown. */
    forgetCard: assign({ maskedName: null }),
    setProblem: assign((_, params: { problem: IdCardProblem }) => ({ problem: params.problem })),
    /** The masked name to show, and the identification (priority by the branch's rules). */
    rememberCard: assign(({ context, event }) =>
      event.type === 'CARD_READ'
        ? {
            maskedName: event.card.maskedName,
            identification: {
              priority: priorityFor(event.card.ageYears, context.rules, event.card.vip === true),
              ageYears: event.card.ageYears,
              customerKey: event.card.customerKey,
            },
          }
        : {},
    ),
  },
}).createMachine({
  id: 'identify',
  context: ({ input }) => {
    const params = IdentifyParamsSchema.safeParse(input.params);
    return {
      language: input.language,
      returnTo: params.success ? params.data.returnTo : null,
      carry: params.success ? (params.data.carry ?? {}) : {},
      rules: input.branch?.priorityRules ?? DEFAULT_PRIORITY_RULES,
      offerElderFromAge: (input.branch?.elderMode ?? ELDER_MODE_DEFAULTS).offerFromAge,
      maskedName: null,
      identification: null,
      problem: null,
    };
  },
  on: {
    SET_LANGUAGE: { actions: assign({ language: ({ event }) => event.language }) },
  },
  initial: 'consent',
  states: {
    // Sensitive personal data: its own consent, saying what is read, why and for how long.
    consent: {
      on: {
        AGREE_TO_ID_CARD_READ: 'usingReader',
        CONTINUE_WITHOUT_ID_CARD: 'withoutCard',
        BACK: 'withoutCard',
      },
    },
    // The reader is polled only here.
    usingReader: {
      invoke: { id: 'idCardReader', src: 'idCardReader' },
      entry: assign({ problem: null }),
      on: {
        READER_OFFLINE: {
          target: 'problem',
          actions: problem('readerOffline'),
        },
        CONTINUE_WITHOUT_ID_CARD: 'withoutCard',
        BACK: 'withoutCard',
      },
      initial: 'waitingForCard',
      states: {
        waitingForCard: {
          after: {
            cardTimeout: {
              target: '#identify.problem',
              actions: problem('noCardInTime'),
            },
          },
          on: {
            CARD_INSERTED: 'readingCard',
            ...cardOutcomes(),
          },
        },
        readingCard: {
          on: {
            ...cardOutcomes(),
            // Taken away before it could be read: wait for it again.
            CARD_REMOVED: 'waitingForCard',
          },
        },
        // The masked name and the priority; "please take your card".
        identified: {
          after: { removalTimeout: 'cardLeft' },
          on: { CARD_REMOVED: '#identify.done' },
        },
        cardLeft: {
          entry: 'reportCardLeft',
          on: { CARD_REMOVED: '#identify.done' },
        },
        // The card gave nothing: say why; it must come off the reader before a new try.
        cardRefused: {
          after: { removalTimeout: { actions: 'reportCardLeft' } },
          on: { CARD_REMOVED: '#identify.problem' },
        },
      },
    },
    // The reader is stopped: what went wrong and what to do (try again, or go on without).
    problem: {
      on: {
        RETRY_ID_CARD: 'usingReader',
        CONTINUE_WITHOUT_ID_CARD: 'withoutCard',
        BACK: 'withoutCard',
      },
    },
    done: { type: 'final', entry: 'forgetCard' },
    withoutCard: {
      type: 'final',
      entry: ['forgetCard', assign({ identification: null })],
    },
  },
  output: ({ context }): FlowOutput => {
    if (context.returnTo === null) return { next: 'menu' };
    const result: IdentifyResult = { identification: context.identification };
    return { next: 'flow', flow: context.returnTo, params: { ...context.carry, ...result } };
  },
});

/** What a read, an unreadable card or an unsupported one leads to, wherever it comes. */
function cardOutcomes() {
  return {
    CARD_READ: [
      {
        guard: 'reachesElderOfferAge',
        target: 'identified',
        actions: ['rememberCard', 'offerElderMode'],
      },
      { target: 'identified', actions: 'rememberCard' },
    ],
    CARD_UNREADABLE: { target: 'cardRefused', actions: problem('unreadable') },
    CARD_UNSUPPORTED: { target: 'cardRefused', actions: problem('unsupportedCard') },
  } as const;
}

/** Sets the problem the customer is told, and tells the technician. */
function problem(which: IdCardProblem) {
  return [
    { type: 'setProblem', params: { problem: which } },
    { type: 'reportProblem', params: { problem: which } },
  ] as const;
}
