/**
 * The branch service's endpoints, one entry each: what they accept and answer (schemas from
 * src/contract), who may call them, and their handler. ./app.ts serves this table with Fastify
 * and ./openapi.ts documents it (branch-service/openapi.json, GET /v1/openapi.json).
 *
 * Adding an endpoint: write a framework-free handler in its own file (a function of the
 * RouteContext returning `(request) => RouteReply`), then add one `defineRoute({...})` here.
 */
import {
  BatchEnvelopeSchema,
  BatchRequestSchema,
  BatchResponseSchema,
  BranchConfigSchema,
  ErrorResponseSchema,
  HealthResponseSchema,
  SYNC_API_VERSION,
  SYNC_PATHS,
} from '../src/contract/sync.js';
import type { HealthResponse } from '../src/contract/sync.js';
import {
  FeedbackReportQuerySchema,
  FeedbackReportSchema,
} from '../src/contract/feedback-report.js';
import {
  APPOINTMENT_PATHS,
  AppointmentCheckInRequestSchema,
  AppointmentRequestSchema,
  AppointmentSchema,
} from '../src/contract/appointments.js';
import { logEvent } from '../src/log/index.js';
import { checkInAppointment, createAppointment } from './appointments.js';
import { batchHandler } from './batches.js';
import { configHandler } from './config-route.js';
import { CUSTOMER_ROUTES } from './customer-routes.js';
import { feedbackReport } from './feedback.js';
import { GUIDE_CALL_ROUTES } from './guide-call-routes.js';
import { FOLLOW_ROUTES } from './follow-routes.js';
import { NUMBER_ROUTES } from './number-routes.js';
import { openApiDocument } from './openapi.js';
import { TICKET_LOOKUP_ROUTES } from './ticket-lookup-routes.js';
import { defineRoute, named, type AnyRoute, type RouteContext } from './route.js';

/** Where the service publishes its own OpenAPI document. */
export const OPENAPI_PATH = '/v1/openapi.json';

/** Where a branch reads its customers' satisfaction (./feedback.ts). */
export const FEEDBACK_REPORT_PATH = '/v1/reports/feedback';

export const ERROR_RESPONSE = named('ErrorResponse', ErrorResponseSchema);

/** GET /v1/health: liveness, the database, refusals, and (when sent) the kiosk's credentials. */
function healthHandler({ db, auth, log }: RouteContext) {
  return async (request: { readonly kioskId: string | undefined }) => {
    let database: HealthResponse['database'] = 'ok';
    try {
      await db.query('SELECT 1');
    } catch (err) {
      database = 'unavailable';
      logEvent(log, 'branchService.databaseUnavailable', { reason: (err as Error).message });
    }
    const body: HealthResponse = {
      status: database === 'ok' ? 'ok' : 'degraded',
      apiVersion: SYNC_API_VERSION,
      time: new Date().toISOString(),
      database,
      ...(request.kioskId === undefined ? {} : { kioskId: request.kioskId }),
      refusedRequests: auth.refusals(),
    };
    return { status: database === 'ok' ? 200 : 503, body };
  };
}

/** Every endpoint of the service, in the order the document lists them. */
export const SERVICE_ROUTES: readonly AnyRoute[] = [
  defineRoute({
    method: 'GET',
    path: SYNC_PATHS.health,
    operationId: 'getHealth',
    summary: 'Liveness, database reachability and refused requests',
    description:
      'Answered without credentials (load balancers); when credentials are sent they must be ' +
      "valid, so a kiosk's self-test can check its token with this call.",
    auth: 'optional',
    responses: {
      200: { description: 'Up', schema: named('HealthResponse', HealthResponseSchema) },
      503: {
        description: 'Up, but the database is not',
        schema: named('HealthResponse', HealthResponseSchema),
      },
    },
    handler: healthHandler,
  }),
  defineRoute({
    method: 'POST',
    path: SYNC_PATHS.batches,
    operationId: 'postBatch',
    summary: "Store a batch of a kiosk's outbox items",
    description:
      'One transaction per batch, idempotent by item id. Each item is checked on its own: an ' +
      'invalid item, or one the database cannot store, is rejected with a reason while the ' +
      'others are stored. `accepted` lists every id the service now holds.',
    auth: 'kiosk',
    body: {
      schema: BatchEnvelopeSchema,
      invalidCode: 'INVALID_BATCH',
      documented: named('BatchRequest', BatchRequestSchema),
    },
    responses: {
      200: {
        description: 'Held and rejected ids',
        schema: named('BatchResponse', BatchResponseSchema),
      },
      403: {
        description: 'The batch names another kiosk than the credentials',
        schema: ERROR_RESPONSE,
      },
      413: { description: 'The body is larger than the service accepts', schema: ERROR_RESPONSE },
    },
    handler: batchHandler,
  }),
  defineRoute({
    method: 'GET',
    path: SYNC_PATHS.config,
    operationId: 'getConfig',
    summary: 'The branch configuration',
    description: 'With an ETag; `If-None-Match` with the current tag answers 304.',
    auth: 'kiosk',
    responses: {
      200: {
        description: 'The configuration',
        schema: named('BranchConfig', BranchConfigSchema),
        headers: { etag: 'Tag of this configuration, for If-None-Match' },
      },
      304: { description: 'Unchanged since the tag sent in If-None-Match' },
    },
    handler: configHandler,
  }),
  defineRoute({
    method: 'GET',
    path: OPENAPI_PATH,
    operationId: 'getOpenApi',
    summary: 'This OpenAPI document',
    auth: 'optional',
    responses: { 200: { description: 'OpenAPI 3.1 document' } },
    handler: () => {
      const body = JSON.stringify(openApiDocument(SERVICE_ROUTES));
      return () => ({ status: 200, body });
    },
  }),
  defineRoute({
    method: 'GET',
    path: FEEDBACK_REPORT_PATH,
    operationId: 'getFeedbackReport',
    summary: 'Average satisfaction rating and comment count per business type',
    description: 'Over branch-local days `from`..`to`, both included, either open.',
    auth: 'kiosk',
    query: FeedbackReportQuerySchema,
    responses: {
      200: {
        description: 'One row per business type',
        schema: named('FeedbackReport', FeedbackReportSchema),
      },
    },
    handler:
      ({ db }) =>
      async ({ query }) => ({ status: 200, body: await feedbackReport(db, query) }),
  }),
  ...NUMBER_ROUTES,
  defineRoute({
    method: 'POST',
    path: APPOINTMENT_PATHS.appointments,
    operationId: 'createAppointment',
    summary: 'Book an appointment (demos and tests)',
    description:
      'Idempotent by code: the same code with the same details answers the appointment held.',
    auth: 'kiosk',
    body: {
      schema: AppointmentRequestSchema,
      documented: named('AppointmentRequest', AppointmentRequestSchema),
    },
    responses: {
      200: { description: 'The appointment', schema: named('Appointment', AppointmentSchema) },
      409: { description: 'The code names another appointment', schema: ERROR_RESPONSE },
      422: { description: 'No such business type here', schema: ERROR_RESPONSE },
    },
    handler:
      ({ db, branchConfig }) =>
      async ({ body }) => ({
        status: 200,
        body: await createAppointment(db, body, branchConfig.current().config.businessTypes),
      }),
  }),
  defineRoute({
    method: 'POST',
    path: APPOINTMENT_PATHS.checkIn,
    operationId: 'checkInAppointment',
    summary: "Check in the day's appointment by its code or the customer's ID-card key",
    description: 'Idempotent: checking in again answers the same appointment, still checked in.',
    auth: 'kiosk',
    body: {
      schema: AppointmentCheckInRequestSchema,
      documented: named('AppointmentCheckInRequest', AppointmentCheckInRequestSchema),
    },
    responses: {
      200: {
        description: 'The appointment, checked in',
        schema: named('Appointment', AppointmentSchema),
      },
      404: {
        description: 'No appointment that day (NO_APPOINTMENT_TODAY)',
        schema: ERROR_RESPONSE,
      },
    },
    handler:
      ({ db }) =>
      async ({ body }) => ({ status: 200, body: await checkInAppointment(db, body) }),
  }),
  ...CUSTOMER_ROUTES,
  ...GUIDE_CALL_ROUTES,
  ...FOLLOW_ROUTES,
  ...TICKET_LOOKUP_ROUTES,
];
