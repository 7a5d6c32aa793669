/**
 * The whole kiosk under Node: composition root, machines, the real store, the virtual printer
 * over the in-process wire, the embedded branch service. Commands go in through the bridge
 * exactly as the renderer sends them. Faults (printer, store) are in kiosk-faults.test.ts.
 */
import { describe, expect, it, vi } from 'vitest';
import { wipeCardRead } from '../../devices/idcard/index.js';
import { TEST_CARDS } from '../../devices/sim/index.js';
import { waitForScreen, waitForView } from '../support/kiosk-harness.js';
import { closedPort, start, stopEarly, takeTicket } from './kiosk-helpers.js';

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
    await waitForScreen(kiosk, 'confirmTicket');
    kiosk.bridge.dispatch({ type: 'CONFIRM_TICKET' });
    const issued = await waitForScreen(kiosk, 'ticketIssued');
    expect(issued.ticket.number).toBe(`${type.prefix}0001`);

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
    await stopEarly(online);

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
    await stopEarly(kiosk);
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

  it('keeps the embedded branch service’s tickets across a restart', async () => {
    const { kiosk } = await start();
    const dataDir = kiosk.config.dataDir;
    const issued = await takeTicket(kiosk, 'personal');
    await kiosk.sync.syncNow();
    await stopEarly(kiosk);
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
    await stopEarly(kiosk);
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
    await stopEarly(kiosk);
    await settle();
    expect(process.getActiveResourcesInfo().sort()).toEqual(before);
  });

  it('supervises the simulated ID-card reader: online with its SAM ready, and it reads a test card', async () => {
    const { kiosk, log } = await start({ idReader: { kind: 'simulated' } });
    await vi.waitFor(
      () => expect(kiosk.devices.idReaderStatus()).toMatchObject({ device: 'online', sam: 'ok' }),
      {
        timeout: 10_000,
      },
    );
    const [card] = TEST_CARDS;
    kiosk.devices.virtualIdReader!.placeCard(card!);
    const read = await kiosk.devices.idReader!.readCard();
    expect(read.outcome).toBe('read');
    if (read.outcome === 'read') {
      expect(read.card.identity).toMatchObject({ ok: true, identity: { name: '王𠀀' } });
      wipeCardRead(read.card);
    }
    // The reader's status changes reach the technician log, and never an identity.
    expect(log.named('device.statusChanged').some((e) => e.device === 'idReader')).toBe(true);
    expect(JSON.stringify(log.events())).not.toContain('王𠀀');
  });
});
