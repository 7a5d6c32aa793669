/** The ID-card reader (design.md §4.2): driver, polling loop, framing and protocol. */
export { IdCardError, IdCardReader, wipeCardRead } from './driver.js';
export type {
  CardRead,
  CardReadOutcome,
  IdCardErrorReason,
  IdCardReaderOptions,
  ReadCardOptions,
} from './driver.js';
export { IdCardPoller } from './poller.js';
export type { IdCardEvent, IdCardPollerOptions } from './poller.js';
export { SamFrameParser, buildFrame } from './framing.js';
export type { FrameRejection, SamUnit } from './framing.js';
export { SAM_COMMANDS, SW3, requestFrame } from './protocol.js';
export type { SamCommand, SamResult } from './protocol.js';
export {
  NO_ID_READER_STATUS,
  idReaderStatusSummary,
  superviseIdReader,
  supervisedIdReader,
} from './supervised.js';
