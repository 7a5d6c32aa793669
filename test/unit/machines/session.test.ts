import { describe, expect, it } from 'vitest';
import { createActor, SimulatedClock, type AnyActorRef, type EventObject } from 'xstate';
import { registerFlow } from '../../../machines/flow.js';
import {
  createSessionMachine,
  effectiveTimeouts,
  VOICE_DEFAULTS,
} from '../../../machines/session/index.js';
import {
  input,
  stubFlow,
  project,
  flows,
  OUTPUTS,
  sessionFor,
  INACTIVITY,
  WARNING_OVER,
  SCANNED,
  startSut,
} from './session-support.js';

describe('session machine', () => {
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
