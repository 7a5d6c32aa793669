/**
 * The lowest device layer (design.md §4): moves bytes, knows nothing about what they mean.
 *
 * Drivers and simulators talk to a `ByteTransport` only, so the same driver runs over a real
 * serial port, a pseudo-terminal (socat) or an in-process pair, and each layer is tested alone.
 */
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
  /** Bytes as they arrive, in order, in chunks of any size. Returns an unsubscribe function. */
  onData(listener: (chunk: Uint8Array) => void): () => void;
  /**
   * Called once whenever the transport goes from open to closed. `error` is set when the close
   * was not asked for (cable unplugged, USB adapter removed); it is undefined after `close()`.
   */
  onClose(listener: (error: TransportError | undefined) => void): () => void;
  /** Non-fatal line errors (a failed write, a driver warning). Fatal ones also fire `onClose`. */
  onError(listener: (error: TransportError) => void): () => void;
}

export type TransportErrorCode =
  'notFound' | 'accessDenied' | 'busy' | 'notOpen' | 'closed' | 'disconnected' | 'io';

/** A transport failure with a message a technician can act on. */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    readonly code: TransportErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A tiny listener set: devices/ has no EventEmitter typing needs beyond this. */
export class Listeners<A extends unknown[]> {
  private readonly set = new Set<(...args: A) => void>();

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
        // One faulty listener must not stop bytes reaching the others (or kill the port's
        // event loop); surface it where Node reports unhandled errors, without throwing here.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  get size(): number {
    return this.set.size;
  }
}
