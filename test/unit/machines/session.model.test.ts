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
import {
  registerFlow,
  scannedAtStart,
  type FlowInput,
  type FlowOutput,
  type RegisteredFlow,
} from '../../../machines/flow.js';
import {
  createSessionMachine,
  effectiveTimeouts,
  VOICE_DEFAULTS,
  type SessionInput,
  type SessionMachine,
} from '../../../machines/session/index.js';
import { expectEveryStateAndTransition, type Sut } from './model-harness.js';

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

/** A ticket held to the lobby scanner on the attract screen or the menu: the flow that reads it. */
const SCANNED = 'https://queue.example.cn/t/0193…?n=A0023';
const scanStarts = (flows: readonly string[]): EventObject[] =>
  flows.map((flow) => ({ type: 'START_FLOW', flow, scan: SCANNED }) as EventObject);

function events(snapshot: Snapshot): EventObject[] {
  const { elder, voice, language, devices, elderOffer, flowParams } = snapshot.context;
  // A flow started by a scan: only what ends it or the session (the flow itself, the reset) is
  // walked; every other transition of a running flow is walked from a touched start already,
  // and walking them again with the scanned start would double the graph.
  if (scannedAtStart(flowParams) !== null) {
    const scanned: EventObject[] = [{ type: 'FINISH' }];
    if (snapshot.matches({ active: { presence: 'watching' } })) scanned.push({ type: INACTIVITY! });
    if (snapshot.matches({ active: { presence: 'warning' } }))
      scanned.push({ type: WARNING_OVER! });
    if (snapshot.context.activeFlow !== null) {
      for (const output of [OUTPUTS.menu, OUTPUTS.attract]) {
        scanned.push({ type: 'xstate.done.actor.flow', output } as EventObject);
      }
    }
    return scanned;
  }
  // Once elder mode was offered, only what the offer changes is walked: the answers (yes, no
  // thanks, or the header's button) and the reset that forgets them. Every other transition is
  // walked from plain sessions already; walking them again here would double the graph.
  if (elderOffer !== 'notAsked') {
    const offered: EventObject[] = [];
    if (elderOffer === 'asking') {
      offered.push(
        { type: 'ANSWER_ELDER_OFFER', accept: true } as EventObject,
        { type: 'ANSWER_ELDER_OFFER', accept: false } as EventObject,
        { type: 'SET_ELDER', on: true } as EventObject,
      );
    }
    if (snapshot.matches({ active: { presence: 'watching' } })) offered.push({ type: INACTIVITY! });
    if (snapshot.matches({ active: { presence: 'warning' } }))
      offered.push({ type: WARNING_OVER! });
    return offered;
  }
  const customised = elder || voice.enabled;
  // The host's news and the language are walked in plain sessions; a customised session walks
  // the rest (its flows, its reset), so the graph grows by a little, not by a multiple.
  const hostNews: EventObject[] = customised
    ? []
    : [
        { type: 'SET_LANGUAGE', language: 'en' } as EventObject,
        { type: 'CONFIG_UPDATED', branch: null } as EventObject,
        { type: 'DEVICES_CHANGED', devices: { printer: 'paperOut' } } as EventObject,
        { type: 'DEVICES_CHANGED', devices: { printer: null } } as EventObject,
      ];
  const list: EventObject[] = [
    ...hostNews,
    { type: 'START' },
    { type: 'START_FLOW', flow: 'ticket' } as EventObject,
    { type: 'START_FLOW', flow: 'no-such-flow' } as EventObject,
    { type: 'BACK' },
    { type: 'FINISH' },
    { type: 'ACTIVITY' },
    { type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'personal' } as EventObject,
  ];
  // A customer's settings: switched on from a plain session (in the default language, printer
  // ready), off from a customised one. That walks each of their transitions from every state.
  const fresh = language === input.defaultLanguage && devices.printer === null;
  if (!customised && fresh && !snapshot.context.flowBusy && snapshot.context.flowParams === null) {
    list.push(
      { type: 'SET_ELDER', on: true } as EventObject,
      { type: 'SET_VOICE', on: true } as EventObject,
      { type: 'SET_VOLUME', volume: 40 } as EventObject,
      { type: 'REPEAT_PROMPT' },
    );
  } else if (customised) {
    list.push(
      { type: 'SET_ELDER', on: false } as EventObject,
      { type: 'SET_VOICE', on: false } as EventObject,
    );
  }
  if (snapshot.matches({ active: { presence: 'watching' } })) list.push({ type: INACTIVITY! });
  if (snapshot.matches({ active: { presence: 'warning' } })) list.push({ type: WARNING_OVER! });
  // A scan on the attract screen starts the session in the flow that reads it (either flow,
  // started from the menu or not); on the menu, as a touch on the entry would, with the text.
  if (!customised && fresh) {
    if (snapshot.matches('attract')) list.push(...scanStarts(['ticket', 'form']));
    if (snapshot.matches({ active: { flow: 'menu' } })) list.push(...scanStarts(['ticket']));
  }
  // The elder-mode offer (a flow saw the offer age on an ID card), asked from a plain session;
  // a late answer with nothing asked, from the menu.
  if (!customised && fresh && snapshot.matches({ active: { flow: 'menu' } })) {
    list.push({ type: 'ANSWER_ELDER_OFFER', accept: true } as EventObject);
  }
  const watching = snapshot.matches({ active: { presence: 'watching' } });
  if (snapshot.context.activeFlow !== null && !customised && fresh && watching) {
    if (!snapshot.context.flowBusy) list.push({ type: 'OFFER_ELDER_MODE' });
  }
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

/** The context as the model follows it: the voice settings folded to on/off. */
function comparable(snapshot: Snapshot) {
  const { voice, ...rest } = snapshot.context;
  return { ...rest, branch: null, voiceOn: voice.enabled };
}

describe('session machine (model-based)', () => {
  it('reaches every state and walks every transition against the running machine', async () => {
    // The model walks the statechart without running children, so forwarding to the flow is a
    // no-op there; the system under test forwards for real.
    const model = machine.provide({ actions: { forwardToFlow: () => {} } });
    await expectEveryStateAndTransition({
      machine: model,
      input,
      events,
      startSut: () => startSut(),
      // The configuration does not change which screen is shown: keep the graph small. The
      // rest of the context does (flowBusy guards the inactivity reset, flowParams is what a
      // flow starts with, the language must not outlive its customer).
      // Of the voice settings only "on" stays in: the volume and the repeat counter change no
      // transition, and the counter would make the graph endless. The replay compares the same
      // (elder mode and voice must not survive the reset); they have tests of their own below.
      serializeState: (s) => JSON.stringify([s.value, comparable(s)]),
      comparedContext: comparable,
      minPaths: 100,
    });
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

  it('starts the session straight in a flow from a scan on the attract screen, with the text', async () => {
    const received: EventObject[] = [];
    const sut = startSut(received);
    // A menu entry's touch from a stale screen does not start a session: only a scan does.
    await sut.exec({ type: 'START_FLOW', flow: 'ticket' } as EventObject);
    expect(sut.snapshot().value).toBe('attract');
    await sut.exec({ type: 'START_FLOW', flow: 'ticket', scan: SCANNED } as EventObject);
    expect(sut.snapshot().value).toEqual({ active: { flow: 'ticket', presence: 'watching' } });
    // The attract screen's defaults: the scan changes nothing of the customer's settings.
    expect(sut.snapshot().context).toMatchObject({
      activeFlow: 'ticket',
      flowParams: { scanned: SCANNED },
      language: 'zh-CN',
      elder: false,
      voice: VOICE_DEFAULTS,
    });
    // What the flow was started with: the text, for the flow to read.
    const child = sut.snapshot().children.flow as AnyActorRef;
    expect(child.getSnapshot().context.params).toEqual({ scanned: SCANNED });
    expect(received).toEqual([]);
    // Back from the flow: the menu, and a touched entry starts with nothing.
    await sut.exec({ type: 'xstate.done.actor.flow', output: OUTPUTS.menu } as EventObject);
    expect(sut.snapshot().matches({ active: { flow: 'menu' } })).toBe(true);
    await sut.exec({ type: 'START_FLOW', flow: 'ticket' } as EventObject);
    expect(sut.snapshot().context.flowParams).toBeNull();
    await sut.exec({ type: 'xstate.done.actor.flow', output: OUTPUTS.menu } as EventObject);
    // A scan on the menu: the flow with the text.
    await sut.exec({ type: 'START_FLOW', flow: 'ticket', scan: SCANNED } as EventObject);
    expect(sut.snapshot().context.flowParams).toEqual({ scanned: SCANNED });
    await sut.exec({ type: 'xstate.done.actor.flow', output: OUTPUTS.attract } as EventObject);
    expect(sut.snapshot().value).toBe('attract');
    expect(sut.snapshot().context.flowParams).toBeNull();
    // A scan for a flow this kiosk does not have starts nothing.
    await sut.exec({ type: 'START_FLOW', flow: 'no-such-flow', scan: SCANNED } as EventObject);
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

  it('lengthens both timeouts in elder mode by the branch policy, and turns voice on', async () => {
    const sut = startSut();
    await sut.exec({ type: 'SET_ELDER', on: true } as EventObject);
    const { context } = sut.snapshot();
    expect(sut.snapshot().matches({ active: { flow: 'menu' } })).toBe(true);
    expect(context.elder).toBe(true);
    expect(context.voice.enabled).toBe(true);
    expect(effectiveTimeouts(context)).toEqual({ inactivityMs: 120_000, warningMs: 30_000 });
    const policy = { timeoutMultiplier: 3, voiceByDefault: false, offerFromAge: 70 };
    const branch = {
      branch: { id: 'b1', name: { 'zh-CN': '网点', en: 'Branch' } },
      businessTypes: [{ id: 'personal', prefix: 'A', name: { 'zh-CN': '个人', en: 'Personal' } }],
      elderMode: policy,
    };
    await sut.exec({ type: 'CONFIG_UPDATED', branch } as EventObject);
    expect(effectiveTimeouts(sut.snapshot().context).inactivityMs).toBe(180_000);
    sut.stop();

    // Policy without voice by default: elder mode alone does not speak.
    const quiet = createActor(sessionFor(), { input: { ...input, branch } }).start();
    quiet.send({ type: 'SET_ELDER', on: true });
    expect(quiet.getSnapshot().context.voice.enabled).toBe(false);
    quiet.stop();
  });

  it('waits the elder-mode time before warning, not the normal one', async () => {
    const clock = new SimulatedClock();
    const actor = createActor(sessionFor(), { input, clock }).start();
    actor.send({ type: 'SET_ELDER', on: true });
    clock.increment(input.timeouts.inactivityMs);
    expect(actor.getSnapshot().matches({ active: { presence: 'watching' } })).toBe(true);
    clock.increment(input.timeouts.inactivityMs);
    expect(actor.getSnapshot().matches({ active: { presence: 'warning' } })).toBe(true);
    clock.increment(input.timeouts.warningMs);
    expect(actor.getSnapshot().matches({ active: { presence: 'warning' } })).toBe(true);
    clock.increment(input.timeouts.warningMs);
    expect(actor.getSnapshot().value).toBe('attract');
    actor.stop();
  });

  it('keeps voice settings for the session and forgets them, with elder mode, at the reset', async () => {
    const received: EventObject[] = [];
    const sut = startSut(received);
    await sut.exec({ type: 'REPEAT_PROMPT' });
    expect(sut.snapshot().value).toBe('attract');
    expect(sut.snapshot().context.voice).toEqual(VOICE_DEFAULTS);
    await sut.exec({ type: 'SET_VOLUME', volume: 40 } as EventObject);
    expect(sut.snapshot().context.voice).toEqual({ enabled: true, volume: 40, repeat: 0 });
    await sut.exec({ type: 'REPEAT_PROMPT' });
    await sut.exec({ type: 'START_FLOW', flow: 'ticket' } as EventObject);
    await sut.exec({ type: 'SET_ELDER', on: true } as EventObject);
    await sut.exec({ type: 'REPEAT_PROMPT' });
    await sut.exec({ type: 'SET_VOICE', on: false } as EventObject);
    expect(sut.snapshot().context).toMatchObject({
      elder: true,
      voice: { enabled: false, volume: 40, repeat: 2 },
    });
    // The session's own commands: the flow never hears them.
    expect(received).toEqual([]);
    await sut.exec({ type: INACTIVITY! });
    await sut.exec({ type: WARNING_OVER! });
    expect(sut.snapshot().value).toBe('attract');
    expect(sut.snapshot().context).toMatchObject({ elder: false, voice: VOICE_DEFAULTS });
    sut.stop();
  });
});
