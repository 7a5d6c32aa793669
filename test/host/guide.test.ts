/**
 * Guide assistance in the whole kiosk under Node (createKiosk, the embedded branch service on
 * PGlite, the in-process virtual printer): a call for a guide reaches the branch service; wrong
 * staff PINs lock the keypad out, every use audited and synced; the right PIN unlocks assisted
 * mode, whose priority ticket is issued as senior and never carries over to the next customer.
 */
import { describe, expect, it } from 'vitest';
import type { KioskView } from '../../src/bridge/contract.js';
import type { Kiosk } from '../../main/kiosk.js';
import { waitForScreen, waitForView } from '../support/kiosk-harness.js';
import { createMemoryLog } from '../../src/log/index.js';
import { createKiosk } from '../../main/kiosk.js';
import { testConfig } from '../support/kiosk-harness.js';
import { BranchServiceClient } from '../../src/sync/index.js';
import { closedPort, start } from './kiosk-helpers.js';

/** The items of `kind` the branch service holds, once it holds `count` of them. */
async function heldItems(kiosk: Kiosk, kind: string, count: number) {
  const service = kiosk.branchService!;
  const deadline = Date.now() + 15_000;
  for (;;) {
    const rows = await service.query<{ payload: Record<string, unknown> }>(
      `SELECT payload FROM kiosk_items WHERE kind = $1 ORDER BY seq`,
      [kind],
    );
    if (rows.length >= count || Date.now() > deadline) return rows.map((r) => r.payload);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A whole kiosk on `config` with its clock (the caller stops it). */
async function startWithClock(config: ReturnType<typeof testConfig>, now: () => Date) {
  const log = createMemoryLog();
  const kiosk = await createKiosk(config, { logger: log.logger, now });
  await kiosk.start();
  return { kiosk, log };
}

async function callGuide(kiosk: Kiosk) {
  kiosk.bridge.dispatch({ type: 'START' });
  const menu = await waitForScreen(kiosk, 'menu');
  expect(menu.entries.map((e) => e.flow)).toContain('guide');
  kiosk.bridge.dispatch({ type: 'START_FLOW', flow: 'guide' });
  return waitForView(kiosk, (v) => v.screen === 'guideCalled' && v.status !== 'calling');
}

async function typePin(kiosk: Kiosk, pin: string) {
  for (const digit of pin) kiosk.bridge.dispatch({ type: 'PIN_DIGIT', digit });
  await waitForView(kiosk, (v) => v.screen === 'guidePin' && v.pinLength === pin.length);
  kiosk.bridge.dispatch({ type: 'PIN_SUBMIT' });
  return waitForView(
    kiosk,
    (v) =>
      (v.screen === 'guidePin' && !v.checking && v.pinLength === 0 && v.notice !== null) ||
      v.screen === 'guideLockedOut' ||
      v.screen === 'guideAssisted',
  );
}

/**
 * The lockout screen counts down from the lockout's length. The seconds are what is left when the
 * screen is drawn: the hash check runs on the thread pool, and on a loaded machine a second may
 * have passed since the lockout began (the back-off's exact lengths are the PIN lock's unit tests').
 */
function expectLockedFor(view: KioskView, seconds: number): void {
  expect(view.screen).toBe('guideLockedOut');
  const left = view.screen === 'guideLockedOut' ? view.lockedSeconds : -1;
  expect(left).toBeLessThanOrEqual(seconds);
  expect(left).toBeGreaterThan(seconds - 5);
}

describe('kiosk (host, headless): guide assistance', () => {
  it('a call for a guide is stored, confirmed on screen and reaches the branch service', async () => {
    const { kiosk, log } = await start();
    const called = await callGuide(kiosk);
    expect(called).toMatchObject({ screen: 'guideCalled', status: 'sent' });
    const [event] = log.named('guide.called');
    expect(event).toMatchObject({ callId: expect.any(String) });
    const [held] = await heldItems(kiosk, 'guide.called', 1);
    expect(held).toMatchObject({ id: event!['callId'], kioskId: kiosk.config.kioskId });
    kiosk.bridge.dispatch({ type: 'BACK' });
    await waitForScreen(kiosk, 'menu');
  });

  it('tells the waiting customer a guide is on the way once a guide acknowledges the call', async () => {
    const { kiosk, log } = await start();
    expect(await callGuide(kiosk)).toMatchObject({
      status: 'sent',
      prompt: { key: 'guide.sent' },
    });
    const [event] = log.named('guide.called');
    const callId = String(event!['callId']);
    await heldItems(kiosk, 'guide.called', 1);
    // The lobby guide's desk (its own client; here the kiosk's credential) answers the call.
    const desk = new BranchServiceClient({
      baseUrl: kiosk.branchServiceUrl,
      kioskId: kiosk.config.kioskId,
      token: kiosk.config.kioskToken,
    });
    expect((await desk.listGuideCalls()).calls.map((c) => [c.callId, c.state])).toEqual([
      [callId, 'open'],
    ]);
    await desk.guideCallUpdate('acknowledge', callId, 'Li Na');
    const onTheWay = await waitForView(
      kiosk,
      (v) => v.screen === 'guideCalled' && v.status === 'onTheWay',
    );
    expect(onTheWay).toMatchObject({ prompt: { key: 'guide.onTheWay' } });
    expect(log.named('guide.acknowledged')).toEqual([
      expect.objectContaining({ callId, guideId: 'Li Na' }),
    ]);
  });

  it('a call made while the branch service is down is kept in the outbox and the screen says it will be delivered', async () => {
    const port = await closedPort();
    const { kiosk, log } = await start({
      branchService: { kind: 'remote', url: `http://127.0.0.1:${port}/` },
    });
    kiosk.bridge.dispatch({ type: 'START' });
    await waitForScreen(kiosk, 'menu');
    kiosk.bridge.dispatch({ type: 'START_FLOW', flow: 'guide' });
    const queued = await waitForView(
      kiosk,
      (v) => v.screen === 'guideCalled' && v.status === 'queued',
    );
    expect(queued).toMatchObject({ prompt: { key: 'guide.queued' }, notice: null });
    expect(log.named('guide.called')).toHaveLength(1);
    const pending = kiosk.store
      .nextOutboxBatch({ maxItems: 10, maxBytes: 100_000 })
      .filter((item) => item.kind === 'guide.called');
    expect(pending.map((item) => (item.payload as { id: string }).id)).toEqual([
      log.named('guide.called')[0]!['callId'],
    ]);
  });

  it('locks the keypad out after 3 wrong PINs, audits every use and never logs or shows the digits', async () => {
    const { kiosk, log } = await start();
    await callGuide(kiosk);
    kiosk.bridge.dispatch({ type: 'STAFF_UNLOCK' });
    await waitForScreen(kiosk, 'guidePin');
    const first = await typePin(kiosk, '1111');
    expect(first).toMatchObject({
      screen: 'guidePin',
      notice: { key: 'guide.wrongPin', params: { count: 2 } },
    });
    await typePin(kiosk, '1111');
    expectLockedFor(await typePin(kiosk, '1111'), 30);
    // Locked: the right PIN is refused too, and that use is audited as well.
    kiosk.bridge.dispatch({ type: 'STAFF_UNLOCK' });
    await waitForScreen(kiosk, 'guidePin');
    expect(await typePin(kiosk, '2580')).toMatchObject({ screen: 'guideLockedOut' });

    expect(log.named('guide.pinRejected').map((e) => e['failures'])).toEqual([1, 2]);
    expect(log.named('guide.lockedOut').map((e) => e['failures'])).toEqual([3, 3]);
    expect(log.named('guide.pinAccepted')).toEqual([]);
    const everything = JSON.stringify(log.events());
    expect(everything).not.toContain('1111');
    expect(everything).not.toContain('2580');
    const audits = await heldItems(kiosk, 'guide.audit', 4);
    expect(audits.map((a) => a['outcome'])).toEqual([
      'rejected',
      'rejected',
      'lockedOut',
      'lockedOut',
    ]);
    expect(JSON.stringify(audits)).not.toMatch(/1111|2580/);
  });

  it('the staff PIN unlocks assisted mode; its priority ticket is senior, and the next customer is not', async () => {
    const { kiosk, log } = await start();
    await callGuide(kiosk);
    kiosk.bridge.dispatch({ type: 'STAFF_UNLOCK' });
    await waitForScreen(kiosk, 'guidePin');
    expect(await typePin(kiosk, '2580')).toMatchObject({ screen: 'guideAssisted' });
    expect(log.named('guide.pinAccepted')).toHaveLength(1);
    kiosk.bridge.dispatch({ type: 'ASSIST_PRIORITY_TICKET' });
    await waitForScreen(kiosk, 'chooseBusinessType');
    kiosk.bridge.dispatch({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'personal' });
    await waitForScreen(kiosk, 'confirmTicket');
    kiosk.bridge.dispatch({ type: 'CONFIRM_TICKET' });
    await waitForScreen(kiosk, ['ticketIssued', 'ticketNotPrinted']);
    expect(log.named('guide.assistedTicket')).toHaveLength(1);
    kiosk.bridge.dispatch({ type: 'FINISH' });
    await waitForScreen(kiosk, 'attract');

    // The next customer: an ordinary ticket, no assisted mode left over.
    kiosk.bridge.dispatch({ type: 'START' });
    kiosk.bridge.dispatch({ type: 'START_FLOW', flow: 'ticket' });
    await waitForScreen(kiosk, 'chooseBusinessType');
    kiosk.bridge.dispatch({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'personal' });
    await waitForScreen(kiosk, 'confirmTicket');
    kiosk.bridge.dispatch({ type: 'CONFIRM_TICKET' });
    await waitForScreen(kiosk, ['ticketIssued', 'ticketNotPrinted']);

    const tickets = await heldItems(kiosk, 'ticket.issued', 2);
    expect(tickets.map((t) => t['priority'] ?? 'none')).toEqual(['senior', 'none']);
    const audits = await heldItems(kiosk, 'guide.audit', 1);
    expect(audits.map((a) => a['outcome'])).toEqual(['accepted']);
  });

  it('the guide marks a disability: the ticket has that priority, printed, shown, synced and logged against the unlock', async () => {
    const { kiosk, log } = await start();
    await callGuide(kiosk);
    kiosk.bridge.dispatch({ type: 'STAFF_UNLOCK' });
    await waitForScreen(kiosk, 'guidePin');
    expect(await typePin(kiosk, '2580')).toMatchObject({
      screen: 'guideAssisted',
      disability: false,
    });
    kiosk.bridge.dispatch({ type: 'ASSIST_SET_DISABILITY', disability: true });
    await waitForView(kiosk, (v) => v.screen === 'guideAssisted' && v.disability);
    kiosk.bridge.dispatch({ type: 'ASSIST_PRIORITY_TICKET' });
    await waitForScreen(kiosk, 'chooseBusinessType');
    kiosk.bridge.dispatch({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'personal' });
    await waitForScreen(kiosk, 'confirmTicket');
    kiosk.bridge.dispatch({ type: 'CONFIRM_TICKET' });
    const issued = await waitForScreen(kiosk, 'ticketIssued');
    expect(issued.ticket.priority).toBe('disability');
    const receipt = await kiosk.virtualPrinter!.waitForReceipt();
    expect(receipt.lines.map((l) => l.text).join('\n')).toContain('优先办理（需要协助的客户）');
    const [accepted] = log.named('guide.pinAccepted');
    expect(log.named('guide.disabilityFlag')).toEqual([
      expect.objectContaining({ disability: true, auditId: accepted!['auditId'] }),
    ]);
    expect(log.named('guide.assistedTicket')).toEqual([
      expect.objectContaining({ priority: 'disability', auditId: accepted!['auditId'] }),
    ]);
    const [ticket] = await heldItems(kiosk, 'ticket.issued', 1);
    expect(ticket).toMatchObject({ number: issued.ticket.number, priority: 'disability' });
  });

  it('a restart does not reset the lockout: the keypad stays locked, then the back-off resumes', async () => {
    // The real clock, moved on at will: timers keep running, the lockout sees the jumps.
    let offsetMs = 0;
    const now = () => new Date(Date.now() + offsetMs);
    const first = await startWithClock(testConfig(), now);
    await callGuide(first.kiosk);
    first.kiosk.bridge.dispatch({ type: 'STAFF_UNLOCK' });
    await waitForScreen(first.kiosk, 'guidePin');
    await typePin(first.kiosk, '1111');
    await typePin(first.kiosk, '1111');
    expectLockedFor(await typePin(first.kiosk, '1111'), 30);
    await first.kiosk.stop();

    // The kiosk restarts 10 s later on the same data: still locked, even for the right PIN.
    offsetMs += 10_000;
    const { kiosk, log } = await startWithClock(
      testConfig({ dataDir: first.kiosk.config.dataDir }),
      now,
    );
    try {
      await callGuide(kiosk);
      kiosk.bridge.dispatch({ type: 'STAFF_UNLOCK' });
      await waitForScreen(kiosk, 'guidePin');
      const locked = await typePin(kiosk, '2580');
      expect(locked).toMatchObject({ screen: 'guideLockedOut' });
      expect(locked.screen === 'guideLockedOut' && locked.lockedSeconds).toBeGreaterThan(10);
      expect(locked.screen === 'guideLockedOut' && locked.lockedSeconds).toBeLessThanOrEqual(20);
      expect(log.named('guide.lockedOut').map((e) => e['failures'])).toEqual([3]);
      expect(log.named('guide.pinAccepted')).toEqual([]);

      // After the lockout the count goes on from 3, so the next lockout is the doubled one.
      offsetMs += 30_000;
      kiosk.bridge.dispatch({ type: 'STAFF_UNLOCK' });
      await waitForScreen(kiosk, 'guidePin');
      expect(await typePin(kiosk, '1111')).toMatchObject({
        notice: { key: 'guide.wrongPin', params: { count: 2 } },
      });
      await typePin(kiosk, '1111');
      expectLockedFor(await typePin(kiosk, '1111'), 60);
      expect(log.named('guide.lockedOut').map((e) => e['failures'])).toEqual([3, 6]);
    } finally {
      await kiosk.stop();
    }
  });
});
