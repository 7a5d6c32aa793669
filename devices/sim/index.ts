export { VirtualPrinter } from './virtual-printer.js';
export type {
  VirtualPaper,
  VirtualPrinterOptions,
  VirtualPrinterState,
} from './virtual-printer.js';
export { EscPosParser } from './escpos-parser.js';
export { parseReceipts } from './parse-receipts.js';
export type {
  EscPosParserOptions,
  PrintedBarcode,
  PrintedImage,
  PrinterEvent,
} from './escpos-parser.js';
export { ReceiptAssembler, displayWidth, renderReceiptText } from './receipt.js';
export { renderReceiptHtml } from './receipt-html.js';
export type { ReceiptHtmlOptions } from './receipt-html.js';
export { barcodeModules } from './barcode-bars.js';
export type { Receipt, ReceiptBarcode, ReceiptCut, ReceiptImage, ReceiptLine } from './receipt.js';
export { RealtimeScanner } from './realtime-scanner.js';
export type { RealtimeCommand, ScannedRealtimeCommand } from './realtime-scanner.js';
export { TEST_CARDS, VirtualIdReader } from './virtual-id-reader.js';
export type { IdReaderFault, TestCard, VirtualIdReaderOptions } from './virtual-id-reader.js';
