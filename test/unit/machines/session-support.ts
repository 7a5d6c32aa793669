/**
 * The session machine under test with stand-in flows (session.model.test.ts, session.test.ts):
 * its input, the flows, their outputs, the delayed events' names and a running actor on a
 * simulated clock.
 */
import {
  assign,
  createActor,
  createMachine,
  SimulatedClock,
  type AnyActorRef,
  type EventObject,
  type SnapshotFrom,
} from 'xstate';
import {
  registerFlow,
  type FlowInput,
  type FlowOutput,
  type RegisteredFlow,
} from '../../../machines/flow.js';
import {
  createSessionMachine,
  effectiveTimeouts,
  type SessionInput,
  type SessionMachine,
} from '../../../machines/session/index.js';
import type { Sut } from './model-harness.js';

export const input: SessionInput = {
  branch: null,
  devices: { printer: null },
  defaultLanguage: 'zh-CN',
  timeouts: { inactivityMs: 60_000, warningMs: 15_000 },
};

/**
 * Stands in for a flow: it records the events it receives and ends with the output the test
 * sends it (`TEST_END`), or crashes on `TEST_CRASH`.
 */
export function stubFlow(received: EventObject[] = []) {
  return createMachine({
    types: {} as {
      context: { output: unknown; params: unknown };
      events: EventObject;
      input: FlowInput;
    },
    // The params it was started with, for the tests to read.
    context: ({ input }) => ({ output: null, params: input.params }),
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

export const project = () => ({ screen: 'printing' as const });

export function flows(received: EventObject[] = []): RegisteredFlow[] {
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

export type Snapshot = SnapshotFrom<SessionMachine>;

export const OUTPUTS: Record<string, unknown> = {
  menu: { next: 'menu' } satisfies FlowOutput,
  attract: { next: 'attract' } satisfies FlowOutput,
  ticket: { next: 'flow', flow: 'ticket', params: { businessTypeId: 'personal' } },
  form: { next: 'flow', flow: 'form', params: null } satisfies FlowOutput,
  // A flow that ends without saying where to go: the session starts over.
  garbage: { next: 'nowhere' },
};

export function sessionFor(received: EventObject[] = []) {
  return createSessionMachine(flows(received));
}
export const machine = sessionFor();

/** The delayed-transition events of a state node, as the machine names them. */
export function afterEvents(stateId: string): string[] {
  return machine.getStateNodeById(stateId).after.map((t) => t.eventType);
}
export const [INACTIVITY] = afterEvents('session.active.presence.watching');
export const [WARNING_OVER] = afterEvents('session.active.presence.warning');

/** A ticket held to the lobby scanner on the attract screen or the menu: the flow that reads it. */
export const SCANNED = 'https://queue.example.cn/t/0193…?n=A0023';
export const scanStarts = (flows: readonly string[]): EventObject[] =>
  flows.map((flow) => ({ type: 'START_FLOW', flow, scan: SCANNED }) as EventObject);

export function startSut(received: EventObject[] = []): Sut<Snapshot> {
  const clock = new SimulatedClock();
  const actor = createActor(sessionFor(received), { input, clock }).start();
  return {
    async exec(event) {
      const child = () => actor.getSnapshot().children.flow as AnyActorRef;
      // The timeouts of this customer: elder mode lengthens them.
      const timeouts = effectiveTimeouts(actor.getSnapshot().context);
      if (event.type === INACTIVITY) clock.increment(timeouts.inactivityMs);
      else if (event.type === WARNING_OVER) clock.increment(timeouts.warningMs);
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
