import {
  PaperSensorBit,
  REALTIME_STATUS_FIXED_VALUE,
  RealtimeStatus,
  StatusBit,
} from '../printer/framing.js';
import { Listeners } from '../transport/byte-transport.js';
import type { ByteTransport } from '../transport/byte-transport.js';
import { EscPosParser } from './escpos-parser.js';
import type { PrinterEvent } from './escpos-parser.js';
import { ReceiptAssembler, renderReceiptText } from './receipt.js';
import type { Receipt } from './receipt.js';

export type { Receipt, ReceiptCut, ReceiptLine } from './receipt.js';
export { renderReceiptText } from './receipt.js';

export type VirtualPaper = 'full' | 'low' | 'out';

export interface VirtualPrinterOptions {
  /** Paper width in columns for `renderText` (48 = 80 mm, 32 = 58 mm). Default 48. */
  readonly columns?: number;
  /** Chinese mode after power-on / ESC @. Default false, like Epson; the driver turns it on. */
  readonly chineseByDefault?: boolean;
}

export interface VirtualPrinterState {
  readonly paper: VirtualPaper;
  readonly coverOpen: boolean;
  readonly cutterError: boolean;
  readonly silent: boolean;
}

/**
 * An ESC/POS receipt printer simulator (design.md §4.3) on the device end of a ByteTransport: a
 * pty path opened with SerialTransport, or the in-process pair. It parses what it receives with
 * its own parser into {@link Receipt}s, answers DLE EOT n and GS r 1 in stream order (after the
 * bytes before them, so either works as a barrier), and injects faults on command.
 *
 * Like the mechanism, it prints nothing while the paper is out or the cover is open; a job that
 * lost lines that way, or whose cut failed (cutter error), yields no receipt.
 */
export class VirtualPrinter {
  private readonly parser: EscPosParser;
  private readonly assembler = new ReceiptAssembler();
  private readonly received: Receipt[] = [];
  private readonly receiptListeners = new Listeners<[Receipt]>();
  private readonly columns: number;
  private unsubscribe: (() => void) | undefined;
  private paper: VirtualPaper = 'full';
  private coverOpen = false;
  private cutterError = false;
  private silent = false;
  private spoiled = false;
  private requestsAnswered = 0;
  private unknownCommands = 0;

  constructor(
    private readonly transport: ByteTransport,
    options: VirtualPrinterOptions = {},
  ) {
    this.columns = options.columns ?? 48;
    this.parser = new EscPosParser({ chineseByDefault: options.chineseByDefault ?? false });
    this.attach();
  }

  /** Opens the transport (if it is not open yet). */
  async open(): Promise<void> {
    this.attach();
    if (!this.transport.isOpen) await this.transport.open();
  }

  /** Detaches from the transport and closes it; `open()` attaches again. */
  async close(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    await this.transport.close();
  }

  receipts(): readonly Receipt[] {
    return [...this.received];
  }

  onReceipt(listener: (receipt: Receipt) => void): () => void {
    return this.receiptListeners.add(listener);
  }

  /**
   * The first receipt (already printed or still to come) that matches `predicate`; rejects after
   * `timeoutMs` with what was printed, so a failing test says why.
   */
  waitForReceipt(
    predicate: (receipt: Receipt) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<Receipt> {
    const existing = this.received.find(predicate);
    if (existing) return Promise.resolve(existing);
    return new Promise<Receipt>((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(
          new Error(
            `The virtual printer produced no matching receipt within ${timeoutMs} ms ` +
              `(${this.received.length} receipt(s) so far; state ${JSON.stringify(this.state)}).`,
          ),
        );
      }, timeoutMs);
      const stop = this.onReceipt((receipt) => {
        if (!predicate(receipt)) return;
        clearTimeout(timer);
        stop();
        resolve(receipt);
      });
    });
  }

  /** Plain-text rendering of a receipt for the technician screen and tests. */
  renderText(receipt: Receipt): string {
    return renderReceiptText(receipt, this.columns);
  }

  get state(): VirtualPrinterState {
    return {
      paper: this.paper,
      coverOpen: this.coverOpen,
      cutterError: this.cutterError,
      silent: this.silent,
    };
  }

  /** Status requests answered so far (DLE EOT and GS r). */
  get statusRequestsAnswered(): number {
    return this.requestsAnswered;
  }

  /** Commands the parser did not know and skipped (diagnostics). */
  get unknownCommandCount(): number {
    return this.unknownCommands;
  }

  setPaper(paper: VirtualPaper): void {
    this.paper = paper;
  }

  setCoverOpen(open: boolean): void {
    this.coverOpen = open;
  }

  setCutterError(error: boolean): void {
    this.cutterError = error;
  }

  /**
   * A silent printer ignores every byte (unplugged, powered off, dead). Coming back is a power-on:
   * half-received commands and unprinted text are forgotten.
   */
  setSilent(silent: boolean): void {
    if (this.silent && !silent) {
      this.parser.reset();
      this.assembler.discard();
      this.spoiled = false;
    }
    this.silent = silent;
  }

  private attach(): void {
    this.unsubscribe ??= this.transport.onData((chunk) => this.receive(chunk));
  }

  private receive(chunk: Uint8Array): void {
    if (this.silent) return;
    for (const event of this.parser.push(chunk)) this.handle(event);
  }

  private handle(event: PrinterEvent): void {
    const canPrint = this.paper !== 'out' && !this.coverOpen;
    switch (event.type) {
      case 'initialize':
        // A new job after a spoiled one: the technician has torn the spoiled paper off.
        if (this.spoiled) {
          this.assembler.discard();
          this.spoiled = false;
        }
        return;
      case 'line':
        if (canPrint) this.assembler.addLine(event.line);
        else this.spoiled = true;
        return;
      case 'qr':
        if (canPrint) this.assembler.addQr(event.payload);
        else this.spoiled = true;
        return;
      case 'cut': {
        if (this.spoiled || !canPrint || this.cutterError) {
          this.assembler.discard();
          this.spoiled = false;
          return;
        }
        const receipt = this.assembler.cut(event.cut);
        if (receipt) {
          this.received.push(receipt);
          this.receiptListeners.emit(receipt);
        }
        return;
      }
      case 'realtimeStatus': {
        const byte = this.realtimeStatusByte(event.n);
        if (byte !== undefined) this.reply(byte);
        return;
      }
      case 'paperSensorStatus':
        this.reply(
          this.paper === 'out'
            ? PaperSensorBit.nearEnd | PaperSensorBit.end
            : this.paper === 'low'
              ? PaperSensorBit.nearEnd
              : 0x00,
        );
        return;
      case 'unknownCommand':
        this.unknownCommands += 1;
        return;
    }
  }

  /** DLE EOT n replies, built from the bit table shared with the driver (design.md §4.1). */
  private realtimeStatusByte(n: number): number | undefined {
    const out = this.paper === 'out';
    let bits: number;
    switch (n) {
      case RealtimeStatus.printer:
        // Like an Epson mechanism, it goes offline while the cover is open, paper is out or
        // an error is pending.
        bits = out || this.coverOpen || this.cutterError ? StatusBit.offline : 0;
        break;
      case RealtimeStatus.offlineCause:
        bits =
          (this.coverOpen ? StatusBit.coverOpen : 0) |
          (out ? StatusBit.stoppedByPaperEnd : 0) |
          (this.cutterError ? StatusBit.errorOccurred : 0);
        break;
      case RealtimeStatus.error:
        bits = this.cutterError ? StatusBit.cutterError : 0;
        break;
      case RealtimeStatus.paperRoll:
        // The near-end sensor sits before the end sensor: an empty roll trips both.
        bits =
          this.paper === 'low'
            ? StatusBit.paperNearEnd
            : out
              ? StatusBit.paperNearEnd | StatusBit.paperEnd
              : 0;
        break;
      default:
        return undefined; // n the printer does not support: no answer, as on real hardware
    }
    return REALTIME_STATUS_FIXED_VALUE | bits;
  }

  private reply(byte: number): void {
    this.requestsAnswered += 1;
    // The host may have gone away; a printer never learns that, it just talks to nobody.
    this.transport.write(Uint8Array.of(byte)).catch(() => undefined);
  }
}
