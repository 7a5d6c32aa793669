/**
 * From the session's snapshot to the `KioskView` the renderer draws. Pure: the host calls it on
 * every snapshot and publishes the result over the bridge. The active flow projects its own
 * screens (its registration's `projectRef`); this file fills in what every screen shares.
 */
import type { AnyActorRef, SnapshotFrom } from 'xstate';
import type { KioskView, MenuEntry } from '../../src/bridge/contract.js';
import type { ViewBase } from '../../src/bridge/common.js';
import { formatMessage } from '../../src/i18n/messages.js';
import {
  printerDownNotice,
  storeDownNotice,
  type FlowScreen,
  type ProjectionContext,
  type RegisteredFlow,
} from '../flow.js';
import { FLOW_ACTOR_ID, type SessionMachine } from './machine.js';

export type SessionSnapshot = SnapshotFrom<SessionMachine>;

export interface ViewExtras extends ProjectionContext {
  /** Seconds left in the inactivity warning, computed by the host's clock. */
  readonly warningSecondsLeft: number | null;
}

export function toKioskView(
  session: SessionSnapshot,
  flows: readonly RegisteredFlow[],
  extras: ViewExtras,
): KioskView {
  const { language, branch, elder, voice, elderOffer } = session.context;
  const base: Omit<ViewBase, 'prompt' | 'notice'> = {
    language,
    branchName: branch?.branch.name[language] ?? formatMessage(language, 'app.title'),
    inactivityWarningSeconds: session.matches({ active: { presence: 'warning' } })
      ? extras.warningSecondsLeft
      : null,
    elder,
    voice,
    elderOffer: elderOffer === 'asking',
  };
  const screen = sessionScreen(session, flows, extras);
  // A union spread with the shared parts; the schema test checks every projection's result.
  return {
    ...base,
    ...screen,
    prompt: screen.prompt ?? promptFor(screen.screen),
    notice: screen.notice ?? null,
  } as KioskView;
}

function sessionScreen(
  session: SessionSnapshot,
  flows: readonly RegisteredFlow[],
  extras: ProjectionContext,
): FlowScreen {
  if (!session.matches('active')) {
    const { branch, language, devices } = session.context;
    return {
      screen: 'attract',
      announcements: (branch?.announcements ?? []).map((text) => text[language]),
      notice: storeDownNotice(devices),
    };
  }
  const child: AnyActorRef | undefined = session.children[FLOW_ACTOR_ID];
  const active = flows.find((flow) => flow.id === session.context.activeFlow);
  if (active && child) return active.projectRef(child, extras);
  const entries: MenuEntry[] = flows.flatMap((flow) =>
    flow.menuLabel ? [{ flow: flow.id, label: flow.menuLabel }] : [],
  );
  return {
    screen: 'menu',
    entries,
    notice:
      storeDownNotice(session.context.devices) ??
      printerDownNotice(session.context.devices, session.context.language),
  };
}

function promptFor(screen: KioskView['screen']) {
  switch (screen) {
    case 'attract':
      return { key: 'attract.touchToStart' } as const;
    case 'menu':
      return { key: 'menu.title' } as const;
    default:
      return { key: 'outOfService.body' } as const;
  }
}
