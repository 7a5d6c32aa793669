/**
 * The whole kiosk under Node: composition root, machines, the real store, the virtual printer
 * over the in-process wire, the embedded branch service. Commands go in through the bridge
 * exactly as the renderer sends them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import type { Kiosk } from '../../main/kiosk.js';
import { startTestKiosk, waitForScreen, waitForView } from '../support/kiosk-harness.js';

const running: Kiosk[] = [];
afterEach(async () => {
  for (const kiosk of running.splice(0)) await kiosk.stop();
});

async function start(overrides = {}) {
  const started = await startTestKiosk(overrides);
  running.push(started.kiosk);
  return started;
}

async function takeTicket(kiosk: Kiosk, businessTypeId: string) {
  kiosk.bridge.dispatch({ type: 'START' });
  kiosk.bridge.dispatch({ type: 'START_FLOW', flow: 'ticket' });
  const choose = await waitForScreen(kiosk, 'chooseBusinessType');
  expect(choose.businessTypes.length).toBeGreaterThan(0);
  kiosk.bridge.dispatch({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId });
  return waitForScreen(kiosk, ['ticketIssued', 'ticketNotPrinted']);
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('kiosk (host, headless)', () => {
  it('issues a ticket: printed with number and QR, recorded once, delivered to the branch service', async () => {
    const { kiosk } = await start();
    const first = kiosk.bridge.view();
    expect(first.screen).toBe('attract');
    const types = await (async () => {
      kiosk.bridge.dispatch({ type: 'START' });
      kiosk.bridge.dispatch({ type: 'START_FLOW', flow: 'ticket' });
      return (await waitForScreen(kiosk, 'chooseBusinessType')).businessTypes;
    })();
    const type = types[0]!;
    kiosk.bridge.dispatch({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: type.id });
    const issued = await waitForScreen(kiosk, 'ticketIssued');
    expect(issued.ticket.number).toBe(`${type.prefix}001`);

    const receipt = await kiosk.virtualPrinter!.waitForReceipt();
    expect(receipt.lines.map((l) => l.text).join('\n')).toContain(issued.ticket.number);
    expect(receipt.qrCodes).toEqual([issued.ticket.qrPayload]);

    const result = await kiosk.sync.syncNow();
    expect(result.outcome).toBe('delivered');
    const rows = await kiosk.branchService!.query<{ number: string; delivery: string }>(
      'select number, delivery from tickets',
    );
    expect(rows).toEqual([{ number: issued.ticket.number, delivery: 'printed' }]);

    kiosk.bridge.dispatch({ type: 'FINISH' });
    await waitForView(kiosk, (v) => v.screen === 'attract');
  });

  it('shows the number and says why when the printer does not answer the status barrier', async () => {
    const { kiosk, log } = await start();
    kiosk.virtualPrinter!.setSilent(true);
    const types = (
      await (async () => {
        kiosk.bridge.dispatch({ type: 'START' });
        kiosk.bridge.dispatch({ type: 'START_FLOW', flow: 'ticket' });
        return waitForScreen(kiosk, 'chooseBusinessType');
      })()
    ).businessTypes;
    kiosk.bridge.dispatch({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: types[0]!.id });
    const view = await waitForScreen(kiosk, 'ticketNotPrinted', 20_000);
    expect(view.ticket.number).toMatch(/^[A-Z]+\d{3}$/);
    expect(view.notice?.key).toBe('notice.printerFailed');
    expect(view.prompt).toEqual({
      key: 'ticketNotPrinted.noteNumber',
      params: { number: view.ticket.number },
    });
    expect(log.named('ticket.notPrinted')).toEqual([
      expect.objectContaining({ ticket: view.ticket.number, reason: 'offline' }),
    ]);
    // The customer has the number on screen: the ticket is issued with delivery "screen".
    expect(kiosk.store.outboxStats().pending).toBe(1);
  });

  it('refuses an unknown business type with a notice and keeps the choice open', async () => {
    const { kiosk } = await start();
    kiosk.bridge.dispatch({ type: 'START' });
    kiosk.bridge.dispatch({ type: 'START_FLOW', flow: 'ticket' });
    await waitForScreen(kiosk, 'chooseBusinessType');
    kiosk.bridge.dispatch({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'gold-bars' });
    const view = await waitForView(kiosk, (v) => v.notice !== null);
    expect(view.screen).toBe('chooseBusinessType');
    expect(view.notice).toEqual({ key: 'notice.unknownBusinessType' });
    expect(kiosk.virtualPrinter!.receipts()).toEqual([]);
  });

  it('issues tickets while the branch service is unreachable; they wait in the outbox', async () => {
    // First run with the embedded service, to cache the business types the way a kiosk would.
    const { kiosk: online } = await start();
    const dataDir = online.config.dataDir;
    await online.stop();
    running.splice(running.indexOf(online), 1);

    const port = await closedPort();
    const { kiosk, log } = await start({
      dataDir,
      branchService: { kind: 'remote', url: `http://127.0.0.1:${port}/` },
    });
    const view = await takeTicket(kiosk, 'personal');
    expect(view.screen).toBe('ticketIssued');
    const result = await kiosk.sync.syncNow();
    expect(result.outcome).toBe('retry-later');
    expect(kiosk.store.outboxStats().pending).toBe(1);
    expect(kiosk.sync.status().lastError).toBeTruthy();
    expect(log.named('sync.configUnavailable')).toHaveLength(1);
    // One line for the technician when sync starts failing, not one per retry.
    expect(log.named('sync.deliveryFailing')).toEqual([expect.objectContaining({ backlog: 1 })]);
  });

  it('stops cleanly: a second kiosk can reuse the same data folder at once', async () => {
    const { kiosk } = await start();
    const dataDir = kiosk.config.dataDir;
    await kiosk.stop();
    running.splice(running.indexOf(kiosk), 1);
    const { kiosk: again } = await start({ dataDir });
    expect(again.bridge.view().screen).toBe('attract');
  });

  it('warns with a countdown before resetting for the next customer, and a touch postpones it', async () => {
    const { kiosk } = await start({ session: { inactivityMs: 300, warningMs: 2_000 } });
    kiosk.bridge.dispatch({ type: 'START' });
    kiosk.bridge.dispatch({ type: 'SET_LANGUAGE', language: 'en' });
    const warned = await waitForView(kiosk, (v) => v.inactivityWarningSeconds !== null);
    expect(warned.screen).toBe('menu');
    expect(warned.inactivityWarningSeconds).toBe(2);
    kiosk.bridge.dispatch({ type: 'ACTIVITY' });
    await waitForView(kiosk, (v) => v.inactivityWarningSeconds === null);
    await waitForView(kiosk, (v) => v.inactivityWarningSeconds === 1);
    const reset = await waitForView(kiosk, (v) => v.screen === 'attract');
    expect(reset.language).toBe('zh-CN');
    expect(reset.inactivityWarningSeconds).toBeNull();
  });

  it('retries a passing store failure after printing, and the ticket is issued once', async () => {
    const { kiosk, log } = await start();
    const realIssue = kiosk.store.issueTicket.bind(kiosk.store);
    let failures = 1;
    kiosk.store.issueTicket = (id, input) => {
      if (failures-- > 0) throw new Error('SQLITE_BUSY: database is locked');
      return realIssue(id, input);
    };
    const view = await takeTicket(kiosk, 'personal');
    expect(view.screen).toBe('ticketIssued');
    expect(kiosk.store.outboxStats().pending).toBe(1);
    expect(log.named('ticket.issueRetrying')).toEqual([
      expect.objectContaining({
        ticket: view.ticket.number,
        attempt: 1,
        reason: expect.stringContaining('SQLITE_BUSY'),
      }),
    ]);
  });

  it('tells the customer to show a printed ticket the store could not record, and the technician why', async () => {
    const { kiosk, log } = await start();
    kiosk.store.issueTicket = () => {
      throw new Error('SQLITE_FULL: database or disk is full');
    };
    kiosk.bridge.dispatch({ type: 'START' });
    kiosk.bridge.dispatch({ type: 'START_FLOW', flow: 'ticket' });
    await waitForScreen(kiosk, 'chooseBusinessType');
    kiosk.bridge.dispatch({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'personal' });
    const view = await waitForScreen(kiosk, 'outOfService');
    const printed = await kiosk.virtualPrinter!.waitForReceipt();
    const number = printed.lines
      .map((l) => l.text)
      .join('')
      .match(/A\d{3}/)![0];
    expect(view.notice).toEqual({ key: 'notice.ticketNotRegistered', params: { number } });
    expect(log.named('ticket.flowFailed')).toEqual([
      expect.objectContaining({ ticket: number, reason: expect.stringContaining('SQLITE_FULL') }),
    ]);
    kiosk.bridge.dispatch({ type: 'FINISH' });
    await waitForView(kiosk, (v) => v.screen === 'attract');
  });

  it('keeps the embedded branch service’s tickets across a restart', async () => {
    const { kiosk } = await start();
    const dataDir = kiosk.config.dataDir;
    const issued = await takeTicket(kiosk, 'personal');
    await kiosk.sync.syncNow();
    await kiosk.stop();
    running.splice(running.indexOf(kiosk), 1);
    const { kiosk: again } = await start({ dataDir });
    const rows = await again.branchService!.query<{ number: string }>('select number from tickets');
    expect(rows).toEqual([{ number: issued.ticket.number }]);
  });

  it('tells the technician at boot about tickets reserved but never issued (a crash mid-print)', async () => {
    const { kiosk } = await start();
    const dataDir = kiosk.config.dataDir;
    const type = {
      id: 'personal',
      prefix: 'A',
      name: { 'zh-CN': '个人业务', en: 'Personal banking' },
    };
    const orphan = kiosk.store.reserveTicket({ businessType: type });
    await kiosk.stop();
    running.splice(running.indexOf(kiosk), 1);
    const { log } = await start({ dataDir });
    expect(log.named('store.unissuedTickets')).toEqual([
      expect.objectContaining({
        count: 1,
        ticketIds: [orphan.id],
        tickets: expect.stringContaining(orphan.number),
      }),
    ]);
  });

  it('stop() closes every server, socket, port and timer it opened', async () => {
    const settle = () => new Promise((r) => setTimeout(r, 200));
    await settle();
    const before = process.getActiveResourcesInfo().sort();
    const { kiosk } = await start();
    await takeTicket(kiosk, 'personal');
    await kiosk.sync.syncNow();
    expect(process.getActiveResourcesInfo().length).toBeGreaterThan(before.length);
    await kiosk.stop();
    running.splice(running.indexOf(kiosk), 1);
    await settle();
    expect(process.getActiveResourcesInfo().sort()).toEqual(before);
  });

  it('never resets the session while a ticket is printing, then gives the customer full time', async () => {
    // The inactivity timer is far shorter than the silent printer's timeouts (~3 s).
    const { kiosk } = await start({ session: { inactivityMs: 300, warningMs: 300 } });
    const screens: string[] = [];
    kiosk.bridge.onView((v) => screens.push(v.screen));
    kiosk.virtualPrinter!.setSilent(true);
    kiosk.bridge.dispatch({ type: 'START' });
    kiosk.bridge.dispatch({ type: 'START_FLOW', flow: 'ticket' });
    await waitForScreen(kiosk, 'chooseBusinessType');
    kiosk.bridge.dispatch({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'personal' });
    const result = await waitForScreen(kiosk, 'ticketNotPrinted', 20_000);
    expect(screens.slice(screens.indexOf('printing'))).not.toContain('attract');
    expect(result.inactivityWarningSeconds).toBeNull();
    expect(kiosk.store.outboxStats().pending).toBe(1);
    // Then the usual reset, after the full inactivity time.
    await waitForView(kiosk, (v) => v.screen === 'attract');
  });

  it('says the printer is out of paper before the customer chooses, shows the number, and recovers by itself', async () => {
    const { kiosk, log } = await start();
    kiosk.virtualPrinter!.setPaper('out');
    kiosk.bridge.dispatch({ type: 'START' });
    // The printer's supervisor notices on its next idle poll.
    const menu = await waitForView(
      kiosk,
      (v) => v.screen === 'menu' && v.notice?.key === 'notice.printerDown',
      15_000,
    );
    expect(menu.notice?.params?.reason).toBe('缺纸');
    kiosk.bridge.dispatch({ type: 'START_FLOW', flow: 'ticket' });
    kiosk.bridge.dispatch({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'personal' });
    const shown = await waitForScreen(kiosk, 'ticketNotPrinted');
    expect(shown.notice?.key).toBe('notice.printerFailed');
    // Nothing was sent to the printer that would hold it.
    expect(kiosk.virtualPrinter!.receipts()).toEqual([]);
    expect(log.named('device.statusChanged').length).toBeGreaterThan(0);
    kiosk.virtualPrinter!.setPaper('full');
    kiosk.bridge.dispatch({ type: 'FINISH' });
    kiosk.bridge.dispatch({ type: 'START' });
    await waitForView(kiosk, (v) => v.screen === 'menu' && v.notice === null, 15_000);
  });

  it('asks the customer to note a number that was neither printed nor recorded', async () => {
    const { kiosk } = await start();
    kiosk.virtualPrinter!.setSilent(true);
    kiosk.store.issueTicket = () => {
      throw new Error('SQLITE_FULL: database or disk is full');
    };
    kiosk.bridge.dispatch({ type: 'START' });
    kiosk.bridge.dispatch({ type: 'START_FLOW', flow: 'ticket' });
    await waitForScreen(kiosk, 'chooseBusinessType');
    kiosk.bridge.dispatch({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'personal' });
    const view = await waitForScreen(kiosk, 'outOfService', 20_000);
    expect(view.notice?.key).toBe('notice.numberNotRegistered');
    expect(view.notice?.params?.number).toMatch(/^A\d{3}$/);
  });
});
