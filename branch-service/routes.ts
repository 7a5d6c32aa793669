/**
 * The service's endpoints and the one place that turns a failure into an answer: 404 and 405 by
 * the route table, an HttpError as its status, anything else as a logged 500. Every error body
 * is an ErrorResponse.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SYNC_API_VERSION, SYNC_PATHS } from '../src/contract/sync.js';
import type { ErrorResponse, HealthResponse } from '../src/contract/sync.js';
import { logEvent, type Logger } from '../src/log/index.js';
import type { KioskAuth } from './auth.js';
import type { SqlExecutor } from './db.js';
import { HttpError, sendJson } from './http.js';

export type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;
export type Routes = Readonly<Record<string, Readonly<Record<string, Handler>>>>;

/** GET /v1/health: liveness, the database, and (when sent) the kiosk's credentials. */
export function healthRoute(db: SqlExecutor, auth: KioskAuth, log: Logger): Handler {
  return async (req, res) => {
    // Anonymous probes (load balancers) are fine; credentials, when sent, must be right, so a
    // kiosk's self-test can check its token with this call.
    const kioskId = auth.sentCredentials(req) ? auth.authenticate(req) : undefined;
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
      ...(kioskId === undefined ? {} : { kioskId }),
    };
    sendJson(res, database === 'ok' ? 200 : 503, body);
  };
}

export function syncRoutes(
  handlers: { readonly health: Handler; readonly batches: Handler; readonly config: Handler },
  /** More endpoints (numbers, queue status, counter: ./number-routes.ts). */
  more: Routes = {},
): Routes {
  return {
    ...more,
    [SYNC_PATHS.health]: { GET: handlers.health },
    [SYNC_PATHS.batches]: { POST: handlers.batches },
    [SYNC_PATHS.config]: { GET: handlers.config },
  };
}

/** Finds the handler for a request and answers every failure as JSON. */
export function dispatcher(routes: Routes, log: Logger) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const path = new URL(req.url ?? '/', 'http://branch-service').pathname;
      const methods = Object.hasOwn(routes, path) ? routes[path] : undefined;
      if (methods === undefined) {
        throw new HttpError(
          404,
          'NOT_FOUND',
          `No such endpoint ${path}; this is API ${SYNC_API_VERSION}.`,
        );
      }
      const handler = Object.hasOwn(methods, req.method ?? '') ? methods[req.method!] : undefined;
      if (handler === undefined) {
        const allowed = Object.keys(methods).join(', ');
        throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${path} accepts ${allowed}.`, {
          allow: allowed,
        });
      }
      await handler(req, res);
    } catch (err) {
      if (!(err instanceof HttpError)) {
        logEvent(log, 'branchService.requestFailed', {
          method: req.method,
          path: req.url,
          reason: (err as Error)?.message ?? String(err),
          err,
        });
      }
      const failure =
        err instanceof HttpError
          ? err
          : new HttpError(
              500,
              'INTERNAL',
              'The branch service failed; the error is logged. Try again later.',
            );
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const body: ErrorResponse = { error: { code: failure.code, message: failure.message } };
      sendJson(res, failure.status, body, failure.headers);
      // Unread request data (e.g. after 401/413) is drained so the client sees this answer.
      req.resume();
    }
  };
}
