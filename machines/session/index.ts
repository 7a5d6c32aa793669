export {
  createSessionMachine,
  effectiveTimeouts,
  elderPolicy,
  FLOW_ACTOR_ID,
  VOICE_DEFAULTS,
} from './machine.js';
export type {
  ElderOffer,
  SessionContext,
  SessionEvent,
  SessionInput,
  SessionMachine,
  SessionTimeouts,
} from './machine.js';
export { toKioskView } from './view.js';
export type { SessionSnapshot, ViewExtras } from './view.js';
