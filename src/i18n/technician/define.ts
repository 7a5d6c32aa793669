/**
 * The shape of a technician catalogue: an event name → its log level and its sentence in each
 * language, with parameters written {name}. Each area (kiosk, devices, store, sync, shell) keeps
 * its own file in this folder; ../technician.ts combines them and refuses a name used twice.
 */
export type TechnicianLevel = 'debug' | 'info' | 'warn' | 'error' | 'fatal';

export interface TechnicianEventSpec {
  readonly level: TechnicianLevel;
  readonly en: string;
  readonly 'zh-CN': string;
}

/** Identity helper that keeps the literal types (so parameters are checked at call sites). */
export function defineTechnicianEvents<const T extends Record<string, TechnicianEventSpec>>(
  events: T,
): T {
  return events;
}
