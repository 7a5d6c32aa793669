/**
 * The self-service query flow: choose a query → its answer (from the kiosk's own copy of the
 * branch configuration, so it works offline, with the copy's age) → back to the choice, or done.
 *
 * The machine only knows the menu entries (ids and labels); the answer comes from the named actor
 * `answerQuery`, which the composition root provides from the registered providers. Pure.
 */
import { assign, fromPromise, setup } from 'xstate';
import type { Prompt } from '../../src/bridge/contract.js';
import type { Language } from '../../src/domain/business-type.js';
import type { FlowInput, FlowOutput } from '../flow.js';
import type { QueryEntry, QueryResult } from './provider.js';

export type QueryFlowInput = FlowInput<unknown>;

export interface QueryFlowContext {
  readonly entries: readonly QueryEntry[];
  readonly language: Language;
  readonly query: QueryEntry | null;
  readonly result: QueryResult | null;
  readonly notice: Prompt | null;
  /** For the technician log; never shown to the customer. */
  readonly failure: string | null;
  readonly outcome: 'cancelled' | 'done';
}

export type QueryFlowEvent =
  | { type: 'CHOOSE_QUERY'; queryId: string }
  | { type: 'BACK' }
  | { type: 'FINISH' }
  | { type: 'SET_LANGUAGE'; language: Language };

function notProvided(name: string): never {
  throw new Error(`query machine: actor "${name}" was not provided by the composition root`);
}

/** The query machine over these menu entries (the registered providers, in menu order). */
export function createQueryMachine(entries: readonly QueryEntry[]) {
  return setup({
    types: {
      context: {} as QueryFlowContext,
      events: {} as QueryFlowEvent,
      input: {} as QueryFlowInput,
      output: {} as FlowOutput,
    },
    actors: {
      /** The answer of one query, from the kiosk's copies (the providers). */
      answerQuery: fromPromise<QueryResult, { queryId: string }>(async () =>
        notProvided('answerQuery'),
      ),
    },
    actions: {
      /** Where the technician hears what customers read; the composition root provides it. */
      reportAnswer: () => {},
      reportFailure: () => {},
    },
    guards: {
      isKnownQuery: ({ event }) =>
        event.type === 'CHOOSE_QUERY' && entries.some((e) => e.id === event.queryId),
    },
  }).createMachine({
    id: 'query',
    context: ({ input }) => ({
      entries,
      language: input.language,
      query: null,
      result: null,
      notice: null,
      failure: null,
      outcome: 'done',
    }),
    on: { SET_LANGUAGE: { actions: assign({ language: ({ event }) => event.language }) } },
    initial: 'choosing',
    states: {
      choosing: {
        on: {
          CHOOSE_QUERY: [
            {
              guard: 'isKnownQuery',
              target: 'answering',
              actions: assign({
                query: ({ context, event }) =>
                  context.entries.find((e) => e.id === event.queryId) ?? null,
                notice: null,
              }),
            },
            // A stale screen or a tampered frame: say so and let the customer choose again.
            { actions: assign({ notice: { key: 'notice.unknownQuery' } }) },
          ],
          BACK: 'cancelled',
          FINISH: 'done',
        },
      },
      answering: {
        invoke: {
          id: 'answerQuery',
          src: 'answerQuery',
          input: ({ context }) => ({ queryId: context.query!.id }),
          onDone: {
            target: 'showing',
            actions: [assign({ result: ({ event }) => event.output }), 'reportAnswer'],
          },
          // A provider that throws is a bug, not the customer's problem: "not available".
          onError: {
            target: 'showing',
            actions: [
              assign({
                result: { status: 'unavailable' } as const,
                failure: ({ event }) => String(event.error),
              }),
              'reportFailure',
            ],
          },
        },
        on: { BACK: { target: 'choosing', actions: assign({ query: null }) } },
      },
      showing: {
        on: {
          BACK: {
            target: 'choosing',
            actions: assign({ query: null, result: null, failure: null }),
          },
          FINISH: 'done',
        },
      },
      cancelled: { type: 'final', entry: assign({ outcome: 'cancelled' as const }) },
      done: { type: 'final' },
    },
    // Went back: the menu; read what they wanted: the next customer.
    output: ({ context }): FlowOutput =>
      context.outcome === 'cancelled' ? { next: 'menu' } : { next: 'attract' },
  });
}

export type QueryMachine = ReturnType<typeof createQueryMachine>;
