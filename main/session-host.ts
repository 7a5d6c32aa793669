/**
 * Runs the session machine with the registered flows and publishes its view over the bridge.
 *
 * The view is recomputed on any snapshot of any actor in the system (a child's changes do not
 * emit a parent snapshot) and published only when it changed. While the inactivity warning is up
 * it is republished every second with the countdown, read from the injected clock (elder mode's
 * longer warning included).
 */
import { createActor, type Actor } from 'xstate';
import type { KioskCommand, KioskView } from '../src/bridge/contract.js';
import type { HostBridge } from '../src/bridge/host.js';
import type { KioskConfig } from '../src/config.js';
import type { BranchConfig } from '../src/contract/sync.js';
import { kioskFollowLinks } from '../src/follow-link.js';
import { logEvent, type Logger } from '../src/log/index.js';
import type { DeviceReadiness, RegisteredFlow } from '../machines/flow.js';
import {
  createSessionMachine,
  effectiveTimeouts,
  toKioskView,
  type SessionMachine,
} from '../machines/session/index.js';

export interface SessionHost {
  readonly bridge: HostBridge;
  /** Tells the session (and so the next flow and the view) about a new branch configuration. */
  configUpdated(branch: BranchConfig): void;
  /** Tells the session and the active flow what the device supervisors now report. */
  devicesChanged(devices: DeviceReadiness): void;
  /**
   * Everything the host holds of the session right now: the session's persisted snapshot with
   * its flow's (context included). For diagnostics and for the tests that prove a reset leaves
   * nothing of a customer behind; null before start.
   */
  snapshot(): unknown;
  start(): void;
  stop(): void;
}

/** Each bridge's session host, so a test that holds only the kiosk's bridge can inspect it. */
const HOSTS = new WeakMap<HostBridge, SessionHost>();

/** The session host behind a bridge made by createSessionHost, if any. */
export function sessionHostOf(bridge: HostBridge): SessionHost | undefined {
  return HOSTS.get(bridge);
}

export function createSessionHost(options: {
  readonly flows: readonly RegisteredFlow[];
  readonly config: KioskConfig;
  readonly branch: () => BranchConfig | null;
  readonly devices: () => DeviceReadiness;
  readonly logger: Logger;
  readonly now: () => Date;
  /**
   * A ticket's follow link, as the ticket feature prints it (the composition root gives both
   * the same). Default: on `config.ticketQrBaseUrl`, else none.
   */
  readonly followLink?: (ticket: { readonly id: string; readonly number: string }) => string;
}): SessionHost {
  const { flows, config, logger, now } = options;
  const machine = createSessionMachine(flows).provide({
    actions: {
      reportFlowError: ({ context, event }) =>
        logEvent(logger, 'session.flowCrashed', {
          flow: context.activeFlow,
          reason: 'error' in event ? String(event.error) : event.type,
        }),
    },
  });

  const listeners = new Set<(view: KioskView) => void>();
  let actor: Actor<SessionMachine> | null = null;
  let current: KioskView | null = null;
  let currentJson = '';
  let warningStartedAt: number | null = null;
  let warningTicker: ReturnType<typeof setInterval> | null = null;

  // The ticket feature prints the same link (Infrastructure.followLink).
  const qrPayloadFor = options.followLink ?? kioskFollowLinks(config, () => null);

  const warningSecondsLeft = (warning: boolean, warningMs: number): number | null => {
    if (warning && warningStartedAt === null) {
      warningStartedAt = now().getTime();
      warningTicker = setInterval(publish, 1_000);
    } else if (!warning && warningStartedAt !== null) {
      warningStartedAt = null;
      if (warningTicker) clearInterval(warningTicker);
      warningTicker = null;
    }
    if (warningStartedAt === null) return null;
    const left = warningStartedAt + warningMs - now().getTime();
    return Math.max(0, Math.ceil(left / 1_000));
  };

  function publish(): void {
    if (!actor) return;
    const snapshot = actor.getSnapshot();
    const warning = snapshot.matches({ active: { presence: 'warning' } });
    const view = toKioskView(snapshot, flows, {
      qrPayloadFor,
      warningSecondsLeft: warningSecondsLeft(
        warning,
        effectiveTimeouts(snapshot.context).warningMs,
      ),
    });
    const json = JSON.stringify(view);
    if (json === currentJson) return;
    current = view;
    currentJson = json;
    // One failing shell (a window already gone) must not stop the others or the host.
    for (const listener of listeners) {
      try {
        listener(view);
      } catch (error) {
        logEvent(logger, 'bridge.viewListenerFailed', { reason: (error as Error).message });
      }
    }
  }

  const bridge: HostBridge = {
    view: () => {
      if (!current) publish();
      if (!current)
        throw new Error('the kiosk has not started: call start() before serving a view');
      return current;
    },
    onView(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispatch(command: KioskCommand) {
      actor?.send(command);
    },
  };

  const host: SessionHost = {
    bridge,
    snapshot: () => (actor ? actor.getPersistedSnapshot() : null),
    configUpdated(branch) {
      actor?.send({ type: 'CONFIG_UPDATED', branch });
    },
    devicesChanged(devices) {
      actor?.send({ type: 'DEVICES_CHANGED', devices });
    },
    start() {
      actor = createActor(machine, {
        input: {
          branch: options.branch(),
          devices: options.devices(),
          defaultLanguage: config.defaultLanguage,
          timeouts: config.session,
        },
        inspect: (event) => {
          if (event.type === '@xstate.snapshot') queueMicrotask(publish);
        },
      });
      actor.start();
      publish();
    },
    stop() {
      if (warningTicker) clearInterval(warningTicker);
      warningTicker = null;
      warningStartedAt = null;
      listeners.clear();
      actor?.stop();
      actor = null;
      current = null;
      currentJson = '';
    },
  };
  HOSTS.set(bridge, host);
  return host;
}
