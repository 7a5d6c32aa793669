/**
 * The device simulator panel's HTTP routes, served by the browser shell under /simulator and
 * gated like the kiosk page (./bridge-access.ts): the shell listens on 127.0.0.1 only, every
 * request must name the shell's own Host (and, for an action, carry its own Origin), and only a
 * browser that opened the panel's one-time address holds the panel's session cookie (HttpOnly,
 * SameSite=Strict, scoped to /simulator). The panel's codes and sessions are its own: the kiosk
 * page's session does not open the panel, nor the panel's the bridge.
 *
 * - GET /simulator?code=<one-time code>: opens a session and redirects to /simulator (the code
 *   leaves the address bar and the history).
 * - GET /simulator: the page. GET /simulator/state: the state as JSON. GET /simulator/panel.js.
 * - POST /simulator/action: one action as JSON (SimulatorActionSchema); answers the new state,
 *   400 with the reason for a body that does not parse, 409 for a device that is not simulated.
 */
import type http from 'node:http';
import { LaunchCodes, requestProblem, sessionCookie } from '../bridge-access.js';
import { logEvent, type Logger } from '../../src/log/index.js';
import {
  SIMULATOR_ACTION_PATH,
  SIMULATOR_PATH,
  SIMULATOR_SCRIPT_PATH,
  SIMULATOR_STATE_PATH,
  SimulatorActionSchema,
} from './contract.js';
import { SIMULATOR_SCRIPT, simulatorPage } from './page.js';
import type { DeviceSimulatorPanel } from './panel.js';

export const SIMULATOR_COOKIE = 'kiosk_simulator';
const MAX_ACTION_BODY = 1024;

export interface SimulatorRoutesOptions {
  readonly panel: DeviceSimulatorPanel;
  readonly logger: Logger;
  /** The shell's port, once it listens (the Host and Origin checks need it). */
  readonly port: () => number;
  /** The shell's security headers, on every answer. */
  readonly headers: () => Record<string, string>;
  /** Logs a refusal through the shell's rate-limited refusal log. */
  readonly refuse: (reason: string, extra?: Record<string, unknown>) => void;
  readonly now: () => number;
  /** How long a one-time panel address may wait for its use. */
  readonly ttlMs: number;
}

export interface SimulatorRoutes {
  serve(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void;
  /** A fresh one-time address of the panel, relative to the shell's origin. */
  issuePath(ttlMs?: number): string;
}

export function isSimulatorPath(pathname: string): boolean {
  return pathname === SIMULATOR_PATH || pathname.startsWith(`${SIMULATOR_PATH}/`);
}

export function createSimulatorRoutes(options: SimulatorRoutesOptions): SimulatorRoutes {
  const codes = new LaunchCodes({
    ttlMs: options.ttlMs,
    now: options.now,
    cookieName: SIMULATOR_COOKIE,
    // A code used twice: the session it opened is forgotten (LaunchCodes), nothing else is open.
    onRevoke: () => {},
  });

  const answer = (
    res: http.ServerResponse,
    status: number,
    body: string,
    type: string,
    extra: Record<string, string> = {},
  ) => {
    res.writeHead(status, {
      ...options.headers(),
      ...extra,
      'Content-Type': type,
      'Content-Length': Buffer.byteLength(body),
    });
    res.end(body);
  };
  const json = (res: http.ServerResponse, status: number, value: unknown) =>
    answer(res, status, JSON.stringify(value), 'application/json');
  const text = (res: http.ServerResponse, status: number, sentence: string) =>
    answer(res, status, `${sentence}\n`, 'text/plain; charset=utf-8');

  const openSession = (res: http.ServerResponse, code: string) => {
    const result = codes.exchange(code);
    if (!result.ok) {
      options.refuse(`simulator code ${result.reason}`);
      text(
        res,
        403,
        'This device simulator address was already used or has expired: restart the kiosk (npm start) and open the new address in .kiosk-data/simulator-url.',
      );
      return;
    }
    logEvent(options.logger, 'simulator.sessionOpened', {});
    answer(res, 303, '', 'text/plain; charset=utf-8', {
      'Set-Cookie': sessionCookie(result.session, SIMULATOR_COOKIE, SIMULATOR_PATH),
      Location: SIMULATOR_PATH,
    });
  };

  const act = (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      invalid(res, 415, 'the body must be application/json');
      return;
    }
    let body = '';
    let tooLong = false;
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > MAX_ACTION_BODY && !tooLong) {
        tooLong = true;
        invalid(res, 413, `the body is longer than ${MAX_ACTION_BODY} characters`);
        req.destroy();
      }
    });
    req.on('end', () => {
      if (tooLong) return;
      let raw: unknown;
      try {
        raw = JSON.parse(body);
      } catch {
        invalid(res, 400, 'the body is not JSON');
        return;
      }
      const parsed = SimulatorActionSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        invalid(res, 400, `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
        return;
      }
      options.panel.act(parsed.data).then(
        (result) =>
          result.ok
            ? json(res, 200, { state: result.state })
            : json(res, 409, { error: result.error }),
        (error: unknown) =>
          invalid(res, 500, error instanceof Error ? error.message : String(error)),
      );
    });
  };

  const invalid = (res: http.ServerResponse, status: number, reason: string) => {
    logEvent(options.logger, 'simulator.requestInvalid', { reason, status });
    json(res, status, { error: `Refused: ${reason}. Nothing was changed.` });
  };

  return {
    issuePath: (ttlMs = options.ttlMs) => `${SIMULATOR_PATH}?code=${codes.issue(ttlMs)}`,
    serve(req, res, url) {
      const isAction = url.pathname === SIMULATOR_ACTION_PATH;
      const problem = requestProblem(req.headers, options.port(), isAction);
      if (problem) {
        options.refuse(problem, { path: url.pathname, host: req.headers.host });
        text(res, problem === 'foreign host' ? 421 : 403, 'Refused.');
        return;
      }
      const method = req.method ?? 'GET';
      if (isAction ? method !== 'POST' : method !== 'GET') {
        answer(res, 405, '', 'text/plain; charset=utf-8', { Allow: isAction ? 'POST' : 'GET' });
        return;
      }
      const code = url.searchParams.get('code');
      if (url.pathname === SIMULATOR_PATH && code !== null) {
        openSession(res, code);
        return;
      }
      if (codes.sessionKey(req.headers.cookie) === null) {
        options.refuse('no live simulator session', { path: url.pathname });
        text(
          res,
          403,
          'The device simulator opens only from its one-time address: see .kiosk-data/simulator-url (written by npm start).',
        );
        return;
      }
      switch (url.pathname) {
        case SIMULATOR_PATH:
          answer(res, 200, simulatorPage(options.panel.state()), 'text/html; charset=utf-8');
          return;
        case SIMULATOR_STATE_PATH:
          json(res, 200, options.panel.state());
          return;
        case SIMULATOR_SCRIPT_PATH:
          answer(res, 200, SIMULATOR_SCRIPT, 'text/javascript; charset=utf-8');
          return;
        case SIMULATOR_ACTION_PATH:
          act(req, res);
          return;
        default:
          text(res, 404, 'Not found.');
      }
    },
  };
}
