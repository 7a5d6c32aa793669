/**
 * The print modes in force and the line being composed, for the virtual printer's parser: text
 * bytes are kept until the line ends, then decoded as GB18030 in Chinese mode and as PC437
 * outside it, as the printer would print them, and reported as one `line` event with the modes
 * the line started with.
 */
import iconv from 'iconv-lite';
import { PRINTER_SINGLE_BYTE_ENCODING, PRINTER_TEXT_ENCODING } from '../printer/framing.js';
import type { Alignment } from '../printer/framing.js';
import type { PrinterEvent } from './escpos-events.js';

export interface Modes {
  width: number;
  height: number;
  align: Alignment;
  bold: boolean;
  chinese: boolean;
}

/** Longest line kept: a real head wraps long before; this bounds memory under garbage. */
const MAX_LINE_BYTES = 1024;

export class LineComposer {
  modes: Modes;
  private textBytes: number[] = [];
  private lineText = '';
  /** Text bytes of the whole line, across mode switches (what MAX_LINE_BYTES bounds). */
  private lineBytes = 0;
  private lineModes: Omit<Modes, 'chinese'> | undefined;

  constructor(private readonly chineseByDefault: boolean) {
    this.modes = this.powerOnModes();
  }

  /** Power-on / ESC @ modes. */
  resetModes(): void {
    this.modes = this.powerOnModes();
  }

  /** FS & / FS .: what came before is decoded in the old mode; the switch may be mid-line. */
  setChinese(on: boolean): void {
    this.commitText();
    this.modes.chinese = on;
  }

  addText(bytes: Uint8Array, events: PrinterEvent[]): void {
    if (this.lineModes === undefined) {
      const { width, height, align, bold } = this.modes;
      this.lineModes = { width, height, align, bold };
    }
    for (const byte of bytes) {
      this.textBytes.push(byte);
      this.lineBytes += 1;
      // The whole line, not the bytes since the last FS & / FS .: a line that keeps switching
      // modes would otherwise grow without bound (found by npm run fuzz).
      if (this.lineBytes >= MAX_LINE_BYTES) this.flushLine(events);
    }
  }

  flushLineIfAny(events: PrinterEvent[]): void {
    if (this.lineModes !== undefined) this.flushLine(events);
  }

  flushLine(events: PrinterEvent[]): void {
    this.commitText();
    const { width, height, align, bold } = this.lineModes ?? this.modes;
    events.push({ type: 'line', line: { text: this.lineText, width, height, align, bold } });
    this.clearLine();
  }

  /** Forgets the line not yet printed (ESC @, a buffer clear, a power cycle). */
  clearLine(): void {
    this.textBytes = [];
    this.lineText = '';
    this.lineBytes = 0;
    this.lineModes = undefined;
  }

  private commitText(): void {
    if (this.textBytes.length === 0) return;
    const encoding = this.modes.chinese ? PRINTER_TEXT_ENCODING : PRINTER_SINGLE_BYTE_ENCODING;
    this.lineText += iconv.decode(Uint8Array.from(this.textBytes), encoding);
    this.textBytes = [];
  }

  private powerOnModes(): Modes {
    return { width: 1, height: 1, align: 'left', bold: false, chinese: this.chineseByDefault };
  }
}
