/**
 * The customer session: attract screen ↔ menu ↔ flows, and the inactivity reset that makes sure
 * the next customer never meets the previous one's screen, language or number.
 *
 * The session hosts any registered flow (./flow.ts): the menu starts one by id, every customer
 * command that is not the session's own reaches the active flow without being named here, and
 * the flow's output says where to go next. Adding a flow never edits this file. A code held to
 * the lobby scanner on the attract screen or the menu (`START_FLOW` with `scan`) starts the flow
 * that reads it with the text as its params (ScannedStart); on the attract screen that is a
 * customer starting, as a touch is.
 *
 * `active` is parallel: `flow` is what the customer is doing, `presence` watches for them
 * leaving. Every customer command (any command of the bridge contract) restarts the presence
 * timer; after `inactivityMs` a warning is shown (visibly, with a countdown) and after
 * `warningMs` more the session ends. Language, elder mode and voice settings chosen in a session
 * reset on the attract screen: they belong to one customer (design.md §7). In elder mode both
 * timeouts are the branch policy's multiple of the configured ones.
 *
 * Elder mode is also offered by itself: a flow that learns the customer is of the branch's offer
 * age (the identify flow, from the ID card) sends `OFFER_ELDER_MODE`, and the session asks once
 * ("Switch to larger text and voice?"), unless elder mode is already on. The answer, yes or no,
 * stands for this session only; the next customer is asked afresh.
 */
import { assign, sendTo, setup, type AnyActorLogic } from 'xstate';
import { KIOSK_COMMAND_TYPES, type KioskCommand } from '../../src/bridge/contract.js';
import { DEFAULT_VOICE_VOLUME, type VoiceSettings } from '../../src/bridge/common.js';
import {
  ELDER_MODE_DEFAULTS,
  type BranchConfig,
  type ElderModePolicy,
} from '../../src/contract/sync.js';
import type { Language } from '../../src/domain/business-type.js';
import {
  flowRegistry,
  parseFlowOutput,
  type DeviceReadiness,
  type DevicesChangedEvent,
  type FlowInput,
  type FlowToSessionEvent,
  type RegisteredFlow,
  type ScannedStart,
} from '../flow.js';

export interface SessionTimeouts {
  /** Quiet time before the "are you still there?" warning. */
  readonly inactivityMs: number;
  /** How long the warning shows before the session resets. */
  readonly warningMs: number;
}

export interface SessionInput {
  readonly branch: BranchConfig | null;
  readonly devices: DeviceReadiness;
  readonly defaultLanguage: Language;
  readonly timeouts: SessionTimeouts;
}

export interface SessionContext {
  readonly branch: BranchConfig | null;
  readonly devices: DeviceReadiness;
  readonly language: Language;
  readonly defaultLanguage: Language;
  readonly timeouts: SessionTimeouts;
  /** The active flow is working (reserving, printing...): the customer is waiting, not gone. */
  readonly flowBusy: boolean;
  /** What the next flow starts with: from the previous flow's output, or none from the menu. */
  readonly flowParams: unknown;
  /** The flow the customer is in, or null on the menu and the attract screen. */
  readonly activeFlow: string | null;
  /** Elder mode for this customer: larger, plainer, slower (design.md §7). */
  readonly elder: boolean;
  /** This customer's voice prompts: on or off, volume, and the "say it again" counter. */
  readonly voice: VoiceSettings;
  /** Whether this customer was offered elder mode from their age: asked once per session. */
  readonly elderOffer: ElderOffer;
}

/** Not asked yet; the question is on screen; answered (or elder mode chosen another way). */
export type ElderOffer = 'notAsked' | 'asking' | 'answered';

/** Voice as every customer finds it: off until elder mode or the customer turns it on. */
export const VOICE_DEFAULTS: VoiceSettings = {
  enabled: false,
  volume: DEFAULT_VOICE_VOLUME,
  repeat: 0,
};

/** The branch's elder-mode policy, or the defaults while it has none. */
export function elderPolicy(branch: BranchConfig | null): ElderModePolicy {
  return branch?.elderMode ?? ELDER_MODE_DEFAULTS;
}

/** The timeouts that apply to this customer: in elder mode, the policy's multiple. */
export function effectiveTimeouts(context: SessionContext): SessionTimeouts {
  const factor = context.elder ? elderPolicy(context.branch).timeoutMultiplier : 1;
  return {
    inactivityMs: Math.round(context.timeouts.inactivityMs * factor),
    warningMs: Math.round(context.timeouts.warningMs * factor),
  };
}

export type SessionEvent =
  | KioskCommand
  /** The host learnt a new branch configuration from the branch service. */
  | { readonly type: 'CONFIG_UPDATED'; readonly branch: BranchConfig }
  /** A device supervisor reported a change that matters to the flows (printer out of paper). */
  | DevicesChangedEvent
  | FlowToSessionEvent;

/** The session's own commands: handled here, never forwarded to a flow. */
const SESSION_COMMANDS: ReadonlySet<string> = new Set<SessionEvent['type']>([
  'START',
  'START_FLOW',
  'ACTIVITY',
  'SET_ELDER',
  'SET_VOICE',
  'SET_VOLUME',
  'REPEAT_PROMPT',
  'ANSWER_ELDER_OFFER',
]);

/** The id every flow runs under, so the view finds the active one without knowing which. */
export const FLOW_ACTOR_ID = 'flow';

export function createSessionMachine(flows: readonly RegisteredFlow[]) {
  const registry = flowRegistry(flows);
  const actors: Record<string, AnyActorLogic> = {};
  for (const flow of registry.values()) actors[flow.id] = flow.logic;

  return setup({
    types: {
      context: {} as SessionContext,
      events: {} as SessionEvent,
      input: {} as SessionInput,
    },
    actors,
    delays: {
      inactivity: ({ context }) => effectiveTimeouts(context).inactivityMs,
      warning: ({ context }) => effectiveTimeouts(context).warningMs,
    },
    guards: {
      flowBusy: ({ context }) => context.flowBusy,
      /** Any command of the bridge contract shows the customer is still there. */
      isCustomerCommand: ({ event }) => KIOSK_COMMAND_TYPES.has(event.type),
      /** Customer commands that belong to the active flow. */
      isFlowCommand: ({ event }) =>
        KIOSK_COMMAND_TYPES.has(event.type) && !SESSION_COMMANDS.has(event.type),
      /** Asked once per session, and never when elder mode is already on. */
      mayOfferElderMode: ({ context }) => !context.elder && context.elderOffer === 'notAsked',
      askingElderOffer: ({ context }) => context.elderOffer === 'asking',
      startsFlow: ({ event }, params: { flow: string }) =>
        event.type === 'START_FLOW' && event.flow === params.flow,
      /** A code held to the scanner on the attract screen: a customer starting, as a touch. */
      scanStartsFlow: ({ event }, params: { flow: string }) =>
        event.type === 'START_FLOW' && event.flow === params.flow && event.scan !== undefined,
    },
    actions: {
      setLanguage: assign({
        language: ({ context, event }) =>
          event.type === 'SET_LANGUAGE' ? event.language : context.language,
      }),
      /** Switching elder mode on also turns voice on where the branch's policy says so. */
      // Choosing elder mode from the header answers a pending offer too: it is not asked again.
      setElder: assign(({ context, event }) =>
        event.type === 'SET_ELDER'
          ? {
              ...switchElder(context, event.on),
              elderOffer: context.elderOffer === 'asking' ? 'answered' : context.elderOffer,
            }
          : {},
      ),
      offerElderMode: assign({ elderOffer: 'asking' }),
      /** Yes: elder mode as the header's button would switch it on. No thanks: nothing changes. */
      answerElderOffer: assign(({ context, event }) =>
        event.type === 'ANSWER_ELDER_OFFER'
          ? {
              ...(event.accept ? switchElder(context, true) : {}),
              elderOffer: 'answered' as const,
            }
          : {},
      ),
      setVoice: assign({
        voice: ({ context, event }) =>
          event.type === 'SET_VOICE' ? { ...context.voice, enabled: event.on } : context.voice,
      }),
      /** Choosing a volume is asking to hear: voice comes on with it. */
      setVolume: assign({
        voice: ({ context, event }) =>
          event.type === 'SET_VOLUME'
            ? { ...context.voice, enabled: true, volume: event.volume }
            : context.voice,
      }),
      repeatPrompt: assign({
        voice: ({ context }) => ({
          ...context.voice,
          enabled: true,
          repeat: context.voice.repeat + 1,
        }),
      }),
      /** The flow starts with the scanned text, if it was started by a scan; else with nothing. */
      startFlow: assign({
        flowParams: ({ event }) =>
          event.type === 'START_FLOW' && event.scan !== undefined
            ? ({ scanned: event.scan } satisfies ScannedStart)
            : null,
      }),
      resetForNextCustomer: assign({
        language: ({ context }) => context.defaultLanguage,
        flowBusy: false,
        flowParams: null,
        activeFlow: null,
        elder: false,
        voice: VOICE_DEFAULTS,
        elderOffer: 'notAsked',
      }),
      forwardToFlow: sendTo(FLOW_ACTOR_ID, ({ event }) => event),
      setDevices: assign({
        devices: ({ context, event }) =>
          event.type === 'DEVICES_CHANGED' ? event.devices : context.devices,
      }),
      /** Where the technician hears about a flow that crashed; the composition root provides it. */
      reportFlowError: () => {},
    },
  }).createMachine({
    id: 'session',
    context: ({ input }) => ({
      branch: input.branch,
      devices: input.devices,
      language: input.defaultLanguage,
      defaultLanguage: input.defaultLanguage,
      timeouts: input.timeouts,
      flowBusy: false,
      flowParams: null,
      activeFlow: null,
      elder: false,
      voice: VOICE_DEFAULTS,
      elderOffer: 'notAsked',
    }),
    on: {
      SET_LANGUAGE: { actions: 'setLanguage' },
      CONFIG_UPDATED: { actions: assign({ branch: ({ event }) => event.branch }) },
      DEVICES_CHANGED: { actions: 'setDevices' },
    },
    initial: 'attract',
    states: {
      attract: {
        entry: 'resetForNextCustomer',
        on: {
          START: 'active',
          // Choosing a language on the attract screen is a customer starting: the choice then
          // belongs to their session and resets with it, never to the next customer.
          SET_LANGUAGE: { target: 'active', actions: 'setLanguage' },
          // So is elder mode or voice (a lobby guide may switch elder mode on for them).
          SET_ELDER: { target: 'active', actions: 'setElder' },
          SET_VOICE: { target: 'active', actions: 'setVoice' },
          SET_VOLUME: { target: 'active', actions: 'setVolume' },
          // A ticket held to the scanner: the session starts straight in the flow that reads it
          // (the menu's entries are touched, never sent from here, so only a scan is taken).
          START_FLOW: [...registry.values()].map((flow) => ({
            guard: { type: 'scanStartsFlow' as const, params: { flow: flow.id } },
            target: `active.flow.${flow.id}`,
            actions: 'startFlow' as const,
          })),
          // REPEAT_PROMPT is not offered here (voice is off until a customer starts): ignored,
          // so nothing of a "repeat" lingers on the screen the next customer meets.
        },
      },
      active: {
        type: 'parallel',
        states: {
          flow: {
            initial: 'menu',
            states: {
              menu: {
                on: {
                  START_FLOW: [...registry.values()].map((flow) => ({
                    guard: { type: 'startsFlow' as const, params: { flow: flow.id } },
                    target: flow.id,
                    actions: 'startFlow' as const,
                  })),
                  BACK: '#session.attract',
                  FINISH: '#session.attract',
                },
              },
              ...Object.fromEntries(
                [...registry.values()].map((flow) => [flow.id, flowState(flow)]),
              ),
            },
          },
          presence: {
            initial: 'watching',
            states: {
              // While the flow is busy the timer just restarts: a ticket is never abandoned
              // mid-print (its printer has its own timeouts, so busy always ends).
              watching: {
                on: presenceRestarts,
                after: {
                  inactivity: [
                    { guard: 'flowBusy', target: 'watching', reenter: true },
                    { target: 'warning' },
                  ],
                },
              },
              warning: {
                on: presenceRestarts,
                after: {
                  warning: [
                    { guard: 'flowBusy', target: 'watching' },
                    { target: '#session.attract' },
                  ],
                },
              },
            },
          },
        },
      },
    },
  });

  /** The state that runs one flow: its invoke, its forwarding, and where its output leads. */
  function flowState(flow: RegisteredFlow) {
    return {
      entry: assign({ activeFlow: flow.id }),
      exit: assign({ flowBusy: false, activeFlow: null }),
      invoke: {
        id: FLOW_ACTOR_ID,
        src: flow.id,
        input: ({ context }: { context: SessionContext }): FlowInput => ({
          language: context.language,
          branch: context.branch,
          devices: context.devices,
          params: context.flowParams,
        }),
        onDone: [
          {
            guard: ({ event }: { event: { output: unknown } }) =>
              parseFlowOutput(event.output).next === 'menu',
            target: 'menu',
          },
          // Into another flow (or this one again) with what this one passed on.
          ...[...registry.values()].map((next) => ({
            guard: ({ event }: { event: { output: unknown } }) => {
              const output = parseFlowOutput(event.output);
              return output.next === 'flow' && output.flow === next.id;
            },
            target: next.id,
            reenter: true,
            actions: assign({
              flowParams: ({ event }: { event: { output: unknown } }) => {
                const output = parseFlowOutput(event.output);
                return output.next === 'flow' ? output.params : null;
              },
            }),
          })),
          // `attract`, or an output this session cannot follow: start over for the next customer.
          { target: '#session.attract' },
        ],
        // A flow that crashed must not leave its last screen up: start over.
        onError: { target: '#session.attract', actions: 'reportFlowError' },
      },
      on: {
        FLOW_BUSY: { actions: assign({ flowBusy: true }) },
        FLOW_SETTLED: { actions: assign({ flowBusy: false }) },
        OFFER_ELDER_MODE: { guard: 'mayOfferElderMode', actions: 'offerElderMode' },
        // The session keeps it for the next flow and the menu; the active flow acts on it now.
        DEVICES_CHANGED: { actions: ['setDevices', 'forwardToFlow'] },
        // Every customer command but the session's own, SET_LANGUAGE included (the printed
        // ticket speaks the customer's language too).
        '*': { guard: 'isFlowCommand', actions: 'forwardToFlow' },
      },
    } as const;
  }
}

// The transitions sit on the atomic presence states (not on the region) so re-entering
// `watching` restarts its timer without re-entering `active`, which would reset the flow.
// Inside a parallel state, a transition taken in one region hides the root's transitions for
// the same event from every region: so the language change the root would make rides along here.
const presenceRestarts = {
  // A ticket just came out (or failed): the customer gets the full time to read the result.
  FLOW_SETTLED: { target: 'watching', reenter: true },
  SET_LANGUAGE: { target: 'watching', reenter: true, actions: 'setLanguage' },
  // Elder mode changes the timeouts: re-entering `watching` restarts the timer at the new length.
  SET_ELDER: { target: 'watching', reenter: true, actions: 'setElder' },
  SET_VOICE: { target: 'watching', reenter: true, actions: 'setVoice' },
  SET_VOLUME: { target: 'watching', reenter: true, actions: 'setVolume' },
  REPEAT_PROMPT: { target: 'watching', reenter: true, actions: 'repeatPrompt' },
  // An answer with no question on screen (a late tap) changes nothing but the timer.
  ANSWER_ELDER_OFFER: [
    { guard: 'askingElderOffer', target: 'watching', reenter: true, actions: 'answerElderOffer' },
    { target: 'watching', reenter: true },
  ],
  '*': { guard: 'isCustomerCommand', target: 'watching', reenter: true },
} as const;

/** Elder mode on or off, with voice on where the branch's policy says so (switching on only). */
function switchElder(
  context: SessionContext,
  on: boolean,
): Pick<SessionContext, 'elder' | 'voice'> {
  const voiceOn = on && elderPolicy(context.branch).voiceByDefault;
  return { elder: on, voice: voiceOn ? { ...context.voice, enabled: true } : context.voice };
}

export type SessionMachine = ReturnType<typeof createSessionMachine>;
