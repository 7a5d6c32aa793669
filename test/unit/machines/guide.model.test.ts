import { describe, expect, it } from 'vitest';
import { createActor, fromCallback, type EventObject, type SnapshotFrom } from 'xstate';
import {
  guideMachine,
  projectGuideFlow,
  type CallProgress,
  type PinVerdict,
} from '../../../machines/guide/index.js';
import { ticketMachine } from '../../../machines/ticket/index.js';
import { KioskViewSchema } from '../../../src/bridge/contract.js';
import { heldActorSut, heldPromiseActor } from './held-actors.js';
import { expectEveryStateAndTransition, type Sut } from './model-harness.js';
import { SESSION_PARTS } from './session-view.js';

const input = { branch: null, language: 'zh-CN' as const, devices: { printer: null }, params: {} };
type Snapshot = SnapshotFrom<typeof guideMachine>;

const ASSIST_KEY = 'ab'.repeat(32);
const CALL_ID = '019abcde-0000-7000-8000-000000000001';
const AUDIT_ID = '019abcde-0000-7000-8000-000000000002';
const VERDICTS: PinVerdict[] = [
  { outcome: 'accepted', assistKey: ASSIST_KEY, auditId: AUDIT_ID },
  { outcome: 'rejected', attemptsLeft: 2 },
  { outcome: 'lockedOut', lockedSeconds: 30 },
];

/** The branch service stored the call for a guide. */
const CALL_STORED = {
  type: 'xstate.done.actor.callGuide',
  output: { callId: CALL_ID },
} as EventObject;

function events(snapshot: Snapshot): EventObject[] {
  const commands: EventObject[] = [
    { type: 'STAFF_UNLOCK' },
    { type: 'PIN_DIGIT', digit: '1' } as EventObject,
    { type: 'PIN_DIGIT', digit: 'x' } as EventObject,
    { type: 'PIN_ERASE' },
    { type: 'PIN_SUBMIT' },
    { type: 'ASSIST_PRIORITY_TICKET' },
    { type: 'ASSIST_SET_DISABILITY', disability: true } as EventObject,
    { type: 'ASSIST_SET_DISABILITY', disability: false } as EventObject,
    { type: 'BACK' },
    { type: 'FINISH' },
    { type: 'SET_LANGUAGE', language: 'en' } as EventObject,
  ];
  if (snapshot.matches('calling')) {
    commands.push(CALL_STORED);
    commands.push({ type: 'xstate.error.actor.callGuide', error: 'SQLITE_FULL' } as EventObject);
  }
  if (snapshot.matches({ called: 'following' })) {
    for (const progress of ['sent', 'queued', 'onTheWay'] as const) {
      commands.push({ type: 'CALL_PROGRESS', progress } as EventObject);
    }
  }
  if (snapshot.matches('verifying')) {
    for (const output of VERDICTS) {
      commands.push({ type: 'xstate.done.actor.verifyPin', output } as EventObject);
    }
    commands.push({ type: 'xstate.error.actor.verifyPin', error: 'SQLITE_IOERR' } as EventObject);
  }
  return commands;
}

// The PIN's length would multiply the graph by nine (what matters is under 4 digits or not),
// and the language, the failure text and the counts each multiply it without new transitions.
// So would the call's progress (every later state three times over): no transition depends on
// it, and the test "follows a stored call" checks what it shows.
const folded = (s: Snapshot) => ({
  v: s.value,
  c: {
    callSent: s.context.callSent,
    callId: s.context.callId,
    pin: Math.min(s.context.pin.length, 4),
    pinNotice: s.context.pinNotice,
    assisted: s.context.assistKey !== null,
    unlock: s.context.unlockAuditId,
    disability: s.context.disability,
    outcome: s.context.outcome,
  },
});
const serializeState = (s: Snapshot) => JSON.stringify(folded(s));

const recording = (log: string[]) => ({
  reportFailure: () => void log.push('failure'),
  reportAssistedTicket: () => void log.push('assistedTicket'),
  reportDisabilityFlag: ({ context }: { context: { disability: boolean } }) =>
    void log.push(`disability ${context.disability}`),
});
const model = guideMachine.provide({ actions: recording([]) });

function startSut(
  checked: Array<{ pin: string }> = [],
  log: string[] = [],
  watched: string[] = [],
): Sut<Snapshot> {
  const callGuide = heldPromiseActor<void, { callId: string }>('callGuide');
  const verifyPin = heldPromiseActor<{ pin: string }, PinVerdict>('verifyPin', checked);
  const actor = createActor(
    guideMachine.provide({
      actions: recording(log),
      actors: {
        callGuide: callGuide.logic,
        // Progress is sent by the test (CALL_PROGRESS); the watch records whom it follows and
        // when it stops.
        watchCall: fromCallback<
          { type: 'CALL_PROGRESS'; progress: CallProgress },
          { callId: string }
        >(({ input: given }) => {
          watched.push(`watch ${given.callId}`);
          return () => watched.push(`stop ${given.callId}`);
        }),
        verifyPin: verifyPin.logic,
      },
    }),
    { input },
  ).start();
  return heldActorSut(actor, [callGuide, verifyPin]);
}

const fullView = (s: Snapshot) => ({
  language: s.context.language,
  ...SESSION_PARTS,
  ...projectGuideFlow(s),
});

/** The guide unlocks the keypad and types the right PIN; the branch service accepts it. */
async function unlockWithTheRightPin(sut: Sut<Snapshot>) {
  await sut.exec({ type: 'STAFF_UNLOCK' });
  for (const digit of ['2', '5', '8', '0']) {
    await sut.exec({ type: 'PIN_DIGIT', digit } as EventObject);
  }
  await sut.exec({ type: 'PIN_SUBMIT' });
  await sut.exec({
    type: 'xstate.done.actor.verifyPin',
    output: { outcome: 'accepted', assistKey: ASSIST_KEY, auditId: AUDIT_ID },
  } as EventObject);
}

/** The ticket flow as the guide's output starts it, on a kiosk with an ID-card reader. */
function ticketFlowStartedBy(output: NonNullable<Snapshot['output']>) {
  const ticket = createActor(ticketMachine, {
    input: {
      ...input,
      devices: { printer: null, idReaderReady: true },
      params: output.next === 'flow' ? output.params : null,
    } as never,
  }).start();
  const snapshot = ticket.getSnapshot();
  ticket.stop();
  return snapshot;
}

describe('guide machine (model-based)', () => {
  it('reaches every state and walks every transition against the running machine', async () => {
    await expectEveryStateAndTransition({
      machine: model,
      input,
      events,
      serializeState,
      comparedContext: (s) => folded(s).c,
      startSut: () => startSut(),
      minPaths: 20,
    });
  });

  it('every snapshot projects to a valid view that never carries the PIN digits', async () => {
    const sut = startSut();
    await sut.exec(CALL_STORED);
    await sut.exec({ type: 'STAFF_UNLOCK' });
    for (const digit of ['7', '3', '9', '1']) {
      await sut.exec({ type: 'PIN_DIGIT', digit } as EventObject);
    }
    const view = fullView(sut.snapshot());
    expect(KioskViewSchema.safeParse(view).error).toBeUndefined();
    expect(view).toMatchObject({ screen: 'guidePin', pinLength: 4, canSubmit: true });
    expect(JSON.stringify(view)).not.toContain('7391');
    sut.stop();
  });

  it('calls a guide, then a wrong PIN, a lockout, and a right PIN into a senior-priority ticket', async () => {
    const checked: Array<{ pin: string }> = [];
    const log: string[] = [];
    const sut = startSut(checked, log);
    const views = [fullView(sut.snapshot())];
    await sut.exec(CALL_STORED);
    views.push(fullView(sut.snapshot()));
    expect(views.map((v) => v.screen === 'guideCalled' && v.status)).toEqual(['calling', 'sent']);
    await sut.exec({ type: 'STAFF_UNLOCK' });
    for (const digit of ['1', '2', '3'])
      await sut.exec({ type: 'PIN_DIGIT', digit } as EventObject);
    await sut.exec({ type: 'PIN_SUBMIT' }); // three digits: not yet
    expect(sut.snapshot().value).toBe('enteringPin');
    await sut.exec({ type: 'PIN_DIGIT', digit: '4' } as EventObject);
    await sut.exec({ type: 'PIN_SUBMIT' });
    expect(fullView(sut.snapshot())).toMatchObject({ screen: 'guidePin', checking: true });
    await sut.exec({
      type: 'xstate.done.actor.verifyPin',
      output: { outcome: 'rejected', attemptsLeft: 2 },
    } as EventObject);
    views.push(fullView(sut.snapshot()));
    expect(views.at(-1)).toMatchObject({
      screen: 'guidePin',
      pinLength: 0,
      notice: { key: 'guide.wrongPin', params: { count: 2 } },
    });
    for (const digit of ['0', '0', '0', '0']) {
      await sut.exec({ type: 'PIN_DIGIT', digit } as EventObject);
    }
    await sut.exec({ type: 'PIN_SUBMIT' });
    await sut.exec({
      type: 'xstate.done.actor.verifyPin',
      output: { outcome: 'lockedOut', lockedSeconds: 30 },
    } as EventObject);
    views.push(fullView(sut.snapshot()));
    expect(views.at(-1)).toMatchObject({ screen: 'guideLockedOut', lockedSeconds: 30 });
    expect(sut.snapshot().context.pin).toBe('');
    await unlockWithTheRightPin(sut);
    views.push(fullView(sut.snapshot()));
    expect(views.at(-1)!.screen).toBe('guideAssisted');
    await sut.exec({ type: 'ASSIST_PRIORITY_TICKET' });
    expect(checked).toEqual([{ pin: '1234' }, { pin: '0000' }, { pin: '2580' }]);
    expect(log).toEqual(['assistedTicket']);
    const snapshot = sut.snapshot();
    expect(snapshot.status).toBe('done');
    const output = snapshot.output!;
    expect(output).toEqual({
      next: 'flow',
      flow: 'ticket',
      params: { identification: { priority: 'senior', ageYears: 65, customerKey: ASSIST_KEY } },
    });
    for (const view of views) expect(KioskViewSchema.safeParse(view).error).toBeUndefined();

    // The ticket flow takes it as an identification: straight to the queues, senior priority.
    const ticket = ticketFlowStartedBy(output);
    expect(ticket.value).toBe('choosingBusinessType');
    expect(ticket.context.identification).toEqual({
      priority: 'senior',
      ageYears: 65,
      customerKey: ASSIST_KEY,
    });
    sut.stop();
  });

  it('ends assisted mode with the flow: "end assisted mode" goes to the next customer, back to the menu', async () => {
    for (const [leave, next] of [
      ['FINISH', 'attract'],
      ['BACK', 'menu'],
    ] as const) {
      const sut = startSut();
      await sut.exec({ type: 'xstate.error.actor.callGuide', error: 'disk full' } as EventObject);
      expect(fullView(sut.snapshot())).toMatchObject({ screen: 'guideCalled', status: 'notSent' });
      await unlockWithTheRightPin(sut);
      await sut.exec({ type: leave });
      expect(sut.snapshot().output).toEqual({ next });
      expect(sut.snapshot().context.assistKey).toBeNull();
      sut.stop();
    }
  });

  it('the guide marks the customer as needing priority for a disability: the ticket has that priority', async () => {
    const log: string[] = [];
    const sut = startSut([], log);
    await sut.exec({ type: 'xstate.error.actor.callGuide', error: 'disk full' } as EventObject);
    await unlockWithTheRightPin(sut);
    expect(fullView(sut.snapshot())).toMatchObject({ screen: 'guideAssisted', disability: false });
    await sut.exec({ type: 'ASSIST_SET_DISABILITY', disability: true } as EventObject);
    const view = fullView(sut.snapshot());
    expect(KioskViewSchema.safeParse(view).error).toBeUndefined();
    expect(view).toMatchObject({ screen: 'guideAssisted', disability: true });
    expect(sut.snapshot().context.unlockAuditId).toBe(AUDIT_ID);
    await sut.exec({ type: 'ASSIST_PRIORITY_TICKET' });
    expect(log).toEqual(['failure', 'disability true', 'assistedTicket']);
    const output = sut.snapshot().output!;
    expect(output).toEqual({
      next: 'flow',
      flow: 'ticket',
      params: { identification: { priority: 'disability', ageYears: 0, customerKey: ASSIST_KEY } },
    });
    // The ticket flow takes it: straight to the queues, with the disability priority.
    const ticket = ticketFlowStartedBy(output);
    expect(ticket.value).toBe('choosingBusinessType');
    expect(ticket.context.identification?.priority).toBe('disability');
    sut.stop();
  });

  it('follows a stored call while the customer waits: sent, queued while unreachable, a guide on the way', async () => {
    const watched: string[] = [];
    const sut = startSut([], [], watched);
    await sut.exec(CALL_STORED);
    const status = () => {
      const view = fullView(sut.snapshot());
      expect(KioskViewSchema.safeParse(view).error).toBeUndefined();
      return view.screen === 'guideCalled' ? [view.status, view.prompt?.key] : null;
    };
    expect(watched).toEqual([`watch ${CALL_ID}`]);
    expect(status()).toEqual(['sent', 'guide.sent']);
    await sut.exec({ type: 'CALL_PROGRESS', progress: 'queued' } as EventObject);
    expect(status()).toEqual(['queued', 'guide.queued']);
    await sut.exec({ type: 'CALL_PROGRESS', progress: 'sent' } as EventObject);
    await sut.exec({ type: 'CALL_PROGRESS', progress: 'onTheWay' } as EventObject);
    expect(status()).toEqual(['onTheWay', 'guide.onTheWay']);
    // The keypad stops the watch; coming back follows the call again, and says what it knew.
    await sut.exec({ type: 'STAFF_UNLOCK' });
    expect(watched).toEqual([`watch ${CALL_ID}`, `stop ${CALL_ID}`]);
    await sut.exec({ type: 'BACK' });
    expect(watched).toEqual([`watch ${CALL_ID}`, `stop ${CALL_ID}`, `watch ${CALL_ID}`]);
    expect(status()).toEqual(['onTheWay', 'guide.onTheWay']);
    await sut.exec({ type: 'BACK' });
    expect(sut.snapshot().output).toEqual({ next: 'menu' });
    expect(watched.at(-1)).toBe(`stop ${CALL_ID}`);
    sut.stop();

    // A call that could not be stored is not followed: there is nothing to deliver.
    const unstored: string[] = [];
    const failed = startSut([], [], unstored);
    await failed.exec({ type: 'xstate.error.actor.callGuide', error: 'disk full' } as EventObject);
    expect(failed.snapshot().matches({ called: 'waiting' })).toBe(true);
    expect(unstored).toEqual([]);
    failed.stop();
  });
});
