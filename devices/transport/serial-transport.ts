import { SerialPort } from 'serialport';
import { Listeners, TransportError } from './byte-transport.js';
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
}

/**
 * A {@link ByteTransport} over the `serialport` 13 native binding.
 *
 * A new `SerialPort` is created on every `open()`, so a port can be closed and opened again
 * (replug) without carrying state from the previous session.
 */
export class SerialTransport implements ByteTransport {
  readonly description: string;
  private port: SerialPort | undefined;
  private closing = false;
  private readonly dataListeners = new Listeners<[Uint8Array]>();
  private readonly closeListeners = new Listeners<[TransportError | undefined]>();
  private readonly errorListeners = new Listeners<[TransportError]>();

  constructor(private readonly options: SerialTransportOptions) {
    this.description = `serial ${options.path} @ ${options.baudRate}`;
  }

  get isOpen(): boolean {
    return this.port?.isOpen === true;
  }

  async open(): Promise<void> {
    if (this.isOpen) return;
    const { path, baudRate } = this.options;
    const port = new SerialPort({
      path,
      baudRate,
      dataBits: this.options.dataBits ?? 8,
      stopBits: this.options.stopBits ?? 1,
      parity: this.options.parity ?? 'none',
      rtscts: this.options.rtscts ?? false,
      autoOpen: false,
    });
    await new Promise<void>((resolve, reject) => {
      port.open((error) => (error ? reject(openError(path, error)) : resolve()));
    });
    this.port = port;
    this.closing = false;
    port.on('data', (chunk: Buffer) => this.dataListeners.emit(chunk));
    port.on('error', (error: Error) => {
      this.errorListeners.emit(
        new TransportError('io', `Serial port ${path} reported an error: ${error.message}`, {
          cause: error,
        }),
      );
    });
    port.on('close', (error: (Error & { disconnected?: boolean }) | null) => {
      if (this.port === port) this.port = undefined;
      const unexpected = !this.closing || error?.disconnected === true;
      this.closing = false;
      this.closeListeners.emit(
        unexpected
          ? new TransportError(
              'disconnected',
              `Serial port ${path} closed unexpectedly${error ? ` (${error.message})` : ''}. ` +
                'Check the cable and, for a USB adapter, that it is still plugged in ' +
                `(the device node ${path} must exist), then reopen the device.`,
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
    await new Promise<void>((resolve, reject) => {
      port.close((error) =>
        error
          ? reject(
              new TransportError(
                'io',
                `Could not close serial port ${this.options.path}: ${error.message}`,
                { cause: error },
              ),
            )
          : resolve(),
      );
    });
  }

  async write(bytes: Uint8Array): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) {
      throw new TransportError(
        'notOpen',
        `Serial port ${this.options.path} is not open; open the device before sending to it.`,
      );
    }
    const path = this.options.path;
    const fail = (error: Error): TransportError =>
      new TransportError('io', `Writing to serial port ${path} failed: ${error.message}`, {
        cause: error,
      });
    await new Promise<void>((resolve, reject) => {
      port.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), (error) => {
        if (error) reject(fail(error));
      });
      // drain() waits for our write and then tcdrain(): the bytes have left the UART.
      port.drain((error) => (error ? reject(fail(error)) : resolve()));
    });
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.dataListeners.add(listener);
  }

  onClose(listener: (error: TransportError | undefined) => void): () => void {
    return this.closeListeners.add(listener);
  }

  onError(listener: (error: TransportError) => void): () => void {
    return this.errorListeners.add(listener);
  }
}

/** Turns the binding's terse errno text into what a technician should check. */
function openError(path: string, error: Error): TransportError {
  const text = error.message;
  if (/no such file|ENOENT|cannot find|not found/i.test(text)) {
    return new TransportError(
      'notFound',
      `Serial port ${path} does not exist (${text}). Check the printer cable is plugged in and ` +
        'the port path in the device settings: on Linux list ports with `ls -l /dev/ttyUSB* ' +
        '/dev/ttyACM* /dev/ttyS*` (a USB adapter may come back under a new number after a ' +
        'replug); on Windows see Device Manager → Ports (COM & LPT).',
      { cause: error },
    );
  }
  if (/permission denied|EACCES|access is denied/i.test(text)) {
    return new TransportError(
      'accessDenied',
      `No permission to open serial port ${path} (${text}). Add the kiosk's user to the group ` +
        'that owns the port (usually `dialout`: `sudo usermod -aG dialout <user>`, then log in ' +
        'again) or fix the udev rule.',
      { cause: error },
    );
  }
  if (/lock|busy|EBUSY|resource temporarily unavailable/i.test(text)) {
    return new TransportError(
      'busy',
      `Serial port ${path} is in use by another program (${text}). Close other terminal or ` +
        'printer tools (e.g. `fuser ' +
        path +
        '` shows who holds it) and retry.',
      { cause: error },
    );
  }
  return new TransportError(
    'io',
    `Could not open serial port ${path}: ${text}. Check the path and baud rate in the device ` +
      'settings and that the port works (e.g. with a terminal program).',
    { cause: error },
  );
}
