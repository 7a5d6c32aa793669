import { describe, expect, it } from 'vitest';
import { createActor, fromPromise, type EventObject, type SnapshotFrom } from 'xstate';
import {
  projectReminderFlow,
  reminderMachine,
  type ReminderToSave,
} from '../../../machines/reminder/index.js';
import { ticketMachine } from '../../../machines/ticket/index.js';
import { KioskViewSchema } from '../../../src/bridge/contract.js';
import type { BranchConfig } from '../../../src/contract/sync.js';
import type { Ticket } from '../../../src/domain/ticket.js';
import { heldActorSut, heldPromiseActor } from './held-actors.js';
import { expectEveryStateAndTransition, type Sut } from './model-harness.js';
import { SESSION_PARTS } from './session-view.js';

const TICKET = {
  ticketId: '01890000-0000-7000-8000-000000000001',
  ticketNumber: 'A0023',
  businessTypeId: 'personal',
  printed: true,
};
const input = {
  branch: null,
  language: 'zh-CN' as const,
  devices: { printer: null },
  params: TICKET,
};
type Snapshot = SnapshotFrom<typeof reminderMachine>;

const VALID = '13912345678';

/**
 * Events offered in each state. On the keypad the model types towards one valid number digit by
 * digit, and off it once ('12…': not a mobile), so the state space stays finite while every
 * guard is met both ways (a full number takes no twelfth digit; a letter is never a digit).
 */
function events(snapshot: Snapshot): EventObject[] {
  const commands: EventObject[] = [
    { type: 'ACCEPT_REMINDER_CONSENT' },
    { type: 'TYPE_PHONE_DIGIT', digit: 'x' } as EventObject,
    { type: 'ERASE_PHONE_DIGIT' },
    { type: 'SUBMIT_PHONE' },
    { type: 'CONFIRM_REMINDER' },
    { type: 'RATE_US' },
    { type: 'BACK' },
    { type: 'FINISH' },
    { type: 'SET_LANGUAGE', language: 'en' } as EventObject,
  ];
  const { phone } = snapshot.context;
  if (VALID.startsWith(phone)) {
    const digit = VALID[phone.length] ?? '9';
    commands.push({ type: 'TYPE_PHONE_DIGIT', digit } as EventObject);
  }
  if (phone === '1') commands.push({ type: 'TYPE_PHONE_DIGIT', digit: '2' } as EventObject);
  if (snapshot.matches('saving')) {
    commands.push({ type: 'xstate.done.actor.saveReminder' } as EventObject);
    commands.push({ type: 'xstate.error.actor.saveReminder', error: 'SQLITE_FULL' } as EventObject);
  }
  return commands;
}

const recording = (log: string[]) => ({ reportFailure: () => void log.push('failure') });
const model = reminderMachine.provide({ actions: recording([]) });

function startSut(saved: ReminderToSave[] = [], log: string[] = []): Sut<Snapshot> {
  const held = heldPromiseActor<ReminderToSave>('saveReminder', saved);
  const actor = createActor(
    reminderMachine.provide({ actions: recording(log), actors: { saveReminder: held.logic } }),
    { input },
  ).start();
  return heldActorSut(actor, held);
}

const fullView = (s: Snapshot) => ({
  language: s.context.language,
  ...SESSION_PARTS,
  ...projectReminderFlow(s),
});

async function typeNumber(sut: Sut<Snapshot>, digits: string) {
  for (const digit of digits) await sut.exec({ type: 'TYPE_PHONE_DIGIT', digit } as EventObject);
}

describe('reminder machine (model-based)', () => {
  it('reaches every state and walks every transition against the running machine', async () => {
    await expectEveryStateAndTransition({
      machine: model,
      input,
      events,
      startSut: () => startSut(),
      minPaths: 50,
    });
  }, 120_000);

  it('consents, refuses a number that is not a mainland mobile, then saves a corrected one', async () => {
    const saved: ReminderToSave[] = [];
    const sut = startSut(saved);
    const views = [fullView(sut.snapshot())];
    expect(views[0]).toMatchObject({
      screen: 'reminderConsent',
      ticketNumber: 'A0023',
      remindWhenAhead: 3,
      canAccept: true,
    });
    await sut.exec({ type: 'ACCEPT_REMINDER_CONSENT' });
    await typeNumber(sut, '1291234567');
    await sut.exec({ type: 'SUBMIT_PHONE' }); // 10 digits, and 12… is no mobile range
    views.push(fullView(sut.snapshot()));
    expect(views[1]).toMatchObject({
      screen: 'reminderPhone',
      phone: '1291234567',
      invalid: true,
      notice: { key: 'reminder.invalidPhone' },
    });
    // The digits stay to be corrected; the next key clears the error.
    for (let i = 0; i < 10; i++) await sut.exec({ type: 'ERASE_PHONE_DIGIT' });
    await typeNumber(sut, `${VALID}55`); // the keypad takes no twelfth digit
    views.push(fullView(sut.snapshot()));
    expect(views[2]).toMatchObject({ phone: VALID, invalid: false, notice: null });
    await sut.exec({ type: 'SUBMIT_PHONE' });
    views.push(fullView(sut.snapshot()));
    expect(views[3]).toMatchObject({ screen: 'reminderConfirm', phone: VALID, remindWhenAhead: 3 });
    await sut.exec({ type: 'SET_LANGUAGE', language: 'en' } as EventObject);
    await sut.exec({ type: 'CONFIRM_REMINDER' });
    views.push(fullView(sut.snapshot()));
    await sut.exec({ type: 'xstate.done.actor.saveReminder' } as EventObject);
    views.push(fullView(sut.snapshot()));
    expect(saved).toEqual([
      { ticketId: TICKET.ticketId, phone: VALID, remindWhenAhead: 3, language: 'en' },
    ]);
    // Stored: the number has left the flow's memory.
    expect(sut.snapshot().context.phone).toBe('');
    expect(views.slice(4).map((v) => [v.screen, (v as { status?: string }).status])).toEqual([
      ['reminderDone', 'saving'],
      ['reminderDone', 'saved'],
    ]);
    for (const view of views) expect(KioskViewSchema.safeParse(view).error).toBeUndefined();
    await sut.exec({ type: 'FINISH' });
    expect(sut.snapshot().output).toEqual({ next: 'attract' });
    sut.stop();
  });

  it('takes the threshold from the branch, and leaves at any step without storing anything', () => {
    const branch = {
      branch: { id: 'b1', name: { 'zh-CN': '网点', en: 'Branch' } },
      businessTypes: [{ id: 'personal', prefix: 'A', name: { 'zh-CN': '个人', en: 'Personal' } }],
      smsReminder: { enabled: true, remindWhenAhead: 5 },
    } satisfies BranchConfig;
    const steps: EventObject[][] = [
      [],
      [{ type: 'ACCEPT_REMINDER_CONSENT' }],
      [
        { type: 'ACCEPT_REMINDER_CONSENT' },
        ...[...VALID].map((digit) => ({ type: 'TYPE_PHONE_DIGIT', digit }) as EventObject),
        { type: 'SUBMIT_PHONE' },
      ],
    ];
    for (const leave of ['FINISH', 'BACK'] as const) {
      for (const path of steps) {
        const actor = createActor(model, { input: { ...input, branch } }).start();
        expect(actor.getSnapshot().context.remindWhenAhead).toBe(5);
        for (const step of path) actor.send(step as never);
        // Back steps back one screen at a time, and out from the consent.
        for (let i = 0; i < 3 && actor.getSnapshot().status !== 'done'; i++) {
          actor.send({ type: leave });
        }
        expect(actor.getSnapshot().status).toBe('done');
        expect(actor.getSnapshot().output).toEqual({ next: 'attract' });
      }
    }
  });

  it('offers "rate us" once the reminder is set or refused: the feedback flow for the ticket\'s business type', async () => {
    for (const outcome of ['xstate.done.actor.saveReminder', 'xstate.error.actor.saveReminder']) {
      const sut = startSut();
      // Not before the end: the customer is not asked to rate a reminder they are still setting.
      await sut.exec({ type: 'RATE_US' });
      expect(sut.snapshot().value).toBe('consent');
      await sut.exec({ type: 'ACCEPT_REMINDER_CONSENT' });
      await typeNumber(sut, VALID);
      await sut.exec({ type: 'SUBMIT_PHONE' });
      await sut.exec({ type: 'CONFIRM_REMINDER' });
      await sut.exec({ type: 'RATE_US' });
      expect(sut.snapshot().value).toBe('saving');
      await sut.exec({ type: outcome, error: 'SQLITE_FULL' } as EventObject);
      await sut.exec({ type: 'RATE_US' });
      expect(sut.snapshot().status).toBe('done');
      expect(sut.snapshot().output).toEqual({
        next: 'flow',
        flow: 'feedback',
        params: { businessTypeId: 'personal' },
      });
      sut.stop();
    }
  });

  it('without a ticket handed over, offers only "done"', () => {
    const actor = createActor(model, { input: { ...input, params: null } }).start();
    actor.send({ type: 'ACCEPT_REMINDER_CONSENT' });
    expect(actor.getSnapshot().value).toBe('consent');
    expect(projectReminderFlow(actor.getSnapshot())).toMatchObject({
      canAccept: false,
      notice: { key: 'reminder.noTicket' },
    });
  });

  it('reports a request the store refused, and says so to the customer', async () => {
    const log: string[] = [];
    const sut = startSut([], log);
    await sut.exec({ type: 'ACCEPT_REMINDER_CONSENT' });
    await typeNumber(sut, VALID);
    await sut.exec({ type: 'SUBMIT_PHONE' });
    await sut.exec({ type: 'CONFIRM_REMINDER' });
    await sut.exec({
      type: 'xstate.error.actor.saveReminder',
      error: 'SQLITE_FULL',
    } as EventObject);
    expect(log).toEqual(['failure']);
    expect(projectReminderFlow(sut.snapshot())).toMatchObject({ status: 'notSaved' });
    expect(sut.snapshot().context.phone).toBe('');
    sut.stop();
  });
});

describe('the ticket flow chains to the reminder only when the customer taps "remind me by SMS"', () => {
  const ticket: Ticket = {
    id: TICKET.ticketId,
    number: 'A0023',
    businessTypeId: 'personal',
    status: 'issued',
    delivery: 'screen',
    waitingAhead: 0,
    reservedAt: '2026-11-23T09:00:00.000Z',
    issuedAt: '2026-11-23T09:00:01.000Z',
    kioskId: 'kiosk-test',
  };
  const branch = (enabled: boolean) =>
    ({
      branch: { id: 'b1', name: { 'zh-CN': '网点', en: 'Branch' } },
      businessTypes: [{ id: 'personal', prefix: 'A', name: { 'zh-CN': '个人', en: 'Personal' } }],
      smsReminder: { enabled, remindWhenAhead: 3 },
    }) satisfies BranchConfig;
  const notPrintedTicketFlow = async (enabled: boolean) => {
    const actor = createActor(
      ticketMachine.provide({
        actions: { announceBusy: () => {}, announceSettled: () => {} },
        actors: {
          reserveTicket: fromPromise(async () => ({
            ticket: { ...ticket, status: 'reserved', delivery: null, issuedAt: null },
            queue: null,
          })) as never,
          printTicket: fromPromise(async () => {
            throw { reason: 'paperOut', message: 'no paper' };
          }) as never,
          issueTicket: fromPromise(async () => ticket) as never,
          estimateWait: fromPromise(async () => null) as never,
        },
      }),
      { input: { ...input, branch: branch(enabled), params: null } },
    ).start();
    actor.send({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'personal' });
    await new Promise((r) => setTimeout(r, 10));
    actor.send({ type: 'CONFIRM_TICKET' });
    await new Promise((r) => setTimeout(r, 10));
    expect(actor.getSnapshot().value).toBe('notPrinted');
    return actor;
  };

  it('hands over the ticket id, number and business type; a branch that switched it off offers none', async () => {
    const offered = await notPrintedTicketFlow(true);
    offered.send({ type: 'REMIND_BY_SMS' });
    expect(offered.getSnapshot().output).toEqual({
      next: 'flow',
      flow: 'reminder',
      params: { ...TICKET, printed: false },
    });
    const off = await notPrintedTicketFlow(false);
    off.send({ type: 'REMIND_BY_SMS' });
    expect(off.getSnapshot().value).toBe('notPrinted');
    off.send({ type: 'FINISH' });
    expect(off.getSnapshot().output).toEqual({ next: 'attract' });
  });
});
