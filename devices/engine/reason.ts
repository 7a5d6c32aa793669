/**
 * Why something failed at a device, as data: a catalogue event (src/i18n/technician/devices.ts)
 * and its fields, which may hold further reasons ("no answer to DLE EOT 1: no valid reply within
 * 2000 ms"). Drivers pass reasons around and never build sentences:
 *
 * - an Error's `message` is the English sentence (`describeReason`), for developers;
 * - a log line is one catalogue event with plain fields, in the logger's language; a reason goes
 *   into it as data: its innermost event as a code and its plain fields (`reasonFields`).
 */
import type { Language } from '../../src/domain/business-type.js';
import { technicianSentence } from '../../src/i18n/technician.js';
import type { TechnicianEvent } from '../../src/i18n/technician.js';

/** The events a device reason may name. */
export type DeviceReasonEvent = Extract<
  TechnicianEvent,
  `device.${string}` | `printer.${string}` | `transport.${string}`
>;

export type DeviceReasonValue = string | number | boolean | null | DeviceReason;

export interface DeviceReason {
  readonly event: DeviceReasonEvent;
  readonly fields: Readonly<Record<string, DeviceReasonValue>>;
}

export function deviceReason(
  event: DeviceReasonEvent,
  fields: Readonly<Record<string, DeviceReasonValue>> = {},
): DeviceReason {
  return { event, fields };
}

function isReason(value: unknown): value is DeviceReason {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { event?: unknown }).event === 'string' &&
    typeof (value as { fields?: unknown }).fields === 'object' &&
    (value as { fields?: unknown }).fields !== null
  );
}

/**
 * What an error says about itself: its reason when it carries one (a TransportError built from
 * the catalogue, a PrinterError), else its message (a system error's own words, the same in
 * every language).
 */
export function reasonOf(error: unknown): DeviceReason | string {
  if (isReason(error)) {
    return deviceReason(error.event, error.fields);
  }
  return error instanceof Error ? error.message : String(error);
}

/** The sentence of a reason (or a plain text) in `language`, nested reasons included. */
export function renderReason(language: Language, reason: DeviceReason | string): string {
  if (typeof reason === 'string') return reason;
  const fields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(reason.fields)) {
    fields[name] = isReason(value) ? renderReason(language, value) : value;
  }
  return technicianSentence(language, reason.event, fields);
}

/** The English sentence: an Error's message, for developers (never a log line's text). */
export function describeReason(reason: DeviceReason | string): string {
  return renderReason('en', reason);
}

/**
 * A reason as plain fields of a logged event: `cause` is the innermost reason's event (a code a
 * technician can look up, e.g. `device.replyTimedOut`), with every plain field on the way
 * (`n`, `timeoutMs`, a system `error` text...).
 */
export function reasonFields(reason: DeviceReason | string): {
  readonly cause: string;
  readonly [field: string]: string | number | boolean | null;
} {
  if (typeof reason === 'string') return { cause: 'error', error: reason };
  const plain: Record<string, string | number | boolean | null> = {};
  let inner: DeviceReason = reason;
  for (let at: DeviceReason | undefined = reason; at !== undefined;) {
    inner = at;
    let next: DeviceReason | undefined;
    for (const [name, value] of Object.entries(at.fields)) {
      if (isReason(value)) next ??= value;
      else plain[name] = value;
    }
    at = next;
  }
  return { ...plain, cause: inner.event };
}
