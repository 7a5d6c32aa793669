/**
 * ESC/POS byte vocabulary shared by the encoder, the status protocol and the virtual printer's
 * own parser (design.md §4.1). Only numbers and the reply-byte rules live here, so the simulator
 * can reuse them without reusing (and so inheriting the bugs of) the driver.
 */

export const LF = 0x0a;
export const HT = 0x09;
export const CR = 0x0d;
export const DLE = 0x10;
export const EOT = 0x04;
export const ENQ = 0x05;
export const DC4 = 0x14;
export const ESC = 0x1b;
export const FS = 0x1c;
export const GS = 0x1d;

/** Second bytes after ESC. */
export const EscCommand = {
  initialize: 0x40, // ESC @
  align: 0x61, // ESC a n
  emphasis: 0x45, // ESC E n
  printMode: 0x21, // ESC ! n
  feedLines: 0x64, // ESC d n
} as const;

/** Second bytes after GS. */
export const GsCommand = {
  characterSize: 0x21, // GS ! n
  cut: 0x56, // GS V m [n]
  statusRequest: 0x72, // GS r n
  twoDimensionalCode: 0x28, // GS ( k …
  barcode: 0x6b, // GS k m n d…
  barcodeHeight: 0x68, // GS h n
  barcodeWidth: 0x77, // GS w n
  hriPosition: 0x48, // GS H n
  rasterImage: 0x76, // GS v 0 m xL xH yL yH d…
  automaticStatusBack: 0x61, // GS a n
} as const;

/** Second bytes after FS. */
export const FsCommand = {
  chineseModeOn: 0x26, // FS &
  chineseModeOff: 0x2e, // FS .
} as const;

/** GS V m: the cut modes (function A takes no n; function B feeds n motion units first). */
export const CutMode = {
  full: 0x00,
  partial: 0x01,
  fullAscii: 0x30,
  partialAscii: 0x31,
  feedThenFull: 0x41,
  feedThenPartial: 0x42,
} as const;

export const Align = { left: 0, center: 1, right: 2 } as const;
export type Alignment = keyof typeof Align;

/** GS ( k: second letter, then pL pH cn fn. cn 0x31 = QR code. */
export const QR_FUNCTION_LETTER = 0x6b;
export const QR_CN = 0x31;
export const QrFn = {
  selectModel: 0x41,
  moduleSize: 0x43,
  errorCorrection: 0x45,
  store: 0x50,
  print: 0x51,
} as const;
export const QR_MODEL_2 = 0x32;
export const QrErrorLevel = { L: 0x30, M: 0x31, Q: 0x32, H: 0x33 } as const;
export type QrErrorCorrection = keyof typeof QrErrorLevel;
/** Largest QR data a model 2 store command accepts (k = len + 3 ≤ 7092). */
export const QR_MAX_DATA = 7089;

/**
 * GS k m (function B, m = 65..73): the bar code system, followed by a length byte n. Function A
 * (m = 0..6, NUL-terminated data) names the first seven systems in the same order.
 */
export const BarcodeSystem = {
  UPC_A: 65,
  UPC_E: 66,
  EAN13: 67,
  EAN8: 68,
  CODE39: 69,
  ITF: 70,
  CODABAR: 71,
  CODE93: 72,
  CODE128: 73,
} as const;
export type BarcodeSymbology = keyof typeof BarcodeSystem;
/** Function A's m (NUL-terminated data) → its symbology, in Epson's order. */
export const BARCODE_FUNCTION_A: readonly BarcodeSymbology[] = [
  'UPC_A',
  'UPC_E',
  'EAN13',
  'EAN8',
  'CODE39',
  'ITF',
  'CODABAR',
];
/** CODE128 data starts with '{' and a code set letter; a literal '{' in set A or B is "{{". */
export const CODE128_SHIFT = 0x7b;
export const Code128Set = { A: 0x41, B: 0x42, C: 0x43 } as const;
export type Code128CodeSet = keyof typeof Code128Set;
/** GS H n: where the human-readable interpretation (HRI) is printed. */
export const HriPosition = { none: 0, above: 1, below: 2, both: 3 } as const;
export type HriPlacement = keyof typeof HriPosition;

/** GS v 0: the function byte, then m = the scale. */
export const RASTER_FUNCTION = 0x30;
export const RasterScale = { normal: 0, doubleWidth: 1, doubleHeight: 2, quadruple: 3 } as const;
export type RasterScaleMode = keyof typeof RasterScale;
/** Epson's limits for GS v 0: width 1..128 bytes (1024 dots), height 1..4095 dots. */
export const RASTER_MAX_WIDTH_BYTES = 128;
export const RASTER_MAX_HEIGHT = 4095;

/** Character encoding of text in Chinese mode: gb18030, not gbk (gbk loses 4-byte characters). */
export const PRINTER_TEXT_ENCODING = 'gb18030';
/** What a printer prints for bytes ≥ 0x80 outside Chinese mode (Epson's default table PC437). */
export const PRINTER_SINGLE_BYTE_ENCODING = 'cp437';
/** QR payloads are stored as UTF-8, which is what phone scanners expect in byte mode. */
export const QR_DATA_ENCODING = 'utf8';

/** DLE EOT n: which real-time status byte to transmit. */
export const RealtimeStatus = {
  printer: 1,
  offlineCause: 2,
  error: 3,
  paperRoll: 4,
} as const;
export type RealtimeStatusKind = (typeof RealtimeStatus)[keyof typeof RealtimeStatus];

/** DLE ENQ n: real-time requests. */
export const RealtimeRequest = {
  /** Recover from a recoverable error and restart printing from the line where it occurred. */
  recoverAndResume: 1,
  /** Recover from a recoverable error after clearing the receive and print buffers. */
  recoverAndClear: 2,
} as const;

/** DLE DC4 fn = 8 d1…d7: clear buffer(s). The d bytes are fixed; they guard against noise. */
export const CLEAR_BUFFER_FN = 0x08;
export const CLEAR_BUFFER_DATA: readonly number[] = [1, 3, 20, 1, 6, 2, 8];
/** What the printer sends once DLE DC4 fn = 8 has cleared its buffers: header, identifier, NUL. */
export const CLEAR_RESPONSE: readonly number[] = [0x37, 0x25, 0x00];

/** GS r n = 1 (or '1'): the paper sensor status; answered after the buffer is processed. */
export const PAPER_SENSOR_N = 0x01;

/** Bit meanings of the DLE EOT replies (design.md §4.1). */
export const StatusBit = {
  // n = 1, printer status
  offline: 0x08,
  // n = 2, offline cause
  coverOpen: 0x04,
  stoppedByPaperEnd: 0x20,
  errorOccurred: 0x40,
  // n = 3, error cause
  /**
   * A recoverable mechanical error: the paper does not move (a jam in the paper path). Epson
   * names it "mechanical error" or "recoverable error" depending on the model; kiosk printers
   * use it for a paper jam. It reads as XFS paper `jammed`.
   */
  mechanicalError: 0x04,
  cutterError: 0x08,
  unrecoverableError: 0x20,
  autoRecoverableError: 0x40,
  // n = 4, paper roll sensor
  paperNearEnd: 0x0c,
  paperEnd: 0x60,
} as const;

/**
 * GS a n: which changes the printer reports by itself (Automatic Status Back). Bit 0 is the
 * drawer kick-out connector (a kiosk has no drawer); bits 1..3 are what the kiosk acts on.
 */
export const AsbEnable = {
  drawer: 0x01,
  onlineOffline: 0x02,
  error: 0x04,
  paperSensor: 0x08,
} as const;

/** The length of one Automatic Status Back message. */
export const ASB_LENGTH = 4;

/**
 * Bits of the four ASB bytes (Epson ESC/POS, GS a). Byte 1: printer; byte 2: errors; byte 3:
 * paper sensors; byte 4: reserved.
 */
export const AsbBit = {
  // byte 1
  offline: 0x08,
  coverOpen: 0x20,
  feedButton: 0x40,
  // byte 2
  mechanicalError: 0x04,
  cutterError: 0x08,
  unrecoverableError: 0x20,
  autoRecoverableError: 0x40,
  // byte 3
  paperNearEnd: 0x03,
  paperEnd: 0x0c,
} as const;

/**
 * The first ASB byte: bits 0, 1 and 7 clear, bit 4 set (design.md §4.1). Bit 1 tells it from a
 * DLE EOT reply (bit 1 set), bit 4 from a GS r reply (bit 4 clear); XON (0x11) and XOFF (0x13)
 * have bit 0 set. So a byte that passes is the start of an ASB message and nothing else.
 */
export const ASB_HEADER_FIXED_MASK = 0x93;
export const ASB_HEADER_FIXED_VALUE = 0x10;

export function isAsbHeaderByte(byte: number): boolean {
  return (byte & ASB_HEADER_FIXED_MASK) === ASB_HEADER_FIXED_VALUE && byte >= 0 && byte <= 0xff;
}

/** ASB bytes 2..4: bits 4 and 7 clear (the same fixed bits as a GS r reply). */
export function isAsbTrailingByte(byte: number): boolean {
  return (byte & 0x90) === 0 && byte >= 0 && byte <= 0xff;
}

/** GS r 1 reply bits. */
export const PaperSensorBit = {
  nearEnd: 0x03,
  end: 0x0c,
} as const;

/**
 * A DLE EOT reply has bits 1 and 4 set and bits 0 and 7 clear (design.md §4.1 gives bits 1 and 4;
 * Epson fixes 0 and 7 to zero too). Checking all four rejects most line noise, XON/XOFF (0x11,
 * 0x13) and the first byte of an automatic status block (bit 1 clear), so garbage is never
 * mistaken for an answer.
 */
export const REALTIME_STATUS_FIXED_MASK = 0x93;
export const REALTIME_STATUS_FIXED_VALUE = 0x12;

export function isRealtimeStatusByte(byte: number): boolean {
  return (
    Number.isInteger(byte) &&
    byte >= 0 &&
    byte <= 0xff &&
    (byte & REALTIME_STATUS_FIXED_MASK) === REALTIME_STATUS_FIXED_VALUE
  );
}

/**
 * A GS r 1 reply has bits 4 and 7 clear (Epson: fixed 0). Bit 4 is the opposite of a DLE EOT
 * reply, so a late answer to one request can never be taken for the answer to the other.
 */
export const PAPER_SENSOR_FIXED_MASK = 0x90;

export function isPaperSensorByte(byte: number): boolean {
  return (
    Number.isInteger(byte) && byte >= 0 && byte <= 0xff && (byte & PAPER_SENSOR_FIXED_MASK) === 0
  );
}
