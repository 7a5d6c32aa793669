/**
 * The self-service query flow: choose a query → its answer (from the kiosk's own copy of the
 * branch configuration, so it works offline, with the copy's age) → back to the choice, or done.
 *
 * The machine only knows the menu entries (ids and labels); the answer comes from the named actor
 * `answerQuery`, which the composition root provides from the registered providers. Pure.
 *
 * A ticket's QR code held to the lobby scanner (from the query menu, the number keypad or an
 * answer) is read by the named actor `readScannedTicket`: a ticket of this branch is answered
 * like a typed number by the query that asks for one ("my ticket"); anything else leaves the
 * customer on that query's keypad with the reason, their typing kept. A code held to the scanner
 * on the attract screen or the home menu starts this flow with the scanned text (the session's
 * `START_FLOW` with `scan`, passed on as `params`, ../flow.ts ScannedStart): it is read at once,
 * as if scanned on the query menu.
 */
import { MAX_QUEUE_NUMBER_LENGTH, QUEUE_NUMBER_PATTERN } from '../../src/contract/numbers.js';
import { assign, fromPromise, setup } from 'xstate';
import type { Prompt } from '../../src/bridge/contract.js';
import type { Language } from '../../src/domain/business-type.js';
import { scannedAtStart, type FlowInput, type FlowOutput } from '../flow.js';
import type { QueryEntry, QueryResult } from './provider.js';

export type QueryFlowInput = FlowInput<unknown>;

export interface QueryFlowContext {
  readonly entries: readonly QueryEntry[];
  readonly language: Language;
  readonly query: QueryEntry | null;
  /** What the customer typed for a query that asks (a ticket number), upper case. */
  readonly input: string;
  /** The scanned text being read: only while `reading` (or about to, when started by a scan). */
  readonly scan: string | null;
  /** Ticket prefixes of the branch's business types: the keypad's letter keys. */
  readonly prefixes: readonly string[];
  readonly result: QueryResult | null;
  readonly notice: Prompt | null;
  /** For the technician log; never shown to the customer. */
  readonly failure: string | null;
  readonly outcome: 'cancelled' | 'done';
}

/** What the host read of a scanned code (src/domain/ticket-scan.ts, the feature's actor). */
export type ScanReading =
  { readonly status: 'ticket'; readonly number: string } | { readonly status: 'refused' };

export type QueryFlowEvent =
  | { type: 'CHOOSE_QUERY'; queryId: string }
  | { type: 'TYPE_QUERY_INPUT'; text: string }
  | { type: 'ERASE_QUERY_INPUT' }
  | { type: 'SUBMIT_QUERY_INPUT' }
  | { type: 'SCAN_QUERY_INPUT'; text: string }
  | { type: 'BACK' }
  | { type: 'FINISH' }
  | { type: 'SET_LANGUAGE'; language: Language };

// A ticket number as printed (A0023): one source with the numbers the branch hands out.
const TICKET_NUMBER = QUEUE_NUMBER_PATTERN;
const MAX_TICKET_NUMBER_LENGTH = MAX_QUEUE_NUMBER_LENGTH;

function notProvided(name: string): never {
  throw new Error(`query machine: actor "${name}" was not provided by the composition root`);
}

/** The query machine over these menu entries (the registered providers, in menu order). */
export function createQueryMachine(entries: readonly QueryEntry[]) {
  // The query a scanned ticket answers: the first that asks for a ticket number, if any.
  const ticketQuery = entries.find((e) => e.asks === 'ticketNumber') ?? null;
  return setup({
    types: {
      context: {} as QueryFlowContext,
      events: {} as QueryFlowEvent,
      input: {} as QueryFlowInput,
      output: {} as FlowOutput,
    },
    actors: {
      /** The answer of one query, from the kiosk's copies (the providers). */
      answerQuery: fromPromise<QueryResult, { queryId: string; input: string | null }>(async () =>
        notProvided('answerQuery'),
      ),
      /** What a scanned code is: a ticket number of this branch, or not a ticket of it. */
      readScannedTicket: fromPromise<ScanReading, { text: string }>(async () =>
        notProvided('readScannedTicket'),
      ),
    },
    actions: {
      /** A ticket held to the scanner on the menu or an answer: read it, nothing of before kept. */
      readScanAfresh: assign({
        query: ticketQuery,
        input: '',
        notice: null,
        result: null,
        failure: null,
        scan: ({ event }) => (event.type === 'SCAN_QUERY_INPUT' ? event.text : null),
      }),
      /** Where the technician hears what customers read; the composition root provides it. */
      reportAnswer: () => {},
      reportFailure: () => {},
    },
    guards: {
      isKnownQuery: ({ event }) =>
        event.type === 'CHOOSE_QUERY' && entries.some((e) => e.id === event.queryId),
      asksInput: ({ event }) =>
        event.type === 'CHOOSE_QUERY' &&
        entries.some((e) => e.id === event.queryId && e.asks !== undefined),
      typable: ({ context, event }) =>
        event.type === 'TYPE_QUERY_INPUT' &&
        /^[A-Z0-9]$/.test(event.text) &&
        context.input.length < MAX_TICKET_NUMBER_LENGTH,
      inputComplete: ({ context }) => TICKET_NUMBER.test(context.input),
      scansTickets: () => ticketQuery !== null,
      startedByScan: ({ context }) => context.scan !== null,
      scannedTicket: ({ event }) =>
        'output' in event &&
        (event.output as ScanReading).status === 'ticket' &&
        TICKET_NUMBER.test((event.output as { number: string }).number),
    },
  }).createMachine({
    id: 'query',
    context: ({ input }) => ({
      entries,
      language: input.language,
      query: null,
      input: '',
      // Started by a scan on the attract screen or the menu (only read if a query takes tickets).
      scan: ticketQuery ? scannedAtStart(input.params) : null,
      prefixes: input.branch?.businessTypes.map((t) => t.prefix) ?? [],
      result: null,
      notice: null,
      failure: null,
      outcome: 'done',
    }),
    on: { SET_LANGUAGE: { actions: assign({ language: ({ event }) => event.language }) } },
    initial: 'choosing',
    states: {
      choosing: {
        // Started by a scan: read it straight away, as a scan on this menu would be.
        always: {
          guard: 'startedByScan',
          target: 'reading',
          actions: assign({ query: ticketQuery, input: '', notice: null }),
        },
        on: {
          CHOOSE_QUERY: [
            {
              guard: 'asksInput',
              target: 'entering',
              actions: assign({
                query: ({ context, event }) =>
                  context.entries.find((e) => e.id === event.queryId) ?? null,
                input: '',
                notice: null,
              }),
            },
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
          SCAN_QUERY_INPUT: { guard: 'scansTickets', target: 'reading', actions: 'readScanAfresh' },
          BACK: 'cancelled',
          FINISH: 'done',
        },
      },
      // A query that asks first: the ticket number on the kiosk's keypad.
      entering: {
        on: {
          TYPE_QUERY_INPUT: {
            guard: 'typable',
            actions: assign({
              input: ({ context, event }) => context.input + event.text,
              notice: null,
            }),
          },
          ERASE_QUERY_INPUT: {
            actions: assign({ input: ({ context }) => context.input.slice(0, -1), notice: null }),
          },
          SUBMIT_QUERY_INPUT: { guard: 'inputComplete', target: 'answering' },
          // Scanned on this query's keypad (or on another asking query's: the ticket query
          // answers it); the typing stays for when the code is refused.
          SCAN_QUERY_INPUT: {
            guard: 'scansTickets',
            target: 'reading',
            actions: assign({ query: ticketQuery, notice: null, scan: ({ event }) => event.text }),
          },
          BACK: { target: 'choosing', actions: assign({ query: null, input: '' }) },
        },
      },
      // The host reads the scanned code (a moment: no I/O beyond the kiosk's own store).
      reading: {
        // The text (which may carry a follow token) is kept no longer than it is read.
        exit: assign({ scan: null }),
        invoke: {
          id: 'readScannedTicket',
          src: 'readScannedTicket',
          input: ({ context }) => ({ text: context.scan ?? '' }),
          onDone: [
            {
              guard: 'scannedTicket',
              target: 'answering',
              actions: assign({
                input: ({ event }) => (event.output as { number: string }).number,
                notice: null,
              }),
            },
            // Not a ticket of this branch: the keypad, with the reason.
            { target: 'entering', actions: assign({ notice: { key: 'notice.scanNotATicket' } }) },
          ],
          // A reader that throws is a bug: the customer still has the keypad, and a reason.
          onError: {
            target: 'entering',
            actions: [
              assign({
                notice: { key: 'notice.scanNotATicket' },
                failure: ({ event }) => String(event.error),
              }),
              'reportFailure',
            ],
          },
        },
        on: { BACK: { target: 'choosing', actions: assign({ query: null, input: '' }) } },
      },
      answering: {
        invoke: {
          id: 'answerQuery',
          src: 'answerQuery',
          input: ({ context }) => ({
            queryId: context.query!.id,
            input: context.query!.asks ? context.input : null,
          }),
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
        on: { BACK: { target: 'choosing', actions: assign({ query: null, input: '' }) } },
      },
      showing: {
        on: {
          BACK: {
            target: 'choosing',
            actions: assign({ query: null, input: '', result: null, failure: null }),
          },
          // The next ticket held to the scanner while an answer shows: its answer instead.
          SCAN_QUERY_INPUT: { guard: 'scansTickets', target: 'reading', actions: 'readScanAfresh' },
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
