/**
 * The request/response engine every serial device driver uses (design.md §4): it binds a
 * {@link ByteTransport}, a decoder that turns received bytes into reply units (bytes for ESC/POS,
 * frames for the SAM protocol), a {@link Waitress} that routes those units to the requests they
 * answer, and an {@link Exclusive} queue that keeps one command in flight.
 *
 * A driver calls `exclusive(task)` for each command and, inside it, `exchange()` for each
 * request: write it, wait for the unit its matcher accepts, within a timeout. Every wait ends:
 * with its answer, at its timeout, when the port closes, when the write fails, or when aborted.
 */
import type { ByteTransport } from '../transport/byte-transport.js';
import { Exclusive } from './exclusive.js';
import { deviceReason, reasonOf, type DeviceReason } from './reason.js';
import { Waitress } from './waitress.js';
import type { Answer, LateReply, ReplyMatcher, WaitOptions } from './waitress.js';

export interface RequestEngineOptions<R, K extends string> {
  /**
   * Turns received bytes into reply units, in order. Stateful decoders (a frame parser) keep a
   * partial frame between chunks; garbage is theirs to skip.
   */
  readonly decode: (chunk: Uint8Array) => Iterable<R>;
  /** See {@link WaitressOptions.canOverlap}. Default: never. */
  readonly canOverlap?: (a: K, b: K) => boolean;
  /** Names the device in errors; default the transport's description. */
  readonly name?: string;
}

/** What `send` reports: nothing when the bytes left, or why they did not. */
export type SendFailure = {
  readonly failure: 'timeout' | 'writeFailed';
  readonly why: DeviceReason;
};

export class RequestEngine<R, K extends string> {
  readonly waitress: Waitress<R, K>;
  private readonly queue = new Exclusive();
  private readonly unsubscribe: (() => void)[];

  constructor(
    private readonly transport: ByteTransport,
    private readonly options: RequestEngineOptions<R, K>,
  ) {
    this.waitress = new Waitress<R, K>({
      name: options.name ?? transport.description,
      ...(options.canOverlap ? { canOverlap: options.canOverlap } : {}),
    });
    this.unsubscribe = [
      transport.onData((chunk) => {
        for (const unit of options.decode(chunk)) this.waitress.receive(unit);
      }),
      transport.onClose(() => this.waitress.endAll('closed', deviceReason('device.portClosed'))),
    ];
  }

  /** Whether a command is running or queued: a supervisor's poll waits for idle. */
  get busy(): boolean {
    return this.queue.busy;
  }

  /** Reply units that answered nothing (see {@link Waitress.discardedCount}). */
  get discardedCount(): number {
    return this.waitress.discardedCount;
  }

  /** Runs `task` when every command asked for before it has finished. */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    return this.queue.run(task);
  }

  /**
   * Sends `request` and waits for the reply unit `match` completes. Resolves (never rejects)
   * with the answer or why there is none; throws only for a driver bug (see Waitress.waitFor).
   */
  exchange(
    kind: K,
    request: Uint8Array,
    match: ReplyMatcher<R>,
    options: WaitOptions<R>,
  ): Promise<Answer<R>> {
    const waiting = this.waitress.waitFor(kind, match, options);
    this.transport
      .write(request)
      .catch((error: unknown) =>
        waiting.end('writeFailed', deviceReason('device.writeFailed', { error: reasonOf(error) })),
      );
    return waiting.answer;
  }

  /**
   * Sends bytes that expect no reply (a print job) within `timeoutMs`; resolves with why it
   * failed, or undefined. On a timeout the write itself goes on (a flush can stop it).
   */
  async send(bytes: Uint8Array, timeoutMs: number): Promise<SendFailure | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<SendFailure>((resolve) => {
      timer = setTimeout(
        () =>
          resolve({
            failure: 'timeout',
            why: deviceReason('device.sendTimedOut', { timeoutMs }),
          }),
        timeoutMs,
      );
    });
    const write = this.transport.write(bytes).then(
      () => undefined,
      (error: unknown): SendFailure => ({
        failure: 'writeFailed',
        why: deviceReason('device.sendFailed', { error: reasonOf(error) }),
      }),
    );
    try {
      return await Promise.race([write, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** See {@link Waitress.expectLate}. */
  expectLate(late: LateReply<R>): void {
    this.waitress.expectLate(late);
  }

  /** See {@link Waitress.forgetLate}. */
  forgetLate(): void {
    this.waitress.forgetLate();
  }

  /** Stops listening to the transport (the driver is being dropped). */
  detach(): void {
    for (const stop of this.unsubscribe.splice(0)) stop();
  }
}

/** The decoder of byte-oriented protocols (ESC/POS): every byte is a reply unit. */
export function* eachByte(chunk: Uint8Array): Iterable<number> {
  yield* chunk;
}
