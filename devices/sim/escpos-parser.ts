import iconv from 'iconv-lite';
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
  PRINTER_SINGLE_BYTE_ENCODING,
  PRINTER_TEXT_ENCODING,
  QR_CN,
  QR_DATA_ENCODING,
  QR_FUNCTION_LETTER,
  QrFn,
} from '../printer/framing.js';
import type { Alignment } from '../printer/framing.js';
import { ReceiptAssembler } from './receipt.js';
import type { Receipt, ReceiptCut, ReceiptLine } from './receipt.js';

/**
 * What the printer does with the bytes, in stream order. Status requests are events too, so the
 * virtual printer answers them only after everything sent before them (a barrier).
 */
export type PrinterEvent =
  | { readonly type: 'initialize' }
  | { readonly type: 'line'; readonly line: ReceiptLine }
  | { readonly type: 'qr'; readonly payload: string }
  | { readonly type: 'cut'; readonly cut: ReceiptCut }
  | { readonly type: 'realtimeStatus'; readonly n: number }
  | { readonly type: 'paperSensorStatus' }
  | { readonly type: 'unknownCommand'; readonly bytes: readonly number[] };

export interface EscPosParserOptions {
  /** Whether FS & is in force after power-on / ESC @ (many Chinese-market printers: yes). */
  readonly chineseByDefault?: boolean;
}

interface Modes {
  width: number;
  height: number;
  align: Alignment;
  bold: boolean;
  chinese: boolean;
}

/** Parameter byte counts of fixed-length commands that only change modes we do not model. */
const ESC_PARAMS: Readonly<Record<number, number>> = {
  0x20: 1, // ESC SP n: right-side character spacing
  0x24: 2, // ESC $ nL nH: absolute position
  0x25: 1, // ESC % n: user-defined characters on/off
  0x2d: 1, // ESC - n: underline
  0x32: 0, // ESC 2: default line spacing
  0x33: 1, // ESC 3 n: line spacing
  0x3d: 1, // ESC = n: peripheral device
  0x3f: 1, // ESC ? n: cancel user-defined character
  0x42: 2, // ESC B n t: buzzer (Chinese-market printers)
  0x47: 1, // ESC G n: double strike
  0x4c: 0, // ESC L: page mode
  0x4d: 1, // ESC M n: font
  0x52: 1, // ESC R n: international character set
  0x53: 0, // ESC S: standard mode
  0x54: 1, // ESC T n: page mode direction
  0x55: 1, // ESC U n: unidirectional printing
  0x56: 1, // ESC V n: 90° rotation
  0x57: 8, // ESC W …: page mode area
  0x5c: 2, // ESC \ nL nH: relative position
  0x63: 2, // ESC c 3/4/5 n: paper sensors, panel buttons
  0x65: 1, // ESC e n: reverse feed
  0x70: 3, // ESC p m t1 t2: cash drawer kick
  0x72: 1, // ESC r n: colour
  0x74: 1, // ESC t n: code table
  0x7b: 1, // ESC { n: upside down
};
const GS_PARAMS: Readonly<Record<number, number>> = {
  0x24: 2, // GS $: page mode vertical position
  0x2f: 1, // GS / m: print downloaded bit image
  0x3a: 0, // GS :: macro definition start/end
  0x42: 1, // GS B n: reverse
  0x45: 1, // GS E n: print density (some models)
  0x48: 1, // GS H n: HRI position
  0x49: 1, // GS I n: printer ID
  0x4c: 2, // GS L nL nH: left margin
  0x50: 2, // GS P x y: motion units
  0x57: 2, // GS W nL nH: print area width
  0x5c: 2, // GS \ nL nH: page mode relative position
  0x61: 1, // GS a n: automatic status back
  0x62: 1, // GS b n: smoothing
  0x66: 1, // GS f n: HRI font
  0x68: 1, // GS h n: bar code height
  0x77: 1, // GS w n: bar code width
};
const FS_PARAMS: Readonly<Record<number, number>> = {
  0x21: 1, // FS ! n: Chinese character print mode
  0x2d: 1, // FS - n: Chinese underline
  0x32: 74, // FS 2 c1 c2 d1…d72: user-defined Chinese character
  0x43: 1, // FS C n: Chinese code system
  0x53: 2, // FS S n1 n2: Chinese character spacing
  0x57: 1, // FS W n: Chinese quadruple size
  0x70: 2, // FS p n m: print NV bit image
};

/** Longest line kept: a real head wraps long before; this bounds memory under garbage. */
const MAX_LINE_BYTES = 1024;
/** Longest GS ( k block buffered whole; larger blocks are skipped without being kept. */
const MAX_BUFFERED_BLOCK = 0xffff + 5;

const INCOMPLETE = 0;

/**
 * A streaming ESC/POS parser: the virtual printer's own, independent of the driver. Bytes may
 * arrive in any chunks; an incomplete command waits for the rest. Unknown commands are skipped
 * (reported as `unknownCommand`), control bytes it does not model are ignored, and text is
 * decoded as GB18030 in Chinese mode and as PC437 outside it, as the printer would print it.
 */
export class EscPosParser {
  private pending: Uint8Array = new Uint8Array(0);
  private skip = 0;
  private modes: Modes;
  private textBytes: number[] = [];
  private lineText = '';
  private lineModes: Omit<Modes, 'chinese'> | undefined;
  private qrData: string | undefined;

  constructor(private readonly options: EscPosParserOptions = {}) {
    this.modes = this.powerOnModes();
  }

  /** Power cycle: forgets half-received commands, buffered text and modes. */
  reset(): void {
    this.pending = new Uint8Array(0);
    this.skip = 0;
    this.modes = this.powerOnModes();
    this.clearLine();
    this.qrData = undefined;
  }

  /**
   * DLE DC4 fn = 8 / DLE ENQ 2: forgets a half-received command and text not yet printed, but
   * keeps the modes (Epson: the clear changes no other command's setting).
   */
  clearBuffers(): void {
    this.pending = new Uint8Array(0);
    this.skip = 0;
    this.clearLine();
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
        this.addText(buf.subarray(i, end), events);
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
        this.flushLine(events);
        return 1;
      case HT:
        // Tab stops are not modelled; a space keeps the words apart in the preview.
        this.addText(Uint8Array.of(0x20), events);
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
        this.clearLine();
        this.modes = this.powerOnModes();
        this.qrData = undefined;
        events.push({ type: 'initialize' });
        return 2;
      case EscCommand.align:
        if (!needs(3)) return INCOMPLETE;
        if (param === 0 || param === 0x30) this.modes.align = 'left';
        else if (param === 1 || param === 0x31) this.modes.align = 'center';
        else if (param === 2 || param === 0x32) this.modes.align = 'right';
        return 3;
      case EscCommand.emphasis:
        if (!needs(3)) return INCOMPLETE;
        this.modes.bold = (param & 1) === 1;
        return 3;
      case EscCommand.printMode:
        if (!needs(3)) return INCOMPLETE;
        this.modes.bold = (param & 0x08) !== 0;
        this.modes.height = param & 0x10 ? 2 : 1;
        this.modes.width = param & 0x20 ? 2 : 1;
        return 3;
      case EscCommand.feedLines:
        if (!needs(3)) return INCOMPLETE;
        if (param === 0) this.flushLineIfAny(events);
        else for (let n = 0; n < param; n++) this.flushLine(events);
        return 3;
      case 0x4a: // ESC J n: print and feed n dots
        if (!needs(3)) return INCOMPLETE;
        this.flushLineIfAny(events);
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
        this.modes.width = ((m >> 4) & 0x07) + 1;
        this.modes.height = (m & 0x07) + 1;
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
      case 0x76: {
        // GS v 0 m xL xH yL yH d…: raster image, xBytes × yDots bytes.
        if (!needs(8)) return INCOMPLETE;
        const x = (buf[i + 4] ?? 0) + (buf[i + 5] ?? 0) * 256;
        const y = (buf[i + 6] ?? 0) + (buf[i + 7] ?? 0) * 256;
        this.flushLineIfAny(events);
        this.skip = x * y;
        return 8;
      }
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
      case 0x6b: {
        // GS k m …: bar code. m ≤ 6: NUL-terminated data; m ≥ 65: length byte n, then n bytes.
        if (!needs(3)) return INCOMPLETE;
        if (m <= 6) {
          for (let j = i + 3; j < Math.min(buf.length, i + 3 + 256); j++) {
            if (buf[j] === 0) return j - i + 1;
          }
          return buf.length >= i + 3 + 256 ? 3 : INCOMPLETE;
        }
        if (!needs(4)) return INCOMPLETE;
        const n = buf[i + 3] ?? 0;
        return needs(4 + n) ? 4 + n : INCOMPLETE;
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
      this.commitText();
      this.modes.chinese = c === FsCommand.chineseModeOn;
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
      this.flushLineIfAny(events);
      events.push({ type: 'qr', payload: this.qrData });
    }
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
    this.flushLineIfAny(events);
    events.push({ type: 'cut', cut: kind });
  }

  private addText(bytes: Uint8Array, events: PrinterEvent[]): void {
    if (this.lineModes === undefined) {
      const { width, height, align, bold } = this.modes;
      this.lineModes = { width, height, align, bold };
    }
    for (const byte of bytes) {
      this.textBytes.push(byte);
      if (this.textBytes.length >= MAX_LINE_BYTES) this.flushLine(events);
    }
  }

  private commitText(): void {
    if (this.textBytes.length === 0) return;
    const encoding = this.modes.chinese ? PRINTER_TEXT_ENCODING : PRINTER_SINGLE_BYTE_ENCODING;
    this.lineText += iconv.decode(Uint8Array.from(this.textBytes), encoding);
    this.textBytes = [];
  }

  private flushLineIfAny(events: PrinterEvent[]): void {
    if (this.lineModes !== undefined) this.flushLine(events);
  }

  private flushLine(events: PrinterEvent[]): void {
    this.commitText();
    const { width, height, align, bold } = this.lineModes ?? this.modes;
    events.push({ type: 'line', line: { text: this.lineText, width, height, align, bold } });
    this.clearLine();
  }

  private clearLine(): void {
    this.textBytes = [];
    this.lineText = '';
    this.lineModes = undefined;
  }

  private powerOnModes(): Modes {
    return {
      width: 1,
      height: 1,
      align: 'left',
      bold: false,
      chinese: this.options.chineseByDefault ?? false,
    };
  }
}

/**
 * Parses whole byte streams into receipts, ignoring status requests: for golden tests and for
 * replaying a captured job on the technician screen.
 */
export function parseReceipts(
  chunks: Uint8Array | readonly Uint8Array[],
  options: EscPosParserOptions = {},
): Receipt[] {
  const parser = new EscPosParser(options);
  const assembler = new ReceiptAssembler();
  const receipts: Receipt[] = [];
  for (const chunk of chunks instanceof Uint8Array ? [chunks] : chunks) {
    for (const event of parser.push(chunk)) {
      if (event.type === 'line') assembler.addLine(event.line);
      else if (event.type === 'qr') assembler.addQr(event.payload);
      else if (event.type === 'cut') {
        const receipt = assembler.cut(event.cut);
        if (receipt) receipts.push(receipt);
      }
    }
  }
  return receipts;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
