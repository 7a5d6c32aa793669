/**
 * The browser shell host: serves the built renderer and the bridge over a WebSocket, on
 * 127.0.0.1 only. This is how the kiosk runs where the Electron binary is absent, and how the
 * end-to-end tests drive it.
 *
 * The per-boot token keeps other local pages off the bridge: a WebSocket is not subject to
 * CORS, so any page in any local browser could otherwise connect and drive the kiosk. The token
 * travels in the URL fragment (never sent in HTTP requests or logged by proxies) and the
 * renderer presents it on the socket URL; the Origin must also be this server.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { parseRendererMessage, type HostMessage } from '../src/bridge/contract.js';
import type { HostBridge } from '../src/bridge/host.js';

export interface BrowserShellOptions {
  readonly bridge: HostBridge;
  /** The built renderer (dist/renderer). */
  readonly staticDir: string;
  readonly port: number;
  readonly log?: (message: string) => void;
}

export interface BrowserShell {
  /** The address to open, with the token in the fragment. */
  readonly url: string;
  readonly origin: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws://127.0.0.1:* ws://localhost:*; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

function sameToken(given: string | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startBrowserShell(options: BrowserShellOptions): Promise<BrowserShell> {
  const log = options.log ?? (() => {});
  const token = randomBytes(24).toString('base64url');
  const root = path.resolve(options.staticDir);
  try {
    await stat(path.join(root, 'index.html'));
  } catch {
    throw new Error(
      `browser shell: the renderer is not built (${path.join(root, 'index.html')} is missing). Run "npm run build".`,
    );
  }

  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let relative: string;
    try {
      relative = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    } catch {
      // A malformed escape ("/%E0%A4%A") must not take the kiosk down: any local page can send one.
      res.writeHead(400).end();
      return;
    }
    const file = path.resolve(root, `.${relative}`);
    // Refuse anything outside the renderer folder (../ tricks, encoded or not).
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(404).end();
      return;
    }
    stat(file).then(
      (info) => {
        if (!info.isFile()) {
          res.writeHead(404).end();
          return;
        }
        res.writeHead(200, {
          ...SECURITY_HEADERS,
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
      () => res.writeHead(404).end(),
    );
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  let origin = '';

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const allowedOrigin = req.headers.origin === undefined || req.headers.origin === origin;
    if (
      url.pathname !== '/bridge' ||
      !sameToken(url.searchParams.get('token'), token) ||
      !allowedOrigin
    ) {
      log(
        `browser shell: refused a bridge connection (path ${url.pathname}, origin ${req.headers.origin ?? 'none'})`,
      );
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit('connection', ws));
  });

  const send = (ws: WebSocket, message: HostMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };

  sockets.on('connection', (ws) => {
    log('browser shell: renderer connected');
    // An oversized or invalid frame raises 'error' on the socket; unhandled, it would end the
    // host process. Drop that connection instead (the renderer reconnects).
    ws.on('error', (error) => {
      log(`browser shell: bridge connection dropped: ${error.message}`);
      ws.terminate();
    });
    ws.on('close', () => log('browser shell: renderer disconnected'));
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
        log(`browser shell: refused a frame from the renderer: ${parsed.reason}`);
        send(ws, { type: 'error', message: parsed.reason });
        return;
      }
      options.bridge.dispatch(parsed.command);
    });
    ws.on('close', unsubscribe);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') {
      throw new Error(
        `browser shell: port ${options.port} on 127.0.0.1 is in use (is another kiosk running?). Stop it or set "shell.port" in kiosk.config.json.`,
      );
    }
    throw error;
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/#token=${token}`,
    origin,
    async close() {
      for (const ws of sockets.clients) ws.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
