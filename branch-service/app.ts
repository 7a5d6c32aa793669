/**
 * The route table (./routes.ts) served by Fastify. Each route gets JSON Schemas built from its
 * zod schemas (what Fastify and the OpenAPI document know of it); requests are checked by those
 * same zod schemas (a validator compiler), so the words of a 400 come from src/contract. Every
 * failure is answered as an ErrorResponse.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { check } from '../src/contract/problems.js';
import { SYNC_API_VERSION } from '../src/contract/sync.js';
import type { ErrorResponse } from '../src/contract/sync.js';
import { logEvent, type Logger } from '../src/log/index.js';
import { HttpError } from './http.js';
import type { AnyRoute, RouteContext, RouteReply } from './route.js';

export interface AppOptions {
  readonly routes: readonly AnyRoute[];
  readonly context: RouteContext;
  /** Largest accepted request body; bigger → 413. */
  readonly maxBodyBytes: number;
  readonly log: Logger;
}

export interface BranchApp {
  readonly app: FastifyInstance;
  /** Handlers still running (a client may have gone while its transaction runs). */
  readonly inFlight: ReadonlySet<Promise<unknown>>;
}

/** A standalone JSON Schema of what a zod schema accepts, for Fastify's route schema. */
function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}

const invalidJson = () => new HttpError(400, 'INVALID_JSON', 'The request body is not valid JSON.');

function sendError(request: FastifyRequest, reply: FastifyReply, failure: HttpError): void {
  const body: ErrorResponse = { error: { code: failure.code, message: failure.message } };
  void reply
    .code(failure.status)
    .headers(failure.headers)
    .header('content-type', 'application/json; charset=utf-8')
    .send(JSON.stringify(body));
  // Unread request data (after 401/413) is drained, so the client sees this answer, not a reset.
  request.raw.resume();
}

/** A pattern of the route table as a regular expression over request paths (for 405). */
const pathPattern = (path: string) =>
  new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:\w+/g, '[^/]+')}$`);

export function buildApp(options: AppOptions): BranchApp {
  const { routes, context, maxBodyBytes, log } = options;
  const app = Fastify({
    logger: false,
    bodyLimit: maxBodyBytes,
    requestTimeout: 30_000,
    // The table says which methods a path has; a HEAD is answered 405 like any other method.
    exposeHeadRoutes: false,
  });
  app.server.headersTimeout = 15_000;
  const inFlight = new Set<Promise<unknown>>();
  const kiosks = new WeakMap<FastifyRequest, string>();

  // Bodies are JSON whatever the Content-Type says (as kiosks have always sent them).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string) as unknown);
    } catch {
      done(invalidJson(), undefined);
    }
  });

  // Checks are the zod schemas themselves, found by route and part of the request.
  const checks = new Map<string, { schema: z.ZodType; code: string; subject: string }>();
  app.setValidatorCompiler(({ method, url, httpPart }) => {
    const found = checks.get(`${method} ${url} ${httpPart}`);
    if (found === undefined) throw new Error(`no check for ${method} ${url} ${httpPart}`);
    return (data: unknown) => {
      const checked = check(found.schema, data, found.subject);
      return checked.ok
        ? { value: checked.value }
        : { error: new HttpError(400, found.code, checked.problem) };
    };
  });
  // Handlers hand over JSON text; anything else is serialised plainly.
  app.setSerializerCompiler(() => (data: unknown) => JSON.stringify(data));

  app.setErrorHandler((err: Error & { code?: string; statusCode?: number }, request, reply) => {
    let failure: HttpError;
    if (err instanceof HttpError) failure = err;
    else if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      failure = new HttpError(
        413,
        'BODY_TOO_LARGE',
        `A request body may be at most ${maxBodyBytes} bytes: send smaller batches.`,
      );
    } else if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') failure = invalidJson();
    else if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      failure = new HttpError(err.statusCode, 'BAD_REQUEST', err.message);
    } else {
      logEvent(log, 'branchService.requestFailed', {
        method: request.method,
        path: request.url,
        reason: err.message ?? String(err),
        err,
      });
      failure = new HttpError(
        500,
        'INTERNAL',
        'The branch service failed; the error is logged. Try again later.',
      );
    }
    if (reply.sent) {
      request.raw.destroy();
      return;
    }
    sendError(request, reply, failure);
  });

  const patterns = routes.map((route) => ({ route, pattern: pathPattern(route.path) }));
  app.setNotFoundHandler((request, reply) => {
    const path = new URL(request.url, 'http://branch-service').pathname;
    const methods = patterns.filter((p) => p.pattern.test(path)).map((p) => p.route.method);
    if (methods.length === 0) {
      sendError(
        request,
        reply,
        new HttpError(
          404,
          'NOT_FOUND',
          `No such endpoint ${path}; this is API ${SYNC_API_VERSION}.`,
        ),
      );
      return;
    }
    const allowed = methods.join(', ');
    sendError(
      request,
      reply,
      new HttpError(405, 'METHOD_NOT_ALLOWED', `${path} accepts ${allowed}.`, { allow: allowed }),
    );
  });

  for (const route of routes) {
    const key = (part: string) => `${route.method} ${route.path} ${part}`;
    const schema: Record<string, unknown> = {
      operationId: route.operationId,
      summary: route.summary,
      response: Object.fromEntries(
        Object.entries(route.responses).flatMap(([status, spec]) =>
          spec.schema ? [[status, jsonSchema(spec.schema.schema)]] : [],
        ),
      ),
    };
    if (route.body) {
      schema.body = jsonSchema(route.body.schema);
      checks.set(key('body'), {
        schema: route.body.schema,
        code: route.body.invalidCode ?? 'INVALID_REQUEST',
        subject: 'the body',
      });
    }
    if (route.params) {
      schema.params = jsonSchema(route.params);
      checks.set(key('params'), {
        schema: route.params,
        code: 'INVALID_REQUEST',
        subject: 'the path',
      });
    }
    if (route.query) {
      schema.querystring = jsonSchema(route.query);
      checks.set(key('querystring'), {
        schema: route.query,
        code: 'INVALID_REQUEST',
        subject: 'the query',
      });
    }
    const handle = route.handler(context);
    app.route({
      method: route.method,
      url: route.path,
      schema,
      // Credentials before anything is read: a stranger's body is never parsed.
      onRequest: async (request) => {
        const headers = request.headers;
        if (route.auth === 'public') return;
        if (route.auth === 'kiosk' || context.auth.sentCredentials(headers)) {
          kiosks.set(request, await context.auth.authenticate(headers));
        }
      },
      preValidation: async (request) => {
        if (route.body && request.body === undefined) throw invalidJson();
      },
      handler: async (request, reply) => {
        const work = Promise.resolve(
          handle({
            kioskId: kiosks.get(request),
            body: request.body,
            params: request.params as Record<string, string>,
            query: request.query as Record<string, string | undefined>,
            headers: request.headers,
          }),
        );
        inFlight.add(work);
        let answer: RouteReply;
        try {
          answer = await work;
        } finally {
          inFlight.delete(work);
        }
        reply.code(answer.status);
        if (answer.headers) void reply.headers(answer.headers);
        if (answer.body === undefined) return reply.send();
        if (answer.contentType !== undefined) {
          return reply.header('content-type', answer.contentType).send(String(answer.body));
        }
        const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
        return reply.header('content-type', 'application/json; charset=utf-8').send(text);
      },
    });
  }
  return { app, inFlight };
}
