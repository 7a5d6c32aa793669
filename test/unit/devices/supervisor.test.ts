import { afterEach, describe, expect, it } from 'vitest';
import type { PrinterStatus } from '../../../src/domain/device-status.js';
import { exponentialBackoff } from '../../../src/backoff.js';
import { createMemoryLog } from '../../../src/log/index.js';
import type { MemoryLog } from '../../../src/log/index.js';
import { ThermalPrinter } from '../../../devices/printer/driver.js';
import { supervisePrinter } from '../../../devices/printer/supervised.js';
import { VirtualPrinter } from '../../../devices/sim/virtual-printer.js';
import { superviseDevice } from '../../../devices/supervisor.js';
import type { DeviceSupervisor, SupervisedDevice } from '../../../devices/supervisor.js';
import { Listeners, TransportError } from '../../../devices/transport/byte-transport.js';
import type { ByteTransport } from '../../../devices/transport/byte-transport.js';
import { createInProcessTransportPair } from '../../../devices/transport/in-process.js';
import { layout } from './ticket-layout.js';

/**
 * The kiosk's end of the wire, with a plug: `unplug()` is the USB adapter pulled out (the port
 * closes with an error and cannot be opened), `replug()` puts it back.
 */
class Pluggable implements ByteTransport {
  openAttempts = 0;
  private unplugged = false;
  private readonly closeListeners = new Listeners<[TransportError | undefined]>();
  private closeError: TransportError | undefined;

  constructor(private readonly inner: ByteTransport) {
    inner.onClose(() => {
      const error = this.closeError;
      this.closeError = undefined;
      this.closeListeners.emit(error);
    });
  }
  get description(): string {
    return this.inner.description;
  }
  get isOpen(): boolean {
    return this.inner.isOpen;
  }
  /** When set, open() fails with it (a port that is not there at all). */
  openFailure: TransportError | undefined;
  async open(): Promise<void> {
    this.openAttempts += 1;
    if (this.openFailure) throw this.openFailure;
    if (this.unplugged) {
      throw new TransportError('notFound', `${this.description} does not exist (unplugged)`);
    }
    await this.inner.open();
  }
  close(): Promise<void> {
    return this.inner.close();
  }
  async unplug(): Promise<void> {
    this.unplugged = true;
    this.closeError = new TransportError('disconnected', `${this.description} was unplugged`);
    await this.inner.close();
  }
  replug(): void {
    this.unplugged = false;
  }
  /** Runs before each write is sent (to change the printer between two requests). */
  beforeWrite: ((bytes: Uint8Array) => void) | undefined;
  write(bytes: Uint8Array): Promise<void> {
    this.beforeWrite?.(bytes);
    return this.inner.write(bytes);
  }
  flush(): Promise<void> {
    return this.inner.flush();
  }
  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.inner.onData(listener);
  }
  onClose(listener: (error: TransportError | undefined) => void): () => void {
    return this.closeListeners.add(listener);
  }
  onError(listener: (error: TransportError) => void): () => void {
    return this.inner.onError(listener);
  }
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

interface Setup {
  readonly sim: VirtualPrinter;
  readonly printer: ThermalPrinter;
  readonly plug: Pluggable;
  readonly supervisor: DeviceSupervisor<PrinterStatus>;
  readonly log: MemoryLog;
  /** Every status the supervisor published, in order. */
  readonly published: PrinterStatus[];
}

async function setup(options: { pollMs?: number } = {}): Promise<Setup> {
  const [hostEnd, printerEnd] = createInProcessTransportPair({
    names: ['kiosk', 'virtual printer'],
  });
  const plug = new Pluggable(hostEnd);
  const sim = new VirtualPrinter(printerEnd);
  await sim.open();
  const printer = new ThermalPrinter(plug, { commandTimeoutMs: 200, jobTimeoutMs: 3000 });
  const log = createMemoryLog();
  const supervisor = supervisePrinter(printer, {
    logger: log.logger,
    pollMs: options.pollMs ?? 20,
    reopenInitialMs: 10,
    reopenMaxMs: 40,
  });
  const published: PrinterStatus[] = [];
  supervisor.onStatus((status) => published.push(status));
  cleanups.push(async () => {
    await supervisor.stop();
    await printer.close();
    await sim.close();
  });
  return { sim, printer, plug, supervisor, log, published };
}

/** Waits until the supervisor's status matches; fails with what it has after a generous 5 s. */
async function until(
  supervisor: DeviceSupervisor<PrinterStatus>,
  wanted: Partial<PrinterStatus>,
): Promise<PrinterStatus> {
  const matches = (status: PrinterStatus) =>
    Object.entries(wanted).every(([key, value]) => status[key as keyof PrinterStatus] === value);
  if (matches(supervisor.current())) return supervisor.current();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(
        new Error(
          `no status ${JSON.stringify(wanted)}; now ${JSON.stringify(supervisor.current())}`,
        ),
      );
    }, 5000);
    const stop = supervisor.onStatus((status) => {
      if (!matches(status)) return;
      clearTimeout(timer);
      stop();
      resolve(status);
    });
  });
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const ONLINE: PrinterStatus = {
  device: 'online',
  paper: 'full',
  coverOpen: false,
  cutterError: false,
};

describe('printer supervisor over the in-process pair and the virtual printer', () => {
  it('opens the printer, publishes online and logs the change once', async () => {
    const { supervisor, log, published } = await setup();
    expect(supervisor.current().device).toBe('noDevice');
    await supervisor.start();
    expect(supervisor.current()).toEqual(ONLINE);
    await settle(100); // several polls, no change
    expect(published).toEqual([ONLINE]);
    expect(log.named('device.statusChanged')).toEqual([
      expect.objectContaining({
        event: 'device.statusChanged',
        device: 'printer',
        port: 'in-process kiosk',
        from: 'noDevice, paper unknown',
        to: 'online, paper full',
        state: 'online',
      }),
    ]);
  });

  it('paper low, out and refilled: each change published and logged once, back by itself', async () => {
    const { sim, supervisor, log, published } = await setup();
    await supervisor.start();
    sim.setPaper('low');
    await until(supervisor, { paper: 'low', device: 'online' });
    sim.setPaper('out');
    await until(supervisor, { paper: 'out', device: 'userError' });
    await settle(100);
    sim.setPaper('full');
    await until(supervisor, { paper: 'full', device: 'online' });
    expect(published.map((s) => `${s.device}/${s.paper}`)).toEqual([
      'online/full',
      'online/low',
      'userError/out',
      'online/full',
    ]);
    expect(log.named('device.statusChanged').map((e) => [e.from, e.to])).toEqual([
      ['noDevice, paper unknown', 'online, paper full'],
      ['online, paper full', 'online, paper low'],
      ['online, paper low', 'userError, paper out'],
      ['userError, paper out', 'online, paper full'],
    ]);
  });

  it('a read torn by a change (paper loaded between DLE EOT 1 and 2) is not published', async () => {
    const { sim, plug, supervisor, published } = await setup();
    await supervisor.start();
    sim.setPaper('out');
    await until(supervisor, { paper: 'out' });
    // The next poll reads DLE EOT 1 from the stopped printer (offline bit set) and the rest
    // after the refill: alone, that read says "offline, paper full".
    plug.beforeWrite = (bytes) => {
      if (bytes.length === 3 && bytes[0] === 0x10 && bytes[1] === 0x04 && bytes[2] === 0x02) {
        plug.beforeWrite = undefined;
        sim.setPaper('full');
      }
    };
    await until(supervisor, { paper: 'full', device: 'online' });
    expect(published.map((s) => `${s.device}/${s.paper}`)).toEqual([
      'online/full',
      'userError/out',
      'online/full',
    ]);
  });

  it('cover open and closed again', async () => {
    const { sim, supervisor } = await setup();
    await supervisor.start();
    sim.setCoverOpen(true);
    expect(await until(supervisor, { coverOpen: true })).toMatchObject({ device: 'userError' });
    sim.setCoverOpen(false);
    await until(supervisor, { coverOpen: false, device: 'online' });
  });

  it('a printer that goes silent is offline, and online again when it answers', async () => {
    const { sim, supervisor } = await setup();
    await supervisor.start();
    sim.setSilent(true);
    await until(supervisor, { device: 'offline', paper: 'unknown' });
    sim.setSilent(false);
    await until(supervisor, { device: 'online' });
  });

  it('unplugged: noDevice at once; reopens with backoff, logging the failure once; back online when replugged', async () => {
    const { plug, supervisor, log } = await setup();
    await supervisor.start();
    await plug.unplug();
    expect(supervisor.current().device).toBe('noDevice');
    expect(log.named('device.portLost')).toEqual([
      expect.objectContaining({ device: 'printer', error: 'in-process kiosk was unplugged' }),
    ]);
    const attempts = plug.openAttempts;
    await settle(300);
    // It kept trying (backoff 10, 20, 40, 40… ms), and said so once, not once per try.
    expect(plug.openAttempts - attempts).toBeGreaterThanOrEqual(3);
    expect(log.named('device.reopenFailed')).toEqual([
      expect.objectContaining({ device: 'printer', retryInMs: 10 }),
    ]);
    plug.replug();
    await until(supervisor, { device: 'online' });
    expect(log.named('device.reopened')).toHaveLength(1);
    expect(log.named('device.statusChanged').map((e) => e.to)).toEqual([
      'online, paper full',
      'noDevice, paper unknown',
      'online, paper full',
    ]);
  });

  it("a port that cannot be opened: its own advice follows, in the logger's language", async () => {
    const [hostEnd, printerEnd] = createInProcessTransportPair({
      names: ['kiosk', 'virtual printer'],
    });
    const plug = new Pluggable(hostEnd);
    const sim = new VirtualPrinter(printerEnd);
    await sim.open();
    // A missing port, as the serial transport reports it: a catalogue error.
    plug.openFailure = TransportError.of('notFound', 'transport.portNotFound', {
      path: '/dev/ttyUSB9',
      error: 'ENOENT',
    });
    const printer = new ThermalPrinter(plug, { commandTimeoutMs: 200, jobTimeoutMs: 3000 });
    const log = createMemoryLog({ language: 'zh-CN' });
    const supervisor = supervisePrinter(printer, {
      logger: log.logger,
      pollMs: 20,
      reopenInitialMs: 10,
      reopenMaxMs: 40,
    });
    cleanups.push(async () => {
      await supervisor.stop();
      await printer.close();
      await sim.close();
    });
    await supervisor.start();
    expect(log.named('device.reopenFailed')).toEqual([
      expect.objectContaining({ device: 'printer', error: 'transport.portNotFound' }),
    ]);
    expect(log.named('transport.portNotFound')).toEqual([
      expect.objectContaining({ path: '/dev/ttyUSB9', error: 'ENOENT' }),
    ]);
    const lines = log.events().map((e) => String(e.msg));
    expect(lines.join('\n')).not.toMatch(/does not exist|Check the printer cable/);
    expect(lines.join('\n')).toContain('串口 /dev/ttyUSB9 不存在（ENOENT）');
  });

  it('unplugged while a status read is in flight: noDevice, never offline, then back', async () => {
    const { sim, printer, plug, supervisor, published } = await setup();
    await supervisor.start();
    sim.setSilent(true); // the next poll waits for its answer (200 ms)
    while (!printer.busy) await settle(1);
    await plug.unplug();
    sim.setSilent(false);
    await settle(50);
    plug.replug();
    await until(supervisor, { device: 'online' });
    expect(published.map((s) => s.device)).toEqual(['online', 'noDevice', 'online']);
  });

  it('a port closed under it is reopened', async () => {
    const { printer, supervisor, log } = await setup();
    await supervisor.start();
    await printer.close();
    expect(supervisor.current().device).toBe('noDevice');
    await until(supervisor, { device: 'online' });
    expect(printer.isOpen).toBe(true);
    expect(log.named('device.portLost')).toEqual([
      expect.objectContaining({ device: 'printer', error: 'closed' }),
    ]);
    expect(log.named('device.reopened')).toHaveLength(1);
    expect(log.named('device.reopenFailed')).toEqual([]);
  });

  it('a printer not there at start: start() still resolves, and it comes online later', async () => {
    const { plug, supervisor } = await setup();
    await plug.unplug();
    await supervisor.start();
    expect(supervisor.current().device).toBe('noDevice');
    plug.replug();
    await until(supervisor, { device: 'online' });
  });

  it('never disturbs a job: tickets print while it polls every millisecond', async () => {
    const { sim, printer, supervisor } = await setup({ pollMs: 1 });
    await supervisor.start();
    for (const number of ['A023', 'A024', 'A025']) {
      expect(await printer.printTicket({ ...layout, number })).toEqual(ONLINE);
    }
    expect(sim.receipts().map((r) => r.lines.find((l) => l.width === 4)?.text)).toEqual([
      'A023',
      'A024',
      'A025',
    ]);
    expect(printer.discardedByteCount).toBe(0);
  });

  it('publishes what a job finds: paper running out mid-ticket', async () => {
    const { sim, printer, supervisor } = await setup({ pollMs: 60_000 });
    await supervisor.start();
    const job = printer.printTicket(layout);
    sim.setPaper('out');
    await expect(job).rejects.toMatchObject({ reason: 'paperOut' });
    expect(supervisor.current()).toMatchObject({ paper: 'out', device: 'userError' });
  });

  it('stop(): no more polls, no more reopening; onStatus unsubscribes', async () => {
    const { sim, printer, plug, supervisor, published } = await setup();
    const seen: PrinterStatus[] = [];
    const unsubscribe = supervisor.onStatus((status) => seen.push(status));
    await supervisor.start();
    unsubscribe();
    await supervisor.stop();
    const answered = sim.statusRequestsAnswered;
    sim.setPaper('low');
    await printer.close();
    await settle(150);
    expect(sim.statusRequestsAnswered).toBe(answered);
    expect(plug.isOpen).toBe(false);
    expect(seen).toEqual([ONLINE]);
    expect(published).toEqual([ONLINE]);
  });
});

describe('superviseDevice with a faulty adapter', () => {
  it('a tick that throws is logged and supervision goes on: no unhandled rejection', async () => {
    // An adapter with a bug: summarising its unreachable status throws. The supervisor meets it
    // outside any read, in a timer's tick that nothing awaits, and must contain it.
    let plugged = true;
    let opens = 0;
    const device: SupervisedDevice<string> = {
      kind: 'testDevice',
      port: 'test port',
      get isOpen() {
        return plugged;
      },
      busy: false,
      lastStatus: 'ready',
      unreachable: 'gone',
      open: async () => {
        opens += 1;
        if (!plugged) throw new Error('not there');
      },
      queryStatus: async () => 'ready',
      onStatusChange: () => () => undefined,
      onClose: () => () => undefined,
      stateOf: (status) => (status === 'ready' ? 'online' : 'noDevice'),
      same: (a, b) => a === b,
      summary: (status) => {
        if (status === 'gone') throw new Error('no summary for gone');
        return status;
      },
    };
    const log = createMemoryLog();
    const supervisor = superviseDevice(device, {
      logger: log.logger,
      pollMs: 5,
      reopenInitialMs: 5,
      reopenMaxMs: 5,
    });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      await supervisor.start();
      plugged = false;
      await settle(60);
      // Still trying: the fault did not end supervision.
      expect(opens).toBeGreaterThan(2);
    } finally {
      await supervisor.stop();
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
    expect(log.named('device.pollFailed')[0]).toMatchObject({
      device: 'testDevice',
      error: 'no summary for gone',
    });
  });
});

describe('the reopen backoff (src/backoff.ts exponentialBackoff)', () => {
  it('doubles from the initial delay and is capped', () => {
    expect(
      [0, 1, 2, 3, 4, 5, 100].map((n) => exponentialBackoff({ initialMs: 1000, maxMs: 30_000 }, n)),
    ).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
  });
});
