/**
 * The browser shell host: serves the built renderer and the bridge over a WebSocket, on
 * 127.0.0.1 only. This is how the kiosk runs where the Electron binary is absent, and how the
 * end-to-end tests drive it.
 *
 * Who gets onto the bridge is decided in ./bridge-access.ts: a one-time launch code in the
 * address's fragment, exchanged by the renderer for an HttpOnly, SameSite=Strict session cookie
 * that the WebSocket upgrade presents, with the kiosk's own Origin and Host. Every response,
 * refusals and 404s included, carries the security headers.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import net, { type AddressInfo, type Socket } from 'node:net';
import path from 'node:path';
import { pino } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import { parseRendererMessage, type HostMessage } from '../src/bridge/contract.js';
import type { HostBridge } from '../src/bridge/host.js';
import { parseVoicePath, VOICE_AVAILABLE_PATH, VOICE_PATH_PREFIX } from '../src/bridge/voice.js';
import { logEvent, type Logger } from '../src/log/index.js';
import {
  LaunchCodes,
  RefusalLog,
  requestProblem,
  sessionCookie,
  type RefusalLogOptions,
} from './bridge-access.js';
import { CONTENT_TYPES, securityHeaders, STATUS_TEXT } from './shell-headers.js';
import type { VoicePrompts } from './voice-prompts.js';
import { createSimulatorRoutes, isSimulatorPath } from './device-simulator/http.js';
import type { DeviceSimulatorPanel } from './device-simulator/panel.js';

export interface BrowserShellOptions {
  readonly bridge: HostBridge;
  /** The built renderer (dist/renderer). */
  readonly staticDir: string;
  readonly port: number;
  /** The process logger; without one (a test that does not look) nothing is logged. */
  readonly logger?: Logger;
  /**
   * How long a launch code may wait for its one use; default 30 s. A code that comes later
   * lengthens it for the next codes (twice what that one needed), up to maxLaunchCodeTtlMs.
   */
  readonly launchCodeTtlMs?: number;
  /** Default 5 min. */
  readonly maxLaunchCodeTtlMs?: number;
  /** How refusals are rate-limited in the log. */
  readonly refusalLog?: RefusalLogOptions;
  /**
   * A launch code came twice and the session it opened was closed: the kiosk browser must be
   * given a fresh address (start.ts restarts it).
   */
  readonly onLaunchCodeReused?: () => void;
  /**
   * A launch code came after its expiry (a kiosk browser that started too slowly): that
   * browser gets no session and would show "connecting" for ever, so start.ts relaunches it
   * with a fresh code, which lives longer.
   */
  readonly onLaunchCodeExpired?: () => void;
  /** Clock for the code expiry (tests); default Date.now. */
  readonly now?: () => number;
  /**
   * Pre-generated voice prompts, served at `/voice/<language>/<wording>/<key>.wav` for a
   * renderer without a speech-synthesis voice. Without it those addresses answer 404 and the
   * renderer speaks only where Chromium has a voice.
   */
  readonly voice?: VoicePrompts;
  /** The device simulator panel (simulated devices only), at /simulator; else that is 404. */
  readonly simulator?: DeviceSimulatorPanel | null;
}

export interface BrowserShell {
  /** `http://127.0.0.1:<port>`: no secret in it. */
  readonly origin: string;
  /**
   * A fresh address that opens a working kiosk page once: `<origin>/#code=<one-time code>`.
   * Give it to exactly one browser, within `ttlMs` (default: the shell's launch code expiry,
   * longer after a code came late).
   */
  launchUrl(options?: { ttlMs?: number }): string;
  /** A fresh one-time `<origin>/simulator?code=…` for a person, or null without a panel. */
  simulatorUrl(options?: { ttlMs?: number }): string | null;
  close(): Promise<void>;
}

export type BrowserShellErrorCode = 'RENDERER_NOT_BUILT' | 'PORT_IN_USE';

/** A start-up failure with a sentence that says what to do (start.ts prints `message` alone). */
export class BrowserShellError extends Error {
  override readonly name = 'BrowserShellError';
  constructor(
    readonly code: BrowserShellErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const MAX_EXCHANGE_BODY = 1024;

function listen(server: net.Server, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') {
      throw new BrowserShellError(
        'PORT_IN_USE',
        `The shell port ${port} on 127.0.0.1 is in use (is another kiosk running?): stop that program, or set "shell.port" in kiosk.config.json to a free port.`,
      );
    }
    throw error;
  });
}

/**
 * Fails now, with the same sentence as startBrowserShell, if the shell port is taken: start.ts
 * asks before starting the kiosk, so a second kiosk does not open the store and the branch
 * service only to be refused its port. (The port can still be taken in between; then
 * startBrowserShell says the same.)
 */
export async function checkShellPort(port: number): Promise<void> {
  if (port === 0) return;
  const probe = net.createServer();
  await listen(probe, port);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
}

export async function startBrowserShell(options: BrowserShellOptions): Promise<BrowserShell> {
  const logger = options.logger ?? pino({ enabled: false });
  const root = path.resolve(options.staticDir);
  try {
    await stat(path.join(root, 'index.html'));
  } catch {
    throw new BrowserShellError(
      'RENDERER_NOT_BUILT',
      `The kiosk screen is not built (${path.join(root, 'index.html')} is missing): run "npm run build".`,
    );
  }

  let port = 0;
  let headers: Record<string, string> = {};
  const refusals = new RefusalLog(logger, options.refusalLog);
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const bySession = new Map<string, Set<WebSocket>>();
  let ttlMs = options.launchCodeTtlMs ?? 30_000;
  const maxTtlMs = Math.max(ttlMs, options.maxLaunchCodeTtlMs ?? 5 * 60_000);
  const codes = new LaunchCodes({
    ttlMs,
    now: options.now ?? Date.now,
    onRevoke: (session) => {
      for (const ws of bySession.get(session) ?? []) ws.terminate();
      bySession.delete(session);
    },
  });

  const refuse = (kind: string, reason: string, extra: Record<string, unknown> = {}) =>
    refusals.refuse(kind, () =>
      logEvent(logger, 'shell.requestRefused', { kind, reason, ...extra }),
    );

  const end = (res: http.ServerResponse, status: number, extra: Record<string, string> = {}) => {
    res.writeHead(status, { ...headers, ...extra, 'Content-Length': 0 }).end();
  };

  const exchange = (req: http.IncomingMessage, res: http.ServerResponse) => {
    let body = '';
    let tooLong = false;
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > MAX_EXCHANGE_BODY) {
        tooLong = true;
        req.destroy();
      }
    });
    req.on('end', () => {
      if (tooLong) return;
      let code: unknown;
      try {
        code = (JSON.parse(body) as { code?: unknown }).code;
      } catch {
        code = undefined;
      }
      if (typeof code !== 'string' || code === '') {
        refuse('exchange', 'no launch code');
        end(res, 400);
        return;
      }
      const result = codes.exchange(code);
      if (result.ok) {
        logEvent(logger, 'shell.sessionOpened', {});
        end(res, 204, { 'Set-Cookie': sessionCookie(result.session) });
        return;
      }
      if (result.reason === 'reused') {
        logEvent(logger, 'shell.launchCodeReused', {});
        options.onLaunchCodeReused?.();
      } else if (result.reason === 'expired') {
        // This terminal is that slow: the next codes get twice what this one needed.
        ttlMs = Math.min(maxTtlMs, Math.max(ttlMs * 2, result.ageMs * 2));
        logEvent(logger, 'shell.launchCodeExpired', {
          ageSeconds: Math.round(result.ageMs / 1000),
          ttlSeconds: Math.round(ttlMs / 1000),
        });
        options.onLaunchCodeExpired?.();
      } else refuse('exchange', 'unknown launch code');
      end(res, 403);
    });
  };

  const simulator = options.simulator
    ? createSimulatorRoutes({
        panel: options.simulator,
        logger,
        port: () => port,
        headers: () => headers,
        refuse: (reason, extra = {}) => refuse('simulator', reason, extra),
        now: options.now ?? Date.now,
        ttlMs,
      })
    : null;

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (isSimulatorPath(url.pathname)) {
      // Gated on its own (Host, Origin, the panel's session); absent without simulated devices.
      if (simulator) simulator.serve(req, res, url);
      else end(res, 404);
      return;
    }
    const isExchange = url.pathname === '/bridge/session';
    const problem = requestProblem(req.headers, port, isExchange);
    if (problem) {
      refuse('http', problem, { host: req.headers.host, origin: req.headers.origin });
      end(res, problem === 'foreign host' ? 421 : 403);
      return;
    }
    if (isExchange) {
      if (req.method !== 'POST') end(res, 405, { Allow: 'POST' });
      else exchange(req, res);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      end(res, 405, { Allow: 'GET, HEAD' });
      return;
    }
    if (url.pathname === VOICE_AVAILABLE_PATH) {
      // The renderer asks once whether to fall back to audio at all: never a failed request.
      const voice = options.voice;
      (voice ? voice.available() : Promise.resolve(false)).then((available) => {
        const body = JSON.stringify({ available });
        res.writeHead(200, {
          ...headers,
          'Content-Type': CONTENT_TYPES['.json'],
          'Content-Length': Buffer.byteLength(body),
        });
        res.end(req.method === 'HEAD' ? undefined : body);
      });
      return;
    }
    if (url.pathname.startsWith(VOICE_PATH_PREFIX)) {
      // A catalogue message's audio, or 404: never a file named by the address itself.
      const request = parseVoicePath(url.pathname);
      if (!request || !options.voice) {
        end(res, 404);
        return;
      }
      options.voice.audioFor(request).then(
        (file) => (file ? serveFile(req, res, file) : end(res, 404)),
        () => end(res, 404),
      );
      return;
    }
    let relative: string;
    try {
      relative = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    } catch {
      // A malformed escape ("/%E0%A4%A") must not take the kiosk down: any local page can send one.
      end(res, 400);
      return;
    }
    const file = path.resolve(root, `.${relative}`);
    // Refuse anything outside the renderer folder (../ tricks, encoded or not).
    if (file !== root && !file.startsWith(root + path.sep)) {
      end(res, 404);
      return;
    }
    serveFile(req, res, file);
  });

  function serveFile(req: http.IncomingMessage, res: http.ServerResponse, file: string): void {
    stat(file).then(
      (info) => {
        if (!info.isFile()) {
          end(res, 404);
          return;
        }
        res.writeHead(200, {
          ...headers,
          'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
          'Content-Length': info.size,
        });
        if (req.method === 'HEAD') {
          res.end();
          return;
        }
        // A file replaced or removed mid-read (an update) ends this response, not the host.
        const stream = createReadStream(file);
        stream.on('error', () => res.destroy());
        stream.pipe(res);
      },
      () => end(res, 404),
    );
  }

  const refuseUpgrade = (socket: Socket, status: number) => {
    const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}`);
    socket.end(
      [
        `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Forbidden'}`,
        ...lines,
        'Content-Length: 0',
        'Connection: close',
        '',
        '',
      ].join('\r\n'),
    );
  };

  server.on('upgrade', (req, socket: Socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const problem =
      url.pathname !== '/bridge' ? 'not the bridge' : requestProblem(req.headers, port, true);
    const session = problem ? null : codes.sessionKey(req.headers.cookie);
    if (problem || session === null) {
      refuse('upgrade', problem ?? 'no live session cookie', {
        path: url.pathname,
        host: req.headers.host,
        origin: req.headers.origin,
      });
      refuseUpgrade(socket, problem === 'not the bridge' ? 404 : 403);
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => {
      const set = bySession.get(session) ?? new Set<WebSocket>();
      bySession.set(session, set.add(ws));
      ws.on('close', () => set.delete(ws));
      sockets.emit('connection', ws);
    });
  });

  const send = (ws: WebSocket, message: HostMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };

  sockets.on('connection', (ws: WebSocket) => {
    logEvent(logger, 'shell.rendererConnected', {});
    // An oversized or invalid frame raises 'error' on the socket; unhandled, it would end the
    // host process. Drop that connection instead (the renderer reconnects).
    ws.on('error', (error) => {
      refusals.refuse('dropped', () =>
        logEvent(logger, 'shell.connectionDropped', { reason: error.message }),
      );
      ws.terminate();
    });
    ws.on('close', () => logEvent(logger, 'shell.rendererDisconnected', {}));
    send(ws, { type: 'view', view: options.bridge.view() });
    const unsubscribe = options.bridge.onView((view) => send(ws, { type: 'view', view }));
    ws.on('message', (data) => {
      let raw: unknown;
      try {
        raw = JSON.parse(String(data));
      } catch {
        send(ws, { type: 'error', message: 'frame is not JSON' });
        return;
      }
      const parsed = parseRendererMessage(raw);
      if (!parsed.ok) {
        refusals.refuse('frame', () =>
          logEvent(logger, 'shell.frameRefused', { reason: parsed.reason }),
        );
        send(ws, { type: 'error', message: parsed.reason });
        return;
      }
      options.bridge.dispatch(parsed.command);
    });
    ws.on('close', unsubscribe);
  });

  await listen(server, options.port);
  port = (server.address() as AddressInfo).port;
  headers = securityHeaders(port);
  const origin = `http://127.0.0.1:${port}`;
  const launchUrl = (launch: { ttlMs?: number } = {}) =>
    `${origin}/#code=${codes.issue(launch.ttlMs ?? ttlMs)}`;
  logEvent(logger, 'shell.listening', { origin });

  return {
    origin,
    // No getter that mints a code: logging or inspecting the shell object must not leak one.
    launchUrl,
    simulatorUrl: (launch: { ttlMs?: number } = {}) =>
      simulator ? `${origin}${simulator.issuePath(launch.ttlMs)}` : null,
    async close() {
      refusals.flush();
      for (const ws of sockets.clients) ws.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
