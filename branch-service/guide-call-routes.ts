/**
 * The guide-call feed's endpoints, as entries of the service's route table (./routes.ts):
 * schemas from src/contract/guide.ts, handlers in ./guide-calls.ts. A guide's desk
 * (`npm run guide-desk`) authenticates like a kiosk, with its own credential.
 */
import { z } from 'zod';
import { Uuid } from '../src/contract/fields.js';
import {
  GUIDE_CALL_PATHS,
  GuideCallActionSchema,
  GuideCallListSchema,
  GuideCallSchema,
} from '../src/contract/guide.js';
import { ErrorResponseSchema } from '../src/contract/sync.js';
import {
  acknowledgeGuideCall,
  closeGuideCall,
  getGuideCall,
  listGuideCalls,
} from './guide-calls.js';
import { defineRoute, named, type AnyRoute } from './route.js';

const ERROR_RESPONSE = named('ErrorResponse', ErrorResponseSchema);
const GUIDE_CALL = named('GuideCall', GuideCallSchema);
const CALL_PARAMS = z.object({ callId: Uuid });
const NOT_FOUND = {
  description: 'No such call (not delivered yet) (GUIDE_CALL_NOT_FOUND)',
  schema: ERROR_RESPONSE,
};

export const GUIDE_CALL_ROUTES: readonly AnyRoute[] = [
  defineRoute({
    method: 'GET',
    path: GUIDE_CALL_PATHS.calls,
    operationId: 'listGuideCalls',
    summary: "The lobby's guide calls not closed yet, oldest first",
    auth: 'kiosk',
    responses: {
      200: {
        description: 'Open and acknowledged calls',
        schema: named('GuideCallList', GuideCallListSchema),
      },
    },
    handler:
      ({ db }) =>
      async () => ({
        status: 200,
        body: await listGuideCalls(db),
        headers: { 'cache-control': 'no-store' },
      }),
  }),
  defineRoute({
    method: 'GET',
    path: GUIDE_CALL_PATHS.call,
    operationId: 'getGuideCall',
    summary: 'One guide call and whether a guide answered it',
    description: 'The kiosk that called polls it while the customer waits.',
    auth: 'kiosk',
    params: CALL_PARAMS,
    responses: { 200: { description: 'The call', schema: GUIDE_CALL }, 404: NOT_FOUND },
    handler:
      ({ db }) =>
      async ({ params }) => ({
        status: 200,
        body: await getGuideCall(db, params['callId']!),
        headers: { 'cache-control': 'no-store' },
      }),
  }),
  defineRoute({
    method: 'POST',
    path: GUIDE_CALL_PATHS.acknowledge,
    operationId: 'acknowledgeGuideCall',
    summary: 'A guide answers a call: on my way',
    description:
      'First guide wins; the same guide acknowledging again gets the same call (idempotent).',
    auth: 'kiosk',
    params: CALL_PARAMS,
    body: {
      schema: GuideCallActionSchema,
      documented: named('GuideCallAction', GuideCallActionSchema),
    },
    responses: {
      200: { description: 'The call, acknowledged', schema: GUIDE_CALL },
      404: NOT_FOUND,
      409: {
        description: 'Another guide answered it (GUIDE_CALL_TAKEN), or it is closed',
        schema: ERROR_RESPONSE,
      },
    },
    handler:
      ({ db }) =>
      async ({ params, body }) => ({
        status: 200,
        body: await acknowledgeGuideCall(db, params['callId']!, body.guideId),
      }),
  }),
  defineRoute({
    method: 'POST',
    path: GUIDE_CALL_PATHS.close,
    operationId: 'closeGuideCall',
    summary: 'A guide closes a call: the customer was helped',
    description: 'Idempotent: closing a closed call answers it unchanged.',
    auth: 'kiosk',
    params: CALL_PARAMS,
    body: {
      schema: GuideCallActionSchema,
      documented: named('GuideCallAction', GuideCallActionSchema),
    },
    responses: { 200: { description: 'The call, closed', schema: GUIDE_CALL }, 404: NOT_FOUND },
    handler:
      ({ db }) =>
      async ({ params, body }) => ({
        status: 200,
        body: await closeGuideCall(db, params['callId']!, body.guideId),
      }),
  }),
];
