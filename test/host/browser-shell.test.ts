/**
 * The browser-shell host on its own: static files from the renderer folder only, the bridge only
 * with the per-boot token and from its own origin, and malformed frames refused with a reason.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { HostMessage, KioskCommand, KioskView } from '../../src/bridge/contract.js';
import type { HostBridge } from '../../src/bridge/host.js';
import { startBrowserShell, type BrowserShell } from '../../main/browser-shell.js';

const VIEW = { screen: 'attract' } as KioskView;

function rendererDir(): string {
  const parent = mkdtempSync(path.join(tmpdir(), 'kiosk-shell-'));
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

async function start() {
  const dispatched: KioskCommand[] = [];
  const listeners = new Set<(v: KioskView) => void>();
  const logs: string[] = [];
  const bridge: HostBridge = {
    view: () => VIEW,
    onView: (l) => (listeners.add(l), () => listeners.delete(l)),
    dispatch: (c) => void dispatched.push(c),
  };
  const shell = await startBrowserShell({
    bridge,
    staticDir: rendererDir(),
    port: 0,
    log: (m) => logs.push(m),
  });
  shells.push(shell);
  const token = new URL(shell.url).hash.replace('#token=', '');
  return { shell, token, dispatched, listeners, logs };
}

/** Raw GET, so "../" is sent as is (fetch would normalise it away). */
function get(origin: string, rawPath: string, method = 'GET') {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const { hostname, port } = new URL(origin);
      const req = request({ hostname, port, path: rawPath, method }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    },
  );
}

function connect(url: string, origin?: string) {
  const ws = new WebSocket(url, origin ? { origin } : {});
  const messages: HostMessage[] = [];
  ws.on('message', (d) => messages.push(JSON.parse(String(d)) as HostMessage));
  const opened = new Promise<boolean>((resolve) => {
    ws.on('open', () => resolve(true));
    ws.on('error', () => resolve(false));
  });
  return { ws, messages, opened };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('browser shell host', () => {
  it('listens on 127.0.0.1 and serves the renderer with a strict CSP', async () => {
    const { shell } = await start();
    expect(new URL(shell.origin).hostname).toBe('127.0.0.1');
    const index = await get(shell.origin, '/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('<title>kiosk</title>');
    expect(String(index.headers['content-security-policy'])).toContain("default-src 'self'");
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

  it('sends the view on connect and passes valid commands to the host', async () => {
    const { shell, token, dispatched, listeners } = await start();
    const c = connect(`${shell.origin.replace('http', 'ws')}/bridge?token=${token}`, shell.origin);
    expect(await c.opened).toBe(true);
    await until(() => c.messages.length > 0);
    expect(c.messages[0]).toEqual({ type: 'view', view: VIEW });
    for (const l of listeners) l({ ...VIEW, screen: 'menu', entries: [] });
    await until(() => c.messages.length > 1);
    expect(c.messages[1]).toEqual({ type: 'view', view: { ...VIEW, screen: 'menu', entries: [] } });
    c.ws.send(JSON.stringify({ type: 'command', command: { type: 'START_FLOW', flow: 'ticket' } }));
    await until(() => dispatched.length > 0);
    expect(dispatched).toEqual([{ type: 'START_FLOW', flow: 'ticket' }]);
    c.ws.close();
  });

  it('refuses malformed frames with a reason and dispatches nothing', async () => {
    const { shell, token, dispatched, logs } = await start();
    const c = connect(`${shell.origin.replace('http', 'ws')}/bridge?token=${token}`, shell.origin);
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
      'CHOOSE_BUSINESS_TYPE needs a businessTypeId',
      'SET_LANGUAGE needs zh-CN or en',
    ]);
    expect(dispatched).toEqual([]);
    expect(logs.filter((l) => l.includes('refused a frame'))).toHaveLength(2);
    c.ws.close();
  });

  it('refuses the bridge without the token, with a wrong one, or from another origin', async () => {
    const { shell, token, logs } = await start();
    const ws = shell.origin.replace('http', 'ws');
    expect(await connect(`${ws}/bridge`).opened).toBe(false);
    expect(await connect(`${ws}/bridge?token=${token}x`).opened).toBe(false);
    expect(await connect(`${ws}/bridge?token=${token}`, 'https://evil.example').opened).toBe(false);
    expect(await connect(`${ws}/other?token=${token}`).opened).toBe(false);
    expect(logs.filter((l) => l.includes('refused a bridge connection'))).toHaveLength(4);
    expect(logs.join('\n')).not.toContain(token);
  });

  it('says what to do when the renderer is not built or the port is taken', async () => {
    const bridge = { view: () => VIEW, onView: () => () => {}, dispatch: () => {} };
    await expect(
      startBrowserShell({ bridge, staticDir: mkdtempSync(path.join(tmpdir(), 'empty-')), port: 0 }),
    ).rejects.toThrow(/not built.*npm run build/);
    const { shell } = await start();
    const port = Number(new URL(shell.origin).port);
    await expect(startBrowserShell({ bridge, staticDir: rendererDir(), port })).rejects.toThrow(
      /port \d+ on 127.0.0.1 is in use.*shell.port/,
    );
  });

  it('survives a malformed URL and an oversized frame', async () => {
    const { shell, token, logs } = await start();
    expect((await get(shell.origin, '/%E0%A4%A')).status).toBe(400);
    const c = connect(`${shell.origin.replace('http', 'ws')}/bridge?token=${token}`, shell.origin);
    await c.opened;
    const closed = new Promise((r) => c.ws.on('close', r));
    c.ws.send('x'.repeat(70 * 1024));
    await closed;
    await until(() => logs.some((l) => l.includes('bridge connection dropped')));
    // Still serving: pages and new bridge connections.
    expect((await get(shell.origin, '/')).status).toBe(200);
    const again = connect(
      `${shell.origin.replace('http', 'ws')}/bridge?token=${token}`,
      shell.origin,
    );
    expect(await again.opened).toBe(true);
    again.ws.close();
  });
});
