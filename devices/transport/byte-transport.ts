/**
 * The lowest device layer (design.md §4): moves bytes, knows nothing about what they mean.
 *
 * Drivers and simulators talk to a `ByteTransport` only, so the same driver runs over a real
 * serial port, a pseudo-terminal (socat) or an in-process pair, and each layer is tested alone.
 */
import { technicianSentence } from '../../src/i18n/technician.js';
import type { TechnicianEvent, TechnicianFields } from '../../src/i18n/technician.js';

export interface ByteTransport {
  /** Human-readable location for logs and technician messages, e.g. "serial /dev/ttyUSB0 @ 9600". */
  readonly description: string;
  readonly isOpen: boolean;
  /** Opens the line. Rejects with a {@link TransportError} that says what to check. */
  open(): Promise<void>;
  /** Closes the line; resolves when closed. Closing a closed transport is a no-op. */
  close(): Promise<void>;
  /** Sends bytes; resolves when they have left this end (drained), rejects if the line fails. */
  write(bytes: Uint8Array): Promise<void>;
  /**
   * Discards bytes written but not yet sent and bytes received but not yet delivered (tcflush
   * TCIOFLUSH on a serial port), so the rest of an abandoned job never reaches the device and a
   * stale reply never reaches the driver. Writes whose bytes were discarded may reject.
   * Resolves at once on a closed transport.
   */
  flush(): Promise<void>;
  /** Bytes as they arrive, in order, in chunks of any size. Returns an unsubscribe function. */
  onData(listener: (chunk: Uint8Array) => void): () => void;
  /**
   * Called once whenever the transport goes from open to closed. `error` is set when the close
   * was not asked for (cable unplugged, USB adapter removed); it is undefined after `close()`.
   */
  onClose(listener: (error: TransportError | undefined) => void): () => void;
  /**
   * Non-fatal line errors (a failed write, a driver warning) and failures of this transport's
   * own listeners (code `listener`). Fatal ones also fire `onClose`.
   */
  onError(listener: (error: TransportError) => void): () => void;
}

export type TransportErrorCode =
  | 'notFound'
  | 'accessDenied'
  | 'busy'
  | 'notOpen'
  | 'closed'
  | 'disconnected'
  | 'io'
  | 'timeout'
  | 'flushed'
  | 'listener';

/** The catalogue events a transport's errors take their sentences from. */
export type TransportErrorEvent = Extract<TechnicianEvent, `transport.${string}`>;

/**
 * A transport failure with a message a technician can act on. Built with {@link
 * TransportError.of}, its sentence comes from the technician catalogue (`event`, `fields`), so
 * a log can show it in the technician's language; `message` holds the English one.
 */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  /** The catalogue event of the message, when it came from the catalogue. */
  event: TransportErrorEvent | undefined;
  fields: Readonly<Record<string, unknown>> | undefined;

  constructor(
    readonly code: TransportErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  static of<E extends TransportErrorEvent>(
    code: TransportErrorCode,
    event: E,
    fields: TechnicianFields<E>,
    options?: { cause?: unknown },
  ): TransportError {
    const error = new TransportError(code, technicianSentence('en', event, fields), options);
    error.event = event;
    error.fields = fields;
    return error;
  }
}

/** Where {@link Listeners} reports a listener that threw. */
export type ListenerErrorReporter = (error: unknown) => void;

/**
 * Last resort for a listener failure nobody else can take: a process warning (printed on stderr
 * and visible to `process.on('warning')`), never an exception. A thrown error here would unwind
 * into the serial port's event loop or crash the kiosk over a bug in one subscriber.
 */
export const warnListenerError: ListenerErrorReporter = (error) => {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.emitWarning(`A device event listener threw: ${message}`, { type: 'ListenerError' });
};

/**
 * A tiny listener set: devices/ has no EventEmitter typing needs beyond this.
 *
 * `emit` calls every listener even if some throw, and never throws itself: each failure goes to
 * `report` (a transport passes one that raises an `onError` event), so a faulty subscriber can
 * neither stop bytes reaching the others nor crash the host.
 */
export class Listeners<A extends unknown[]> {
  private readonly set = new Set<(...args: A) => void>();

  constructor(private readonly report: ListenerErrorReporter = warnListenerError) {}

  add(listener: (...args: A) => void): () => void {
    this.set.add(listener);
    return () => {
      this.set.delete(listener);
    };
  }

  emit(...args: A): void {
    // Copy first: a listener may unsubscribe (or subscribe) while being called.
    for (const listener of [...this.set]) {
      try {
        listener(...args);
      } catch (error) {
        try {
          this.report(error);
        } catch (reportError) {
          // The reporter itself failed (e.g. an onError listener threw): fall back to warnings
          // about both rather than recurse or throw.
          warnListenerError(error);
          warnListenerError(reportError);
        }
      }
    }
  }

  get size(): number {
    return this.set.size;
  }
}

/**
 * The three listener sets every transport has, wired so that a throwing data or close listener
 * is reported as an `onError` event (code `listener`), and a throwing error listener as a
 * process warning (reporting it through itself could loop).
 */
export class TransportListeners {
  readonly error = new Listeners<[TransportError]>(warnListenerError);
  readonly data: Listeners<[Uint8Array]>;
  readonly close: Listeners<[TransportError | undefined]>;

  constructor(description: string) {
    const report =
      (what: string): ListenerErrorReporter =>
      (error) => {
        if (this.error.size === 0) {
          warnListenerError(error);
          return;
        }
        const message = error instanceof Error ? error.message : String(error);
        this.error.emit(
          TransportError.of(
            'listener',
            'transport.listenerFailed',
            { what, port: description, error: message },
            { cause: error },
          ),
        );
      };
    this.data = new Listeners<[Uint8Array]>(report('data'));
    this.close = new Listeners<[TransportError | undefined]>(report('the close event'));
  }
}
