export { EscPosBuilder, escpos } from './escpos.js';
export type { Alignment, CutKind, QrErrorCorrection, QrOptions } from './escpos.js';
export {
  CLEAR_RESPONSE,
  OFFLINE_STATUS,
  clearJobRequests,
  collapsePrinterStatus,
  isPaperSensorByte,
  isRealtimeStatusByte,
  paperSensorRequest,
  realtimeStatusRequest,
} from './status.js';
export type { DeviceState, PaperState, PrinterStatus, RawPrinterStatus } from './status.js';
export { renderTicketJob } from './ticket.js';
export type { TicketJobOptions, TicketLayout } from './ticket.js';
export { PrinterError, ThermalPrinter, printerFailureReason } from './driver.js';
export type { PrinterErrorReason, PrinterErrorStage, ThermalPrinterOptions } from './driver.js';
