import {
  CR,
  CutMode,
  DC4,
  DLE,
  ENQ,
  EOT,
  ESC,
  EscCommand,
  FS,
  FsCommand,
  GS,
  GsCommand,
  HT,
  LF,
  QR_CN,
  QR_DATA_ENCODING,
  QR_FUNCTION_LETTER,
  QrFn,
} from '../printer/framing.js';
import type { HriPlacement, RasterScaleMode } from '../printer/framing.js';
import { barcodeData, barcodeSymbology } from './escpos-barcode.js';
import { BARCODE_DEFAULTS, ESC_PARAMS, FS_PARAMS, GS_PARAMS } from './escpos-events.js';
import type { PrinterEvent } from './escpos-events.js';
import { LineComposer } from './line-composer.js';
import type { ReceiptCut } from './receipt.js';

export type { PrintedBarcode, PrintedImage, PrinterEvent } from './escpos-events.js';

export interface EscPosParserOptions {
  /** Whether FS & is in force after power-on / ESC @ (many Chinese-market printers: yes). */
  readonly chineseByDefault?: boolean;
  /**
   * Whether bar codes and raster images are reported (`barcode` and `image` events). Off by
   * default: they are then skipped with their data as before, for callers that only follow text
   * and status (the virtual printer until its receipts carry graphics). `parseReceipts` turns
   * it on.
   */
  readonly reportGraphics?: boolean;
}

/** Longest GS ( k block buffered whole; larger blocks are skipped without being kept. */
const MAX_BUFFERED_BLOCK = 0xffff + 5;

const INCOMPLETE = 0;

const HRI_BY_N: readonly HriPlacement[] = ['none', 'above', 'below', 'both'];
const SCALE_BY_M: readonly RasterScaleMode[] = [
  'normal',
  'doubleWidth',
  'doubleHeight',
  'quadruple',
];

interface BarcodeSettings {
  height: number;
  moduleWidth: number;
  hri: HriPlacement;
}

/**
 * A streaming ESC/POS parser: the virtual printer's own, independent of the driver. Bytes may
 * arrive in any chunks; an incomplete command waits for the rest. Unknown commands are skipped
 * (reported as `unknownCommand`), control bytes it does not model are ignored, and text is
 * decoded as GB18030 in Chinese mode and as PC437 outside it, as the printer would print it.
 */
export class EscPosParser {
  private pending: Uint8Array = new Uint8Array(0);
  private skip = 0;
  private readonly line: LineComposer;
  private qrData: string | undefined;
  private barcode: BarcodeSettings = { ...BARCODE_DEFAULTS };
  private readonly reportGraphics: boolean;

  constructor(options: EscPosParserOptions = {}) {
    this.line = new LineComposer(options.chineseByDefault ?? false);
    this.reportGraphics = options.reportGraphics ?? false;
  }

  /** Power cycle: forgets half-received commands, buffered text and modes. */
  reset(): void {
    this.pending = new Uint8Array(0);
    this.skip = 0;
    this.line.resetModes();
    this.line.clearLine();
    this.qrData = undefined;
    this.barcode = { ...BARCODE_DEFAULTS };
  }

  /**
   * DLE DC4 fn = 8 / DLE ENQ 2: forgets a half-received command and text not yet printed, but
   * keeps the modes (Epson: the clear changes no other command's setting).
   */
  clearBuffers(): void {
    this.pending = new Uint8Array(0);
    this.skip = 0;
    this.line.clearLine();
  }

  /** Feeds bytes; returns what the printer did, in order. Never throws on any input. */
  push(chunk: Uint8Array): PrinterEvent[] {
    const events: PrinterEvent[] = [];
    const buf = this.pending.length > 0 ? concat(this.pending, chunk) : chunk;
    let i = 0;
    while (i < buf.length) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, buf.length - i);
        this.skip -= n;
        i += n;
        continue;
      }
      const byte = buf[i] ?? 0;
      if (byte >= 0x20 && byte !== 0x7f) {
        let end = i + 1;
        while (end < buf.length && (buf[end] ?? 0) >= 0x20 && buf[end] !== 0x7f) end++;
        this.line.addText(buf.subarray(i, end), events);
        i = end;
        continue;
      }
      const used = this.command(buf, i, events);
      if (used === INCOMPLETE) break;
      i += used;
    }
    this.pending = i < buf.length ? buf.slice(i) : new Uint8Array(0);
    return events;
  }

  private command(buf: Uint8Array, i: number, events: PrinterEvent[]): number {
    switch (buf[i]) {
      case LF:
        this.line.flushLine(events);
        return 1;
      case HT:
        // Tab stops are not modelled; a space keeps the words apart in the preview.
        this.line.addText(Uint8Array.of(0x20), events);
        return 1;
      case ESC:
        return this.esc(buf, i, events);
      case GS:
        return this.gs(buf, i, events);
      case FS:
        return this.fs(buf, i, events);
      case DLE:
        return this.dle(buf, i, events);
      case CR: // ignored when auto line feed is off (the default)
      default:
        return 1;
    }
  }

  private esc(buf: Uint8Array, i: number, events: PrinterEvent[]): number {
    if (i + 1 >= buf.length) return INCOMPLETE;
    const c = buf[i + 1] ?? 0;
    const param = buf[i + 2] ?? 0;
    const needs = (n: number): boolean => i + n <= buf.length;
    switch (c) {
      case EscCommand.initialize:
        // ESC @ clears the print buffer (text not yet printed is lost) and resets modes.
        this.line.clearLine();
        this.line.resetModes();
        this.qrData = undefined;
        this.barcode = { ...BARCODE_DEFAULTS };
        events.push({ type: 'initialize' });
        return 2;
      case EscCommand.align:
        if (!needs(3)) return INCOMPLETE;
        if (param === 0 || param === 0x30) this.line.modes.align = 'left';
        else if (param === 1 || param === 0x31) this.line.modes.align = 'center';
        else if (param === 2 || param === 0x32) this.line.modes.align = 'right';
        return 3;
      case EscCommand.emphasis:
        if (!needs(3)) return INCOMPLETE;
        this.line.modes.bold = (param & 1) === 1;
        return 3;
      case EscCommand.printMode:
        if (!needs(3)) return INCOMPLETE;
        this.line.modes.bold = (param & 0x08) !== 0;
        this.line.modes.height = param & 0x10 ? 2 : 1;
        this.line.modes.width = param & 0x20 ? 2 : 1;
        return 3;
      case EscCommand.feedLines:
        if (!needs(3)) return INCOMPLETE;
        if (param === 0) this.line.flushLineIfAny(events);
        else for (let n = 0; n < param; n++) this.line.flushLine(events);
        return 3;
      case 0x4a: // ESC J n: print and feed n dots
        if (!needs(3)) return INCOMPLETE;
        this.line.flushLineIfAny(events);
        return 3;
      case 0x69: // ESC i: partial cut (legacy)
      case 0x6d: // ESC m: partial cut (legacy)
        this.cut('partial', events);
        return 2;
      case 0x2a: {
        // ESC * m nL nH d…: bit image, 1 or 3 bytes per column.
        if (!needs(5)) return INCOMPLETE;
        const columns = (buf[i + 3] ?? 0) + (buf[i + 4] ?? 0) * 256;
        this.skip = param === 0 || param === 1 ? columns : columns * 3;
        return 5;
      }
      case 0x44: {
        // ESC D n1…nk NUL: tab positions, at most 32.
        for (let j = i + 2; j < Math.min(buf.length, i + 2 + 33); j++) {
          if (buf[j] === 0) return j - i + 1;
        }
        return buf.length >= i + 2 + 33 ? 2 + 33 : INCOMPLETE;
      }
      default:
        return this.fixed(buf, i, ESC_PARAMS[c], events);
    }
  }

  private gs(buf: Uint8Array, i: number, events: PrinterEvent[]): number {
    if (i + 1 >= buf.length) return INCOMPLETE;
    const c = buf[i + 1] ?? 0;
    const m = buf[i + 2] ?? 0;
    const needs = (n: number): boolean => i + n <= buf.length;
    switch (c) {
      case GsCommand.characterSize:
        if (!needs(3)) return INCOMPLETE;
        this.line.modes.width = ((m >> 4) & 0x07) + 1;
        this.line.modes.height = (m & 0x07) + 1;
        return 3;
      case GsCommand.cut: {
        if (!needs(3)) return INCOMPLETE;
        if (m === CutMode.full || m === CutMode.fullAscii) {
          this.cut('full', events);
          return 3;
        }
        if (m === CutMode.partial || m === CutMode.partialAscii) {
          this.cut('partial', events);
          return 3;
        }
        // Function B (65/66), C (97/98), D (103/104): one more byte n (feed amount).
        const full = m === CutMode.feedThenFull || m === 97 || m === 103;
        const partial = m === CutMode.feedThenPartial || m === 98 || m === 104;
        if (!full && !partial) return this.unknown(buf, i, 3, events);
        if (!needs(4)) return INCOMPLETE;
        this.cut(full ? 'full' : 'partial', events);
        return 4;
      }
      case GsCommand.statusRequest:
        if (!needs(3)) return INCOMPLETE;
        if (m === 1 || m === 0x31) events.push({ type: 'paperSensorStatus' });
        return 3;
      case GsCommand.automaticStatusBack:
        if (!needs(3)) return INCOMPLETE;
        events.push({ type: 'automaticStatusBack', n: m });
        return 3;
      case GsCommand.twoDimensionalCode: {
        // GS ( fn pL pH …: every GS ( function carries its length.
        if (!needs(5)) return INCOMPLETE;
        const length = (buf[i + 3] ?? 0) + (buf[i + 4] ?? 0) * 256;
        if (m !== QR_FUNCTION_LETTER || 5 + length > MAX_BUFFERED_BLOCK) {
          this.skip = length;
          return 5;
        }
        if (!needs(5 + length)) return INCOMPLETE;
        this.twoDimensional(buf.subarray(i + 5, i + 5 + length), events);
        return 5 + length;
      }
      case GsCommand.rasterImage:
        return this.raster(buf, i, events);
      case GsCommand.barcodeHeight:
        if (!needs(3)) return INCOMPLETE;
        if (m >= 1) this.barcode.height = m; // n = 0 is outside the range: ignored
        return 3;
      case GsCommand.barcodeWidth:
        if (!needs(3)) return INCOMPLETE;
        if (m >= 1 && m <= 6) this.barcode.moduleWidth = m;
        return 3;
      case GsCommand.hriPosition:
        if (!needs(3)) return INCOMPLETE;
        this.barcode.hri = HRI_BY_N[m & 0x0f] ?? this.barcode.hri; // 0..3 or '0'..'3'
        return 3;
      case 0x38: {
        // GS 8 L p1 p2 p3 p4 …: graphics with a 32-bit length.
        if (!needs(7)) return INCOMPLETE;
        if (m !== 0x4c) return this.unknown(buf, i, 3, events);
        this.skip =
          (buf[i + 3] ?? 0) +
          (buf[i + 4] ?? 0) * 0x100 +
          (buf[i + 5] ?? 0) * 0x10000 +
          (buf[i + 6] ?? 0) * 0x1000000;
        return 7;
      }
      case 0x2a: {
        // GS * x y d…: downloaded bit image, x·y·8 bytes.
        if (!needs(4)) return INCOMPLETE;
        this.skip = m * (buf[i + 3] ?? 0) * 8;
        return 4;
      }
      case GsCommand.barcode: {
        // GS k m …: bar code. m ≤ 6: NUL-terminated data; m ≥ 65: length byte n, then n bytes.
        if (!needs(3)) return INCOMPLETE;
        if (m <= 6) {
          for (let j = i + 3; j < Math.min(buf.length, i + 3 + 256); j++) {
            if (buf[j] === 0) {
              this.emitBarcode(m, buf.subarray(i + 3, j), events);
              return j - i + 1;
            }
          }
          return buf.length >= i + 3 + 256 ? 3 : INCOMPLETE;
        }
        if (!needs(4)) return INCOMPLETE;
        const n = buf[i + 3] ?? 0;
        if (!needs(4 + n)) return INCOMPLETE;
        this.emitBarcode(m, buf.subarray(i + 4, i + 4 + n), events);
        return 4 + n;
      }
      default:
        return this.fixed(buf, i, GS_PARAMS[c], events);
    }
  }

  private fs(buf: Uint8Array, i: number, events: PrinterEvent[]): number {
    if (i + 1 >= buf.length) return INCOMPLETE;
    const c = buf[i + 1] ?? 0;
    if (c === FsCommand.chineseModeOn || c === FsCommand.chineseModeOff) {
      // Decode what came before in the old mode; the switch may happen mid-line.
      this.line.setChinese(c === FsCommand.chineseModeOn);
      return 2;
    }
    return this.fixed(buf, i, FS_PARAMS[c], events);
  }

  private dle(buf: Uint8Array, i: number, events: PrinterEvent[]): number {
    if (i + 1 >= buf.length) return INCOMPLETE;
    const c = buf[i + 1];
    if (c === EOT || c === ENQ) {
      if (i + 3 > buf.length) return INCOMPLETE;
      if (c === EOT) events.push({ type: 'realtimeStatus', n: buf[i + 2] ?? 0 });
      return 3;
    }
    if (c === DC4) {
      // DLE DC4 fn …: fn 8 (clear buffers) is 10 bytes long, the others 5.
      if (i + 3 > buf.length) return INCOMPLETE;
      const length = buf[i + 2] === 8 ? 10 : 5;
      return i + length <= buf.length ? length : INCOMPLETE;
    }
    return 1; // a lone DLE is not a command
  }

  private twoDimensional(block: Uint8Array, events: PrinterEvent[]): void {
    const [cn, fn, m] = block;
    if (cn !== QR_CN) return;
    if (fn === QrFn.store && m === 0x30) {
      this.qrData = Buffer.from(block.subarray(3)).toString(QR_DATA_ENCODING);
    } else if (fn === QrFn.print && this.qrData !== undefined) {
      this.line.flushLineIfAny(events);
      events.push({ type: 'qr', payload: this.qrData });
    }
  }

  /** GS v 0 m xL xH yL yH d…: raster image, xBytes × yDots bytes, kept when it fits a block. */
  private raster(buf: Uint8Array, i: number, events: PrinterEvent[]): number {
    if (i + 8 > buf.length) return INCOMPLETE;
    const x = (buf[i + 4] ?? 0) + (buf[i + 5] ?? 0) * 256;
    const y = (buf[i + 6] ?? 0) + (buf[i + 7] ?? 0) * 256;
    const scale = SCALE_BY_M[(buf[i + 3] ?? 0) & 0x0f] ?? 'normal'; // 0..3 or '0'..'3'
    const size = x * y;
    if (size > MAX_BUFFERED_BLOCK || !this.reportGraphics) {
      this.line.flushLineIfAny(events);
      if (this.reportGraphics)
        events.push({ type: 'image', image: { width: x * 8, height: y, scale } });
      this.skip = size;
      return 8;
    }
    if (i + 8 + size > buf.length) return INCOMPLETE;
    this.line.flushLineIfAny(events);
    const data = buf.slice(i + 8, i + 8 + size);
    events.push({ type: 'image', image: { width: x * 8, height: y, scale, data } });
    return 8 + size;
  }

  private emitBarcode(m: number, data: Uint8Array, events: PrinterEvent[]): void {
    // A bar code prints on its own line, like a raster image: text before it is printed first.
    if (!this.reportGraphics) return;
    this.line.flushLineIfAny(events);
    const symbology = barcodeSymbology(m);
    events.push({
      type: 'barcode',
      barcode: { symbology, data: barcodeData(symbology, data), ...this.barcode },
    });
  }

  private fixed(
    buf: Uint8Array,
    i: number,
    params: number | undefined,
    events: PrinterEvent[],
  ): number {
    if (params === undefined) return this.unknown(buf, i, 2, events);
    return i + 2 + params <= buf.length ? 2 + params : INCOMPLETE;
  }

  private unknown(buf: Uint8Array, i: number, length: number, events: PrinterEvent[]): number {
    events.push({ type: 'unknownCommand', bytes: [...buf.subarray(i, i + length)] });
    return length;
  }

  private cut(kind: ReceiptCut, events: PrinterEvent[]): void {
    this.line.flushLineIfAny(events);
    events.push({ type: 'cut', cut: kind });
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
