/**
 * The kiosk's "my ticket" lookup (./ticket-lookup.ts) as an entry of the service's route table
 * (./routes.ts): kiosk credentials, like every kiosk route.
 */
import { ErrorResponseSchema } from '../src/contract/sync.js';
import {
  TICKET_LOOKUP_PATHS,
  TicketLookupParamsSchema,
  TicketLookupSchema,
} from '../src/contract/ticket-lookup.js';
import { defineRoute, named, type AnyRoute } from './route.js';
import { lookupTicketByNumber } from './ticket-lookup.js';

export const TICKET_LOOKUP_ROUTES: readonly AnyRoute[] = [
  defineRoute({
    method: 'GET',
    path: TICKET_LOOKUP_PATHS.byNumber,
    operationId: 'getTicketByNumber',
    summary: 'Today\'s ticket of this branch by its printed number (a kiosk\'s "my ticket")',
    description:
      'Any kiosk of the branch may ask for any ticket of today, whichever kiosk or counter took ' +
      'it: its state; while it waits, the tickets the counters call before it (the call order, ' +
      'as the follow page counts) and the wait as the queue status estimates it; once called, ' +
      'when and at which counter. One indexed query; never cached.',
    auth: 'kiosk',
    params: TicketLookupParamsSchema,
    responses: {
      200: {
        description: 'The ticket as the queue has it now',
        schema: named('TicketLookup', TicketLookupSchema),
      },
      404: {
        description: 'No ticket of today at this branch has the number (TICKET_NOT_FOUND)',
        schema: named('ErrorResponse', ErrorResponseSchema),
      },
    },
    handler:
      ({ db, branchConfig }) =>
      async ({ params }) => ({
        status: 200,
        headers: { 'cache-control': 'no-store' },
        body: await lookupTicketByNumber(
          db,
          branchConfig.current().config.businessTypes,
          params.number!,
        ),
      }),
  }),
];
