export { EscPosBuilder, escpos } from './escpos.js';
export type { Alignment, CutKind, QrErrorCorrection, QrOptions } from './escpos.js';
export {
  CLEAR_RESPONSE,
  NO_DEVICE_STATUS,
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
export { ThermalPrinter } from './driver.js';
export type { ThermalPrinterOptions } from './driver.js';
export { PrinterError } from './errors.js';
export type {
  PrinterErrorDetails,
  PrinterErrorEvent,
  PrinterErrorFields,
  PrinterErrorStage,
} from './errors.js';
export { PrinterStatusReader } from './status-reader.js';
export { printerStatusSummary, supervisePrinter, supervisedPrinter } from './supervised.js';
