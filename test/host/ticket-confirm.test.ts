/**
 * The whole kiosk: before printing, the customer sees the people ahead and the estimated wait
 * from the copy of the branch's queue status, or "wait unknown" when the branch is not
 * answering; going back takes no number. (A fresh kiosk that never reached the branch has no
 * numbers to give: the offline ticket itself is kiosk.test.ts's.)
 */
import { describe, expect, it } from 'vitest';
import { waitForScreen } from '../support/kiosk-harness.js';
import { closedPort, start, takeTicket } from './kiosk-helpers.js';

async function toConfirm(kiosk: Awaited<ReturnType<typeof start>>['kiosk']) {
  kiosk.bridge.dispatch({ type: 'START' });
  kiosk.bridge.dispatch({ type: 'START_FLOW', flow: 'ticket' });
  await waitForScreen(kiosk, 'chooseBusinessType');
  kiosk.bridge.dispatch({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'personal' });
  return waitForScreen(kiosk, 'confirmTicket');
}

describe('confirm before printing (host)', () => {
  it("shows the branch's count and estimate as of its time; going back takes no number", async () => {
    const { kiosk } = await start();
    const before = await toConfirm(kiosk);
    expect(before.businessType.id).toBe('personal');
    expect(before.wait).toMatchObject({ waitUnknown: false, waitingAhead: 0 });
    expect(before.wait.asOf).toMatch(/^\d\d:\d\d$/);
    kiosk.bridge.dispatch({ type: 'BACK' });
    await waitForScreen(kiosk, 'chooseBusinessType');
    expect(kiosk.virtualPrinter!.receipts()).toEqual([]);
    kiosk.bridge.dispatch({ type: 'BACK' });
    await waitForScreen(kiosk, 'menu');

    // Confirmed: the ticket carries the same count as of the same time.
    const issued = await takeTicket(kiosk, 'personal');
    expect(issued.screen).toBe('ticketIssued');
    expect(issued.ticket).toMatchObject({ waitUnknown: false, waitingAhead: 0 });
    expect(issued.ticket.asOf).toMatch(/^\d\d:\d\d$/);
    expect(issued.ticket.issuedAt).toMatch(/^\d\d:\d\d$/);
  });

  it('says "wait unknown" when the branch service does not answer', async () => {
    const port = await closedPort();
    const { kiosk } = await start({
      branchService: { kind: 'remote', url: `http://127.0.0.1:${port}/` },
    });
    const confirm = await toConfirm(kiosk);
    expect(confirm.wait.waitUnknown).toBe(true);
    expect(confirm.wait).not.toHaveProperty('asOf');
    kiosk.bridge.dispatch({ type: 'BACK' });
    await waitForScreen(kiosk, 'chooseBusinessType');
    expect(kiosk.virtualPrinter!.receipts()).toEqual([]);
  });
});
