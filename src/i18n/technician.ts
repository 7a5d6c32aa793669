/**
 * The technician catalogue: every sentence a technician reads in the log, by event name, in
 * every supported language. Call sites log an event name and fields (src/log); the sentence is
 * looked up here, so it is written once and translated once.
 *
 * An area adds its events in its own file in ./technician/ and is listed in AREAS below.
 */
import type { Language } from '../domain/business-type.js';
import type { TechnicianEventSpec } from './technician/define.js';
import { BRANCH_SERVICE_EVENTS } from './technician/branch-service.js';
import { CLI_EVENTS } from './technician/cli.js';
import { DEVICE_EVENTS } from './technician/devices.js';
import { IDCARD_EVENTS } from './technician/idcard.js';
import { KIOSK_EVENTS } from './technician/kiosk.js';
import { SHELL_EVENTS } from './technician/shell.js';
import { STORE_EVENTS } from './technician/store.js';
import { SYNC_EVENTS } from './technician/sync.js';
import { TICKET_EVENTS } from './technician/ticket.js';
import { VOICE_EVENTS } from './technician/voice.js';
import { NUMBER_EVENTS } from './technician/numbers.js';
import { QUERY_EVENTS } from './technician/query.js';
import { FEEDBACK_EVENTS } from './technician/feedback.js';
import { GUIDE_EVENTS } from './technician/guide.js';
import { APPOINTMENT_EVENTS } from './technician/appointment.js';
import { REMINDER_EVENTS } from './technician/reminder.js';
import { SIMULATOR_EVENTS } from './technician/simulator.js';
import { BRANCH_CONFIG_EVENTS } from './technician/branch-config.js';

const AREAS = [
  KIOSK_EVENTS,
  DEVICE_EVENTS,
  SHELL_EVENTS,
  STORE_EVENTS,
  SYNC_EVENTS,
  BRANCH_SERVICE_EVENTS,
  TICKET_EVENTS,
  IDCARD_EVENTS,
  CLI_EVENTS,
  VOICE_EVENTS,
  NUMBER_EVENTS,
  QUERY_EVENTS,
  FEEDBACK_EVENTS,
  GUIDE_EVENTS,
  APPOINTMENT_EVENTS,
  REMINDER_EVENTS,
  SIMULATOR_EVENTS,
  BRANCH_CONFIG_EVENTS,
] as const;

type Union<T extends readonly unknown[]> = T[number];
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (
  x: infer I,
) => void
  ? I
  : never;
type Catalogue = UnionToIntersection<Union<typeof AREAS>>;

function combine(areas: readonly Record<string, TechnicianEventSpec>[]): Catalogue {
  const all: Record<string, TechnicianEventSpec> = {};
  for (const area of areas) {
    for (const [name, spec] of Object.entries(area)) {
      if (name in all) throw new Error(`technician catalogue: event "${name}" is defined twice`);
      all[name] = spec;
    }
  }
  return all as Catalogue;
}

export const TECHNICIAN_EVENTS: Catalogue = combine(AREAS);

export type TechnicianEvent = keyof Catalogue & string;

/** The {name} parameters of a sentence, as a union of names. */
type ParamsOf<S extends string> = S extends `${string}{${infer P}}${infer Rest}`
  ? P | ParamsOf<Rest>
  : never;

type FieldValue = string | number | boolean | null | undefined;

/** The fields an event needs (every {parameter} of its sentence), plus any extra fields. */
export type TechnicianFields<E extends TechnicianEvent> = {
  readonly [P in ParamsOf<Catalogue[E]['en']>]: FieldValue;
} & Readonly<Record<string, unknown>>;

/** The sentence for an event; a missing parameter stays visible as {name}. */
export function technicianSentence(
  language: Language,
  event: TechnicianEvent,
  fields: Readonly<Record<string, unknown>>,
): string {
  const spec: TechnicianEventSpec = TECHNICIAN_EVENTS[event];
  return spec[language].replace(/\{(\w+)\}/g, (whole, name: string) =>
    fields[name] === undefined ? whole : String(fields[name]),
  );
}
