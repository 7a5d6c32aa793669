import { describe, expect, it } from 'vitest';
import { createActor, type EventObject, type SnapshotFrom } from 'xstate';
import {
  appointmentMachine,
  projectAppointmentFlow,
  type CheckInRequest,
  type CheckInResult,
} from '../../../machines/appointment/index.js';
import { checkBranchConfig, type BranchConfig } from '../../../src/contract/sync.js';
import { heldActorSut, heldPromiseActor } from './held-actors.js';
import { expectFullCoverage, mergeRuns, runModel, type Sut } from './model-harness.js';
import { expectValidView } from './session-view.js';

const config: BranchConfig = (() => {
  const checked = checkBranchConfig({
    branch: { id: 'b1', name: { 'zh-CN': '网点', en: 'Branch' } },
    businessTypes: [{ id: 'personal', prefix: 'A', name: { 'zh-CN': '个人业务', en: 'Personal' } }],
  });
  if (!checked.ok) throw new Error(checked.problem);
  return checked.value;
})();
const input = {
  branch: config,
  language: 'zh-CN' as const,
  devices: { printer: null, idReaderReady: true },
  params: null as unknown,
};

const identification = {
  priority: 'appointment' as const,
  ageYears: 0,
  customerKey: 'c'.repeat(64),
};
/** Back from the identify flow with a card (a customer of 40: no priority by age). */
const card = { priority: 'none' as const, ageYears: 40, customerKey: 'd'.repeat(64) };
const backWithCard = { ...input, params: { identification: card } };
const found: CheckInResult = {
  status: 'found',
  businessTypeId: 'personal',
  timeSlot: '09:30-10:00',
  identification,
};

type Snapshot = SnapshotFrom<typeof appointmentMachine>;

/**
 * The language changes no transition: the traversal keeps one snapshot per state and context
 * without it (else every state is walked twice), and the replay compares the rest.
 */
const withoutLanguage = (snapshot: Snapshot) => ({ ...snapshot.context, language: undefined });
const folding = {
  serializeState: (snapshot: Snapshot) =>
    JSON.stringify({ v: snapshot.value, c: withoutLanguage(snapshot) }),
  comparedContext: withoutLanguage,
};

function events(snapshot: Snapshot): EventObject[] {
  const commands: EventObject[] = [
    { type: 'TYPE_APPOINTMENT_CODE', text: '1' } as EventObject,
    { type: 'TYPE_APPOINTMENT_CODE', text: 'x' } as EventObject,
    { type: 'ERASE_APPOINTMENT_CODE' },
    { type: 'SUBMIT_APPOINTMENT_CODE' },
    { type: 'TAKE_APPOINTMENT_TICKET' },
    { type: 'TAKE_WALK_IN_TICKET' },
    { type: 'BACK' },
    { type: 'SET_LANGUAGE', language: 'en' } as EventObject,
    { type: 'USE_ID_CARD' },
    { type: 'DEVICES_CHANGED', devices: { printer: null, idReaderReady: false } } as EventObject,
  ];
  if (snapshot.matches('checkingIn')) {
    commands.push({ type: 'xstate.done.actor.checkInAppointment', output: found } as EventObject);
    commands.push({
      type: 'xstate.done.actor.checkInAppointment',
      output: { status: 'noneToday' },
    } as EventObject);
    commands.push({
      type: 'xstate.error.actor.checkInAppointment',
      error: 'connection refused',
    } as EventObject);
  }
  return commands;
}

const recording = (log: string[]) => ({
  reportCheckedIn: () => void log.push('checkedIn'),
  reportNoneToday: () => void log.push('noneToday'),
  reportUnreachable: () => void log.push('unreachable'),
});
const model = appointmentMachine.provide({ actions: recording([]) });

function startSut(
  log: string[] = [],
  requests: CheckInRequest[] = [],
  actorInput: typeof input = input,
): Sut<Snapshot> {
  const held = heldPromiseActor<CheckInRequest, CheckInResult>('checkInAppointment', requests);
  const actor = createActor(
    appointmentMachine.provide({
      actions: recording(log),
      actors: { checkInAppointment: held.logic },
    }),
    { input: actorInput },
  ).start();
  return heldActorSut(actor, held);
}

/** The flow's screen, checked against the contract with the session's shared parts. */
function expectValidScreen(snapshot: Snapshot) {
  const view = projectAppointmentFlow(snapshot);
  expectValidView('zh-CN', view);
  return view;
}

async function typeCode(sut: Sut<Snapshot>, code: string) {
  for (const text of code) {
    await sut.exec({ type: 'TYPE_APPOINTMENT_CODE', text } as EventObject);
  }
}

describe('appointment machine (model-based)', () => {
  it('reaches every state and walks every transition against the running machine', async () => {
    // From the menu, and back from the identify flow with a card: the start differs, so the
    // coverage is that of both runs together.
    const fromMenu = await runModel({
      machine: model,
      input,
      events,
      startSut: () => startSut(),
      ...folding,
    });
    const withCard = await runModel({
      machine: model,
      input: backWithCard,
      events,
      ...folding,
      startSut: () => startSut([], [], backWithCard),
    });
    expectFullCoverage(model, mergeRuns([fromMenu, withCard]));
    expect(fromMenu.paths).toBeGreaterThan(10);
  });

  it('offers "check in" only for a whole code of 6 to 8 digits, and types no more than 8', async () => {
    const sut = startSut();
    await typeCode(sut, '12345');
    expect(expectValidScreen(sut.snapshot())).toMatchObject({
      screen: 'appointmentCode',
      input: '12345',
      complete: false,
    });
    await sut.exec({ type: 'SUBMIT_APPOINTMENT_CODE' });
    expect(sut.snapshot().value).toBe('entering');
    await typeCode(sut, '6789');
    expect(projectAppointmentFlow(sut.snapshot())).toMatchObject({
      input: '12345678',
      complete: true,
    });
    await sut.exec({ type: 'ERASE_APPOINTMENT_CODE' });
    expect(sut.snapshot().context.code).toBe('1234567');
    sut.stop();
  });

  it('found: shows the appointment, then chains into a priority ticket for its business type', async () => {
    const log: string[] = [];
    const requests: CheckInRequest[] = [];
    const sut = startSut(log, requests);
    await typeCode(sut, '123456');
    await sut.exec({ type: 'SUBMIT_APPOINTMENT_CODE' });
    expect(requests).toEqual([{ code: '123456' }]);
    expect(expectValidScreen(sut.snapshot()).screen).toBe('appointmentCheckingIn');
    await sut.exec({ type: 'xstate.done.actor.checkInAppointment', output: found } as EventObject);
    expect(expectValidScreen(sut.snapshot())).toMatchObject({
      screen: 'appointmentFound',
      businessTypeName: '个人业务',
      timeSlot: '09:30-10:00',
    });
    await sut.exec({ type: 'TAKE_APPOINTMENT_TICKET' });
    expect(sut.snapshot().output).toEqual({
      next: 'flow',
      flow: 'ticket',
      params: { businessTypeId: 'personal', identification },
    });
    expect(log).toEqual(['checkedIn']);
  });

  it('none today or unreachable: says which, and offers a walk-in ticket or the code again', async () => {
    const log: string[] = [];
    const sut = startSut(log);
    await typeCode(sut, '123456');
    await sut.exec({ type: 'SUBMIT_APPOINTMENT_CODE' });
    await sut.exec({
      type: 'xstate.done.actor.checkInAppointment',
      output: { status: 'noneToday' },
    } as EventObject);
    expect(expectValidScreen(sut.snapshot())).toMatchObject({
      screen: 'appointmentNotFound',
      reason: 'noneToday',
    });
    await sut.exec({ type: 'BACK' });
    expect(projectAppointmentFlow(sut.snapshot())).toMatchObject({ input: '' });
    await typeCode(sut, '654321');
    await sut.exec({ type: 'SUBMIT_APPOINTMENT_CODE' });
    await sut.exec({ type: 'xstate.error.actor.checkInAppointment', error: 'boom' } as EventObject);
    expect(expectValidScreen(sut.snapshot())).toMatchObject({
      screen: 'appointmentNotFound',
      reason: 'unreachable',
    });
    expect(sut.snapshot().context.failure).toBe('boom');
    await sut.exec({ type: 'TAKE_WALK_IN_TICKET' });
    expect(sut.snapshot().output).toEqual({ next: 'flow', flow: 'ticket', params: null });
    expect(log).toEqual(['noneToday', 'unreachable']);
  });

  it('offers the ID card once; back with it, checks in by its identification', async () => {
    const sut = startSut();
    expect(projectAppointmentFlow(sut.snapshot())).toMatchObject({ canUseIdCard: true });
    await sut.exec({ type: 'USE_ID_CARD' });
    expect(sut.snapshot().output).toEqual({
      next: 'flow',
      flow: 'identify',
      params: { returnTo: 'appointment', carry: {} },
    });

    const log: string[] = [];
    const requests: CheckInRequest[] = [];
    const back = startSut(log, requests, backWithCard);
    expect(expectValidScreen(back.snapshot()).screen).toBe('appointmentCheckingIn');
    expect(requests).toEqual([{ identification: card }]);
    await back.exec({
      type: 'xstate.done.actor.checkInAppointment',
      output: { status: 'noneToday' },
    } as EventObject);
    expect(expectValidScreen(back.snapshot())).toMatchObject({ reason: 'noneTodayByCard' });
    // A walk-in ticket keeps what the card gives; the card is not asked for again.
    await back.exec({ type: 'TAKE_WALK_IN_TICKET' });
    expect(back.snapshot().output).toEqual({
      next: 'flow',
      flow: 'ticket',
      params: { identification: card },
    });

    const again = startSut([], [], backWithCard);
    await again.exec({
      type: 'xstate.done.actor.checkInAppointment',
      output: { status: 'noneToday' },
    } as EventObject);
    await again.exec({ type: 'BACK' });
    expect(projectAppointmentFlow(again.snapshot())).toMatchObject({
      screen: 'appointmentCode',
      canUseIdCard: false,
    });
    await again.exec({ type: 'USE_ID_CARD' });
    expect(again.snapshot().value).toBe('entering');
    again.stop();
  });

  it('back from the keypad goes to the menu', () => {
    const actor = createActor(model, { input }).start();
    actor.send({ type: 'BACK' });
    expect(actor.getSnapshot().output).toEqual({ next: 'menu' });
  });
});
