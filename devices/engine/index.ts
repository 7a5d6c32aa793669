export { Exclusive } from './exclusive.js';
export { RequestEngine, eachByte } from './request-engine.js';
export type { RequestEngineOptions, SendFailure } from './request-engine.js';
export { describeReason, deviceReason, reasonFields, reasonOf, renderReason } from './reason.js';
export type { DeviceReason, DeviceReasonEvent, DeviceReasonValue } from './reason.js';
export { positiveMs, settledOrElapsed } from './timing.js';
export { Waitress, oneUnit, unitSequence } from './waitress.js';
export type {
  Answer,
  LateReply,
  ReplyMatcher,
  Routed,
  Verdict,
  WaitFailure,
  WaitOptions,
  Waiting,
  WaitressOptions,
} from './waitress.js';
