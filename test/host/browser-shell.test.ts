/**
 * The browser-shell host on its own: static files from the renderer folder only, the bridge only
 * with a session opened by a one-time launch code and from its own Origin and Host, security
 * headers on every response, and malformed frames refused with a reason (logged at a bounded
 * rate).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import path from 'node:path';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { HostMessage, KioskCommand, KioskView } from '../../src/bridge/contract.js';
import type { HostBridge } from '../../src/bridge/host.js';
import { createMemoryLog } from '../../src/log/index.js';
import {
  checkShellPort,
  startBrowserShell,
  type BrowserShell,
  type BrowserShellOptions,
} from '../../main/browser-shell.js';
import { superviseBrowser, type BrowserSupervisor } from '../../main/browser-supervisor.js';
import { describeStartFailure } from '../../main/process-log.js';
import { parseHostFrame } from '../../renderer/bridge.js';
import { tempDir } from '../support/temp-dir.js';

const VIEW = { screen: 'attract' } as KioskView;

function rendererDir(): string {
  const parent = tempDir('kiosk-shell');
  const dir = path.join(parent, 'renderer');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>kiosk</title>');
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(dir, '..', 'secret.txt'), 'kiosk token');
  return dir;
}

const shells: BrowserShell[] = [];
afterEach(async () => {
  for (const s of shells.splice(0)) await s.close();
});

async function start(extra: Partial<BrowserShellOptions> = {}) {
  const dispatched: KioskCommand[] = [];
  const listeners = new Set<(v: KioskView) => void>();
  const log = createMemoryLog();
  const bridge: HostBridge = {
    view: () => VIEW,
    onView: (l) => (listeners.add(l), () => listeners.delete(l)),
    dispatch: (c) => void dispatched.push(c),
  };
  const shell = await startBrowserShell({
    bridge,
    staticDir: rendererDir(),
    port: 0,
    logger: log.logger,
    ...extra,
  });
  shells.push(shell);
  const port = new URL(shell.origin).port;
  const wsBridge = `ws://127.0.0.1:${port}/bridge`;
  return { shell, dispatched, listeners, log, wsBridge };
}

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Raw request, so "../" and a foreign Host are sent as is (fetch would normalise them). */
function send(
  origin: string,
  rawPath: string,
  options: { method?: string; headers?: OutgoingHttpHeaders; body?: string } = {},
) {
  return new Promise<Reply>((resolve, reject) => {
    const { hostname, port } = new URL(origin);
    const req = request(
      { hostname, port, path: rawPath, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
const get = (origin: string, rawPath: string, method = 'GET') => send(origin, rawPath, { method });

/** What the renderer does with the launch address: POST its code, with the kiosk's Origin. */
function exchange(shell: BrowserShell, url: string, headers: OutgoingHttpHeaders = {}) {
  const code = new URL(url).hash.replace('#code=', '');
  return send(shell.origin, '/bridge/session', {
    method: 'POST',
    headers: { Origin: shell.origin, 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ code }),
  });
}

/** A live session cookie, as the kiosk browser holds it after the exchange. */
async function session(shell: BrowserShell): Promise<string> {
  const reply = await exchange(shell, shell.launchUrl());
  expect(reply.status).toBe(204);
  const cookie = String(reply.headers['set-cookie']);
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Strict/);
  return cookie.split(';')[0]!;
}

function connect(url: string, origin?: string, headers: Record<string, string> = {}) {
  const ws = new WebSocket(url, { ...(origin ? { origin } : {}), headers });
  const messages: HostMessage[] = [];
  let refusal: IncomingHttpHeaders | null = null;
  ws.on('message', (d) => messages.push(JSON.parse(String(d)) as HostMessage));
  const opened = new Promise<boolean>((resolve) => {
    ws.on('open', () => resolve(true));
    ws.on('error', () => resolve(false));
    ws.on('unexpected-response', (_req, res) => {
      refusal = res.headers;
      resolve(false);
      res.resume();
    });
  });
  return { ws, messages, opened, refusal: () => refusal };
}

const until = async (check: () => boolean, ms = 2_000) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
};

function expectSecurityHeaders(headers: IncomingHttpHeaders | null, what: string) {
  expect(headers, what).not.toBeNull();
  expect(String(headers!['content-security-policy']), what).toContain("default-src 'self'");
  expect(String(headers!['content-security-policy']), what).toContain("frame-ancestors 'none'");
  expect(headers!['x-content-type-options'], what).toBe('nosniff');
  expect(headers!['x-frame-options'], what).toBe('DENY');
  expect(headers!['referrer-policy'], what).toBe('no-referrer');
  expect(headers!['cache-control'], what).toBe('no-store');
}

describe('browser shell host', () => {
  it('listens on 127.0.0.1 and serves the renderer with a strict CSP', async () => {
    const { shell } = await start();
    expect(new URL(shell.origin).hostname).toBe('127.0.0.1');
    const index = await get(shell.origin, '/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('<title>kiosk</title>');
    expect(String(index.headers['content-security-policy'])).toContain("default-src 'self'");
    expectSecurityHeaders(index.headers, 'the page');
    expect((await get(shell.origin, '/assets/app.js')).headers['content-type']).toMatch(
      /javascript/,
    );
  });

  it('never serves a file outside the renderer folder', async () => {
    const { shell } = await start();
    for (const p of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/../../secret.txt',
      '/assets',
    ]) {
      const res = await get(shell.origin, p);
      expect(res.status, p).toBe(404);
      expect(res.body).not.toContain('kiosk token');
    }
    expect((await get(shell.origin, '/', 'POST')).status).toBe(405);
  });

  it('sends the security headers on 404s, refusals and the exchange too', async () => {
    const { shell, wsBridge } = await start();
    expectSecurityHeaders((await get(shell.origin, '/nope.js')).headers, '404');
    expectSecurityHeaders((await get(shell.origin, '/', 'POST')).headers, '405');
    expectSecurityHeaders((await get(shell.origin, '/%E0%A4%A')).headers, '400');
    const foreign = await send(shell.origin, '/', { headers: { Host: 'evil.example' } });
    expectSecurityHeaders(foreign.headers, 'foreign host');
    const exchanged = await exchange(shell, shell.launchUrl());
    expectSecurityHeaders(exchanged.headers, 'exchange');
    const refused = connect(wsBridge, shell.origin);
    expect(await refused.opened).toBe(false);
    expectSecurityHeaders(refused.refusal(), 'refused upgrade');
  });

  it('gives a launch address with a one-time code and no other secret', async () => {
    const { shell, log } = await start();
    const first = new URL(shell.launchUrl());
    const second = new URL(shell.launchUrl());
    expect(first.origin).toBe(shell.origin);
    expect(first.hash).toMatch(/^#code=[\w-]{40,}$/);
    expect(second.hash).not.toBe(first.hash);
    expect(first.search).toBe('');
    // The address printed for the person starting the kiosk carries no code.
    expect(log.named('shell.listening')).toEqual([
      expect.objectContaining({ origin: shell.origin }),
    ]);
    expect(JSON.stringify(log.events())).not.toContain(first.hash.slice(6));
  });

  it('mints a code only when asked: logging or inspecting the shell object leaks none', async () => {
    const { shell } = await start();
    // A getter that minted a code on every read would put a working one in this string.
    expect(JSON.stringify(shell)).not.toContain('code=');
    expect(inspect(shell, { getters: true })).not.toContain('code=');
    expect(Object.keys(shell)).not.toContain('url');
  });

  it('sends the view on connect and passes valid commands to the host', async () => {
    const { shell, dispatched, listeners, wsBridge, log } = await start();
    const cookie = await session(shell);
    const c = connect(wsBridge, shell.origin, { Cookie: cookie });
    expect(await c.opened).toBe(true);
    await until(() => c.messages.length > 0);
    expect(c.messages[0]).toEqual({ type: 'view', view: VIEW });
    for (const l of listeners) l({ ...VIEW, screen: 'menu', entries: [] });
    await until(() => c.messages.length > 1);
    expect(c.messages[1]).toEqual({ type: 'view', view: { ...VIEW, screen: 'menu', entries: [] } });
    c.ws.send(JSON.stringify({ type: 'command', command: { type: 'START_FLOW', flow: 'ticket' } }));
    await until(() => dispatched.length > 0);
    expect(dispatched).toEqual([{ type: 'START_FLOW', flow: 'ticket' }]);
    expect(log.named('shell.sessionOpened')).toHaveLength(1);
    expect(log.named('shell.rendererConnected')).toHaveLength(1);
    // Neither the code nor the session cookie ever reaches the log.
    expect(JSON.stringify(log.events())).not.toContain(cookie.split('=')[1]);
    c.ws.close();
  });

  it('also answers on localhost:<port>, its other own name', async () => {
    const { shell } = await start();
    const port = new URL(shell.origin).port;
    const local = `http://localhost:${port}`;
    const reply = await exchange(shell, shell.launchUrl(), {
      Origin: local,
      Host: `localhost:${port}`,
    });
    expect(reply.status).toBe(204);
    const cookie = String(reply.headers['set-cookie']).split(';')[0]!;
    const c = connect(`ws://127.0.0.1:${port}/bridge`, local, {
      Cookie: cookie,
      Host: `localhost:${port}`,
    });
    expect(await c.opened).toBe(true);
    c.ws.close();
  });

  it('sends frames the renderer reads as they were meant, and the renderer rejects others', async () => {
    const { shell, wsBridge, listeners } = await start();
    const c = connect(wsBridge, shell.origin, { Cookie: await session(shell) });
    const raw: string[] = [];
    c.ws.on('message', (d) => raw.push(String(d)));
    await c.opened;
    await until(() => raw.length === 1);
    const printing = {
      screen: 'printing',
      language: 'zh-CN',
      prompt: { key: 'printing.wait' },
      notice: null,
      branchName: '网点',
      inactivityWarningSeconds: null,
    } as KioskView;
    for (const l of listeners) l(printing);
    c.ws.send('not json');
    await until(() => raw.length === 3);
    expect(raw.slice(1).map(parseHostFrame)).toEqual([
      { type: 'view', view: printing },
      { type: 'error', message: 'frame is not JSON' },
    ]);
    // The first view of this stub bridge is not a whole attract screen: the renderer drops it.
    expect(parseHostFrame(raw[0]!)).toBeNull();
    expect(parseHostFrame('not json')).toBeNull();
    c.ws.close();
  });

  it('refuses malformed frames with a reason and dispatches nothing', async () => {
    const { shell, dispatched, log, wsBridge } = await start();
    const c = connect(wsBridge, shell.origin, { Cookie: await session(shell) });
    await c.opened;
    c.ws.send('not json');
    c.ws.send(JSON.stringify({ type: 'command', command: { type: 'CHOOSE_BUSINESS_TYPE' } }));
    c.ws.send(
      JSON.stringify({ type: 'command', command: { type: 'SET_LANGUAGE', language: 'fr' } }),
    );
    await until(() => c.messages.filter((m) => m.type === 'error').length === 3);
    expect(
      c.messages.filter((m) => m.type === 'error').map((m) => (m as { message: string }).message),
    ).toEqual([
      'frame is not JSON',
      'command.businessTypeId is missing',
      "command.language must be 'zh-CN' or 'en'",
    ]);
    expect(dispatched).toEqual([]);
    expect(log.named('shell.frameRefused')).toHaveLength(2);
    c.ws.close();
  });

  it('logs the first refused frames, then one summary event per interval with the count', async () => {
    // An interval long enough for 2,000 frames even on a loaded CI machine (at 200 ms a busy
    // machine split them over several intervals and logged several bursts).
    const { shell, log, wsBridge } = await start({ refusalLog: { burst: 3, intervalMs: 3_000 } });
    const c = connect(wsBridge, shell.origin, { Cookie: await session(shell) });
    await c.opened;
    const bad = JSON.stringify({ type: 'command', command: { type: 'NO_SUCH_COMMAND' } });
    for (let i = 0; i < 2_000; i++) c.ws.send(bad);
    await until(() => c.messages.filter((m) => m.type === 'error').length === 2_000, 3_000);
    expect(c.messages.filter((m) => m.type === 'error')).toHaveLength(2_000);
    expect(log.named('shell.frameRefused')).toHaveLength(3);
    await until(() => log.named('shell.refusalsSuppressed').length > 0, 5_000);
    expect(log.named('shell.refusalsSuppressed')).toEqual([
      expect.objectContaining({ kind: 'frame', count: 1_997, level: 'warn' }),
    ]);
    // A new interval logs a fresh burst.
    c.ws.send(bad);
    await until(() => log.named('shell.frameRefused').length === 4);
    expect(log.named('shell.frameRefused')).toHaveLength(4);
    c.ws.close();
  });

  it('refuses the bridge without a session, or from a missing or foreign Origin or Host', async () => {
    const { shell, wsBridge, log } = await start({ refusalLog: { burst: 20 } });
    const cookie = await session(shell);
    const port = new URL(shell.origin).port;
    const code = new URL(shell.launchUrl()).hash.slice(6);
    expect(await connect(wsBridge).opened).toBe(false);
    expect(await connect(wsBridge, shell.origin).opened, 'no session').toBe(false);
    expect(await connect(`${wsBridge}?token=${code}`, shell.origin).opened, 'code as token').toBe(
      false,
    );
    expect(
      await connect(wsBridge, shell.origin, { Cookie: `${cookie}x` }).opened,
      'wrong session',
    ).toBe(false);
    expect(await connect(wsBridge, undefined, { Cookie: cookie }).opened, 'no Origin').toBe(false);
    expect(
      await connect(wsBridge, 'https://evil.example', { Cookie: cookie }).opened,
      'foreign Origin',
    ).toBe(false);
    expect(
      await connect(wsBridge, `http://127.0.0.1:${Number(port) + 1}`, { Cookie: cookie }).opened,
      'another local port',
    ).toBe(false);
    expect(
      await connect(wsBridge, `http://rebind.example:${port}`, {
        Cookie: cookie,
        Host: `rebind.example:${port}`,
      }).opened,
      'foreign Host (DNS rebinding)',
    ).toBe(false);
    expect(
      await connect(wsBridge.replace('/bridge', '/other'), shell.origin, { Cookie: cookie }).opened,
    ).toBe(false);
    const refused = log.named('shell.requestRefused').filter((e) => e.kind === 'upgrade');
    expect(refused.map((e) => e.reason)).toEqual([
      'missing origin',
      'no live session cookie',
      'no live session cookie',
      'no live session cookie',
      'missing origin',
      'foreign origin',
      'foreign origin',
      'foreign host',
      'not the bridge',
    ]);
    expect(JSON.stringify(log.events())).not.toContain(cookie.split('=')[1]);
    // The same session from the right Origin and Host still works.
    const ok = connect(wsBridge, shell.origin, { Cookie: cookie });
    expect(await ok.opened).toBe(true);
    ok.ws.close();
  });

  it('answers no page and no exchange on a foreign Host, and no exchange without the Origin', async () => {
    const { shell, log } = await start();
    const rebound = await send(shell.origin, '/', { headers: { Host: 'rebind.example' } });
    expect(rebound.status).toBe(421);
    expect(rebound.body).toBe('');
    const url = shell.launchUrl();
    expect((await exchange(shell, url, { Host: 'rebind.example' })).status).toBe(421);
    expect((await exchange(shell, url, { Origin: 'https://evil.example' })).status).toBe(403);
    const code = new URL(url).hash.slice(6);
    const noOrigin = await send(shell.origin, '/bridge/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code }),
    });
    expect(noOrigin.status).toBe(403);
    expect(log.named('shell.requestRefused').map((e) => e.reason)).toEqual([
      'foreign host',
      'foreign host',
      'foreign origin',
      'missing origin',
    ]);
    // None of those spent the code: the kiosk browser can still use it.
    expect((await exchange(shell, url)).status).toBe(204);
    // A foreign Origin on a page load is refused; a page load without one is normal.
    expect(
      (await send(shell.origin, '/', { headers: { Origin: 'https://evil.example' } })).status,
    ).toBe(403);
  });

  it('takes a launch code once: a second use is refused, logged, and closes its session', async () => {
    let reusedCalls = 0;
    const { shell, wsBridge, log } = await start({ onLaunchCodeReused: () => reusedCalls++ });
    const url = shell.launchUrl();
    const first = await exchange(shell, url);
    expect(first.status).toBe(204);
    const cookie = String(first.headers['set-cookie']).split(';')[0]!;
    const c = connect(wsBridge, shell.origin, { Cookie: cookie });
    expect(await c.opened).toBe(true);
    const closed = new Promise((r) => c.ws.on('close', r));

    const second = await exchange(shell, url);
    expect(second.status).toBe(403);
    expect(second.headers['set-cookie']).toBeUndefined();
    expect(log.named('shell.launchCodeReused')).toEqual([
      expect.objectContaining({ level: 'error' }),
    ]);
    await closed;
    expect(reusedCalls).toBe(1);
    // A third use is only an unknown code: no second restart of the kiosk browser.
    expect((await exchange(shell, url)).status).toBe(403);
    expect(reusedCalls).toBe(1);
    expect(log.named('shell.launchCodeReused')).toHaveLength(1);
    expect(await connect(wsBridge, shell.origin, { Cookie: cookie }).opened).toBe(false);
    // An unknown code is refused too.
    expect((await exchange(shell, `${shell.origin}/#code=made-up`)).status).toBe(403);
    expect(log.named('shell.requestRefused').map((e) => e.reason)).toContain('unknown launch code');
  });

  it('refuses a launch code after its expiry', async () => {
    let now = 1_000_000;
    const { shell, log } = await start({ launchCodeTtlMs: 30_000, now: () => now });
    const late = shell.launchUrl();
    const longer = shell.launchUrl({ ttlMs: 600_000 });
    now += 30_001;
    const reply = await exchange(shell, late);
    expect(reply.status).toBe(403);
    expect(reply.headers['set-cookie']).toBeUndefined();
    expect(log.named('shell.launchCodeExpired')).toEqual([
      expect.objectContaining({ ageSeconds: 30 }),
    ]);
    expect((await exchange(shell, longer)).status).toBe(204);
  });

  it('asks for a relaunch on a late code, and gives the next codes longer', async () => {
    let now = 1_000_000;
    let expiredCalls = 0;
    const { shell, log } = await start({
      launchCodeTtlMs: 30_000,
      maxLaunchCodeTtlMs: 120_000,
      now: () => now,
      onLaunchCodeExpired: () => expiredCalls++,
    });
    const late = shell.launchUrl();
    now += 40_000;
    expect((await exchange(shell, late)).status).toBe(403);
    // The browser that was this slow is relaunched (start.ts); its next code lives 80 s.
    expect(expiredCalls).toBe(1);
    expect(log.named('shell.launchCodeExpired')).toEqual([
      expect.objectContaining({ ageSeconds: 40, ttlSeconds: 80 }),
    ]);
    const next = shell.launchUrl();
    now += 70_000;
    expect((await exchange(shell, next)).status).toBe(204);
    // Presented again, the late code is only unknown: no second relaunch.
    expect((await exchange(shell, late)).status).toBe(403);
    expect(expiredCalls).toBe(1);
    // However late a code comes, the expiry stays bounded.
    const veryLate = shell.launchUrl();
    now += 100_000;
    expect((await exchange(shell, veryLate)).status).toBe(403);
    expect(log.named('shell.launchCodeExpired')[1]).toMatchObject({ ttlSeconds: 120 });
    expect(expiredCalls).toBe(2);
  });

  it('recovers a kiosk browser too slow for its code: relaunched, it gets a session', async () => {
    // A stand-in for a slow Chromium: it presents the code from its address late, as the page
    // would, then stays open. Wired to the supervisor exactly as start.ts wires them.
    const slowBrowser = `
      const http = require('node:http');
      const url = new URL(process.argv[1]);
      setTimeout(() => {
        const req = http.request(url.origin + '/bridge/session', {
          method: 'POST',
          headers: { Origin: url.origin, 'Content-Type': 'application/json' },
        }, (res) => res.resume());
        req.end(JSON.stringify({ code: url.hash.slice('#code='.length) }));
      }, 300);
      setTimeout(() => {}, 30_000);`;
    let browser: BrowserSupervisor | null = null;
    const { shell, log } = await start({
      launchCodeTtlMs: 100,
      onLaunchCodeExpired: () => browser?.restart(),
    });
    browser = superviseBrowser({
      binary: process.execPath,
      args: () => ['-e', slowBrowser, shell.launchUrl()],
      logger: log.logger,
      baseDelayMs: 10,
    });
    try {
      await until(() => log.named('shell.sessionOpened').length > 0, 15_000);
      expect(log.named('shell.sessionOpened')).toHaveLength(1);
      expect(log.named('shell.launchCodeExpired')).toHaveLength(1);
      expect(browser.launches).toBe(2);
    } finally {
      await browser.stop();
    }
  });

  it('says what to do when the renderer is not built or the port is taken', async () => {
    const bridge = { view: () => VIEW, onView: () => () => {}, dispatch: () => {} };
    await expect(
      startBrowserShell({ bridge, staticDir: tempDir('empty'), port: 0 }),
    ).rejects.toThrow(/not built.*npm run build/);
    const { shell } = await start();
    const port = Number(new URL(shell.origin).port);
    const taken = startBrowserShell({ bridge, staticDir: rendererDir(), port });
    await expect(taken).rejects.toThrow(/port \d+ on 127.0.0.1 is in use.*shell.port/);
    // start.ts asks first, before the kiosk opens its store: the same sentence.
    await expect(checkShellPort(port)).rejects.toThrow(
      /port \d+ on 127.0.0.1 is in use.*shell.port/,
    );
    await expect(checkShellPort(0)).resolves.toBeUndefined();
    // A free port is probed and let go: the shell then gets it.
    await shell.close();
    await expect(checkShellPort(port)).resolves.toBeUndefined();
    const again = await startBrowserShell({ bridge, staticDir: rendererDir(), port });
    shells.push(again);
    expect(again.origin).toBe(shell.origin);
    // start.ts prints exactly this: one sentence naming the port and the setting, no stack.
    const failure = describeStartFailure(
      await taken.catch((e: unknown) => e),
      '/data/logs/kiosk.log',
    );
    expect(failure.unexpected).toBe(false);
    expect(failure.sentence).toContain(`port ${port}`);
    expect(failure.sentence).toContain('"shell.port" in kiosk.config.json');
    expect(failure.sentence).not.toMatch(/\n|\bat .*\.(ts|js):\d+/);
  });

  it('survives a malformed URL and an oversized frame', async () => {
    const { shell, log, wsBridge } = await start();
    expect((await get(shell.origin, '/%E0%A4%A')).status).toBe(400);
    const cookie = await session(shell);
    const c = connect(wsBridge, shell.origin, { Cookie: cookie });
    await c.opened;
    const closed = new Promise((r) => c.ws.on('close', r));
    c.ws.send('x'.repeat(70 * 1024));
    await closed;
    await until(() => log.named('shell.connectionDropped').length > 0);
    expect(log.named('shell.connectionDropped')).toHaveLength(1);
    // Still serving: pages and new bridge connections.
    expect((await get(shell.origin, '/')).status).toBe(200);
    const again = connect(wsBridge, shell.origin, { Cookie: cookie });
    expect(await again.opened).toBe(true);
    again.ws.close();
  });
});
