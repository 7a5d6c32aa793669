import { describe, expect, it } from 'vitest';
import {
  assign,
  createActor,
  createMachine,
  SimulatedClock,
  type AnyActorRef,
  type EventObject,
  type SnapshotFrom,
} from 'xstate';
import { sessionMachine, type SessionInput } from '../../../machines/session.js';
import { expectFullCoverage, runModel, type Sut } from './model-harness.js';

const input: SessionInput = {
  businessTypes: [],
  defaultLanguage: 'zh-CN',
  timeouts: { inactivityMs: 60_000, warningMs: 15_000 },
};

type Snapshot = SnapshotFrom<typeof sessionMachine>;

/** The delayed-transition events of a state node, as the machine names them. */
function afterEvents(stateId: string): string[] {
  return sessionMachine.getStateNodeById(stateId).after.map((t) => t.eventType);
}
const [INACTIVITY] = afterEvents('session.active.presence.watching');
const [WARNING_OVER] = afterEvents('session.active.presence.warning');

function events(snapshot: Snapshot): EventObject[] {
  const list: EventObject[] = [
    { type: 'START' },
    { type: 'TAKE_TICKET' },
    { type: 'BACK' },
    { type: 'FINISH' },
    { type: 'ACTIVITY' },
    { type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'personal' } as EventObject,
    { type: 'SET_LANGUAGE', language: 'en' } as EventObject,
    { type: 'CONFIG_UPDATED', businessTypes: [] } as EventObject,
  ];
  if (snapshot.matches({ active: { presence: 'watching' } })) list.push({ type: INACTIVITY! });
  if (snapshot.matches({ active: { presence: 'warning' } })) list.push({ type: WARNING_OVER! });
  if (snapshot.matches({ active: { flow: 'ticket' } })) {
    list.push({ type: 'FLOW_BUSY' }, { type: 'FLOW_SETTLED' });
    list.push({ type: 'xstate.error.actor.ticket', error: 'flow crashed' } as EventObject);
    list.push({
      type: 'xstate.done.actor.ticket',
      output: { outcome: 'cancelled' },
    } as EventObject);
    list.push({ type: 'xstate.done.actor.ticket', output: { outcome: 'done' } } as EventObject);
  }
  return list;
}

/** Stands in for the ticket flow: it ends when the test says how. */
const ticketFlowStub = createMachine({
  context: { outcome: 'done' },
  initial: 'running',
  states: {
    running: {
      on: {
        TEST_CANCELLED: { target: 'finished', actions: assign({ outcome: 'cancelled' }) },
        TEST_DONE: 'finished',
        TEST_CRASH: {
          actions: () => {
            throw new Error('flow crashed');
          },
        },
      },
    },
    finished: { type: 'final' },
  },
  output: ({ context }) => ({ outcome: context.outcome }),
});

function startSut(): Sut<Snapshot> {
  const clock = new SimulatedClock();
  const actor = createActor(
    sessionMachine.provide({ actors: { ticketFlow: ticketFlowStub as never } }),
    { input, clock },
  ).start();
  return {
    async exec(event) {
      if (event.type === INACTIVITY) clock.increment(input.timeouts.inactivityMs);
      else if (event.type === WARNING_OVER) clock.increment(input.timeouts.warningMs);
      else if (event.type === 'xstate.error.actor.ticket') {
        (actor.getSnapshot().children.ticket as AnyActorRef).send({ type: 'TEST_CRASH' });
      } else if (event.type === 'xstate.done.actor.ticket') {
        const child = actor.getSnapshot().children.ticket as AnyActorRef;
        const outcome = (event as { output?: { outcome?: string } }).output?.outcome;
        child.send({ type: outcome === 'cancelled' ? 'TEST_CANCELLED' : 'TEST_DONE' });
      } else actor.send(event as never);
      await Promise.resolve();
    },
    snapshot: () => actor.getSnapshot(),
    stop: () => actor.stop(),
  };
}

describe('session machine (model-based)', () => {
  it('reaches every state and walks every transition against the running machine', async () => {
    // The model walks the statechart without running children, so forwarding to the ticket flow
    // is a no-op there; the system under test forwards for real.
    const model = sessionMachine.provide({
      actors: { ticketFlow: ticketFlowStub as never },
      actions: { forwardToTicketFlow: () => {} },
    });
    const run = await runModel({
      machine: model,
      input,
      events,
      startSut,
      // Language and business types do not change which screen is shown: keep the graph small.
      // flowBusy does (it guards the inactivity reset), so it is part of the state.
      serializeState: (s) => JSON.stringify([s.value, s.context.flowBusy]),
    });
    expectFullCoverage(sessionMachine, run);
  });

  it('warns before resetting, and any touch postpones the reset', async () => {
    const sut = startSut();
    await sut.exec({ type: 'START' });
    await sut.exec({ type: INACTIVITY! });
    expect(sut.snapshot().matches({ active: { presence: 'warning' } })).toBe(true);
    await sut.exec({ type: 'ACTIVITY' });
    expect(sut.snapshot().matches({ active: { presence: 'watching' } })).toBe(true);
    await sut.exec({ type: INACTIVITY! });
    await sut.exec({ type: WARNING_OVER! });
    expect(sut.snapshot().value).toBe('attract');
    sut.stop();
  });

  it('never resets while the ticket flow is busy, and resumes watching once it settles', async () => {
    const sut = startSut();
    await sut.exec({ type: 'START' });
    await sut.exec({ type: 'TAKE_TICKET' });
    await sut.exec({ type: 'FLOW_BUSY' });
    for (let i = 0; i < 5; i++) await sut.exec({ type: INACTIVITY! });
    expect(sut.snapshot().matches({ active: { flow: 'ticket', presence: 'watching' } })).toBe(true);
    await sut.exec({ type: 'FLOW_SETTLED' });
    await sut.exec({ type: INACTIVITY! });
    await sut.exec({ type: WARNING_OVER! });
    expect(sut.snapshot().value).toBe('attract');
    sut.stop();
  });

  it('takes a language chosen on the attract screen as the start of a session', async () => {
    const sut = startSut();
    await sut.exec({ type: 'SET_LANGUAGE', language: 'en' } as EventObject);
    expect(sut.snapshot().matches({ active: { flow: 'menu' } })).toBe(true);
    expect(sut.snapshot().context.language).toBe('en');
    await sut.exec({ type: INACTIVITY! });
    await sut.exec({ type: WARNING_OVER! });
    expect(sut.snapshot().value).toBe('attract');
    expect(sut.snapshot().context.language).toBe('zh-CN');
    sut.stop();
  });

  it('does not carry a language over to the next customer', async () => {
    const sut = startSut();
    await sut.exec({ type: 'START' });
    await sut.exec({ type: 'SET_LANGUAGE', language: 'en' } as EventObject);
    expect(sut.snapshot().context.language).toBe('en');
    await sut.exec({ type: 'FINISH' });
    expect(sut.snapshot().value).toBe('attract');
    expect(sut.snapshot().context.language).toBe('zh-CN');
    sut.stop();
  });
});
