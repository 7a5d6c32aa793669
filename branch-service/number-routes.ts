/**
 * The node:http routes of numbers, leases, queue status and the counter: authenticate, read and
 * check the body with the contract's schema, call the framework-free handler (numbers.ts,
 * queue.ts, counter.ts), answer JSON. Only this file knows about node:http; a Fastify port
 * replaces it and keeps the handlers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { check } from '../src/contract/problems.js';
import {
  CounterCallRequestSchema,
  CounterTicketRequestSchema,
  NUMBER_PATHS,
  NumberLeaseRequestSchema,
  NumberRequestSchema,
} from '../src/contract/numbers.js';
import { CalendarDay } from '../src/contract/fields.js';
import type { KioskAuth } from './auth.js';
import { callNext, markNoShow, markServed, recall } from './counter.js';
import type { BranchDatabase } from './db.js';
import { HttpError, readJsonBody, sendJson, singleHeader } from './http.js';
import { allocateNumber, leaseNumbers, type NumberingOptions } from './numbers.js';
import { queueStatus } from './queue.js';
import type { Routes } from './routes.js';

/** Requests here are a few hundred bytes. */
const MAX_BODY_BYTES = 16 * 1024;

type JsonHandler<S extends z.ZodType> = (
  db: BranchDatabase,
  kioskId: string,
  body: z.output<S>,
) => Promise<unknown>;

function postRoute<S extends z.ZodType>(
  db: BranchDatabase,
  auth: KioskAuth,
  schema: S,
  handler: JsonHandler<S>,
) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const kioskId = auth.authenticate(req);
    const body = check(schema, await readJsonBody(req, MAX_BODY_BYTES), 'the body');
    if (!body.ok) throw new HttpError(400, 'INVALID_REQUEST', body.problem);
    sendJson(res, 200, await handler(db, kioskId, body.value));
  };
}

export function numberRoutes(
  db: BranchDatabase,
  auth: KioskAuth,
  options: NumberingOptions,
): Routes {
  const typeIds = options.businessTypes.map((t) => t.id);
  return {
    [NUMBER_PATHS.numbers]: {
      POST: postRoute(db, auth, NumberRequestSchema, (d, k, b) => allocateNumber(d, k, b, options)),
    },
    [NUMBER_PATHS.leases]: {
      POST: postRoute(db, auth, NumberLeaseRequestSchema, (d, k, b) =>
        leaseNumbers(d, k, b, options),
      ),
    },
    [NUMBER_PATHS.counterCallNext]: {
      POST: postRoute(db, auth, CounterCallRequestSchema, callNext),
    },
    [NUMBER_PATHS.counterRecall]: { POST: postRoute(db, auth, CounterTicketRequestSchema, recall) },
    [NUMBER_PATHS.counterServed]: {
      POST: postRoute(db, auth, CounterTicketRequestSchema, markServed),
    },
    [NUMBER_PATHS.counterNoShow]: {
      POST: postRoute(db, auth, CounterTicketRequestSchema, markNoShow),
    },
    [NUMBER_PATHS.queueStatus]: {
      GET: async (req, res) => {
        const kioskId = auth.authenticate(req);
        const url = new URL(req.url ?? '/', 'http://branch-service');
        const day = check(
          CalendarDay,
          url.searchParams.get('serviceDay') ?? undefined,
          'serviceDay',
        );
        if (!day.ok) throw new HttpError(400, 'INVALID_REQUEST', day.problem);
        const { status, etag } = await queueStatus(db, kioskId, { serviceDay: day.value }, typeIds);
        const headers = { etag, 'cache-control': 'no-cache' };
        const known = (singleHeader(req, 'if-none-match') ?? '').split(',').map((t) => t.trim());
        if (known.includes(etag)) {
          res.writeHead(304, headers).end();
          return;
        }
        sendJson(res, 200, status, headers);
      },
    },
  };
}
