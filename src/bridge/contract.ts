/**
 * The one contract between the host (machines, devices, store) and the renderer (a view).
 *
 * The host publishes a `KioskView` for every state: what is on screen and what the customer must
 * do next, as data. The renderer draws it and sends `KioskCommand`s back; it never decides a flow.
 * Two implementations carry it: Electron IPC through the preload, and a WebSocket on 127.0.0.1
 * for the browser shell. Both carry exactly these JSON messages.
 *
 * Every message has one zod schema here: the types are inferred from it and both ends validate
 * with it. The view is a discriminated union by `screen`; each feature contributes its commands
 * and screens from `./features/<feature>.ts` and is listed below, the only place that names them.
 *
 * This file is imported by the renderer: no Node, no DOM, schemas and pure functions only.
 */
import { z } from 'zod';
import { check } from '../contract/problems.js';
import type { Prompt } from './common.js';
import { TicketCommandSchemas, TicketScreenSchemas } from './features/ticket.js';
import { IdentifyCommandSchemas, IdentifyScreenSchemas } from './features/identify.js';
import { QueryCommandSchemas, QueryScreenSchemas } from './features/query.js';
import { FeedbackCommandSchemas, FeedbackScreenSchemas } from './features/feedback.js';
import { GuideCommandSchemas, GuideScreenSchemas } from './features/guide.js';
import { AppointmentCommandSchemas, AppointmentScreenSchemas } from './features/appointment.js';
import { ReminderCommandSchemas, ReminderScreenSchemas } from './features/reminder.js';
import { SessionCommandSchemas, SessionScreenSchemas } from './session.js';

export { FLOW_IDS, type FlowId, type MenuEntry } from './session.js';
export type { BusinessTypeView, TicketView } from './features/ticket.js';
export type { IdCardProblem } from './features/identify.js';
export type { QueryBlockView, QueryEntryView } from './features/query.js';
export type { Prompt };

export const KioskCommandSchema = z.discriminatedUnion('type', [
  ...SessionCommandSchemas,
  ...TicketCommandSchemas,
  ...IdentifyCommandSchemas,
  ...QueryCommandSchemas,
  ...FeedbackCommandSchemas,
  ...GuideCommandSchemas,
  ...AppointmentCommandSchemas,
  ...ReminderCommandSchemas,
]);
export type KioskCommand = z.infer<typeof KioskCommandSchema>;

export const KioskViewSchema = z.discriminatedUnion('screen', [
  ...SessionScreenSchemas,
  ...TicketScreenSchemas,
  ...IdentifyScreenSchemas,
  ...QueryScreenSchemas,
  ...FeedbackScreenSchemas,
  ...GuideScreenSchemas,
  ...AppointmentScreenSchemas,
  ...ReminderScreenSchemas,
]);
export type KioskView = z.infer<typeof KioskViewSchema>;
export type Screen = KioskView['screen'];
/** The view of one screen. */
export type ViewOf<S extends Screen> = Extract<KioskView, { screen: S }>;

/** Every command type the renderer may send: customer input, as opposed to the host's events. */
export const KIOSK_COMMAND_TYPES: ReadonlySet<string> = new Set(
  KioskCommandSchema.options.map((o) => o.shape.type.value),
);

/** Host → renderer frames. */
export const HostMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('view'), view: KioskViewSchema }),
  z.object({ type: z.literal('error'), message: z.string() }),
]);
export type HostMessage = z.infer<typeof HostMessageSchema>;

/** Renderer → host frames. */
export const RendererMessageSchema = z.object({
  type: z.literal('command'),
  command: KioskCommandSchema,
});
export type RendererMessage = z.infer<typeof RendererMessageSchema>;

/**
 * Validates a frame from the renderer. The renderer is less trusted than the host (in the browser
 * shell it arrives over a socket), so every frame is checked against the schema. Returns the
 * command, or a reason a person can read.
 */
export function parseRendererMessage(
  raw: unknown,
): { ok: true; command: KioskCommand } | { ok: false; reason: string } {
  const checked = check(RendererMessageSchema, raw, 'the frame');
  return checked.ok
    ? { ok: true, command: checked.value.command }
    : { ok: false, reason: checked.problem };
}

/** Validates a frame from the host (the renderer's side). */
export function parseHostMessage(
  raw: unknown,
): { ok: true; message: HostMessage } | { ok: false; reason: string } {
  const checked = check(HostMessageSchema, raw, 'the frame');
  return checked.ok ? { ok: true, message: checked.value } : { ok: false, reason: checked.problem };
}

/**
 * The renderer's view of the bridge, whichever shell carries it. The Electron preload exposes an
 * object of this shape as `window.kioskBridge`; the browser shell builds one over a WebSocket.
 */
export interface RendererBridge {
  /** Called with the current view at once, then on every change. Returns an unsubscribe. */
  subscribe(listener: (view: KioskView) => void): () => void;
  send(command: KioskCommand): void;
}

/** The IPC channel names used by the Electron implementation. */
export const IPC_CHANNELS = {
  command: 'kiosk:command',
  view: 'kiosk:view',
  ready: 'kiosk:ready',
} as const;
