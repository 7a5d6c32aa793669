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
import { registerFlow, type FlowOutput, type RegisteredFlow } from '../../../machines/flow.js';
import {
  createSessionMachine,
  type SessionInput,
  type SessionMachine,
} from '../../../machines/session/index.js';
import { expectFullCoverage, runModel, type Sut } from './model-harness.js';

const input: SessionInput = {
  branch: null,
  devices: { printer: null },
  defaultLanguage: 'zh-CN',
  timeouts: { inactivityMs: 60_000, warningMs: 15_000 },
};

/**
 * Stands in for a flow: it records the events it receives and ends with the output the test
 * sends it (`TEST_END`), or crashes on `TEST_CRASH`.
 */
function stubFlow(received: EventObject[] = []) {
  return createMachine({
    types: {} as { context: { output: unknown }; events: EventObject },
    context: { output: null },
    initial: 'running',
    states: {
      running: {
        on: {
          TEST_END: {
            target: 'finished',
            actions: assign({ output: ({ event }) => (event as { output?: unknown }).output }),
          },
          TEST_CRASH: {
            actions: () => {
              throw new Error('flow crashed');
            },
          },
          '*': { actions: ({ event }) => void received.push(event) },
        },
      },
      finished: { type: 'final' },
    },
    output: ({ context }) => context.output,
  });
}

const project = () => ({ screen: 'printing' as const });

function flows(received: EventObject[] = []): RegisteredFlow[] {
  return [
    registerFlow({
      id: 'ticket',
      logic: stubFlow(received),
      menuLabel: 'menu.takeTicket',
      project,
    }),
    // A second flow (an e-form, say) that is started by another flow, not from the menu.
    registerFlow({ id: 'form', logic: stubFlow(received), project }),
  ];
}

type Snapshot = SnapshotFrom<SessionMachine>;

const OUTPUTS: Record<string, unknown> = {
  menu: { next: 'menu' } satisfies FlowOutput,
  attract: { next: 'attract' } satisfies FlowOutput,
  ticket: { next: 'flow', flow: 'ticket', params: { businessTypeId: 'personal' } },
  form: { next: 'flow', flow: 'form', params: null } satisfies FlowOutput,
  // A flow that ends without saying where to go: the session starts over.
  garbage: { next: 'nowhere' },
};

function sessionFor(received: EventObject[] = []) {
  return createSessionMachine(flows(received));
}
const machine = sessionFor();

/** The delayed-transition events of a state node, as the machine names them. */
function afterEvents(stateId: string): string[] {
  return machine.getStateNodeById(stateId).after.map((t) => t.eventType);
}
const [INACTIVITY] = afterEvents('session.active.presence.watching');
const [WARNING_OVER] = afterEvents('session.active.presence.warning');

function events(snapshot: Snapshot): EventObject[] {
  const list: EventObject[] = [
    { type: 'START' },
    { type: 'START_FLOW', flow: 'ticket' } as EventObject,
    { type: 'START_FLOW', flow: 'no-such-flow' } as EventObject,
    { type: 'BACK' },
    { type: 'FINISH' },
    { type: 'ACTIVITY' },
    { type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'personal' } as EventObject,
    { type: 'SET_LANGUAGE', language: 'en' } as EventObject,
    { type: 'CONFIG_UPDATED', branch: null } as EventObject,
    { type: 'DEVICES_CHANGED', devices: { printer: 'paperOut' } } as EventObject,
    { type: 'DEVICES_CHANGED', devices: { printer: null } } as EventObject,
  ];
  if (snapshot.matches({ active: { presence: 'watching' } })) list.push({ type: INACTIVITY! });
  if (snapshot.matches({ active: { presence: 'warning' } })) list.push({ type: WARNING_OVER! });
  if (snapshot.context.activeFlow !== null) {
    list.push({ type: 'FLOW_BUSY' }, { type: 'FLOW_SETTLED' });
    list.push({ type: 'xstate.error.actor.flow', error: 'flow crashed' } as EventObject);
    for (const output of Object.values(OUTPUTS)) {
      list.push({ type: 'xstate.done.actor.flow', output } as EventObject);
    }
  }
  return list;
}

function startSut(received: EventObject[] = []): Sut<Snapshot> {
  const clock = new SimulatedClock();
  const actor = createActor(sessionFor(received), { input, clock }).start();
  return {
    async exec(event) {
      const child = () => actor.getSnapshot().children.flow as AnyActorRef;
      if (event.type === INACTIVITY) clock.increment(input.timeouts.inactivityMs);
      else if (event.type === WARNING_OVER) clock.increment(input.timeouts.warningMs);
      else if (event.type === 'xstate.error.actor.flow') child().send({ type: 'TEST_CRASH' });
      else if (event.type === 'xstate.done.actor.flow') {
        child().send({ type: 'TEST_END', output: (event as { output?: unknown }).output });
      } else actor.send(event as never);
      await Promise.resolve();
    },
    snapshot: () => actor.getSnapshot(),
    stop: () => actor.stop(),
  };
}

describe('session machine (model-based)', () => {
  it('reaches every state and walks every transition against the running machine', async () => {
    // The model walks the statechart without running children, so forwarding to the flow is a
    // no-op there; the system under test forwards for real.
    const model = machine.provide({ actions: { forwardToFlow: () => {} } });
    const run = await runModel({
      machine: model,
      input,
      events,
      startSut: () => startSut(),
      // The configuration does not change which screen is shown: keep the graph small. The
      // rest of the context does (flowBusy guards the inactivity reset, flowParams is what a
      // flow starts with, the language must not outlive its customer).
      serializeState: (s) => JSON.stringify([s.value, { ...s.context, branch: null }]),
    });
    expectFullCoverage(machine, run);
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

  it('restarts the presence timer on any command of the bridge contract, and on nothing else', async () => {
    const sut = startSut();
    await sut.exec({ type: 'START' });
    await sut.exec({ type: INACTIVITY! });
    // A flow's own command, never named in the session, still counts as the customer.
    await sut.exec({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'x' } as EventObject);
    expect(sut.snapshot().matches({ active: { presence: 'watching' } })).toBe(true);
    await sut.exec({ type: INACTIVITY! });
    // The host's own news is not the customer.
    await sut.exec({ type: 'CONFIG_UPDATED', branch: null } as EventObject);
    expect(sut.snapshot().matches({ active: { presence: 'warning' } })).toBe(true);
    sut.stop();
  });

  it('forwards a flow its commands without naming them, and keeps its own', async () => {
    const received: EventObject[] = [];
    const sut = startSut(received);
    await sut.exec({ type: 'START' });
    await sut.exec({ type: 'START_FLOW', flow: 'ticket' } as EventObject);
    await sut.exec({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'personal' } as EventObject);
    await sut.exec({ type: 'ACTIVITY' });
    await sut.exec({ type: 'SET_LANGUAGE', language: 'en' } as EventObject);
    await sut.exec({ type: 'BACK' });
    expect(received.map((e) => e.type)).toEqual(['CHOOSE_BUSINESS_TYPE', 'SET_LANGUAGE', 'BACK']);
    expect(sut.snapshot().context.language).toBe('en');
    sut.stop();
  });

  it('follows a flow output into another flow with its input', async () => {
    const sut = startSut();
    await sut.exec({ type: 'START' });
    await sut.exec({ type: 'START_FLOW', flow: 'ticket' } as EventObject);
    await sut.exec({ type: 'xstate.done.actor.flow', output: OUTPUTS.form } as EventObject);
    expect(sut.snapshot().context.activeFlow).toBe('form');
    await sut.exec({ type: 'xstate.done.actor.flow', output: OUTPUTS.ticket } as EventObject);
    expect(sut.snapshot().context.activeFlow).toBe('ticket');
    expect(sut.snapshot().context.flowParams).toEqual({ businessTypeId: 'personal' });
    const child = sut.snapshot().children.flow as AnyActorRef;
    expect(child).toBeDefined();
    await sut.exec({ type: 'xstate.done.actor.flow', output: OUTPUTS.menu } as EventObject);
    expect(sut.snapshot().matches({ active: { flow: 'menu' } })).toBe(true);
    expect(sut.snapshot().context.activeFlow).toBeNull();
    await sut.exec({ type: 'START_FLOW', flow: 'ticket' } as EventObject);
    expect(sut.snapshot().context.flowParams).toBeNull();
    await sut.exec({ type: 'xstate.done.actor.flow', output: OUTPUTS.garbage } as EventObject);
    expect(sut.snapshot().value).toBe('attract');
    sut.stop();
  });

  it('keeps the printer readiness for the next flow and tells the active flow at once', async () => {
    const received: EventObject[] = [];
    const sut = startSut(received);
    await sut.exec({ type: 'START' });
    const paperOut = { type: 'DEVICES_CHANGED', devices: { printer: 'paperOut' } } as EventObject;
    await sut.exec(paperOut);
    expect(sut.snapshot().context.devices).toEqual({ printer: 'paperOut' });
    await sut.exec({ type: 'START_FLOW', flow: 'ticket' } as EventObject);
    await sut.exec({ type: 'DEVICES_CHANGED', devices: { printer: null } } as EventObject);
    expect(sut.snapshot().context.devices).toEqual({ printer: null });
    expect(received).toEqual([{ type: 'DEVICES_CHANGED', devices: { printer: null } }]);
    // Not the customer: the presence timer is not restarted by it.
    expect(sut.snapshot().matches({ active: { presence: 'watching' } })).toBe(true);
    sut.stop();
  });

  it('refuses two flows with one id, a session state name, and a menu entry the contract cannot start', () => {
    const [ticket, form] = flows();
    expect(() => createSessionMachine([ticket!, ticket!])).toThrow(/registered twice/);
    const logic = stubFlow();
    expect(() => createSessionMachine([registerFlow({ id: 'menu', logic, project })])).toThrow(
      /name the session uses itself/,
    );
    expect(() =>
      createSessionMachine([
        registerFlow({ id: 'form', logic, menuLabel: 'menu.takeTicket', project }),
      ]),
    ).toThrow(/not in FLOW_IDS/);
    // Started by another flow only: needs no place on the menu or in the contract.
    expect(() => createSessionMachine([ticket!, form!])).not.toThrow();
  });

  it('never resets while the flow is busy, and resumes watching once it settles', async () => {
    const sut = startSut();
    await sut.exec({ type: 'START' });
    await sut.exec({ type: 'START_FLOW', flow: 'ticket' } as EventObject);
    await sut.exec({ type: 'FLOW_BUSY' });
    for (let i = 0; i < 5; i++) await sut.exec({ type: INACTIVITY! });
    expect(sut.snapshot().context.activeFlow).toBe('ticket');
    expect(sut.snapshot().matches({ active: { presence: 'watching' } })).toBe(true);
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
