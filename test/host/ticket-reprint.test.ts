/**
 * "Print again" on the not-printed screen, in the whole kiosk under Node with the in-process
 * virtual printer (which sends Automatic Status Back): offered only while the printer is ready,
 * nothing printed again by itself when the printer comes back, one print per tap; the ticket's
 * record then says it was printed, at the kiosk and at the branch.
 */
import { describe, expect, it } from 'vitest';
import { waitForScreen, waitForView } from '../support/kiosk-harness.js';
import { start } from './kiosk-helpers.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('kiosk (host, headless): print the ticket again', () => {
  it('is offered once the printer is ready, prints once per tap, and never by itself', async () => {
    const { kiosk, log } = await start();
    const printer = kiosk.virtualPrinter!;
    printer.setPaper('out');
    kiosk.bridge.dispatch({ type: 'START' });
    kiosk.bridge.dispatch({ type: 'START_FLOW', flow: 'ticket' });
    await waitForScreen(kiosk, 'chooseBusinessType');
    kiosk.bridge.dispatch({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'personal' });
    await waitForScreen(kiosk, 'confirmTicket');
    kiosk.bridge.dispatch({ type: 'CONFIRM_TICKET' });
    const notPrinted = await waitForScreen(kiosk, 'ticketNotPrinted', 20_000);
    const number = notPrinted.ticket.number;
    // The printer cannot print: no "print again", and a tap anyway does nothing.
    expect(notPrinted.canReprint).toBe(false);
    kiosk.bridge.dispatch({ type: 'REPRINT_TICKET' });
    await sleep(300);
    expect(printer.receiptsPrinted).toBe(0);

    // A new roll: the printer says so by itself, the offer appears, nothing prints yet.
    printer.setPaper('full');
    const offered = await waitForView(
      kiosk,
      (v) => v.screen === 'ticketNotPrinted' && v.canReprint,
      10_000,
    );
    expect(offered.screen === 'ticketNotPrinted' && offered.ticket.number).toBe(number);
    await sleep(1000);
    expect(printer.receiptsPrinted).toBe(0);

    // Two quick taps: one ticket.
    kiosk.bridge.dispatch({ type: 'REPRINT_TICKET' });
    kiosk.bridge.dispatch({ type: 'REPRINT_TICKET' });
    const issued = await waitForScreen(kiosk, 'ticketIssued', 20_000);
    expect(issued.ticket.number).toBe(number);
    await sleep(500);
    expect(printer.receiptsPrinted).toBe(1);
    const receipt = await printer.waitForReceipt();
    expect(receipt.lines.map((l) => l.text)).toContain(number);
    expect(log.named('printer.ticketReprinted')).toEqual([
      expect.objectContaining({ ticket: number, jobId: expect.stringMatching(/^job-/) }),
    ]);
    // The first attempt's failure named its job too.
    expect(log.named('ticket.notPrinted')).toEqual([
      expect.objectContaining({ ticket: number, reason: 'paperOut', reprint: false }),
    ]);
    expect(log.named('ticket.notPrinted')[0]?.['jobId']).toMatch(/^job-/);

    // The record says the customer now holds paper, here and, once synced, at the branch.
    const ticketId = String(log.named('ticket.notPrinted')[0]?.['ticketId']);
    expect(kiosk.store.getTicket(ticketId)?.delivery).toBe('printed');
    expect(log.named('ticket.reprintNotRecorded')).toEqual([]);
    // The worker may have sent it already (its own interval): ask until the outbox is empty.
    while (kiosk.store.outboxStats().pending > 0) await kiosk.sync.syncNow();
    const atBranch = await kiosk.branchService!.query<{ delivery: string }>(
      'SELECT delivery FROM tickets WHERE id = $1',
      [ticketId],
    );
    expect(atBranch).toEqual([{ delivery: 'printed' }]);
  });
});
