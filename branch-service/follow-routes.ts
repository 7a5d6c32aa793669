/**
 * The "follow my ticket" endpoints (issue 8, scan-to-follow) as entries of the service's route
 * table (./routes.ts): the page a ticket's QR code opens, and its JSON variant the page refreshes
 * from. Both public: the link's follow token is the capability (src/follow-link.ts).
 */
import { z } from 'zod';
import {
  FOLLOW_PATHS,
  FollowPageParamsSchema,
  FollowPageQuerySchema,
  FollowStatusQuerySchema,
  FollowStatusSchema,
} from '../src/contract/follow.js';
import { Uuid } from '../src/contract/fields.js';
import { ErrorResponseSchema } from '../src/contract/sync.js';
import { NotFollowable, followStatus } from './follow.js';
import {
  FOLLOW_PAGE_HEADERS,
  followMissingPage,
  followPage,
  followPageLanguage,
} from './follow-page.js';
import { defineRoute, named, type AnyRoute } from './route.js';

const ERROR_RESPONSE = named('ErrorResponse', ErrorResponseSchema);
const NOT_FOUND = {
  description:
    'No ticket matches the id and token (TICKET_NOT_FOUND), or the ticket is of another day ' +
    '(TICKET_NOT_TODAY)',
};

export const FOLLOW_ROUTES: readonly AnyRoute[] = [
  defineRoute({
    method: 'GET',
    path: FOLLOW_PATHS.page,
    operationId: 'getFollowPage',
    summary: "A customer's page to follow their ticket (the ticket's QR code opens it)",
    description:
      'Public, read-only, for phones: the number, business type, state (waiting with people ' +
      'ahead and the estimated wait, called with the counter, served, no-show, voided) and the ' +
      '"as of" time, in zh-CN or English (`lang`, else Accept-Language), refreshing itself. ' +
      'Without a kiosk credential: `k` is the follow token the QR code carries. One indexed ' +
      'query per request; a strict Content-Security-Policy; never cached.',
    auth: 'public',
    params: FollowPageParamsSchema,
    query: FollowPageQuerySchema,
    responses: {
      200: { description: 'The page', mediaType: 'text/html' },
      404: { ...NOT_FOUND, mediaType: 'text/html' },
    },
    handler:
      ({ db, branchConfig }) =>
      async ({ params, query, headers }) => {
        const { config } = branchConfig.current();
        const ticketId = params.ticketId!;
        const input = {
          language: followPageLanguage(query.lang, headers),
          branch: config.branch,
          businessTypes: config.businessTypes,
          ...(config.counters === undefined ? {} : { counters: config.counters }),
          link: {
            ticketId,
            ...(query.k === undefined ? {} : { k: query.k }),
            ...(query.n === undefined ? {} : { n: query.n }),
          },
        };
        try {
          const status = await followStatus(db, ticketId, query.k ?? '');
          return {
            status: 200,
            headers: FOLLOW_PAGE_HEADERS,
            contentType: FOLLOW_PAGE_HEADERS['content-type'],
            body: followPage(input, status),
          };
        } catch (error) {
          if (!(error instanceof NotFollowable)) throw error;
          return {
            status: 404,
            headers: FOLLOW_PAGE_HEADERS,
            contentType: FOLLOW_PAGE_HEADERS['content-type'],
            body: followMissingPage(input, { otherDay: error.otherDay }),
          };
        }
      },
  }),
  defineRoute({
    method: 'GET',
    path: FOLLOW_PATHS.status,
    operationId: 'getFollowStatus',
    summary: 'The state of one ticket for its customer (the follow page refreshes from it)',
    description:
      "Public, read-only: `k` is the follow token the ticket's QR code carries. One indexed " +
      'query per request; never cached.',
    auth: 'public',
    params: z.object({ ticketId: Uuid }),
    query: FollowStatusQuerySchema,
    responses: {
      200: {
        description: 'The ticket as the queue has it now',
        schema: named('FollowStatus', FollowStatusSchema),
      },
      404: { ...NOT_FOUND, schema: ERROR_RESPONSE },
    },
    handler:
      ({ db }) =>
      async ({ params, query }) => ({
        status: 200,
        headers: { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
        body: await followStatus(db, params.ticketId!, query.k!),
      }),
  }),
];
