export { EscPosBuilder, escpos } from './escpos.js';
export type {
  Alignment,
  BarcodeOptions,
  Code128CodeSet,
  CutKind,
  HriPlacement,
  QrErrorCorrection,
  QrOptions,
  RasterScaleMode,
} from './escpos.js';
export { PAPER, charWidth, paperSpec, printedWidth, wrapText } from './wrap.js';
export type { PaperWidth } from './wrap.js';
export { bitmapDot, bitmapFromRows, createBitmap, qrBitmap, qrModules } from './raster.js';
export type { MonoBitmap, QrModules, QrRasterOptions } from './raster.js';
export { renderFormSlipJob, renderReadinessReportJob } from './layouts/index.js';
export type {
  FormSlip,
  LayoutOptions,
  QrRendering,
  ReadinessReport,
  SyncBacklog,
} from './layouts/index.js';
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
export { ThermalPrinter, newPrintJobId } from './driver.js';
export type { PrintJobOptions, ThermalPrinterOptions } from './driver.js';
export { ASB_REPORTS, AsbSplitter, automaticStatusBackRequest, rawStatusFromAsb } from './asb.js';
export { PrinterError } from './errors.js';
export type {
  PrinterErrorDetails,
  PrinterErrorEvent,
  PrinterErrorFields,
  PrinterErrorStage,
} from './errors.js';
export { PrinterStatusReader } from './status-reader.js';
export { printerStatusSummary, supervisePrinter, supervisedPrinter } from './supervised.js';
