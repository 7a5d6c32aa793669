/**
 * The harness of the ThermalPrinter tests: the driver and the virtual printer over the
 * in-process pair, with a tap on each end that logs the traffic in order and injects faults.
 */
import { expect } from 'vitest';
import { PrinterError, ThermalPrinter } from '../../../devices/printer/driver.js';
import { isPaperSensorByte } from '../../../devices/printer/framing.js';
import { TransportError } from '../../../devices/transport/byte-transport.js';
import type { ByteTransport } from '../../../devices/transport/byte-transport.js';
import { createInProcessTransportPair } from '../../../devices/transport/in-process.js';
import { VirtualPrinter } from '../../../devices/sim/virtual-printer.js';
import { hex } from './hex.js';

/** The request a driver sends to drop a failed job: DLE ENQ 2, then DLE DC4 fn=8 d1..d7. */
export const CLEAR_JOB = '10 05 02 10 14 08 01 03 14 01 06 02 08';

/** Wraps a transport to log traffic in order and to act on writes (fault injection). */
export class Tap implements ByteTransport {
  readonly log: string[] = [];
  beforeWrite: ((bytes: Uint8Array) => Uint8Array) | undefined;
  /**
   * When set, writes it matches are held back. With `lineStops`, as on a line the printer's flow
   * control stopped: every later write queues behind the held one, in order, as in SerialTransport.
   * Without it, only the matched writes are held (a reply the device sends late).
   */
  wedge: ((bytes: Uint8Array) => boolean) | undefined;
  lineStops = false;
  private wedged: { bytes: Uint8Array; settle: (error?: Error) => void }[] = [];

  constructor(private readonly inner: ByteTransport) {
    inner.onData((chunk) => this.log.push(`in ${hex(chunk)}`));
  }
  get description(): string {
    return this.inner.description;
  }
  get isOpen(): boolean {
    return this.inner.isOpen;
  }
  open(): Promise<void> {
    return this.inner.open();
  }
  close(): Promise<void> {
    return this.inner.close();
  }
  write(bytes: Uint8Array): Promise<void> {
    const out = this.beforeWrite ? this.beforeWrite(bytes) : bytes;
    if (this.wedge?.(out) || (this.lineStops && this.wedged.length > 0)) {
      this.log.push(`wedged ${out.length} bytes`);
      return new Promise<void>((resolve, reject) => {
        this.wedged.push({ bytes: out, settle: (error) => (error ? reject(error) : resolve()) });
      });
    }
    this.log.push(`out ${hex(out)}`);
    return this.inner.write(out);
  }
  /** The line moves again: whatever is still held back goes out now. */
  async unwedge(): Promise<void> {
    this.wedge = undefined;
    for (const { bytes, settle } of this.wedged.splice(0)) {
      this.log.push(`out ${hex(bytes)}`);
      await this.inner.write(bytes);
      settle();
    }
  }
  /**
   * Drops everything not yet delivered, as tcflush does on a real port: held writes fail as
   * discarded, and the inner transport drops its own queue. A ticket job (a few hundred bytes)
   * sits whole in the kernel's tty buffer while the line is stopped, so tcflush takes all of it;
   * only a job larger than a full kernel buffer leaves a tail in the binding, which this fake
   * does not model (test/devices/serial-flush-pty.test.ts bounds it for SerialTransport).
   */
  flush(): Promise<void> {
    this.log.push('flush');
    for (const { settle } of this.wedged.splice(0)) {
      settle(new TransportError('flushed', 'unsent bytes were discarded (flush)'));
    }
    return this.inner.flush();
  }
  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.inner.onData(listener);
  }
  onClose(listener: (error: TransportError | undefined) => void): () => void {
    return this.inner.onClose(listener);
  }
  onError(listener: (error: TransportError) => void): () => void {
    return this.inner.onError(listener);
  }
}

const cleanups: (() => Promise<void>)[] = [];

/** Closes what {@link setup} opened: call from each test file's afterEach. */
export async function cleanUp(): Promise<void> {
  for (const cleanup of cleanups.splice(0)) await cleanup();
}

export async function setup(
  options: {
    commandTimeoutMs?: number;
    jobTimeoutMs?: number;
    statusPollMs?: number;
    automaticStatusBack?: boolean;
  } = {},
) {
  const [hostEnd, printerEnd] = createInProcessTransportPair({
    names: ['kiosk', 'virtual printer'],
  });
  const printerTap = new Tap(printerEnd);
  const hostTap = new Tap(hostEnd);
  const sim = new VirtualPrinter(printerTap);
  const driver = new ThermalPrinter(hostTap, {
    commandTimeoutMs: options.commandTimeoutMs ?? 1000,
    jobTimeoutMs: options.jobTimeoutMs ?? 3000,
    ...(options.statusPollMs === undefined ? {} : { statusPollMs: options.statusPollMs }),
    ...(options.automaticStatusBack ? { automaticStatusBack: true } : {}),
  });
  await sim.open();
  await driver.open();
  cleanups.push(async () => {
    await driver.close();
    await sim.close();
  });
  return { sim, driver, hostTap, printerTap };
}

/** Lets in-process deliveries (one chunk per macrotask) and the simulator run. */
export async function settle(ms = 50): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** The bytes that came in over the given log entries, as one hex string. */
export function incoming(log: readonly string[]): string {
  return log
    .filter((entry) => entry.startsWith('in '))
    .map((entry) => entry.slice(3))
    .join(' ');
}

/** Log entries from `from` on that went out (requests and jobs). */
export function sent(log: readonly string[], from = 0): string[] {
  return log.slice(from).filter((entry) => entry.startsWith('out '));
}

/**
 * Makes the printer slow: its GS r 1 answer (processed after the job) is held back until the
 * host has sent its `polls`-th DLE EOT 4 after the barrier, as a real ticket takes about 2 s to
 * print. Released just before that poll request goes out, so the barrier answer arrives while
 * the poll's own answer is awaited. `onJob` runs when the job itself is written.
 */
export function slowPrinter(
  hostTap: Tap,
  printerTap: Tap,
  polls: number,
  onJob: () => void = () => undefined,
): void {
  printerTap.wedge = (bytes) => bytes.length === 1 && isPaperSensorByte(bytes[0] ?? -1);
  let barrierSent = false;
  let seen = 0;
  hostTap.beforeWrite = (bytes) => {
    const text = hex(bytes);
    if (bytes.length > 16) onJob();
    else if (text === '1D 72 01') barrierSent = true;
    else if (barrierSent && text === '10 04 04' && ++seen === polls) void printerTap.unwedge();
    return bytes;
  };
}

export async function printError(promise: Promise<unknown>): Promise<PrinterError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PrinterError);
  return error as PrinterError;
}
