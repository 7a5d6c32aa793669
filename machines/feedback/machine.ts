/**
 * The feedback flow, chained after a flow that ended with "rate us": an optional 1–5 rating, an
 * optional comment (category + text typed on the kiosk's keyboard, one key a command), then
 * stored with its outbox item. Every step can be left with "done": nothing is required, and
 * nothing is stored unless the customer sends it.
 *
 * Pure: the store is the named actor `saveFeedback`, provided by the composition root.
 */
import { assign, fromPromise, setup } from 'xstate';
import { MAX_FEEDBACK_COMMENT_LENGTH, type FeedbackCategory } from '../../src/contract/sync.js';
import type { Language } from '../../src/domain/business-type.js';
import type { FlowInput, FlowOutput } from '../flow.js';

/** What the previous flow passes on: the business type the customer was served for. */
export interface FeedbackFlowParams {
  readonly businessTypeId?: string | null;
}

export type FeedbackFlowInput = FlowInput<FeedbackFlowParams | null | undefined>;

/** What `saveFeedback` stores: at least a rating or a comment. */
export interface FeedbackToSave {
  readonly businessTypeId: string | null;
  readonly rating: number | null;
  readonly comment: { readonly category: FeedbackCategory; readonly text: string } | null;
}

export interface FeedbackFlowContext {
  readonly language: Language;
  readonly businessTypeId: string | null;
  readonly rating: number | null;
  readonly category: FeedbackCategory | null;
  readonly text: string;
  /** For the technician log; never shown to the customer. */
  readonly failure: string | null;
}

export type FeedbackFlowEvent =
  | { type: 'RATE_SERVICE'; rating: number }
  | { type: 'SKIP_RATING' }
  | { type: 'CHOOSE_FEEDBACK_CATEGORY'; category: FeedbackCategory }
  | { type: 'TYPE_FEEDBACK_TEXT'; text: string }
  | { type: 'ERASE_FEEDBACK_TEXT' }
  | { type: 'SUBMIT_FEEDBACK' }
  | { type: 'BACK' }
  | { type: 'FINISH' }
  | { type: 'SET_LANGUAGE'; language: Language };

/** Letters, digits, punctuation and spaces: what the keyboard has; never a control character. */
const TYPABLE = /^[\p{L}\p{N}\p{P}\p{S} ]+$/u;

/** The comment as it would be stored, or null when there is none to send. */
export function commentOf(
  context: Pick<FeedbackFlowContext, 'category' | 'text'>,
): FeedbackToSave['comment'] {
  const text = context.text.trim();
  return context.category !== null && text !== '' ? { category: context.category, text } : null;
}

/** Something to send: a rating, or a categorised comment. */
export function canSubmit(context: FeedbackFlowContext): boolean {
  return context.rating !== null || commentOf(context) !== null;
}

function notProvided(name: string): never {
  throw new Error(`feedback machine: actor "${name}" was not provided by the composition root`);
}

export const feedbackMachine = setup({
  types: {
    context: {} as FeedbackFlowContext,
    events: {} as FeedbackFlowEvent,
    input: {} as FeedbackFlowInput,
    output: {} as FlowOutput,
  },
  actors: {
    /** Stores the feedback and its outbox item in one transaction (store). */
    saveFeedback: fromPromise<void, FeedbackToSave>(async () => notProvided('saveFeedback')),
  },
  actions: {
    /** Where the technician hears about a feedback the store refused; provided by the root. */
    reportFailure: () => {},
  },
  guards: {
    validRating: ({ event }) =>
      event.type === 'RATE_SERVICE' &&
      Number.isInteger(event.rating) &&
      event.rating >= 1 &&
      event.rating <= 5,
    // Typing starts once the comment has its category; the text never outgrows the contract.
    typable: ({ context, event }) =>
      event.type === 'TYPE_FEEDBACK_TEXT' &&
      context.category !== null &&
      TYPABLE.test(event.text) &&
      context.text.length + event.text.length <= MAX_FEEDBACK_COMMENT_LENGTH,
    canSubmit: ({ context }) => canSubmit(context),
  },
}).createMachine({
  id: 'feedback',
  context: ({ input }) => ({
    language: input.language,
    businessTypeId: input.params?.businessTypeId ?? null,
    rating: null,
    category: null,
    text: '',
    failure: null,
  }),
  on: { SET_LANGUAGE: { actions: assign({ language: ({ event }) => event.language }) } },
  initial: 'rating',
  states: {
    rating: {
      on: {
        RATE_SERVICE: {
          guard: 'validRating',
          target: 'commenting',
          actions: assign({ rating: ({ event }) => event.rating }),
        },
        SKIP_RATING: { target: 'commenting', actions: assign({ rating: null }) },
        BACK: 'done',
        FINISH: 'done',
      },
    },
    commenting: {
      on: {
        CHOOSE_FEEDBACK_CATEGORY: { actions: assign({ category: ({ event }) => event.category }) },
        TYPE_FEEDBACK_TEXT: {
          guard: 'typable',
          actions: assign({ text: ({ context, event }) => context.text + event.text }),
        },
        ERASE_FEEDBACK_TEXT: {
          // One character, not one UTF-16 unit: a character outside the BMP goes whole.
          actions: assign({
            text: ({ context }) => Array.from(context.text).slice(0, -1).join(''),
          }),
        },
        SUBMIT_FEEDBACK: { guard: 'canSubmit', target: 'saving' },
        BACK: 'rating',
        FINISH: 'done',
      },
    },
    saving: {
      invoke: {
        id: 'saveFeedback',
        src: 'saveFeedback',
        input: ({ context }) => ({
          businessTypeId: context.businessTypeId,
          rating: context.rating,
          comment: commentOf(context),
        }),
        onDone: 'thanked',
        onError: {
          target: 'notSaved',
          actions: [assign({ failure: ({ event }) => String(event.error) }), 'reportFailure'],
        },
      },
    },
    thanked: { on: { FINISH: 'done' } },
    notSaved: { on: { FINISH: 'done' } },
    done: { type: 'final' },
  },
  // Feedback comes after the customer's business is done: the next customer.
  output: (): FlowOutput => ({ next: 'attract' }),
});
