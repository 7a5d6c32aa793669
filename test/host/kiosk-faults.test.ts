/**
 * The whole kiosk under Node, when something fails: a printer that does not answer or runs out of
 * paper, a store that cannot record a ticket. Split from kiosk.test.ts so both run in parallel.
 */
import { describe, expect, it } from 'vitest';
import { waitForScreen, waitForView } from '../support/kiosk-harness.js';
import { start, takeTicket } from './kiosk-helpers.js';

describe('kiosk (host, headless): faults', () => {
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
    await waitForScreen(kiosk, 'confirmTicket');
    kiosk.bridge.dispatch({ type: 'CONFIRM_TICKET' });
    const view = await waitForScreen(kiosk, 'ticketNotPrinted', 20_000);
    expect(view.ticket.number).toMatch(/^[A-Z]+\d{4}$/);
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
    await waitForScreen(kiosk, 'confirmTicket');
    kiosk.bridge.dispatch({ type: 'CONFIRM_TICKET' });
    const view = await waitForScreen(kiosk, 'outOfService');
    const printed = await kiosk.virtualPrinter!.waitForReceipt();
    const number = printed.lines
      .map((l) => l.text)
      .join('')
      .match(/A\d{4}/)![0];
    expect(view.notice).toEqual({ key: 'notice.ticketNotRegistered', params: { number } });
    expect(log.named('ticket.flowFailed')).toEqual([
      expect.objectContaining({ ticket: number, reason: expect.stringContaining('SQLITE_FULL') }),
    ]);
    kiosk.bridge.dispatch({ type: 'FINISH' });
    await waitForView(kiosk, (v) => v.screen === 'attract');
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
    await waitForScreen(kiosk, 'confirmTicket');
    kiosk.bridge.dispatch({ type: 'CONFIRM_TICKET' });
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
    await waitForScreen(kiosk, 'confirmTicket');
    kiosk.bridge.dispatch({ type: 'CONFIRM_TICKET' });
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
    await waitForScreen(kiosk, 'confirmTicket');
    kiosk.bridge.dispatch({ type: 'CONFIRM_TICKET' });
    const view = await waitForScreen(kiosk, 'outOfService', 20_000);
    expect(view.notice?.key).toBe('notice.numberNotRegistered');
    expect(view.notice?.params?.number).toMatch(/^A\d{4}$/);
  });
});
