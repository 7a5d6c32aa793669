/**
 * What a flow is to the session that hosts it (design.md §2.1).
 *
 * A flow (ticket, appointment, e-form, query...) is a machine started by the session with a
 * `FlowInput`; it receives every customer command while it is active without the session naming
 * them, tells the session when it is busy (so the inactivity reset never abandons a ticket
 * mid-print), and ends with a `FlowOutput` that says where the customer goes next: the menu, the
 * attract screen, or another flow with input (a submitted form straight into a ticket for the
 * matching business type).
 *
 * A flow's definition also carries its view projection, so the session's view never reaches into
 * a flow's internals. Pure: no I/O here; effects are the flow's named actors.
 */
import { type AnyActorLogic, type AnyActorRef, type SnapshotFrom } from 'xstate';
import { z } from 'zod';
import { FLOW_IDS, type KioskView, type Prompt } from '../src/bridge/contract.js';
import type { ViewBase } from '../src/bridge/common.js';
import type { BranchConfig } from '../src/contract/sync.js';
import type { Language } from '../src/domain/business-type.js';
import { formatMessage } from '../src/i18n/messages.js';
import type { PrintFailureReason } from '../src/domain/device-status.js';

/** A registered flow's id; the bridge lets the menu start only the ids it lists (FLOW_IDS). */
export type FlowId = string;

/**
 * What the flows need to know of the devices, as the supervisors last reported it: why the
 * printer cannot print now, or null when it can. The host sends `DEVICES_CHANGED` on a change.
 */
export interface DeviceReadiness {
  readonly printer: PrintFailureReason | null;
  /**
   * Why the store cannot record work now (disk full, read-only media: src/store/space-watch.ts
   * StoreProblem); absent or null when it can.
   */
  readonly store?: 'diskFull' | 'readOnly' | null;
  /**
   * An ID-card reader is configured, online and its SAM works: the ticket flow may offer the
   * card. Absent (a terminal without a reader, or a host that does not say): never offered.
   */
  readonly idReaderReady?: boolean;
}

export type DevicesChangedEvent = {
  readonly type: 'DEVICES_CHANGED';
  readonly devices: DeviceReadiness;
};

/** What the session hands a flow when it starts it. */
export interface FlowInput<TParams = unknown> {
  readonly language: Language;
  /** The branch configuration as of now (business types, branch info), or none yet. */
  readonly branch: BranchConfig | null;
  readonly devices: DeviceReadiness;
  /** What the menu or the previous flow passed on; each flow validates its own. */
  readonly params: TParams;
}

/**
 * What the session passes a flow started by a scan (a code held to the lobby scanner on the
 * attract screen or the menu: `START_FLOW` with `scan`) as its `params`. The flow reads the text
 * itself (through its own named actor); the session only carries it.
 */
export interface ScannedStart {
  readonly scanned: string;
}

/** The scanned text a flow was started with, or null when it was started without a scan. */
export function scannedAtStart(params: unknown): string | null {
  if (typeof params !== 'object' || params === null || !('scanned' in params)) return null;
  const { scanned } = params as { scanned: unknown };
  return typeof scanned === 'string' && scanned.length > 0 ? scanned : null;
}

export const FlowOutputSchema = z.discriminatedUnion('next', [
  z.object({ next: z.literal('menu') }),
  z.object({ next: z.literal('attract') }),
  z.object({ next: z.literal('flow'), flow: z.string(), params: z.unknown() }),
]);
/** Where the customer goes when a flow ends. */
export type FlowOutput = z.infer<typeof FlowOutputSchema>;

/**
 * A flow's output as the session follows it. Anything else (a flow that ended without one) goes
 * to the attract screen: the safe place, with nothing of the customer left on it.
 */
export function parseFlowOutput(output: unknown): FlowOutput {
  const parsed = FlowOutputSchema.safeParse(output);
  return parsed.success ? parsed.data : { next: 'attract' };
}

/**
 * The events a flow sends its session. `OFFER_ELDER_MODE`: the customer is of the age the branch
 * offers elder mode from (the identify flow, from the ID card); the session decides whether to
 * ask (not when elder mode is on, and only once per session). It carries nothing of the customer.
 */
export type FlowToSessionEvent =
  | { readonly type: 'FLOW_BUSY' }
  | { readonly type: 'FLOW_SETTLED' }
  | { readonly type: 'OFFER_ELDER_MODE' };

/** What a flow sends its session (with `sendParent`) while it works / when it is done working. */
export const FLOW_BUSY = { type: 'FLOW_BUSY' } as const satisfies FlowToSessionEvent;
export const FLOW_SETTLED = { type: 'FLOW_SETTLED' } as const satisfies FlowToSessionEvent;
export const OFFER_ELDER_MODE = { type: 'OFFER_ELDER_MODE' } as const satisfies FlowToSessionEvent;

/** What a flow's projection may use besides its own snapshot. */
export interface ProjectionContext {
  /** The QR payload for a ticket (the host knows the public address). */
  readonly qrPayloadFor: (ticket: { id: string; number: string }) => string;
}

/** A screen without the parts the session fills in (language, branch name, countdown). */
export type FlowScreen = KioskView extends infer V
  ? V extends KioskView
    ? Omit<V, keyof ViewBase> & { readonly prompt?: Prompt; readonly notice?: Prompt | null }
    : never
  : never;

export interface FlowDefinition<TLogic extends AnyActorLogic = AnyActorLogic> {
  readonly id: FlowId;
  readonly logic: TLogic;
  /** The home-menu entry that starts this flow, if the menu offers it. */
  readonly menuLabel?: Prompt['key'];
  /** What the customer sees for the flow's current snapshot. */
  readonly project: (snapshot: SnapshotFrom<TLogic>, context: ProjectionContext) => FlowScreen;
}

/** The notice that tells a customer, before they choose, that the printer cannot print now. */
export function printerDownNotice(devices: DeviceReadiness, language: Language): Prompt | null {
  if (devices.printer === null) return null;
  return {
    key: 'notice.printerDown',
    params: { reason: formatMessage(language, `printerReason.${devices.printer}`) },
  };
}

/**
 * The notice that tells a customer, before they choose, that the kiosk cannot record a ticket
 * now (its disk is full or read-only) and where to go instead.
 */
export function storeDownNotice(devices: DeviceReadiness): Prompt | null {
  return devices.store ? { key: 'notice.storeDown' } : null;
}

/** A registered flow with its types erased, as the session and its view hold it. */
export interface RegisteredFlow {
  readonly id: FlowId;
  readonly logic: AnyActorLogic;
  readonly menuLabel?: Prompt['key'];
  readonly projectRef: (ref: AnyActorRef, context: ProjectionContext) => FlowScreen;
}

export function registerFlow<TLogic extends AnyActorLogic>(
  flow: FlowDefinition<TLogic>,
): RegisteredFlow {
  return {
    id: flow.id,
    logic: flow.logic,
    ...(flow.menuLabel ? { menuLabel: flow.menuLabel } : {}),
    // The session invokes `logic` under the id `flow`, so the child's snapshot is this logic's.
    projectRef: (ref, context) => flow.project(ref.getSnapshot(), context),
  };
}

/** The session's own state names: a flow with one of these ids would replace that state. */
const RESERVED_FLOW_IDS: ReadonlySet<string> = new Set(['menu', 'attract', 'active', 'presence']);

/**
 * Refuses two flows with one id (the later one would silently replace the first), an id the
 * session uses itself, and a menu entry the bridge contract does not let the menu start (its
 * button would send a command the host refuses).
 */
export function flowRegistry(
  flows: readonly RegisteredFlow[],
): ReadonlyMap<FlowId, RegisteredFlow> {
  const byId = new Map<FlowId, RegisteredFlow>();
  const startable: ReadonlySet<string> = new Set(FLOW_IDS);
  for (const flow of flows) {
    if (byId.has(flow.id)) throw new Error(`flow "${flow.id}" is registered twice`);
    if (RESERVED_FLOW_IDS.has(flow.id)) {
      throw new Error(`flow "${flow.id}" has a name the session uses itself: choose another`);
    }
    if (flow.menuLabel && !startable.has(flow.id)) {
      throw new Error(
        `flow "${flow.id}" has a menu entry but is not in FLOW_IDS (src/bridge/session.ts): add it there`,
      );
    }
    byId.set(flow.id, flow);
  }
  return byId;
}
