import { describe, expect, it } from 'vitest';
import { createActor, fromPromise, type EventObject } from 'xstate';
import {
  projectTicketFlow,
  ticketMachine,
  type ReservedTicket,
} from '../../../machines/ticket/index.js';
import type { Ticket } from '../../../src/domain/ticket.js';
import { expectFullCoverage, mergeRuns, runModel, type Sut } from './model-harness.js';
import {
  chooseAndConfirm,
  estimate,
  identified,
  input,
  issued,
  liveTicket,
  model,
  paperOut,
  personal,
  recordingActions,
  reservation,
  reserved,
  startSut,
  withClosed,
  withReader,
  type Snapshot,
} from './ticket-support.js';

/** Events offered to the model in each state: customer commands and effect outcomes. */
function events(snapshot: Snapshot): EventObject[] {
  const commands: EventObject[] = [
    { type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'personal' } as EventObject,
    { type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'no-such-queue' } as EventObject,
    { type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'closed' } as EventObject,
    { type: 'BACK' },
    { type: 'CONFIRM_TICKET' },
    { type: 'FINISH' },
    { type: 'REPRINT_TICKET' },
    { type: 'RATE_US' },
    { type: 'REMIND_BY_SMS' },
    { type: 'SET_LANGUAGE', language: 'en' } as EventObject,
    { type: 'DEVICES_CHANGED', devices: { printer: 'paperOut' } } as EventObject,
    { type: 'DEVICES_CHANGED', devices: { printer: null } } as EventObject,
    { type: 'USE_ID_CARD' },
    { type: 'CONTINUE_WITHOUT_ID_CARD' },
  ];
  const effects: EventObject[] = [];
  if (snapshot.matches('checkingCustomer')) {
    effects.push({ type: 'xstate.done.actor.findLiveTicket', output: null } as EventObject);
    effects.push({ type: 'xstate.done.actor.findLiveTicket', output: liveTicket } as EventObject);
    effects.push({
      type: 'xstate.error.actor.findLiveTicket',
      error: 'SQLITE_BUSY',
    } as EventObject);
  }
  if (snapshot.matches('estimating')) {
    effects.push({ type: 'xstate.done.actor.estimateWait', output: estimate } as EventObject);
    effects.push({ type: 'xstate.done.actor.estimateWait', output: null } as EventObject);
    effects.push({ type: 'xstate.error.actor.estimateWait', error: 'store' } as EventObject);
  }
  if (snapshot.matches({ working: 'reserving' })) {
    effects.push({ type: 'xstate.done.actor.reserveTicket', output: reservation } as EventObject);
    effects.push({ type: 'xstate.error.actor.reserveTicket', error: 'disk full' } as EventObject);
  }
  if (snapshot.matches({ working: 'printing' }) || snapshot.matches('reprinting')) {
    effects.push({ type: 'xstate.done.actor.printTicket' } as EventObject);
    effects.push({ type: 'xstate.error.actor.printTicket', error: paperOut } as EventObject);
  }
  if (
    snapshot.matches({ working: 'issuing' }) ||
    snapshot.matches({ working: 'issuingOnScreen' })
  ) {
    effects.push({ type: 'xstate.done.actor.issueTicket', output: issued } as EventObject);
    effects.push({ type: 'xstate.error.actor.issueTicket', error: 'SQLITE_FULL' } as EventObject);
  }
  return [...commands, ...effects];
}

describe('ticket machine (model-based)', () => {
  it('reaches every state and walks every transition against the running machine', async () => {
    // Three starts: no reader (straight to the choice), a reader (the card offered first), and
    // back from the identify flow (the abuse guard). Coverage is of the three together.
    // The later two walk only the events of their part, so the state space stays small (the
    // first walks everything else).
    const only =
      (types: readonly string[]) =>
      (snapshot: Snapshot): EventObject[] =>
        events(snapshot).filter((e) => types.includes(e.type));
    const starts = [
      { start: input, walk: events },
      {
        start: withReader,
        walk: only(['USE_ID_CARD', 'CONTINUE_WITHOUT_ID_CARD', 'BACK', 'DEVICES_CHANGED']),
      },
      { start: withClosed, walk: only(['CHOOSE_BUSINESS_TYPE', 'BACK']) },
      {
        start: identified,
        walk: only([
          'CHOOSE_BUSINESS_TYPE',
          'BACK',
          'FINISH',
          'xstate.done.actor.findLiveTicket',
          'xstate.error.actor.findLiveTicket',
        ]),
      },
    ];
    const runs = [];
    for (const { start, walk } of starts) {
      runs.push(
        await runModel({
          machine: model,
          input: start,
          events: walk,
          startSut: () => startSut([], start),
        }),
      );
    }
    expectFullCoverage(model, mergeRuns(runs));
    expect(runs[0]!.paths).toBeGreaterThan(10);
  });

  it('keeps the number on screen when the printer fails, and says why', async () => {
    const sut = startSut();
    await chooseAndConfirm(sut);
    await sut.exec({ type: 'xstate.done.actor.reserveTicket', output: reservation } as EventObject);
    await sut.exec({ type: 'xstate.error.actor.printTicket', error: paperOut } as EventObject);
    expect(sut.snapshot().value).toEqual({ working: 'issuingOnScreen' });
    await sut.exec({
      type: 'xstate.done.actor.issueTicket',
      output: { ...issued, delivery: 'screen' },
    } as EventObject);
    const s = sut.snapshot();
    expect(s.value).toBe('notPrinted');
    expect(s.context.ticket?.number).toBe('A001');
    expect(s.context.ticket?.delivery).toBe('screen');
    expect(s.context.printFailure).toEqual(paperOut);
    sut.stop();
  });

  it('tells the session it is busy from reserving until the ticket is issued', async () => {
    const announcements: string[] = [];
    const sut = startSut(announcements);
    await chooseAndConfirm(sut);
    expect(announcements).toEqual(['busy']);
    await sut.exec({ type: 'xstate.done.actor.reserveTicket', output: reservation } as EventObject);
    await sut.exec({ type: 'xstate.done.actor.printTicket' } as EventObject);
    expect(announcements).toEqual(['busy']);
    await sut.exec({ type: 'xstate.done.actor.issueTicket', output: issued } as EventObject);
    expect(announcements).toEqual(['busy', 'settled']);
    expect(sut.snapshot().value).toBe('issued');
    sut.stop();
  });

  it('reports a failure to record the ticket, keeping the printed number', async () => {
    const announcements: string[] = [];
    const sut = startSut(announcements);
    await chooseAndConfirm(sut);
    await sut.exec({ type: 'xstate.done.actor.reserveTicket', output: reservation } as EventObject);
    await sut.exec({ type: 'xstate.done.actor.printTicket' } as EventObject);
    await sut.exec({ type: 'xstate.error.actor.issueTicket', error: 'SQLITE_FULL' } as EventObject);
    expect(sut.snapshot().value).toBe('failed');
    expect(sut.snapshot().context.failure).toBe('issue: SQLITE_FULL');
    expect(sut.snapshot().context.ticket?.number).toBe('A001');
    expect(announcements).toEqual(['busy', 'settled', 'failure']);
    sut.stop();
  });

  it('refuses an unknown business type with a notice and stays on the choice', async () => {
    const sut = startSut();
    await sut.exec({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'gold-bars' } as EventObject);
    expect(sut.snapshot().value).toBe('choosingBusinessType');
    expect(sut.snapshot().context.notice).toEqual({ key: 'notice.unknownBusinessType' });
    sut.stop();
  });

  it('starts on a business type chosen before the flow (a form straight into a ticket)', async () => {
    const announcements: string[] = [];
    const actor = createActor(
      ticketMachine.provide({
        actions: recordingActions(announcements),
        actors: {
          reserveTicket: fromPromise(() => new Promise<ReservedTicket>(() => {})),
          estimateWait: fromPromise(async () => estimate) as never,
        },
      }),
      { input: { ...input, params: { businessTypeId: 'personal' } } },
    ).start();
    // Chosen elsewhere, still confirmed here: the customer sees the wait before a number.
    await new Promise((r) => setTimeout(r, 0));
    expect(actor.getSnapshot().value).toBe('confirming');
    expect(announcements).toEqual([]);
    actor.send({ type: 'CONFIRM_TICKET' });
    expect(actor.getSnapshot().value).toEqual({ working: 'reserving' });
    expect(actor.getSnapshot().context.businessType).toEqual(personal);
    expect(actor.getSnapshot().context.preselectedBusinessTypeId).toBeNull();
    expect(announcements).toEqual(['busy']);
    actor.stop();
  });

  it('explains a business type chosen before the flow that this branch does not offer', () => {
    const actor = createActor(model, {
      input: { ...input, params: { businessTypeId: 'gold-bars' } },
    }).start();
    expect(actor.getSnapshot().value).toBe('choosingBusinessType');
    expect(actor.getSnapshot().context.notice).toEqual({ key: 'notice.unknownBusinessType' });
    actor.stop();
  });

  it('sends the customer back to the menu when they go back, to the next customer when done', async () => {
    const back = createActor(model, { input }).start();
    back.send({ type: 'BACK' });
    expect(back.getSnapshot().output).toEqual({ next: 'menu' });
    const sut = startSut();
    await chooseAndConfirm(sut);
    await sut.exec({ type: 'xstate.done.actor.reserveTicket', output: reservation } as EventObject);
    await sut.exec({ type: 'xstate.done.actor.printTicket' } as EventObject);
    await sut.exec({ type: 'xstate.done.actor.issueTicket', output: issued } as EventObject);
    await sut.exec({ type: 'FINISH' });
    expect(sut.snapshot().output).toEqual({ next: 'attract' });
    sut.stop();
  });

  it('says the printer is down before the customer chooses, and takes it back', () => {
    const actor = createActor(model, {
      input: { ...input, devices: { printer: 'coverOpen' as const } },
    }).start();
    expect(actor.getSnapshot().context.printerProblem).toBe('coverOpen');
    actor.send({ type: 'DEVICES_CHANGED', devices: { printer: null } });
    expect(actor.getSnapshot().context.printerProblem).toBeNull();
    actor.stop();
  });

  it('treats an unexpected print error as a hardware error', async () => {
    const sut = startSut();
    await chooseAndConfirm(sut);
    await sut.exec({ type: 'xstate.done.actor.reserveTicket', output: reservation } as EventObject);
    await sut.exec({
      type: 'xstate.error.actor.printTicket',
      error: new Error('EIO'),
    } as EventObject);
    expect(sut.snapshot().context.printFailure).toEqual({
      reason: 'hardwareError',
      message: 'EIO',
    });
    sut.stop();
  });

  /** Chooses, reserves, fails to print with paper out, issues on screen: `notPrinted`. */
  async function notPrinted(sut: Sut<Snapshot>): Promise<void> {
    await chooseAndConfirm(sut);
    await sut.exec({ type: 'xstate.done.actor.reserveTicket', output: reservation } as EventObject);
    await sut.exec({ type: 'xstate.error.actor.printTicket', error: paperOut } as EventObject);
    await sut.exec({
      type: 'xstate.done.actor.issueTicket',
      output: { ...issued, delivery: 'screen' },
    } as EventObject);
    expect(sut.snapshot().value).toBe('notPrinted');
  }

  it("prints again only on the customer's tap, only while the printer is ready, once per tap", async () => {
    const printed: unknown[] = [];
    const pending: { resolve(): void; reject(e: unknown): void }[] = [];
    const actor = createActor(
      ticketMachine.provide({
        actions: recordingActions([]),
        actors: {
          estimateWait: fromPromise(async () => null) as never,
          reserveTicket: fromPromise(async () => reservation),
          issueTicket: fromPromise(async (): Promise<Ticket> => ({
            ...issued,
            delivery: 'screen',
          })),
          printTicket: fromPromise<void, unknown>(({ input }) => {
            printed.push(input);
            return new Promise<void>((resolve, reject) => pending.push({ resolve, reject }));
          }) as never,
        },
      }),
      { input },
    ).start();
    const settle = () => new Promise((r) => setTimeout(r, 0));
    actor.send({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'personal' });
    await settle();
    actor.send({ type: 'CONFIRM_TICKET' });
    await settle();
    pending.shift()!.reject(paperOut);
    await settle();
    expect(actor.getSnapshot().value).toBe('notPrinted');
    expect(printed).toHaveLength(1);

    // The printer is not ready: a tap does nothing.
    actor.send({ type: 'DEVICES_CHANGED', devices: { printer: 'paperOut' } });
    actor.send({ type: 'REPRINT_TICKET' });
    await settle();
    expect(actor.getSnapshot().value).toBe('notPrinted');
    // The printer comes back: nothing prints by itself.
    actor.send({ type: 'DEVICES_CHANGED', devices: { printer: null } });
    await settle();
    expect(printed).toHaveLength(1);
    expect(actor.getSnapshot().value).toBe('notPrinted');

    // One tap, one print; taps while it prints are not queued.
    actor.send({ type: 'REPRINT_TICKET' });
    actor.send({ type: 'REPRINT_TICKET' });
    await settle();
    expect(actor.getSnapshot().value).toBe('reprinting');
    expect(actor.getSnapshot().hasTag('busy')).toBe(true);
    expect(printed).toHaveLength(2);
    expect(printed[1]).toMatchObject({ ticket: { number: 'A001' }, reprint: true });
    // It fails again: back to the number on screen, with the new reason.
    pending.shift()!.reject({ reason: 'coverOpen', message: 'cover' });
    await settle();
    expect(actor.getSnapshot().value).toBe('notPrinted');
    expect(actor.getSnapshot().context.printFailure?.reason).toBe('coverOpen');
    expect(printed).toHaveLength(2);

    // Another tap prints; this time it comes out.
    actor.send({ type: 'REPRINT_TICKET' });
    await settle();
    pending.shift()!.resolve();
    await settle();
    expect(actor.getSnapshot().value).toBe('issued');
    expect(actor.getSnapshot().context.printFailure).toBeNull();
    actor.send({ type: 'REPRINT_TICKET' });
    await settle();
    expect(printed).toHaveLength(3);
    actor.stop();
  });

  it('announces busy while reprinting, settled after', async () => {
    const announcements: string[] = [];
    const sut = startSut(announcements);
    await notPrinted(sut);
    announcements.length = 0;
    await sut.exec({ type: 'REPRINT_TICKET' });
    expect(announcements).toEqual(['busy']);
    await sut.exec({ type: 'xstate.done.actor.printTicket' } as EventObject);
    expect(announcements).toEqual(['busy', 'settled']);
    expect(sut.snapshot().value).toBe('issued');
    sut.stop();
  });

  it('shows the branch’s count with "as of", "wait unknown" without one, and the offline mark', async () => {
    const project = (sut: Sut<Snapshot>) =>
      projectTicketFlow(sut.snapshot(), { qrPayloadFor: () => 'qr' } as never);
    const known = startSut();
    await chooseAndConfirm(known);
    await known.exec({
      type: 'xstate.done.actor.reserveTicket',
      output: reservation,
    } as EventObject);
    await known.exec({ type: 'xstate.done.actor.printTicket' } as EventObject);
    await known.exec({ type: 'xstate.done.actor.issueTicket', output: issued } as EventObject);
    expect(project(known)).toMatchObject({
      screen: 'ticketIssued',
      ticket: {
        waitingAhead: 4,
        waitUnknown: false,
        estimatedWaitMinutes: 12,
        asOf: expect.stringMatching(/^\d\d:\d\d$/),
        issuedOffline: false,
      },
    });
    known.stop();

    const offline = startSut();
    const offlineTicket = { ...reserved, number: 'A0051', issuedOffline: true };
    await chooseAndConfirm(offline);
    await offline.exec({
      type: 'xstate.done.actor.reserveTicket',
      output: { ticket: offlineTicket, queue: null },
    } as EventObject);
    await offline.exec({ type: 'xstate.error.actor.printTicket', error: paperOut } as EventObject);
    await offline.exec({
      type: 'xstate.done.actor.issueTicket',
      output: { ...offlineTicket, status: 'issued', delivery: 'screen', issuedAt: 'x' },
    } as EventObject);
    const view = project(offline);
    expect(view).toMatchObject({
      screen: 'ticketNotPrinted',
      ticket: { number: 'A0051', waitUnknown: true, issuedOffline: true },
    });
    expect(view).not.toHaveProperty('ticket.asOf');
    offline.stop();
  });

  it('shows the wait before printing, "wait unknown" without a copy, and goes back to the choice', async () => {
    const project = (sut: Sut<Snapshot>) =>
      projectTicketFlow(sut.snapshot(), { qrPayloadFor: () => 'qr' } as never);
    const sut = startSut();
    await sut.exec({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'personal' } as EventObject);
    await sut.exec({ type: 'xstate.done.actor.estimateWait', output: estimate } as EventObject);
    expect(project(sut)).toMatchObject({
      screen: 'confirmTicket',
      prompt: { key: 'confirmTicket.title' },
      businessType: { id: 'personal', prefix: 'A', name: '个人业务' },
      wait: {
        waitingAhead: 3,
        waitUnknown: false,
        estimatedWaitMinutes: 9,
        asOf: expect.stringMatching(/^\d\d:\d\d$/),
      },
    });
    // Going back takes nothing: no number reserved, the choice shown again.
    await sut.exec({ type: 'BACK' });
    expect(sut.snapshot().value).toBe('choosingBusinessType');
    expect(sut.snapshot().context.businessType).toBeNull();
    expect(sut.snapshot().context.queue).toBeNull();
    expect(sut.snapshot().context.ticket).toBeNull();
    // The copy cannot be read: "wait unknown", and the ticket is still offered.
    await sut.exec({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'personal' } as EventObject);
    await sut.exec({ type: 'xstate.error.actor.estimateWait', error: 'store' } as EventObject);
    const unknown = project(sut);
    expect(unknown).toMatchObject({ screen: 'confirmTicket', wait: { waitUnknown: true } });
    expect(unknown).not.toHaveProperty('wait.asOf');
    await sut.exec({ type: 'CONFIRM_TICKET' });
    expect(sut.snapshot().value).toEqual({ working: 'reserving' });
    sut.stop();
  });

  it('shows the time the ticket was taken', async () => {
    const sut = startSut();
    await chooseAndConfirm(sut);
    await sut.exec({ type: 'xstate.done.actor.reserveTicket', output: reservation } as EventObject);
    await sut.exec({ type: 'xstate.done.actor.printTicket' } as EventObject);
    const at = '2026-11-23T09:01:00.000Z';
    await sut.exec({
      type: 'xstate.done.actor.issueTicket',
      output: { ...issued, issuedAt: at },
    } as EventObject);
    const view = projectTicketFlow(sut.snapshot(), { qrPayloadFor: () => 'qr' } as never);
    const local = new Date(at);
    const hhmm = `${String(local.getHours()).padStart(2, '0')}:${String(local.getMinutes()).padStart(2, '0')}`;
    expect(view).toMatchObject({
      screen: 'ticketIssued',
      ticket: { issuedAt: hhmm, qrPayload: 'qr' },
    });
    sut.stop();
  });
});
