/**
 * The endpoints of branch numbers, offline leases, queue status and the demo counter, as entries
 * of the service's route table (./routes.ts): schemas from src/contract/numbers.ts, handlers in
 * ./numbers.ts, ./queue.ts and ./counter.ts (framework-free; they throw HttpError for 409/422).
 */
import { z } from 'zod';
import { CalendarDay } from '../src/contract/fields.js';
import {
  CounterCallAnswerSchema,
  CounterCallRequestSchema,
  CounterTicketRequestSchema,
  CounterTicketSchema,
  NUMBER_PATHS,
  NumberAnswerSchema,
  NumberLeaseAnswerSchema,
  NumberLeaseRequestSchema,
  NumberRequestSchema,
  QueueStatusSchema,
} from '../src/contract/numbers.js';
import { ErrorResponseSchema } from '../src/contract/sync.js';
import { callNext, markNoShow, markServed, recall } from './counter.js';
import { singleHeader } from './http.js';
import { allocateNumber, leaseNumbers } from './numbers.js';
import { queueStatus } from './queue.js';
import { evaluateReminders } from './reminders.js';
import { defineRoute, named, type AnyRoute } from './route.js';

const ERROR_RESPONSE = named('ErrorResponse', ErrorResponseSchema);
const CONFLICT = {
  description: 'The numbers of that queue are used up today, or the id belongs to another kiosk',
  schema: ERROR_RESPONSE,
};
const UNKNOWN_QUEUE = { description: 'No such business type here', schema: ERROR_RESPONSE };

/** A counter action on one ticket (recall, served, no-show): the same shape, another handler. */
function counterTicketRoute(
  path: string,
  operationId: string,
  summary: string,
  action: typeof recall,
  /** The queue moved (served, no-show): SMS reminders whose turn is near go out. */
  movesQueue = false,
): AnyRoute {
  return defineRoute({
    method: 'POST',
    path,
    operationId,
    summary,
    auth: 'kiosk',
    body: {
      schema: CounterTicketRequestSchema,
      documented: named('CounterTicketRequest', CounterTicketRequestSchema),
    },
    responses: {
      200: {
        description: 'The ticket as the queue now has it',
        schema: named('CounterTicket', CounterTicketSchema),
      },
      409: { description: 'The ticket is not in a state that allows this', schema: ERROR_RESPONSE },
    },
    handler:
      ({ db, reminders, log }) =>
      async ({ kioskId, body }) => {
        const ticket = await action(db, kioskId, body);
        if (movesQueue) await evaluateReminders(reminders, log);
        return { status: 200, body: ticket };
      },
  });
}

export const NUMBER_ROUTES: readonly AnyRoute[] = [
  defineRoute({
    method: 'POST',
    path: NUMBER_PATHS.numbers,
    operationId: 'allocateNumber',
    summary: "The next number of a queue's sequence for today, for one ticket",
    description:
      'One sequence per business type and service day, shared by every kiosk and counter of the ' +
      'branch. Idempotent by ticketId: a retried request gets the same number.',
    auth: 'kiosk',
    body: {
      schema: NumberRequestSchema,
      documented: named('NumberRequest', NumberRequestSchema),
    },
    responses: {
      200: { description: 'The number', schema: named('NumberAnswer', NumberAnswerSchema) },
      409: CONFLICT,
      422: UNKNOWN_QUEUE,
    },
    handler:
      ({ db, branchConfig }) =>
      async ({ kioskId, body }) => ({
        status: 200,
        body: await allocateNumber(db, kioskId, body, {
          businessTypes: branchConfig.current().config.businessTypes,
        }),
      }),
  }),
  defineRoute({
    method: 'POST',
    path: NUMBER_PATHS.leases,
    operationId: 'leaseNumbers',
    summary: 'A block of numbers a kiosk issues from while the service is unreachable',
    description:
      "Taken from the top of the day's range under the same lock as online numbers, so blocks " +
      'are disjoint across kiosks and never meet an online number. Idempotent by requestId.',
    auth: 'kiosk',
    body: {
      schema: NumberLeaseRequestSchema,
      documented: named('NumberLeaseRequest', NumberLeaseRequestSchema),
    },
    responses: {
      200: {
        description: 'The block',
        schema: named('NumberLeaseAnswer', NumberLeaseAnswerSchema),
      },
      409: CONFLICT,
      422: UNKNOWN_QUEUE,
    },
    handler:
      ({ db, branchConfig }) =>
      async ({ kioskId, body }) => ({
        status: 200,
        body: await leaseNumbers(db, kioskId, body, {
          businessTypes: branchConfig.current().config.businessTypes,
        }),
      }),
  }),
  defineRoute({
    method: 'GET',
    path: NUMBER_PATHS.queueStatus,
    operationId: 'getQueueStatus',
    summary: 'Waiting and called tickets per business type, with estimated waits',
    description: 'With an ETag; `If-None-Match` with the current tag answers 304.',
    auth: 'kiosk',
    query: z.object({ serviceDay: CalendarDay }),
    responses: {
      200: {
        description: 'The queues of that day',
        schema: named('QueueStatus', QueueStatusSchema),
        headers: { etag: 'Tag of this status, for If-None-Match' },
      },
      304: { description: 'Unchanged since the tag sent in If-None-Match' },
    },
    handler:
      ({ db, branchConfig }) =>
      async ({ kioskId, query, headers }) => {
        const { status, etag } = await queueStatus(
          db,
          kioskId,
          { serviceDay: query.serviceDay! },
          branchConfig.current().config.businessTypes.map((t) => t.id),
        );
        const replyHeaders = { etag, 'cache-control': 'no-cache' };
        const known = (singleHeader(headers, 'if-none-match') ?? '')
          .split(',')
          .map((t) => t.trim());
        if (known.includes(etag)) return { status: 304, headers: replyHeaders };
        return { status: 200, body: status, headers: replyHeaders };
      },
  }),
  defineRoute({
    method: 'POST',
    path: NUMBER_PATHS.counterCallNext,
    operationId: 'counterCallNext',
    summary: 'A counter calls the next waiting ticket of its business types',
    description: "The counter's current customer, if any, is marked served first.",
    auth: 'kiosk',
    body: {
      schema: CounterCallRequestSchema,
      documented: named('CounterCallRequest', CounterCallRequestSchema),
    },
    responses: {
      200: {
        description: 'The called ticket, or none waiting',
        schema: named('CounterCallAnswer', CounterCallAnswerSchema),
      },
    },
    handler:
      ({ db, reminders, log }) =>
      async ({ kioskId, body }) => {
        const answer = await callNext(db, kioskId, body);
        // The queue moved: SMS reminders whose turn is near go out (./reminders.ts).
        await evaluateReminders(reminders, log);
        return { status: 200, body: answer };
      },
  }),
  counterTicketRoute(
    NUMBER_PATHS.counterRecall,
    'counterRecall',
    'Call a called ticket again',
    recall,
  ),
  counterTicketRoute(
    NUMBER_PATHS.counterServed,
    'counterServed',
    'Mark a called ticket served',
    markServed,
    true,
  ),
  counterTicketRoute(
    NUMBER_PATHS.counterNoShow,
    'counterNoShow',
    'Mark a called ticket as a no-show',
    markNoShow,
    true,
  ),
];
