/**
 * The one contract between the host (machines, devices, store) and the renderer (a view).
 *
 * The host publishes a `KioskView` for every state: what is on screen and what the customer must
 * do next, as data. The renderer draws it and sends `KioskCommand`s back; it never decides a flow.
 * Two implementations carry it: Electron IPC through the preload, and a WebSocket on 127.0.0.1
 * with a per-boot token for the browser shell. Both carry exactly these JSON messages.
 *
 * This file is imported by the renderer: no Node, no DOM, types and pure functions only.
 */
import type { Language } from '../domain/business-type.js';
import type { MessageKey } from '../i18n/messages.js';

export const BRIDGE_PROTOCOL_VERSION = 1;

export type Screen =
  | 'attract' // idle: "touch to start"
  | 'menu' // what would you like to do?
  | 'chooseBusinessType' // which queue?
  | 'printing' // your ticket is being printed
  | 'ticketIssued' // your number is A023, take your ticket
  | 'ticketNotPrinted' // your number is A023, but the printer failed: note it
  | 'outOfService'; // nothing the customer can do here; staff informed

export interface BusinessTypeView {
  readonly id: string;
  readonly prefix: string;
  readonly name: string;
  readonly description?: string;
}

export interface TicketView {
  readonly number: string;
  readonly businessTypeName: string;
  readonly waitingAhead: number;
  readonly qrPayload: string;
}

/** A message from the catalogue with its parameters; the renderer formats it in the language. */
export interface Prompt {
  readonly key: MessageKey;
  readonly params?: Readonly<Record<string, string | number>>;
}

export interface KioskView {
  readonly screen: Screen;
  readonly language: Language;
  /** What the customer must do next. */
  readonly prompt: Prompt;
  /** Present on chooseBusinessType. */
  readonly businessTypes: readonly BusinessTypeView[];
  /** Present on ticketIssued and ticketNotPrinted. */
  readonly ticket: TicketView | null;
  /** A problem the customer must know about (printer failed, unknown business type...). */
  readonly notice: Prompt | null;
  /** Branch name for the header. */
  readonly branchName: string;
  /** Seconds left before the session resets for the next customer, when a warning is due. */
  readonly inactivityWarningSeconds: number | null;
}

export type KioskCommand =
  | { readonly type: 'START' } // touch on the attract screen
  | { readonly type: 'TAKE_TICKET' }
  | { readonly type: 'CHOOSE_BUSINESS_TYPE'; readonly businessTypeId: string }
  | { readonly type: 'BACK' }
  | { readonly type: 'FINISH' } // "done": back to attract for the next customer
  | { readonly type: 'SET_LANGUAGE'; readonly language: Language }
  | { readonly type: 'ACTIVITY' }; // any touch: postpones the inactivity reset

/** Host → renderer frames. */
export type HostMessage =
  | { readonly type: 'view'; readonly view: KioskView }
  | { readonly type: 'error'; readonly message: string };

/** Renderer → host frames. */
export type RendererMessage = { readonly type: 'command'; readonly command: KioskCommand };

const COMMAND_TYPES = new Set<KioskCommand['type']>([
  'START',
  'TAKE_TICKET',
  'CHOOSE_BUSINESS_TYPE',
  'BACK',
  'FINISH',
  'SET_LANGUAGE',
  'ACTIVITY',
]);

/**
 * Validates a frame from the renderer. The renderer is less trusted than the host (it renders
 * remote-ish content and, in the browser shell, arrives over a socket), so every frame is checked.
 * Returns the command, or a reason the frame was refused.
 */
export function parseRendererMessage(
  raw: unknown,
): { ok: true; command: KioskCommand } | { ok: false; reason: string } {
  if (typeof raw !== 'object' || raw === null) return { ok: false, reason: 'not an object' };
  const msg = raw as { type?: unknown; command?: unknown };
  if (msg.type !== 'command')
    return { ok: false, reason: `unknown frame type ${String(msg.type)}` };
  const cmd = msg.command as { type?: unknown; businessTypeId?: unknown; language?: unknown };
  if (typeof cmd !== 'object' || cmd === null || typeof cmd.type !== 'string') {
    return { ok: false, reason: 'command without a type' };
  }
  if (!COMMAND_TYPES.has(cmd.type as KioskCommand['type'])) {
    return { ok: false, reason: `unknown command ${cmd.type}` };
  }
  if (cmd.type === 'CHOOSE_BUSINESS_TYPE' && typeof cmd.businessTypeId !== 'string') {
    return { ok: false, reason: 'CHOOSE_BUSINESS_TYPE needs a businessTypeId' };
  }
  if (cmd.type === 'SET_LANGUAGE' && cmd.language !== 'zh-CN' && cmd.language !== 'en') {
    return { ok: false, reason: 'SET_LANGUAGE needs zh-CN or en' };
  }
  return { ok: true, command: cmd as KioskCommand };
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
