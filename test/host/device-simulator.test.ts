/**
 * The device simulator panel on a whole kiosk with simulated devices (the embedded default),
 * driven over HTTP as the panel page drives it: placing a sample card makes the kiosk's reader
 * report it, taking the paper out makes its printer report `out`, and every action is an event.
 * The panel opens only from its own one-time address, from the shell's own Host and Origin; it
 * is absent for a configuration with real (serial) devices.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBrowserShell, type BrowserShell } from '../../main/browser-shell.js';
import { writeSimulatorFile } from '../../main/device-simulator/address-file.js';
import { createDeviceSimulatorPanel } from '../../main/device-simulator/panel.js';
import { SimulatorStateSchema, type SimulatorState } from '../../main/device-simulator/contract.js';
import type { Kiosk } from '../../main/kiosk.js';
import { waitForScreen } from '../support/kiosk-harness.js';
import { start } from './kiosk-helpers.js';
import { tempDir } from '../support/temp-dir.js';

/** From the menu to the reader, as a customer: take a ticket, use the card, agree. */
async function toPlaceCard(kiosk: Kiosk) {
  kiosk.bridge.dispatch({ type: 'START' });
  kiosk.bridge.dispatch({ type: 'START_FLOW', flow: 'ticket' });
  await waitForScreen(kiosk, 'idCardOffer');
  kiosk.bridge.dispatch({ type: 'USE_ID_CARD' });
  await waitForScreen(kiosk, 'idCardConsent');
  kiosk.bridge.dispatch({ type: 'AGREE_TO_ID_CARD_READ' });
  await waitForScreen(kiosk, 'placeIdCard');
}

function rendererDir(): string {
  const dir = path.join(tempDir('kiosk-sim'), 'renderer');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>kiosk</title>');
  return dir;
}

const shells: BrowserShell[] = [];
afterEach(async () => {
  for (const shell of shells.splice(0)) await shell.close();
});

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A raw request, so a foreign Host or a missing Origin is sent as is. */
function send(
  origin: string,
  rawPath: string,
  options: { method?: string; headers?: OutgoingHttpHeaders; body?: string; host?: string } = {},
) {
  return new Promise<Reply>((resolve, reject) => {
    const { port } = new URL(origin);
    const req = request(
      {
        hostname: options.host ?? '127.0.0.1',
        port,
        path: rawPath,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
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

async function startWithPanel(overrides = {}) {
  const { kiosk, log } = await start({ idReader: { kind: 'simulated' }, ...overrides });
  const shell = await startBrowserShell({
    bridge: kiosk.bridge,
    staticDir: rendererDir(),
    port: 0,
    logger: log.logger,
    simulator: createDeviceSimulatorPanel(kiosk.devices, log.logger),
  });
  shells.push(shell);
  return { kiosk, log, shell };
}

/** Opens the panel from its one-time address, as a person's browser does: the session cookie. */
async function openPanel(shell: BrowserShell): Promise<string> {
  const url = new URL(shell.simulatorUrl()!);
  const reply = await send(shell.origin, `${url.pathname}${url.search}`);
  expect(reply.status).toBe(303);
  expect(reply.headers.location).toBe('/simulator');
  const cookie = String(reply.headers['set-cookie']);
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Strict/);
  expect(cookie).toMatch(/Path=\/simulator/);
  return cookie.split(';')[0]!;
}

function act(
  shell: BrowserShell,
  cookie: string,
  action: unknown,
  headers: OutgoingHttpHeaders = {},
) {
  return send(shell.origin, '/simulator/action', {
    method: 'POST',
    headers: {
      Cookie: cookie,
      Origin: shell.origin,
      'Content-Type': 'application/json',
      ...headers,
    },
    body: JSON.stringify(action),
  });
}

async function panelState(shell: BrowserShell, cookie: string): Promise<SimulatorState> {
  const reply = await send(shell.origin, '/simulator/state', { headers: { Cookie: cookie } });
  expect(reply.status).toBe(200);
  return SimulatorStateSchema.parse(JSON.parse(reply.body));
}

const until = async (check: () => boolean, ms = 8_000) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  expect(check()).toBe(true);
};

describe('device simulator panel', () => {
  it('places a sample card that the kiosk reads, and takes it away', async () => {
    const { kiosk, log, shell } = await startWithPanel();
    const cookie = await openPanel(shell);

    const page = await send(shell.origin, '/simulator', { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(String(page.headers['content-security-policy'])).toContain("default-src 'self'");
    for (const label of ['resident', 'resident long-term', 'foreigner permanent residence']) {
      expect(page.body).toContain(`value="${label}"`);
    }

    await toPlaceCard(kiosk);
    const placed = await act(shell, cookie, { action: 'placeCard', card: 'resident long-term' });
    expect(placed.status).toBe(200);
    expect(kiosk.devices.virtualIdReader!.cardOnReader?.label).toBe('resident long-term');
    // The kiosk's own reader, through its driver and the identify flow, reads the card.
    const read = await waitForScreen(kiosk, 'idCardRead');
    expect(read).toMatchObject({ maskedName: '刘*', priority: 'senior' });
    const state = await panelState(shell, cookie);
    expect(state.idReader).toMatchObject({
      card: 'resident long-term',
      unreadable: false,
      status: { device: 'online', media: 'read', sam: 'ok' },
    });
    expect(log.events()).toContainEqual(
      expect.objectContaining({
        event: 'simulator.actionApplied',
        device: 'idReader',
        action: 'placeCard',
        card: 'resident long-term',
        condition: 'readable',
      }),
    );

    expect((await act(shell, cookie, { action: 'removeCard' })).status).toBe(200);
    await waitForScreen(kiosk, 'chooseBusinessType');
    expect(kiosk.devices.virtualIdReader!.cardOnReader).toBeUndefined();
    expect((await panelState(shell, cookie)).idReader?.card).toBeNull();
  });

  it('presents an unreadable card that the kiosk explains', async () => {
    const { kiosk, shell } = await startWithPanel();
    const cookie = await openPanel(shell);
    await toPlaceCard(kiosk);
    const reply = await act(shell, cookie, {
      action: 'placeCard',
      card: 'resident',
      condition: 'unreadable',
    });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body).state.idReader).toMatchObject({
      card: 'resident',
      unreadable: true,
    });
    const problem = await waitForScreen(kiosk, 'idCardProblem');
    expect(problem).toMatchObject({ problem: 'unreadable' });
    expect(kiosk.devices.idReaderStatus()?.media).toBe('unreadable');
    // Taking it away clears the condition with the card.
    await act(shell, cookie, { action: 'removeCard' });
    expect((await panelState(shell, cookie)).idReader).toMatchObject({
      card: null,
      unreadable: false,
    });
  });

  it('unplugs the reader and plugs it back in', async () => {
    const { kiosk, shell } = await startWithPanel();
    const cookie = await openPanel(shell);
    await until(() => kiosk.devices.readiness().idReaderReady === true);
    await act(shell, cookie, { action: 'setReaderConnected', connected: false });
    await until(() => !kiosk.devices.readiness().idReaderReady, 15_000);
    expect(kiosk.devices.idReaderStatus()?.device).not.toBe('online');
    expect((await panelState(shell, cookie)).idReader?.connected).toBe(false);
    await act(shell, cookie, { action: 'setReaderConnected', connected: true });
    await until(() => kiosk.devices.readiness().idReaderReady === true, 15_000);
  }, 40_000);

  it('takes the paper out and the printer reports it, then jams, opens and unplugs it', async () => {
    const { kiosk, log, shell } = await startWithPanel();
    const cookie = await openPanel(shell);
    await until(() => kiosk.devices.printerStatus().device === 'online');

    expect((await act(shell, cookie, { action: 'setPaper', paper: 'out' })).status).toBe(200);
    await until(() => kiosk.devices.printerStatus().paper === 'out');
    expect(kiosk.devices.readiness().printer).toBe('paperOut');
    expect((await panelState(shell, cookie)).printer).toMatchObject({
      paper: 'out',
      status: { paper: 'out' },
    });
    expect(log.events()).toContainEqual(
      expect.objectContaining({
        event: 'simulator.actionApplied',
        device: 'printer',
        action: 'setPaper',
        paper: 'out',
      }),
    );

    await act(shell, cookie, { action: 'setPaper', paper: 'low' });
    await until(() => kiosk.devices.printerStatus().paper === 'low');
    expect(kiosk.devices.readiness().printer).toBeNull();

    await act(shell, cookie, { action: 'setCoverOpen', open: true });
    await until(() => kiosk.devices.printerStatus().coverOpen);
    await act(shell, cookie, { action: 'setCoverOpen', open: false });
    await act(shell, cookie, { action: 'setPaperJam', jammed: true });
    expect(kiosk.virtualPrinter!.state.paperJam).toBe(true);
    await until(() => kiosk.devices.readiness().printer === 'hardwareError');
    await act(shell, cookie, { action: 'setPaperJam', jammed: false });

    await act(shell, cookie, { action: 'setPrinterConnected', connected: false });
    await until(() => kiosk.devices.readiness().printer === 'offline', 15_000);
    await act(shell, cookie, { action: 'setPrinterConnected', connected: true });
    await until(() => kiosk.devices.readiness().printer === null, 15_000);
  }, 40_000);

  it('refuses a body that does not parse, and changes nothing', async () => {
    const { kiosk, log, shell } = await startWithPanel();
    const cookie = await openPanel(shell);
    for (const body of [
      { action: 'placeCard', card: 'somebody real' },
      { action: 'setPaper', paper: 'empty' },
      { action: 'format the disk' },
    ]) {
      const reply = await act(shell, cookie, body);
      expect(reply.status).toBe(400);
      expect(JSON.parse(reply.body).error).toMatch(/Nothing was changed/);
    }
    const notJson = await send(shell.origin, '/simulator/action', {
      method: 'POST',
      headers: { Cookie: cookie, Origin: shell.origin, 'Content-Type': 'text/plain' },
      body: 'paper=out',
    });
    expect(notJson.status).toBe(415);
    expect(kiosk.devices.virtualIdReader!.cardOnReader).toBeUndefined();
    expect(kiosk.virtualPrinter!.state.paper).toBe('full');
    expect(log.events().filter((e) => e.event === 'simulator.requestInvalid')).toHaveLength(4);
    expect(log.events().some((e) => e.event === 'simulator.actionApplied')).toBe(false);
  });

  it('opens only from its one-time address, from its own Host and Origin', async () => {
    const { kiosk, shell } = await startWithPanel();
    // No session: the page, its state and its actions are refused.
    expect((await send(shell.origin, '/simulator')).status).toBe(403);
    expect((await send(shell.origin, '/simulator/state')).status).toBe(403);
    expect((await act(shell, 'kiosk_simulator=forged', { action: 'removeCard' })).status).toBe(403);
    // A code works once.
    const url = new URL(shell.simulatorUrl()!);
    expect((await send(shell.origin, `${url.pathname}${url.search}`)).status).toBe(303);
    expect((await send(shell.origin, `${url.pathname}${url.search}`)).status).toBe(403);
    expect((await send(shell.origin, '/simulator?code=guessed')).status).toBe(403);

    const cookie = await openPanel(shell);
    // A foreign name that resolves to this machine (DNS rebinding), another page's Origin, or
    // an action without an Origin: refused, and nothing changes.
    const foreignHost = await send(shell.origin, '/simulator', {
      headers: { Cookie: cookie, Host: `attacker.example:${new URL(shell.origin).port}` },
    });
    expect(foreignHost.status).toBe(421);
    const paper = { action: 'setPaper', paper: 'out' };
    expect((await act(shell, cookie, paper, { Origin: 'http://attacker.example' })).status).toBe(
      403,
    );
    const noOrigin = await send(shell.origin, '/simulator/action', {
      method: 'POST',
      headers: { Cookie: cookie, 'Content-Type': 'application/json' },
      body: JSON.stringify(paper),
    });
    expect(noOrigin.status).toBe(403);
    expect(kiosk.virtualPrinter!.state.paper).toBe('full');

    // The kiosk page's session is not the panel's.
    const launch = new URL(shell.launchUrl());
    const exchange = await send(shell.origin, '/bridge/session', {
      method: 'POST',
      headers: { Origin: shell.origin, 'Content-Type': 'application/json' },
      body: JSON.stringify({ code: launch.hash.replace('#code=', '') }),
    });
    expect(exchange.status).toBe(204);
    const kioskCookie = String(exchange.headers['set-cookie']).split(';')[0]!;
    expect(
      (await send(shell.origin, '/simulator', { headers: { Cookie: kioskCookie } })).status,
    ).toBe(403);

    // The shell listens on loopback only: this machine's other addresses do not answer.
    const outside = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal);
    if (outside) {
      await expect(
        send(shell.origin, '/simulator', { host: outside.address, headers: { Cookie: cookie } }),
      ).rejects.toThrow(/ECONNREFUSED/);
    }
  });

  it('gives its one-time address in a file only the kiosk user reads, never in the log', async () => {
    const { log, shell } = await startWithPanel();
    const folder = tempDir('kiosk-sim-data');
    const file = writeSimulatorFile(folder, shell, log.logger, 10 * 60_000);
    expect(file).toBe(path.join(folder, 'simulator-url'));
    expect(statSync(file!).mode & 0o777).toBe(0o600);
    const address = new URL(readFileSync(file!, 'utf8').trim());
    expect(address.origin).toBe(shell.origin);
    expect(address.pathname).toBe('/simulator');
    const code = address.searchParams.get('code')!;
    expect(code.length).toBeGreaterThan(20);
    const ready = log.events().find((e) => e.event === 'simulator.panelReady');
    expect(ready).toMatchObject({ page: `${shell.origin}/simulator`, file, minutes: 10 });
    expect(JSON.stringify(log.events())).not.toContain(code);
    const opened = await send(shell.origin, `${address.pathname}${address.search}`);
    expect(opened.status).toBe(303);
  });

  it('is absent for real (serial) devices', async () => {
    const { kiosk, log } = await start({
      printer: { kind: 'serial', path: '/dev/kiosk-test-no-such-printer', baudRate: 9600 },
      idReader: { kind: 'none' },
    });
    const panel = createDeviceSimulatorPanel(kiosk.devices, log.logger);
    expect(panel).toBeNull();
    const shell = await startBrowserShell({
      bridge: kiosk.bridge,
      staticDir: rendererDir(),
      port: 0,
      simulator: panel,
    });
    shells.push(shell);
    expect(shell.simulatorUrl()).toBeNull();
    // No file either, and one left by an earlier start with simulated devices is removed.
    const folder = tempDir('kiosk-sim-data');
    writeFileSync(path.join(folder, 'simulator-url'), 'http://127.0.0.1:1/simulator?code=old\n');
    expect(writeSimulatorFile(folder, shell, log.logger, 60_000)).toBeNull();
    expect(existsSync(path.join(folder, 'simulator-url'))).toBe(false);
    for (const route of ['/simulator', '/simulator?code=x', '/simulator/state']) {
      expect((await send(shell.origin, route)).status).toBe(404);
    }
    const reply = await send(shell.origin, '/simulator/action', {
      method: 'POST',
      headers: { Origin: shell.origin, 'Content-Type': 'application/json' },
      body: JSON.stringify({ action: 'setPaper', paper: 'out' }),
    });
    expect(reply.status).toBe(404);
  });

  it('refuses an action on a device that is real while the other is simulated', async () => {
    const { kiosk, log, shell } = await startWithPanel({ idReader: { kind: 'none' } });
    const cookie = await openPanel(shell);
    const reply = await act(shell, cookie, { action: 'placeCard', card: 'resident' });
    expect(reply.status).toBe(409);
    expect(JSON.parse(reply.body).error).toMatch(/not simulated/);
    expect((await panelState(shell, cookie)).idReader).toBeNull();
    expect(log.events()).toContainEqual(
      expect.objectContaining({ event: 'simulator.actionRefused', device: 'idReader' }),
    );
    expect(kiosk.devices.virtualIdReader).toBeNull();
  });
});
