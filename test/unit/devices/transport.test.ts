import type {
  BindingInterface,
  BindingPortInterface,
  OpenOptions,
  PortStatus,
} from '@serialport/bindings-interface' with { 'resolution-mode': 'require' };
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Listeners, TransportError } from '../../../devices/transport/byte-transport.js';
import { createInProcessTransportPair } from '../../../devices/transport/in-process.js';
import { SerialTransport } from '../../../devices/transport/serial-transport.js';

const never = <T>(): Promise<T> => new Promise<T>(() => undefined);
const turn = (ms = 20): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Collects process warnings while a test runs (the last-resort report of a listener failure). */
function captureWarnings(): Error[] {
  const warnings: Error[] = [];
  const listener = (warning: Error): void => {
    warnings.push(warning);
  };
  process.on('warning', listener);
  cleanups.push(async () => {
    process.off('warning', listener);
  });
  return warnings;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('Listeners', () => {
  it('calls every listener even if one throws, and reports the error instead of throwing', () => {
    const reported: unknown[] = [];
    const listeners = new Listeners<[number]>((error) => reported.push(error));
    const seen: string[] = [];
    listeners.add((n) => seen.push(`first ${n}`));
    listeners.add(() => {
      throw new Error('faulty subscriber');
    });
    listeners.add((n) => seen.push(`third ${n}`));

    expect(() => listeners.emit(7)).not.toThrow();
    expect(seen).toEqual(['first 7', 'third 7']);
    expect(reported).toEqual([new Error('faulty subscriber')]);
  });

  it('a reporter that throws falls back to a process warning, never an exception', async () => {
    const warnings = captureWarnings();
    const listeners = new Listeners<[]>(() => {
      throw new Error('reporter broke too');
    });
    listeners.add(() => {
      throw new Error('faulty subscriber');
    });
    expect(() => listeners.emit()).not.toThrow();
    await turn(); // warnings are emitted on the next tick
    expect(warnings.map((w) => w.message).join('\n')).toMatch(/reporter broke too/);
  });
});

describe('in-process transport', () => {
  async function pair() {
    const [a, b] = createInProcessTransportPair({ maxChunkSize: 4 });
    await a.open();
    await b.open();
    cleanups.push(async () => {
      await a.close();
      await b.close();
    });
    return [a, b] as const;
  }

  it('a throwing data listener is reported through onError; the other listeners still get the bytes', async () => {
    const [a, b] = await pair();
    const errors: TransportError[] = [];
    b.onError((error) => errors.push(error));
    const got: number[] = [];
    b.onData(() => {
      throw new Error('bug in a subscriber');
    });
    b.onData((chunk) => got.push(...chunk));

    // Before: the error was rethrown in a microtask, an uncaught exception that ends the process.
    await a.write(Uint8Array.of(1, 2, 3, 4, 5, 6));
    await turn();
    expect(got).toEqual([1, 2, 3, 4, 5, 6]);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toBeInstanceOf(TransportError);
    expect(errors[0]?.code).toBe('listener');
    expect(errors[0]?.message).toMatch(/in-process end B.*bug in a subscriber.*kiosk software/);
    expect((errors[0]?.cause as Error).message).toBe('bug in a subscriber');
  });

  it('with no error listener, a throwing listener becomes a process warning', async () => {
    const warnings = captureWarnings();
    const [a, b] = await pair();
    b.onData(() => {
      throw new Error('nobody listens for errors');
    });
    await a.write(Uint8Array.of(1));
    await turn();
    expect(warnings.map((w) => w.message).join('\n')).toMatch(/nobody listens for errors/);
  });

  it('flush drops unsent bytes (their write rejects) and bytes not yet received', async () => {
    const [a, b] = await pair();
    const atB: number[] = [];
    const atA: number[] = [];
    b.onData((chunk) => atB.push(...chunk));
    a.onData((chunk) => atA.push(...chunk));
    const fromA = a.write(new Uint8Array(400).fill(0x41)); // 100+ chunks, one per macrotask
    const fromB = b.write(new Uint8Array(400).fill(0x42));
    // One event-loop turn: a chunk or so each way, never all 400 bytes, however busy the machine.
    await new Promise((resolve) => setImmediate(resolve));
    await a.flush();
    await expect(fromA).rejects.toMatchObject({ code: 'flushed' });
    await expect(fromB).resolves.toBeUndefined(); // those bytes did leave B
    const [sentByA, sentToA] = [atB.length, atA.length];
    expect(sentByA).toBeLessThan(400);
    expect(sentToA).toBeLessThan(400);
    await turn();
    expect([atB.length, atA.length]).toEqual([sentByA, sentToA]);

    // The line still works afterwards.
    await a.write(Uint8Array.of(7));
    await turn();
    expect(atB.at(-1)).toBe(7);
  });
});

/** A serialport binding whose calls can be made to hang, as on a wedged USB-serial adapter. */
class FakeBinding implements BindingInterface {
  openHangs = false;
  closeHangs = false;
  readonly ports: FakePort[] = [];
  private pendingOpen: ((port: FakePort) => void) | undefined;

  async list() {
    return [];
  }

  open(options: OpenOptions): Promise<FakePort> {
    const port = new FakePort(options, this);
    this.ports.push(port);
    if (!this.openHangs) return Promise.resolve(port);
    return new Promise<FakePort>((resolve) => {
      this.pendingOpen = resolve;
    });
  }

  /** The adapter wakes up: a hung open completes after all. */
  completeOpen(): void {
    const port = this.ports.at(-1);
    if (port) this.pendingOpen?.(port);
  }
}

class FakePort implements BindingPortInterface {
  readonly openOptions: Required<OpenOptions>;
  isOpen = true;
  closeCalls = 0;
  flushCalls = 0;
  private cancelRead: ((error: Error) => void) | undefined;

  constructor(
    options: OpenOptions,
    private readonly binding: FakeBinding,
  ) {
    this.openOptions = options as Required<OpenOptions>;
  }

  close(): Promise<void> {
    this.closeCalls += 1;
    if (this.binding.closeHangs) return never();
    this.isOpen = false;
    this.cancelRead?.(Object.assign(new Error('closed'), { canceled: true }));
    return Promise.resolve();
  }
  read(): Promise<{ buffer: Buffer; bytesRead: number }> {
    return new Promise((_, reject) => {
      this.cancelRead = reject;
    });
  }
  async write(): Promise<void> {}
  async update(): Promise<void> {}
  async set(): Promise<void> {}
  async get(): Promise<PortStatus> {
    return { cts: false, dsr: false, dcd: false };
  }
  async getBaudRate(): Promise<{ baudRate: number }> {
    return { baudRate: this.openOptions.baudRate };
  }
  async flush(): Promise<void> {
    this.flushCalls += 1;
  }
  async drain(): Promise<void> {}
}

describe('serial transport timeouts (fake binding)', () => {
  it('concurrent opens share one: one port on the device node, both callers see it open', async () => {
    const binding = new FakeBinding();
    const transport = new SerialTransport({ path: '/dev/ttyUSB0', baudRate: 9600, binding });
    await Promise.all([transport.open(), transport.open(), transport.open()]);
    expect(binding.ports).toHaveLength(1);
    expect(transport.isOpen).toBe(true);
    await transport.close();
    await transport.open();
    expect(binding.ports).toHaveLength(2);
    await transport.close();
  });

  it('an open the adapter never answers fails with code timeout, telling to replug the adapter', async () => {
    const binding = new FakeBinding();
    binding.openHangs = true;
    const transport = new SerialTransport({
      path: '/dev/ttyUSB0',
      baudRate: 9600,
      binding,
      timeoutMs: 50,
    });
    // Before: this promise never settled, and the ticket flow hung with it.
    const error: unknown = await transport.open().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe('timeout');
    expect((error as TransportError).message).toMatch(
      /\/dev\/ttyUSB0 did not finish opening within 50 ms.*Unplug the adapter.*plug it back in/,
    );
    expect(error).toMatchObject({
      event: 'transport.timedOut',
      fields: { path: '/dev/ttyUSB0', operation: 'opening', timeoutMs: 50 },
    });
    expect(transport.isOpen).toBe(false);

    // If the adapter answers later after all, that port is closed again rather than leaked.
    binding.completeOpen();
    await turn();
    expect(binding.ports[0]?.closeCalls).toBe(1);
    expect(transport.isOpen).toBe(false);
  });

  it('a close the adapter never answers fails with code timeout and gives the port up', async () => {
    const binding = new FakeBinding();
    const transport = new SerialTransport({
      path: '/dev/ttyUSB0',
      baudRate: 9600,
      binding,
      timeoutMs: 50,
    });
    await transport.open();
    expect(transport.isOpen).toBe(true);
    const closes: (TransportError | undefined)[] = [];
    transport.onClose((error) => closes.push(error));

    binding.closeHangs = true;
    // Before: this never settled, and neither did the kiosk's stop().
    await expect(transport.close()).rejects.toMatchObject({ code: 'timeout' });
    expect(transport.isOpen).toBe(false);
    expect(closes).toEqual([undefined]); // a command waiting on the port fails now

    // A later open starts afresh on a new port.
    binding.closeHangs = false;
    await transport.open();
    expect(transport.isOpen).toBe(true);
    expect(binding.ports).toHaveLength(2);
    await transport.close();
  });

  it('flush reaches the binding (tcflush), and is a no-op on a closed port', async () => {
    const binding = new FakeBinding();
    const transport = new SerialTransport({ path: '/dev/ttyUSB0', baudRate: 9600, binding });
    await transport.flush();
    await transport.open();
    await transport.flush();
    expect(binding.ports[0]?.flushCalls).toBe(1);
    await transport.close();
  });

  it('waits 5 s by default before giving up', async () => {
    vi.useFakeTimers();
    try {
      const binding = new FakeBinding();
      binding.openHangs = true;
      const transport = new SerialTransport({ path: '/dev/ttyUSB0', baudRate: 9600, binding });
      const outcome = transport.open().catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(4999);
      let settled = false;
      void outcome.then(() => (settled = true));
      await vi.advanceTimersByTimeAsync(0);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(await outcome).toMatchObject({ code: 'timeout' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('rejects a timeout that is not a positive number', () => {
    expect(
      () => new SerialTransport({ path: '/dev/ttyUSB0', baudRate: 9600, timeoutMs: 0 }),
    ).toThrow(RangeError);
  });
});
