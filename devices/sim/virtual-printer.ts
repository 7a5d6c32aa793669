import { CLEAR_RESPONSE, PaperSensorBit, RealtimeRequest } from '../printer/framing.js';
import { Listeners } from '../transport/byte-transport.js';
import type { ByteTransport } from '../transport/byte-transport.js';
import { EscPosParser } from './escpos-parser.js';
import type { PrinterEvent } from './escpos-parser.js';
import { RealtimeScanner } from './realtime-scanner.js';
import type { RealtimeCommand } from './realtime-scanner.js';
import { ReceiptAssembler, renderReceiptText } from './receipt.js';
import {
  ASB_KNOWN_BITS,
  asbChangeKey,
  asbMessage,
  realtimeStatusByte,
  stoppedBy,
} from './virtual-printer-status.js';
import type { VirtualPrinterSensors } from './virtual-printer-status.js';
import type { Receipt } from './receipt.js';

export type { Receipt, ReceiptCut, ReceiptLine } from './receipt.js';
export { renderReceiptText } from './receipt.js';

export type VirtualPaper = 'full' | 'low' | 'out';

export interface VirtualPrinterOptions {
  /** Paper width in columns for `renderText` (48 = 80 mm, 32 = 58 mm). Default 48. */
  readonly columns?: number;
  /** Chinese mode after power-on / ESC @. Default false, like Epson; the driver turns it on. */
  readonly chineseByDefault?: boolean;
  /**
   * Receipts kept for `receipts()` and `waitForReceipt()`; older ones are dropped, so a kiosk
   * running the embedded simulator for months does not grow. Default 200.
   */
  readonly maxReceipts?: number;
  /**
   * Bytes held while the printer is stopped (paper out, cover open, cutter error), like a real
   * receive buffer (4 KiB on a TM-T88). Bytes beyond it are lost, as on a printer without flow
   * control. Default 4096.
   */
  readonly receiveBufferBytes?: number;
}

export interface VirtualPrinterState {
  readonly paper: VirtualPaper;
  readonly coverOpen: boolean;
  readonly cutterError: boolean;
  readonly unrecoverableError: boolean;
  /** The paper path is jammed (XFS paper `jammed`). */
  readonly paperJam: boolean;
  /** GS a n as last received: which changes it reports by itself (0 = none). */
  readonly automaticStatusBack: number;
  readonly silent: boolean;
}

/**
 * An ESC/POS receipt printer simulator (design.md §4.3) on the device end of a ByteTransport: a
 * pty path opened with SerialTransport, or the in-process pair. It parses what it receives with
 * its own parser into {@link Receipt}s, answers GS r 1 in stream order (after the bytes before it,
 * so it works as a barrier), and injects faults on command.
 *
 * Like a real printer, it acts on real-time commands as they arrive (DLE EOT n status, DLE ENQ 2
 * and DLE DC4 fn = 8 buffer clears), and stops processing everything else while the paper is out,
 * the cover is open or the cutter has failed: what arrives meanwhile is held in its receive
 * buffer and printed when the fault is cleared, unless a buffer clear arrived first. So a ticket
 * interrupted by paper end prints (for the wrong customer) once the roll is replaced, unless the
 * host cleared it.
 */
export class VirtualPrinter {
  private readonly parser: EscPosParser;
  private readonly scanner = new RealtimeScanner();
  private readonly assembler = new ReceiptAssembler();
  private readonly received: Receipt[] = [];
  private readonly receiptListeners = new Listeners<[Receipt]>();
  private readonly columns: number;
  private readonly maxReceipts: number;
  private readonly receiveBufferBytes: number;
  private unsubscribe: (() => void) | undefined;
  private paper: VirtualPaper = 'full';
  private coverOpen = false;
  private cutterError = false;
  private unrecoverableError = false;
  private paperJam = false;
  private silent = false;
  /** GS a n: which changes are reported by themselves (0 = Automatic Status Back off). */
  private asbEnabled = 0;
  /** The last ASB message sent, masked by what was asked for: a change is what differs. */
  private asbLast: string | undefined;
  private asbSent = 0;
  private held: Uint8Array[] = [];
  private heldBytes = 0;
  private lostBytes = 0;
  private printed = 0;
  private clears = 0;
  private requestsAnswered = 0;
  private unknownCommands = 0;

  constructor(
    private readonly transport: ByteTransport,
    options: VirtualPrinterOptions = {},
  ) {
    this.columns = options.columns ?? 48;
    this.maxReceipts = positiveInteger('maxReceipts', options.maxReceipts ?? 200);
    this.receiveBufferBytes = positiveInteger(
      'receiveBufferBytes',
      options.receiveBufferBytes ?? 4096,
    );
    this.parser = new EscPosParser({
      chineseByDefault: options.chineseByDefault ?? false,
      // Bar codes and images are part of what came out (a form slip's code, a logo).
      reportGraphics: true,
    });
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

  /** The most recent receipts, oldest first (at most `maxReceipts`). */
  receipts(): readonly Receipt[] {
    return [...this.received];
  }

  /** Receipts printed since start, including those no longer kept by `receipts()`. */
  get receiptsPrinted(): number {
    return this.printed;
  }

  onReceipt(listener: (receipt: Receipt) => void): () => void {
    return this.receiptListeners.add(listener);
  }

  /**
   * The first receipt (already printed and still kept, or still to come) that matches
   * `predicate`; rejects after `timeoutMs` with what was printed, so a failing test says why.
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
              `(${this.printed} receipt(s) so far; state ${JSON.stringify(this.state)}).`,
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
      unrecoverableError: this.unrecoverableError,
      paperJam: this.paperJam,
      automaticStatusBack: this.asbEnabled,
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

  /** Bytes held in the receive buffer, waiting for the fault to clear. */
  get heldByteCount(): number {
    return this.heldBytes;
  }

  /** Bytes lost because the receive buffer was full. */
  get lostByteCount(): number {
    return this.lostBytes;
  }

  /** Buffer clears done (DLE DC4 fn = 8, or DLE ENQ 2 during a cutter error). */
  get bufferClearCount(): number {
    return this.clears;
  }

  /**
   * Loading paper after it ran out also removes the old roll, with whatever was printed on its
   * end and not yet cut; then the held data prints.
   */
  setPaper(paper: VirtualPaper): void {
    if (this.paper === 'out' && paper !== 'out') this.assembler.discard();
    this.paper = paper;
    this.changed();
  }

  setCoverOpen(open: boolean): void {
    this.coverOpen = open;
    this.changed();
  }

  /** Clearing the fault is the technician removing the jam and closing the cover. */
  setCutterError(error: boolean): void {
    this.cutterError = error;
    this.changed();
  }

  /**
   * A paper jam (XFS paper `jammed`): the paper stops in the paper path, the printer stops and
   * reports a recoverable mechanical error (DLE EOT 3 bit 2, ASB byte 2 bit 2). Clearing it is a
   * person pulling the crumpled paper out, with whatever was printed on it and not yet cut.
   */
  setPaperJam(jammed: boolean): void {
    if (this.paperJam && !jammed) this.assembler.discard();
    this.paperJam = jammed;
    this.changed();
  }

  /** ASB messages sent so far (diagnostics, tests). */
  get automaticStatusBackSent(): number {
    return this.asbSent;
  }

  /**
   * An unrecoverable error (a head or board fault, a head that overheated for good): the printer
   * stops like for a jammed cutter, until power is cycled; clearing it here is that power cycle.
   */
  setUnrecoverableError(error: boolean): void {
    this.unrecoverableError = error;
    this.changed();
  }

  /**
   * A silent printer ignores every byte (unplugged, powered off, dead). Coming back is a power-on:
   * half-received commands, held data and unprinted text are forgotten.
   */
  setSilent(silent: boolean): void {
    if (this.silent && !silent) {
      this.parser.reset();
      this.scanner.reset();
      this.assembler.discard();
      this.dropHeld();
      // A power cycle turns Automatic Status Back off (its default), until GS a comes again.
      this.asbEnabled = 0;
      this.asbLast = undefined;
    }
    this.silent = silent;
  }

  private get stopped(): boolean {
    return stoppedBy(this.sensors);
  }

  private get sensors(): VirtualPrinterSensors {
    return {
      paper: this.paper,
      coverOpen: this.coverOpen,
      cutterError: this.cutterError,
      unrecoverableError: this.unrecoverableError,
      paperJam: this.paperJam,
    };
  }

  /** A state changed: Automatic Status Back reports it, and a printer no longer stopped resumes. */
  private changed(): void {
    this.sendAsb(false);
    this.resume();
  }

  /**
   * Sends the ASB message when what it reports differs from the last one sent (or always, when
   * GS a has just been processed: Epson sends the first status then). Nothing while silent.
   */
  private sendAsb(always: boolean): void {
    if (this.asbEnabled === 0 || this.silent) return;
    const message = asbMessage(this.sensors);
    const key = asbChangeKey(message, this.asbEnabled);
    if (!always && key === this.asbLast) return;
    this.asbLast = key;
    this.asbSent += 1;
    this.transport.write(message).catch(() => undefined);
  }

  private attach(): void {
    this.unsubscribe ??= this.transport.onData((chunk) => this.receive(chunk));
  }

  private receive(chunk: Uint8Array): void {
    if (this.silent) return;
    // Real-time commands act on arrival, so the bytes before one reach the buffer first: a
    // clear drops them (if held) and keeps what follows it.
    let start = 0;
    for (const { command, end } of this.scanner.scan(chunk)) {
      this.accept(chunk.subarray(start, end));
      start = end;
      this.realtime(command);
    }
    this.accept(chunk.subarray(start));
  }

  /** Bytes entering the receive buffer: processed now, or held while the printer is stopped. */
  private accept(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    if (!this.stopped) {
      this.process(bytes);
      return;
    }
    const room = this.receiveBufferBytes - this.heldBytes;
    const kept = bytes.subarray(0, Math.max(0, room));
    this.lostBytes += bytes.length - kept.length;
    if (kept.length === 0) return;
    this.held.push(Uint8Array.from(kept));
    this.heldBytes += kept.length;
  }

  private process(bytes: Uint8Array): void {
    for (const event of this.parser.push(bytes)) this.handle(event);
  }

  /** The fault is gone: what was held prints now, in order. */
  private resume(): void {
    if (this.stopped || this.silent) return;
    const held = this.held;
    this.dropHeld();
    for (const bytes of held) this.process(bytes);
  }

  private dropHeld(): void {
    this.held = [];
    this.heldBytes = 0;
  }

  private realtime(command: RealtimeCommand): void {
    switch (command.type) {
      case 'status': {
        const byte = realtimeStatusByte(this.sensors, command.n);
        if (byte !== undefined) this.reply(Uint8Array.of(byte));
        return;
      }
      case 'request':
        // Epson: DLE ENQ 1/2 act only while a recoverable error (here: the cutter) is pending.
        // The injected fault itself stays until the test clears it, as a jam stays until removed.
        if (command.n === RealtimeRequest.recoverAndClear && this.cutterError) this.clearBuffers();
        return;
      case 'clearBuffers':
        this.clearBuffers();
        this.reply(Uint8Array.from(CLEAR_RESPONSE));
        return;
    }
  }

  /** Drops the receive buffer and the line not yet printed; what is on paper stays there. */
  private clearBuffers(): void {
    this.clears += 1;
    this.dropHeld();
    this.parser.clearBuffers();
  }

  private handle(event: PrinterEvent): void {
    switch (event.type) {
      case 'initialize':
      case 'realtimeStatus': // answered on arrival, see realtime()
        return;
      case 'line':
        this.assembler.addLine(event.line);
        return;
      case 'qr':
        this.assembler.addQr(event.payload);
        return;
      case 'barcode':
        this.assembler.addBarcode(event.barcode);
        return;
      case 'image':
        this.assembler.addImage(event.image);
        return;
      case 'cut': {
        const receipt = this.assembler.cut(event.cut);
        if (receipt) {
          this.printed += 1;
          this.received.push(receipt);
          if (this.received.length > this.maxReceipts) this.received.shift();
          this.receiptListeners.emit(receipt);
        }
        return;
      }
      case 'automaticStatusBack':
        this.asbEnabled = event.n & ASB_KNOWN_BITS;
        this.asbLast = undefined;
        this.sendAsb(true);
        return;
      case 'paperSensorStatus':
        // Processed only while running, so the paper is never out here.
        this.reply(Uint8Array.of(this.paper === 'low' ? PaperSensorBit.nearEnd : 0x00));
        return;
      case 'unknownCommand':
        this.unknownCommands += 1;
        return;
    }
  }

  private reply(bytes: Uint8Array): void {
    this.requestsAnswered += 1;
    // The host may have gone away; a printer never learns that, it just talks to nobody.
    this.transport.write(bytes).catch(() => undefined);
  }
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
  return value;
}
