import { TransportError, TransportListeners } from './byte-transport.js';
import type { ByteTransport } from './byte-transport.js';

export interface InProcessPairOptions {
  /** Names used in `description`, e.g. ['kiosk', 'virtual printer']. */
  readonly names?: readonly [string, string];
  /**
   * Largest chunk delivered at once. Each write is cut into chunks of 1..maxChunkSize bytes
   * (random sizes), each delivered on its own event-loop turn, as a UART and a kernel tty buffer
   * would. 1 delivers byte by byte. Default 64.
   */
  readonly maxChunkSize?: number;
  /** Source of randomness for chunk sizes; inject a seeded one to reproduce a run. */
  readonly random?: () => number;
}

interface Delivery {
  readonly chunks: Uint8Array[];
  readonly resolve: () => void;
  readonly reject: (error: TransportError) => void;
}

/**
 * One end of an in-process wire. Bytes written here arrive at the peer asynchronously, in order,
 * possibly split into chunks. Like a serial line, the far end closing is not signalled: bytes
 * sent to a closed end are lost, and the sender notices only that no answer comes.
 */
class InProcessEnd implements ByteTransport {
  peer: InProcessEnd | undefined;
  private open_ = false;
  private readonly queue: Delivery[] = [];
  private pumping = false;
  readonly listeners: TransportListeners;

  constructor(
    readonly description: string,
    private readonly maxChunkSize: number,
    private readonly random: () => number,
  ) {
    this.listeners = new TransportListeners(description);
  }

  get isOpen(): boolean {
    return this.open_;
  }

  async open(): Promise<void> {
    this.open_ = true;
  }

  async close(): Promise<void> {
    if (!this.open_) return;
    this.open_ = false;
    const pending = this.queue.splice(0);
    for (const delivery of pending) {
      delivery.reject(
        TransportError.of('closed', 'transport.closedWhileSending', { port: this.description }),
      );
    }
    this.listeners.close.emit(undefined);
  }

  async flush(): Promise<void> {
    if (!this.open_) return;
    // Our unsent bytes are dropped, so their writes fail: the bytes never left this end.
    for (const delivery of this.queue.splice(0)) {
      delivery.reject(
        TransportError.of('flushed', 'transport.flushed', { port: this.description }),
      );
    }
    // Bytes the peer sent that we have not received yet are dropped too, as tcflush drops
    // received-but-unread input. For the peer they did leave its end, so its writes succeed.
    this.peer?.discardUndelivered();
  }

  /** Drops bytes queued for the peer, resolving their writes (they left this end). */
  private discardUndelivered(): void {
    for (const delivery of this.queue.splice(0)) delivery.resolve();
  }

  write(bytes: Uint8Array): Promise<void> {
    if (!this.open_) {
      return Promise.reject(
        TransportError.of('notOpen', 'transport.notOpen', { port: this.description }),
      );
    }
    const copy = Uint8Array.from(bytes);
    const chunks: Uint8Array[] = [];
    for (let offset = 0; offset < copy.length;) {
      const size = 1 + Math.floor(this.random() * this.maxChunkSize);
      chunks.push(copy.subarray(offset, offset + size));
      offset += size;
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ chunks, resolve, reject });
      this.pump();
    });
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

  /** Delivers one chunk per macrotask so the receiver sees bytes arrive over time, in order. */
  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    setImmediate(() => {
      this.pumping = false;
      const delivery = this.queue[0];
      if (!delivery || !this.open_) return;
      const chunk = delivery.chunks.shift();
      if (chunk && this.peer?.isOpen) this.peer.listeners.data.emit(chunk);
      if (delivery.chunks.length === 0) {
        this.queue.shift();
        delivery.resolve();
      }
      if (this.queue.length > 0) this.pump();
    });
  }
}

/**
 * Two connected {@link ByteTransport} ends, for running a simulator inside the host process (the
 * embedded default of design.md §4.3) and for unit tests. Both ends start closed; open both.
 */
export function createInProcessTransportPair(
  options: InProcessPairOptions = {},
): [ByteTransport, ByteTransport] {
  const [nameA, nameB] = options.names ?? ['in-process end A', 'in-process end B'];
  const maxChunkSize = options.maxChunkSize ?? 64;
  if (!Number.isInteger(maxChunkSize) || maxChunkSize < 1) {
    throw new RangeError(`maxChunkSize must be a positive integer, got ${maxChunkSize}`);
  }
  const random = options.random ?? Math.random;
  const a = new InProcessEnd(`in-process ${nameA}`, maxChunkSize, random);
  const b = new InProcessEnd(`in-process ${nameB}`, maxChunkSize, random);
  a.peer = b;
  b.peer = a;
  return [a, b];
}
