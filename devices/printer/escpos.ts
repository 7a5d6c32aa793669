import iconv from 'iconv-lite';
import {
  Align,
  BarcodeSystem,
  CODE128_SHIFT,
  Code128Set,
  CutMode,
  ESC,
  EscCommand,
  FS,
  FsCommand,
  GS,
  GsCommand,
  HriPosition,
  LF,
  PRINTER_TEXT_ENCODING,
  QR_CN,
  QR_DATA_ENCODING,
  QR_FUNCTION_LETTER,
  QR_MAX_DATA,
  QR_MODEL_2,
  QrErrorLevel,
  QrFn,
  RASTER_FUNCTION,
  RASTER_MAX_HEIGHT,
  RASTER_MAX_WIDTH_BYTES,
  RasterScale,
} from './framing.js';
import type {
  Alignment,
  Code128CodeSet,
  HriPlacement,
  QrErrorCorrection,
  RasterScaleMode,
} from './framing.js';
import { bytesPerRow, qrBitmap } from './raster.js';
import type { MonoBitmap, QrRasterOptions } from './raster.js';

export type {
  Alignment,
  Code128CodeSet,
  HriPlacement,
  QrErrorCorrection,
  RasterScaleMode,
} from './framing.js';
export type { MonoBitmap, QrRasterOptions } from './raster.js';
export type CutKind = 'full' | 'partial';

export interface QrOptions {
  /** Module size in dots, 1..16. Default 6 (about 22 mm for a ticket URL on a 203 dpi head). */
  readonly moduleSize?: number;
  /** Default 'M': survives a crease or a smudge on thermal paper without growing too big. */
  readonly errorLevel?: QrErrorCorrection;
}

export interface BarcodeOptions {
  /** Bar height in dots, 1..255 (GS h). Default 80 (10 mm at 203 dpi). */
  readonly height?: number;
  /** Narrowest bar in dots, 2..6 (GS w). Default 2. */
  readonly moduleWidth?: number;
  /** Human-readable text (GS H). Default 'below'. */
  readonly hri?: HriPlacement;
  /**
   * CODE128 code set: 'B' (printable ASCII), 'C' (digit pairs, half as wide) or 'auto' (C for an
   * even number of digits, B otherwise; the default).
   */
  readonly codeSet?: Code128CodeSet | 'auto';
}

// Printable text only: a control byte inside a string would be executed by the printer as a
// command (ESC, GS…) and could cut, feed or reconfigure it mid-ticket.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/**
 * A small typed ESC/POS encoder (design.md §4.1). Each method appends one command; `build()`
 * returns the bytes. Text is encoded as GB18030 so Chinese prints after `chineseMode(true)`.
 */
export class EscPosBuilder {
  private readonly parts: Uint8Array[] = [];
  private length = 0;

  /** ESC @: clears the buffer and resets modes (size, alignment, emphasis) to power-on state. */
  initialize(): this {
    return this.bytes(ESC, EscCommand.initialize);
  }

  /** FS & / FS .: Chinese double-byte mode, so bytes ≥ 0x80 are read as GB18030. */
  chineseMode(on: boolean): this {
    return this.bytes(FS, on ? FsCommand.chineseModeOn : FsCommand.chineseModeOff);
  }

  /** Text in GB18030 (ASCII stays one byte). Throws on control characters; use `lf()`. */
  text(value: string): this {
    const match = CONTROL_CHARACTER.exec(value);
    if (match) {
      const code = match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
      throw new RangeError(
        `text contains control character U+${code} at index ${match.index}; ` +
          'pass printable text and use lf() for new lines',
      );
    }
    return this.append(iconv.encode(value, PRINTER_TEXT_ENCODING));
  }

  /** Text followed by a line feed. */
  line(value = ''): this {
    return this.text(value).lf();
  }

  /** LF: prints the buffered line and feeds one line; `count` repeats it. */
  lf(count = 1): this {
    assertInteger('line feed count', count, 0, 255);
    return this.append(new Uint8Array(count).fill(LF));
  }

  /** GS ! n: character size, width and height factors 1..8; n = (w−1)·16 + (h−1). */
  size(width: number, height: number): this {
    assertInteger('character width factor', width, 1, 8);
    assertInteger('character height factor', height, 1, 8);
    return this.bytes(GS, GsCommand.characterSize, (width - 1) * 16 + (height - 1));
  }

  /** ESC a n. Takes effect at the start of a line, so set it before the line's text. */
  align(alignment: Alignment): this {
    return this.bytes(ESC, EscCommand.align, Align[alignment]);
  }

  /** ESC E n: emphasised (bold). */
  bold(on: boolean): this {
    return this.bytes(ESC, EscCommand.emphasis, on ? 1 : 0);
  }

  /** GS ( k … 31 41 32 00: QR model 2. */
  qrModel2(): this {
    return this.qrCommand(QrFn.selectModel, QR_MODEL_2, 0x00);
  }

  /** GS ( k … 31 43 n: module size 1..16 dots. */
  qrModuleSize(dots: number): this {
    assertInteger('QR module size', dots, 1, 16);
    return this.qrCommand(QrFn.moduleSize, dots);
  }

  /** GS ( k … 31 45 n: error correction L/M/Q/H = 0x30..0x33. */
  qrErrorLevel(level: QrErrorCorrection): this {
    return this.qrCommand(QrFn.errorCorrection, QrErrorLevel[level]);
  }

  /** GS ( k pL pH 31 50 30 data: stores the symbol data; pL,pH = len + 3, little-endian. */
  qrStore(data: string | Uint8Array): this {
    const payload = typeof data === 'string' ? Buffer.from(data, QR_DATA_ENCODING) : data;
    if (payload.length < 1 || payload.length > QR_MAX_DATA) {
      throw new RangeError(
        `QR data must be 1..${QR_MAX_DATA} bytes, got ${payload.length}; shorten the payload ` +
          '(a ticket QR should carry a short URL with the ticket id only)',
      );
    }
    return this.qrCommand(QrFn.store, 0x30, ...payload);
  }

  /** GS ( k 03 00 31 51 30: prints the stored symbol. */
  qrPrint(): this {
    return this.qrCommand(QrFn.print, 0x30);
  }

  /** The whole QR sequence: model 2, module size, error level, store, print. */
  qrCode(data: string | Uint8Array, options: QrOptions = {}): this {
    return this.qrModel2()
      .qrModuleSize(options.moduleSize ?? 6)
      .qrErrorLevel(options.errorLevel ?? 'M')
      .qrStore(data)
      .qrPrint();
  }

  /**
   * The raster QR fallback (`GS v 0`) for printers without `GS ( k`: the same symbol the native
   * command would print, drawn from the `qrcode` package's modules. Same defaults as
   * {@link qrCode}; `maxWidth` (dots) shrinks the modules to fit the paper.
   */
  qrCodeRaster(data: string, options: QrRasterOptions = {}): this {
    return this.rasterImage(qrBitmap(data, options));
  }

  /** GS h n: bar code height in dots, 1..255. */
  barcodeHeight(dots: number): this {
    assertInteger('bar code height', dots, 1, 255);
    return this.bytes(GS, GsCommand.barcodeHeight, dots);
  }

  /** GS w n: bar code module width (narrowest bar) in dots, 2..6. */
  barcodeWidth(dots: number): this {
    assertInteger('bar code module width', dots, 2, 6);
    return this.bytes(GS, GsCommand.barcodeWidth, dots);
  }

  /** GS H n: where the human-readable interpretation is printed. */
  hriPosition(position: HriPlacement): this {
    return this.bytes(GS, GsCommand.hriPosition, HriPosition[position]);
  }

  /**
   * GS h, GS w, GS H, then GS k 73 n {B|{C d…: a CODE128 bar code. Set B takes printable ASCII
   * (a '{' is sent as "{{"); set C sends each digit pair as one byte 0..99.
   */
  code128(data: string, options: BarcodeOptions = {}): this {
    const payload = code128Payload(data, options.codeSet ?? 'auto');
    return this.barcodeHeight(options.height ?? 80)
      .barcodeWidth(options.moduleWidth ?? 2)
      .hriPosition(options.hri ?? 'below')
      .bytes(GS, GsCommand.barcode, BarcodeSystem.CODE128, payload.length, ...payload);
  }

  /**
   * GS v 0 m xL xH yL yH d…: a 1-bit raster image, x = width in bytes, y = height in dots.
   * Printed at the current alignment (ESC a) and starting on a new line.
   */
  rasterImage(bitmap: MonoBitmap, scale: RasterScaleMode = 'normal'): this {
    const x = bytesPerRow(bitmap.width);
    assertInteger('raster image width in bytes', x, 1, RASTER_MAX_WIDTH_BYTES);
    assertInteger('raster image height in dots', bitmap.height, 1, RASTER_MAX_HEIGHT);
    if (bitmap.data.length !== x * bitmap.height) {
      throw new RangeError(
        `raster image data must be ${x} × ${bitmap.height} = ${x * bitmap.height} bytes ` +
          `(rows of ceil(width / 8) bytes), got ${bitmap.data.length}`,
      );
    }
    this.bytes(GS, GsCommand.rasterImage, RASTER_FUNCTION, RasterScale[scale]);
    this.bytes(x & 0xff, x >> 8, bitmap.height & 0xff, bitmap.height >> 8);
    return this.append(Uint8Array.from(bitmap.data));
  }

  /** GS V 00 (full) / GS V 01 (partial): cuts at the current position, no feed. */
  cut(kind: CutKind = 'full'): this {
    return this.bytes(GS, GsCommand.cut, kind === 'full' ? CutMode.full : CutMode.partial);
  }

  /**
   * GS V 42 n (partial, the default) / GS V 41 n (full): feeds the last printed line past the
   * cutter plus n motion units, then cuts, so the ticket's bottom is not left in the printer.
   */
  feedAndCut(n = 0, kind: CutKind = 'partial'): this {
    assertInteger('feed before cut', n, 0, 255);
    return this.bytes(
      GS,
      GsCommand.cut,
      kind === 'full' ? CutMode.feedThenFull : CutMode.feedThenPartial,
      n,
    );
  }

  /** Escape hatch for a command this builder does not know; bytes are appended as given. */
  raw(bytes: Uint8Array | readonly number[]): this {
    return this.append(Uint8Array.from(bytes));
  }

  build(): Uint8Array {
    const out = new Uint8Array(this.length);
    let offset = 0;
    for (const part of this.parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  }

  private qrCommand(fn: number, ...params: number[]): this {
    const k = params.length + 2; // cn + fn + params
    return this.bytes(
      GS,
      GsCommand.twoDimensionalCode,
      QR_FUNCTION_LETTER,
      k & 0xff,
      k >> 8,
      QR_CN,
      fn,
      ...params,
    );
  }

  private bytes(...values: number[]): this {
    return this.append(Uint8Array.from(values));
  }

  private append(bytes: Uint8Array): this {
    this.parts.push(bytes);
    this.length += bytes.length;
    return this;
  }
}

/** Starts an ESC/POS job: `escpos().initialize().line('hi').cut().build()`. */
export function escpos(): EscPosBuilder {
  return new EscPosBuilder();
}

/** `{B` + data (with '{' doubled) or `{C` + digit pairs as bytes; 2..255 bytes in all. */
function code128Payload(data: string, codeSet: Code128CodeSet | 'auto'): number[] {
  const digitPairs = /^(?:\d\d)+$/.test(data);
  const set = codeSet === 'auto' ? (digitPairs ? 'C' : 'B') : codeSet;
  let body: number[];
  if (set === 'C') {
    if (!digitPairs) {
      throw new RangeError(`CODE128 set C takes an even number of digits, got "${data}"`);
    }
    body = (data.match(/\d\d/g) ?? []).map(Number);
  } else {
    // Set A is upper case, digits, punctuation and control codes; B adds lower case. Both are
    // limited here to printable ASCII, the part of them a kiosk has a reason to print.
    const bad = [...data].findIndex((c) => c < ' ' || c > '~' || (set === 'A' && c >= '`'));
    if (bad >= 0 || data === '') {
      throw new RangeError(
        `CODE128 set ${set} takes ${set === 'A' ? 'upper-case ' : ''}printable ASCII, got ` +
          (data === '' ? 'an empty string' : `"${data}" (index ${bad})`),
      );
    }
    body = [...data].flatMap((c) =>
      c === '{' ? [CODE128_SHIFT, CODE128_SHIFT] : [c.charCodeAt(0)],
    );
  }
  const payload = [CODE128_SHIFT, Code128Set[set], ...body];
  if (payload.length > 255) {
    throw new RangeError(
      `CODE128 data is ${payload.length} bytes with its code set prefix, at most 255 fit; ` +
        'shorten it (a kiosk bar code should carry an id, not a document)',
    );
  }
  return payload;
}

function assertInteger(what: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${what} must be an integer ${min}..${max}, got ${value}`);
  }
}
