// The types ship only for the package's CommonJS entry (its exports map hides them from ESM).
import type { BindingInterface } from '@serialport/bindings-interface' with {
  'resolution-mode': 'require',
};
import { SerialPort } from 'serialport';
import { TransportError, TransportListeners } from './byte-transport.js';
import type { ByteTransport } from './byte-transport.js';

export interface SerialTransportOptions {
  /** e.g. /dev/ttyUSB0, /dev/ttyS0, /dev/pts/3 (socat), COM3 on Windows. */
  readonly path: string;
  /** Must match the printer's DIP switches / self-test page; 9600 and 115200 are common. */
  readonly baudRate: number;
  readonly dataBits?: 5 | 6 | 7 | 8;
  readonly stopBits?: 1 | 1.5 | 2;
  readonly parity?: 'none' | 'even' | 'odd' | 'mark' | 'space';
  /** Hardware flow control (RTS/CTS); most receipt printers want it at high baud rates. */
  readonly rtscts?: boolean;
  /**
   * Longest wait for the native binding to open, close or flush the port. Default 5000 ms. A
   * wedged USB-serial adapter can leave these calls pending forever, which would hang the ticket
   * flow (open before a ticket) or the kiosk's stop() (close).
   */
  readonly timeoutMs?: number;
  /** The serialport binding. Default: the native one. Tests pass a fake (a wedged adapter). */
  readonly binding?: BindingInterface;
}

type SerialPortOptions = ConstructorParameters<typeof SerialPort>[0];

const DOING = { open: 'opening', close: 'closing', flush: 'flushing' } as const;

/**
 * Largest piece handed to the port at once: what a flush can no longer stop. 256 bytes is about
 * a quarter of a second at 9600 baud, and a few system calls per ticket.
 */
const CHUNK_BYTES = 256;

interface QueuedWrite {
  readonly bytes: Buffer;
  /** How many bytes have been handed to the port. */
  handed: number;
  readonly resolve: () => void;
  readonly reject: (error: TransportError) => void;
}

type Outcome =
  | { readonly kind: 'done' }
  | { readonly kind: 'failed'; readonly error: Error }
  | { readonly kind: 'timeout' };

/**
 * A {@link ByteTransport} over the `serialport` 13 native binding.
 *
 * A new `SerialPort` is created on every `open()`, so a port can be closed and opened again
 * (replug) without carrying state from the previous session. Open, close and flush give up after
 * `timeoutMs`; a port given up on is forgotten, so a later `open()` starts afresh.
 */
export class SerialTransport implements ByteTransport {
  readonly description: string;
  private port: SerialPort | undefined;
  private closing = false;
  /** The open under way, shared by concurrent callers. */
  private opening: Promise<void> | undefined;
  /** Writes not yet sent, in order; the first may be partly handed to the port. */
  private readonly writes: QueuedWrite[] = [];
  /** The port a pump runs for: one per port (a closed port's may never wake up). */
  private pumping: SerialPort | undefined;
  private readonly timeoutMs: number;
  private readonly listeners: TransportListeners;

  constructor(private readonly options: SerialTransportOptions) {
    this.description = `serial ${options.path} @ ${options.baudRate}`;
    this.listeners = new TransportListeners(this.description);
    const timeoutMs = options.timeoutMs ?? 5000;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new RangeError(`timeoutMs must be a positive number of milliseconds, got ${timeoutMs}`);
    }
    this.timeoutMs = timeoutMs;
  }

  get isOpen(): boolean {
    return this.port?.isOpen === true;
  }

  /**
   * Opens the port. Calls made while an open is under way share it: the kiosk (before a ticket)
   * and the device supervisor (after a replug) may both ask, and two SerialPorts on one device
   * node would fight over its lock.
   */
  open(): Promise<void> {
    if (this.isOpen) return Promise.resolve();
    this.opening ??= this.openPort().finally(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  private async openPort(): Promise<void> {
    const { path, baudRate, binding } = this.options;
    const port = new SerialPort({
      path,
      baudRate,
      dataBits: this.options.dataBits ?? 8,
      stopBits: this.options.stopBits ?? 1,
      parity: this.options.parity ?? 'none',
      rtscts: this.options.rtscts ?? false,
      autoOpen: false,
      // SerialPort honours `binding` (it spreads our options over its default) but its typing
      // hides the option, hence the cast.
      ...(binding === undefined ? {} : { binding }),
    } as SerialPortOptions);
    const outcome = await callWithTimeout(
      (callback) => port.open(callback),
      this.timeoutMs,
      () => {
        // The binding opened after we gave up: close it, or the device node stays locked and
        // the next open fails as "busy".
        port.close(() => undefined);
      },
    );
    if (outcome.kind === 'timeout') throw this.timeoutError('open');
    if (outcome.kind === 'failed') throw openError(path, outcome.error);
    this.port = port;
    this.closing = false;
    // Events of a port given up on (close timed out) must not reach the listeners any more.
    port.on('data', (chunk: Buffer) => {
      if (this.port === port) this.listeners.data.emit(chunk);
    });
    port.on('error', (error: Error) => {
      if (this.port !== port) return;
      this.listeners.error.emit(
        TransportError.of(
          'io',
          'transport.portError',
          { path, error: error.message },
          {
            cause: error,
          },
        ),
      );
    });
    port.on('close', (error: (Error & { disconnected?: boolean }) | null) => {
      if (this.port !== port) return;
      this.port = undefined;
      const unexpected = !this.closing || error?.disconnected === true;
      this.closing = false;
      this.rejectWrites('closed');
      this.listeners.close.emit(
        unexpected
          ? TransportError.of(
              'disconnected',
              'transport.disconnected',
              { path, error: error?.message ?? 'no reason given' },
              { cause: error ?? undefined },
            )
          : undefined,
      );
    });
  }

  async close(): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) return;
    this.closing = true;
    const outcome = await callWithTimeout((callback) => port.close(callback), this.timeoutMs);
    if (outcome.kind === 'failed') {
      throw TransportError.of(
        'io',
        'transport.closeFailed',
        { path: this.options.path, error: outcome.error.message },
        { cause: outcome.error },
      );
    }
    if (outcome.kind === 'timeout') {
      // Give the port up so stop() can finish and a later open() starts afresh; tell the
      // listeners it is closed so a command waiting on it fails now, not at its own timeout.
      if (this.port === port) {
        this.port = undefined;
        this.closing = false;
        this.rejectWrites('closed');
        this.listeners.close.emit(undefined);
      }
      throw this.timeoutError('close');
    }
  }

  write(bytes: Uint8Array): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) {
      return Promise.reject(
        TransportError.of('notOpen', 'transport.notOpen', { port: this.description }),
      );
    }
    return new Promise<void>((resolve, reject) => {
      // A copy: the bytes go out over time, and the caller may reuse its array meanwhile.
      this.writes.push({ bytes: Buffer.from(bytes), handed: 0, resolve, reject });
      void this.pump(port);
    });
  }

  async flush(): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) return;
    // Bytes still queued here never reach the port, so they can be dropped for certain; the
    // writes they belong to fail, since their bytes did not leave this end.
    this.rejectWrites('flushed');
    // tcflush(TCIOFLUSH) drops what the kernel still holds for the device and what it has
    // received that we have not read. The one chunk the binding may still be writing (at most
    // CHUNK_BYTES) can land after it: that, plus the kernel buffer already on the wire, is all a
    // flushed job can still send.
    const outcome = await callWithTimeout((callback) => port.flush(callback), this.timeoutMs);
    if (outcome.kind === 'timeout') throw this.timeoutError('flush');
    if (outcome.kind === 'failed') {
      throw TransportError.of(
        'io',
        'transport.flushFailed',
        { path: this.options.path, error: outcome.error.message },
        { cause: outcome.error },
      );
    }
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.listeners.data.add(listener);
  }

  onClose(listener: (error: TransportError | undefined) => void): () => void {
    return this.listeners.close.add(listener);
  }

  onError(listener: (error: TransportError) => void): () => void {
    return this.listeners.error.add(listener);
  }

  /**
   * Hands the queued writes to the port one chunk at a time, each only once the port has taken
   * the one before (its write callback), and resolves a write once its bytes have drained. The
   * port's own stream and the binding's write loop would otherwise hold a whole job, which
   * tcflush cannot reach: it would still go out after a flush.
   */
  private async pump(port: SerialPort): Promise<void> {
    if (this.pumping === port) return;
    this.pumping = port;
    const path = this.options.path;
    const fail = (error: Error): TransportError =>
      TransportError.of(
        'io',
        'transport.writeFailed',
        { path, error: error.message },
        {
          cause: error,
        },
      );
    try {
      // A closed SerialPort holds writes until it opens again, which ours never do: stop first.
      for (let head = this.writes[0]; head && this.port === port && port.isOpen;) {
        const chunk = head.bytes.subarray(head.handed, head.handed + CHUNK_BYTES);
        head.handed += chunk.length;
        const error =
          chunk.length > 0
            ? await portCall((callback) => port.write(chunk, callback))
            : // drain() waits for the port's writes, then tcdrain(): the bytes left the UART.
              await portCall((callback) => port.drain(callback));
        // Flushed or closed meanwhile: the write was already rejected.
        if (this.writes[0] === head && (error !== undefined || chunk.length === 0)) {
          this.writes.shift();
          if (error) head.reject(fail(error));
          else head.resolve();
        }
        head = this.writes[0];
      }
    } finally {
      if (this.pumping === port) this.pumping = undefined;
    }
  }

  private rejectWrites(code: 'flushed' | 'closed'): void {
    const event = code === 'flushed' ? 'transport.flushed' : 'transport.closedWhileSending';
    for (const write of this.writes.splice(0)) {
      write.reject(TransportError.of(code, event, { port: this.description }));
    }
  }

  private timeoutError(operation: 'open' | 'close' | 'flush'): TransportError {
    const path = this.options.path;
    return TransportError.of('timeout', 'transport.timedOut', {
      path,
      operation: DOING[operation],
      timeoutMs: this.timeoutMs,
    });
  }
}

/**
 * Runs a serialport call that reports through a callback, giving up after `timeoutMs`.
 * `onLateSuccess` runs if the call succeeds after the timeout (to undo it).
 */
function callWithTimeout(
  start: (callback: (error: Error | null | undefined) => void) => void,
  timeoutMs: number,
  onLateSuccess: () => void = () => undefined,
): Promise<Outcome> {
  return new Promise<Outcome>((resolve) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      resolve({ kind: 'timeout' });
    }, timeoutMs);
    start((error) => {
      if (timedOut) {
        if (!error) onLateSuccess();
        return;
      }
      clearTimeout(timer);
      resolve(error ? { kind: 'failed', error } : { kind: 'done' });
    });
  });
}

/** Runs a serialport call that reports through a callback; resolves with its error, if any. */
function portCall(
  start: (callback: (error: Error | null | undefined) => void) => void,
): Promise<Error | undefined> {
  return new Promise((resolve) => start((error) => resolve(error ?? undefined)));
}

/** Turns the binding's terse errno text into what a technician should check. */
function openError(path: string, error: Error): TransportError {
  const text = error.message;
  if (/no such file|ENOENT|cannot find|not found/i.test(text)) {
    return TransportError.of(
      'notFound',
      'transport.portNotFound',
      { path, error: text },
      { cause: error },
    );
  }
  if (/permission denied|EACCES|access is denied/i.test(text)) {
    return TransportError.of(
      'accessDenied',
      'transport.accessDenied',
      { path, error: text },
      { cause: error },
    );
  }
  if (/lock|busy|EBUSY|resource temporarily unavailable/i.test(text)) {
    return TransportError.of('busy', 'transport.portBusy', { path, error: text }, { cause: error });
  }
  return TransportError.of('io', 'transport.openFailed', { path, error: text }, { cause: error });
}
