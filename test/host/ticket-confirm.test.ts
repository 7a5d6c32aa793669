/**
 * The whole kiosk: before printing, the customer sees the people ahead and the estimated wait
 * from the copy of the branch's queue status, or "wait unknown" when the branch is not
 * answering; going back takes no number. A priority ticket (an appointment checked in) is told
 * only the served-first tickets ahead of it, as the counters will call them. (A fresh kiosk that never reached the branch has no
 * numbers to give: the offline ticket itself is kiosk.test.ts's.)
 */
import { describe, expect, it, vi } from 'vitest';
import { createAppointment } from '../../branch-service/appointments.js';
import { DEFAULT_BUSINESS_TYPES } from '../../branch-service/defaults.js';
import type { QueueStatus } from '../../src/contract/numbers.js';
import { serviceDayOf } from '../../src/store/index.js';
import { QUEUE_STATUS_KEY } from '../../src/sync/index.js';
import { waitForScreen, waitForView } from '../support/kiosk-harness.js';
import { closedPort, start, takeTicket } from './kiosk-helpers.js';

async function toConfirm(kiosk: Awaited<ReturnType<typeof start>>['kiosk']) {
  kiosk.bridge.dispatch({ type: 'START' });
  kiosk.bridge.dispatch({ type: 'START_FLOW', flow: 'ticket' });
  await waitForScreen(kiosk, 'chooseBusinessType');
  kiosk.bridge.dispatch({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'personal' });
  return waitForScreen(kiosk, 'confirmTicket');
}

/** Today's appointment `code` checked in at the kiosk, up to its confirm screen. */
async function appointmentToConfirm(
  kiosk: Awaited<ReturnType<typeof start>>['kiosk'],
  code: string,
) {
  await createAppointment(
    kiosk.branchService!.db,
    {
      code,
      businessTypeId: 'personal',
      serviceDay: serviceDayOf(new Date()),
      timeSlot: '09:30-10:00',
    },
    DEFAULT_BUSINESS_TYPES,
  );
  kiosk.bridge.dispatch({ type: 'START' });
  kiosk.bridge.dispatch({ type: 'START_FLOW', flow: 'appointment' });
  await waitForScreen(kiosk, 'appointmentCode');
  for (const text of code) kiosk.bridge.dispatch({ type: 'TYPE_APPOINTMENT_CODE', text });
  await waitForView(kiosk, (v) => v.screen === 'appointmentCode' && v.input === code);
  kiosk.bridge.dispatch({ type: 'SUBMIT_APPOINTMENT_CODE' });
  await waitForScreen(kiosk, 'appointmentFound');
  kiosk.bridge.dispatch({ type: 'TAKE_APPOINTMENT_TICKET' });
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

  it("counts this kiosk's ticket at once, and only once when the branch's status has it", async () => {
    const { kiosk } = await start();
    // The copy the kiosk fetched at start, before any ticket.
    const waitingInCopy = () =>
      (
        kiosk.store.getCachedConfig(QUEUE_STATUS_KEY)?.value as QueueStatus | undefined
      )?.queues.find((q) => q.businessTypeId === 'personal')?.waiting;
    expect(waitingInCopy()).toBe(0);
    const first = await takeTicket(kiosk, 'personal');
    expect(first.screen).toBe('ticketIssued');
    kiosk.bridge.dispatch({ type: 'FINISH' });
    await waitForView(kiosk, (v) => v.screen === 'attract');

    // The next customer, at once (the poller's own interval is 15 s): one ahead.
    const next = await toConfirm(kiosk);
    expect(next.wait).toMatchObject({ waitUnknown: false, waitingAhead: 1 });
    // The copy was fetched again right after the allocation and now counts the ticket itself:
    // still one ahead, not two.
    await vi.waitFor(() => expect(waitingInCopy()).toBe(1), { timeout: 5_000 });
    kiosk.bridge.dispatch({ type: 'BACK' });
    await waitForScreen(kiosk, 'chooseBusinessType');
    kiosk.bridge.dispatch({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'personal' });
    const again = await waitForScreen(kiosk, 'confirmTicket');
    expect(again.wait).toMatchObject({ waitUnknown: false, waitingAhead: 1 });

    // The second ticket: the branch's count and the kiosk's agree on two waiting.
    kiosk.bridge.dispatch({ type: 'CONFIRM_TICKET' });
    const second = await waitForScreen(kiosk, 'ticketIssued');
    expect(second.ticket).toMatchObject({ waitUnknown: false, waitingAhead: 1 });
    kiosk.bridge.dispatch({ type: 'FINISH' });
    await waitForView(kiosk, (v) => v.screen === 'attract');
    const third = await toConfirm(kiosk);
    expect(third.wait).toMatchObject({ waitUnknown: false, waitingAhead: 2 });
    await vi.waitFor(() => expect(waitingInCopy()).toBe(2), { timeout: 5_000 });
    const waiting = await kiosk.branchService!.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM queue_entries WHERE state = 'waiting'",
    );
    expect(waiting).toEqual([{ n: 2 }]);
    kiosk.bridge.dispatch({ type: 'BACK' });
    await waitForScreen(kiosk, 'chooseBusinessType');
    kiosk.bridge.dispatch({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'personal' });
    expect((await waitForScreen(kiosk, 'confirmTicket')).wait).toMatchObject({ waitingAhead: 2 });
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

  it('tells an appointment only the served-first ahead, a walk-in everyone', async () => {
    const { kiosk } = await start();
    const inCopy = () =>
      (
        kiosk.store.getCachedConfig(QUEUE_STATUS_KEY)?.value as QueueStatus | undefined
      )?.queues.find((q) => q.businessTypeId === 'personal');
    // Back from the confirm screen to the attract screen: nothing taken, nothing carried over.
    const leave = async () => {
      kiosk.bridge.dispatch({ type: 'BACK' });
      await waitForScreen(kiosk, 'chooseBusinessType');
      kiosk.bridge.dispatch({ type: 'BACK' });
      await waitForScreen(kiosk, 'menu');
      kiosk.bridge.dispatch({ type: 'BACK' });
      await waitForView(kiosk, (v) => v.screen === 'attract');
    };
    const finish = async () => {
      kiosk.bridge.dispatch({ type: 'FINISH' });
      await waitForView(kiosk, (v) => v.screen === 'attract');
    };
    for (let i = 0; i < 2; i++) {
      expect((await takeTicket(kiosk, 'personal')).screen).toBe('ticketIssued');
      await finish();
    }
    // Two walk-ins waiting: the appointment is called before both.
    const first = await appointmentToConfirm(kiosk, '20261127');
    expect(first.wait).toMatchObject({ waitUnknown: false, waitingAhead: 0 });
    kiosk.bridge.dispatch({ type: 'CONFIRM_TICKET' });
    const issued = await waitForScreen(kiosk, 'ticketIssued');
    expect(issued.ticket).toMatchObject({ priority: 'appointment', waitingAhead: 0 });
    await finish();

    // At once (this kiosk's number, before the copy has it) and once the copy counts it: the
    // next appointment has one ahead, a walk-in all three.
    for (const when of ['at once', 'in the copy']) {
      if (when === 'in the copy') {
        await vi.waitFor(
          () => expect(inCopy()).toMatchObject({ waiting: 3, waitingServedFirst: 1 }),
          { timeout: 5_000 },
        );
      }
      const walkIn = await toConfirm(kiosk);
      expect(walkIn.wait, when).toMatchObject({ waitUnknown: false, waitingAhead: 3 });
      await leave();
      const appointment = await appointmentToConfirm(
        kiosk,
        when === 'at once' ? '20261128' : '20261129',
      );
      expect(appointment.wait, when).toMatchObject({ waitUnknown: false, waitingAhead: 1 });
      await leave();
    }
    expect(kiosk.virtualPrinter!.receipts()).toHaveLength(3);
  });
});
