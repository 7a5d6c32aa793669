import iconv from 'iconv-lite';
import {
  Align,
  CutMode,
  ESC,
  EscCommand,
  FS,
  FsCommand,
  GS,
  GsCommand,
  LF,
  PRINTER_TEXT_ENCODING,
  QR_CN,
  QR_DATA_ENCODING,
  QR_FUNCTION_LETTER,
  QR_MAX_DATA,
  QR_MODEL_2,
  QrErrorLevel,
  QrFn,
} from './framing.js';
import type { Alignment, QrErrorCorrection } from './framing.js';

export type { Alignment, QrErrorCorrection } from './framing.js';
export type CutKind = 'full' | 'partial';

export interface QrOptions {
  /** Module size in dots, 1..16. Default 6 (about 22 mm for a ticket URL on a 203 dpi head). */
  readonly moduleSize?: number;
  /** Default 'M': survives a crease or a smudge on thermal paper without growing too big. */
  readonly errorLevel?: QrErrorCorrection;
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

function assertInteger(what: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${what} must be an integer ${min}..${max}, got ${value}`);
  }
}
