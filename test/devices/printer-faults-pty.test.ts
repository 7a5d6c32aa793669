/**
 * Printer faults over a real pseudo-terminal pair (socat) and the real serialport binding, the
 * driver and its supervisor on one end, the virtual printer on the other (design.md §4.3):
 * Automatic Status Back, paper low before paper out, a paper jam, and an unplug in the middle of
 * a job followed by a replug, after which nothing of that job is written until someone asks.
 */
import { mkdtemp, rm, symlink, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PrinterError, ThermalPrinter } from '../../devices/printer/driver.js';
import { supervisePrinter } from '../../devices/printer/supervised.js';
import type { PrinterStatus } from '../../devices/printer/status.js';
import { VirtualPrinter } from '../../devices/sim/virtual-printer.js';
import type { DeviceSupervisor } from '../../devices/supervisor.js';
import { openPtyPair } from '../../devices/transport/pty.js';
import type { PtyPair } from '../../devices/transport/pty.js';
import { SerialTransport } from '../../devices/transport/serial-transport.js';
import { createDeviceRegistry } from '../../main/devices.js';
import type { DeviceRegistry } from '../../main/devices.js';
import { defaultConfig } from '../../src/config.js';
import { createMemoryLog } from '../../src/log/index.js';
import { layout } from '../unit/devices/ticket-layout.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  // Every step runs even if an earlier one fails, so no port or socat outlives the test.
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function pair(): Promise<PtyPair> {
  const opened = await openPtyPair();
  cleanups.push(() => opened.close());
  return opened;
}

async function virtualPrinter(at: string): Promise<VirtualPrinter> {
  const sim = new VirtualPrinter(new SerialTransport({ path: at, baudRate: 9600 }));
  await sim.open();
  cleanups.push(() => sim.close());
  return sim;
}

/** Driver and supervisor on `at`, started; closed after the test. */
async function supervised(
  at: string,
  options: { automaticStatusBack: boolean; pollMs: number },
): Promise<{
  driver: ThermalPrinter;
  supervisor: DeviceSupervisor<PrinterStatus>;
  log: ReturnType<typeof createMemoryLog>;
}> {
  const log = createMemoryLog();
  const driver = new ThermalPrinter(new SerialTransport({ path: at, baudRate: 9600 }), {
    // The production default: on a loaded machine a reply through socat can take over 500 ms.
    commandTimeoutMs: 2000,
    jobTimeoutMs: 10_000,
    automaticStatusBack: options.automaticStatusBack,
  });
  const supervisor = supervisePrinter(driver, { logger: log.logger, pollMs: options.pollMs });
  cleanups.push(() => driver.close());
  cleanups.push(() => supervisor.stop());
  await supervisor.start();
  return { driver, supervisor, log };
}

function until<T>(
  read: () => T,
  ok: (value: T) => boolean,
  timeoutMs = 5000,
  what = 'the condition',
): Promise<T> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const value = read();
      if (ok(value)) resolve(value);
      else if (Date.now() - started > timeoutMs) {
        reject(new Error(`${what} did not hold within ${timeoutMs} ms: ${JSON.stringify(value)}`));
      } else setTimeout(check, 20);
    };
    check();
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each([
  { automaticStatusBack: true, pollMs: 60_000, how: 'Automatic Status Back (no poll)' },
  { automaticStatusBack: false, pollMs: 150, how: 'status polls' },
])('paper low before paper out, by $how, over a pty', ({ automaticStatusBack, pollMs, how }) => {
  it(`low is published once, tickets still print, then out blocks them (${how})`, async () => {
    const ptys = await pair();
    const sim = await virtualPrinter(ptys.a);
    const { driver, supervisor, log } = await supervised(ptys.b, { automaticStatusBack, pollMs });
    expect(supervisor.current()).toMatchObject({ device: 'online', paper: 'full' });
    if (automaticStatusBack) {
      await until(
        () => sim.state.automaticStatusBack,
        (n) => n === 0x0e,
        2000,
        'GS a 0E',
      );
    }

    const started = performance.now();
    sim.setPaper('low');
    await until(supervisor.current, (s) => s.paper === 'low', 5000, 'paper low');
    // With ASB the news does not wait for the (one-minute) poll.
    if (automaticStatusBack) expect(performance.now() - started).toBeLessThan(2000);
    expect(supervisor.current()).toEqual({
      device: 'online',
      paper: 'low',
      coverOpen: false,
      cutterError: false,
    });
    // The customer is not blocked: a ticket prints on the low roll.
    expect(await driver.printTicket(layout)).toMatchObject({ device: 'online', paper: 'low' });
    await sim.waitForReceipt(() => true, 5000);
    await sleep(pollMs === 150 ? 600 : 100);
    // One technician event for the change, however many polls or reports followed.
    const toLow = log.named('device.statusChanged').filter((e) => e['to'] === 'online, paper low');
    expect(toLow).toEqual([
      expect.objectContaining({ device: 'printer', from: 'online, paper full', state: 'online' }),
    ]);

    sim.setPaper('out');
    await until(supervisor.current, (s) => s.paper === 'out', 5000, 'paper out');
    expect(supervisor.current().device).toBe('userError');
    const refused: unknown = await driver.printTicket(layout).catch((e: unknown) => e);
    expect(refused).toMatchObject({ reason: 'paperOut', stage: 'precheck' });
    expect(sim.receiptsPrinted).toBe(1);
  });
});

describe('a paper jam over a pty', () => {
  it('mid-job: the job fails as a hardware error with paper jammed, and nothing of it prints later', async () => {
    const ptys = await pair();
    const printerSide = new SerialTransport({ path: ptys.a, baudRate: 9600 });
    // Subscribed before the simulator: the paper jams before it sees the job's first byte.
    let armed = true;
    printerSide.onData((chunk) => {
      if (armed && chunk.includes(0x1b)) {
        armed = false;
        sim.setPaperJam(true);
      }
    });
    const sim = new VirtualPrinter(printerSide);
    await sim.open();
    cleanups.push(() => sim.close());
    const { driver, supervisor, log } = await supervised(ptys.b, {
      automaticStatusBack: true,
      pollMs: 60_000,
    });

    const error: unknown = await driver
      .printTicket(layout, { jobId: 'job-jam-1' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrinterError);
    expect(error).toMatchObject({
      reason: 'hardwareError',
      stage: 'job',
      jobCleared: true,
      jobId: 'job-jam-1',
      status: { device: 'userError', paper: 'jammed' },
    });
    expect((error as PrinterError).fields).toMatchObject({ jobId: 'job-jam-1' });
    await until(supervisor.current, (s) => s.paper === 'jammed', 2000, 'paper jammed');
    expect(log.named('device.statusChanged')).toContainEqual(
      expect.objectContaining({ to: 'userError, paper jammed', state: 'userError' }),
    );

    // The jam is cleared: the printer is ready again and the torn ticket does not come out.
    sim.setPaperJam(false);
    await until(supervisor.current, (s) => s.device === 'online', 2000, 'online again');
    await sleep(200);
    expect(sim.receipts()).toEqual([]);
  });
});

describe.each([
  {
    fault: 'cover open',
    set: (sim: VirtualPrinter, on: boolean) => sim.setCoverOpen(on),
    reason: 'coverOpen',
    word: 'cover open',
  },
  {
    fault: 'cutter error',
    set: (sim: VirtualPrinter, on: boolean) => sim.setCutterError(on),
    reason: 'cutterError',
    word: 'cutter error',
  },
])('$fault over a pty', ({ set, reason, word }) => {
  it('is published by Automatic Status Back, refuses the ticket before a byte of it, and clears', async () => {
    const ptys = await pair();
    const sim = await virtualPrinter(ptys.a);
    const { driver, supervisor, log } = await supervised(ptys.b, {
      automaticStatusBack: true,
      pollMs: 60_000,
    });
    await until(supervisor.current, (s) => s.device === 'online', 3000, 'online');

    set(sim, true);
    await until(
      () => log.named('device.statusChanged').map((e) => String(e.to)),
      (changes) => changes.some((to) => to.includes(word)),
      3000,
      `${word} published`,
    );
    const refused: unknown = await driver.printTicket(layout).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PrinterError);
    expect(refused).toMatchObject({ reason, stage: 'precheck' });
    expect(sim.receipts()).toEqual([]);

    set(sim, false);
    await until(supervisor.current, (s) => s.device === 'online', 3000, 'online again');
    await driver.printTicket(layout);
    expect(sim.receiptsPrinted).toBe(1);
  });
});

describe('unplugged in the middle of a job, over a pty', () => {
  it('is reported once with its job id, and after the replug nothing of it is written until asked', async () => {
    // The device node the kiosk is configured with: a link, re-pointed at the new pty on replug,
    // as udev re-creates /dev/ttyUSB0 when the adapter comes back.
    const dir = await mkdtemp(path.join(tmpdir(), 'printer-replug-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const node = path.join(dir, 'ttyPRINTER');
    const first = await openPtyPair();
    cleanups.push(() => first.close());
    await symlink(first.a, node);

    const firstSide = new SerialTransport({ path: first.b, baudRate: 9600 });
    const sim = new VirtualPrinter(firstSide);
    let unplugged = false;
    // The adapter is pulled out as the job's first bytes arrive: the pty pair vanishes.
    firstSide.onData((chunk) => {
      if (!unplugged && chunk.includes(0x1b)) {
        unplugged = true;
        void first.close();
      }
    });
    await sim.open();
    cleanups.push(() => sim.close());

    const log = createMemoryLog();
    const config = {
      ...defaultConfig(dir),
      printer: { kind: 'serial', path: node, baudRate: 9600 } as const,
      idReader: { kind: 'none' } as const,
    };
    const registry: DeviceRegistry = createDeviceRegistry(config, log.logger);
    cleanups.push(() => registry.close());
    await registry.open();
    await until(
      () => registry.readiness().printer,
      (p) => p === null,
      5000,
      'printer ready',
    );

    const error: unknown = await registry
      .printTicket(layout, { jobId: 'job-unplug-1' })
      .catch((e: unknown) => e);
    expect(unplugged).toBe(true);
    expect(error).toBeInstanceOf(PrinterError);
    expect(error).toMatchObject({ reason: 'offline', stage: 'job', jobId: 'job-unplug-1' });
    expect(log.named('printer.jobInterrupted')).toEqual([
      expect.objectContaining({ jobId: 'job-unplug-1', reason: 'offline', jobCleared: false }),
    ]);
    await until(
      () => registry.readiness().printer,
      (p) => p === 'offline',
      5000,
      'noDevice',
    );

    // Replug: a new pty behind the same device node, a powered-on printer on its other end that
    // records every byte it receives.
    const second = await openPtyPair();
    cleanups.push(() => second.close());
    const secondSide = new SerialTransport({ path: second.b, baudRate: 9600 });
    const received: number[] = [];
    secondSide.onData((chunk) => received.push(...chunk));
    const replugged = new VirtualPrinter(secondSide);
    await replugged.open();
    cleanups.push(() => replugged.close());
    await unlink(node);
    await symlink(second.a, node);

    await until(
      () => log.named('device.reopened').length,
      (n) => n === 1,
      10_000,
      'reopened',
    );
    await until(
      () => registry.readiness().printer,
      (p) => p === null,
      10_000,
      'ready again',
    );
    await sleep(1500);
    // Only status requests (DLE EOT n) reached the printer: not a byte of the job.
    expect(received.length).toBeGreaterThan(0);
    expect(received.length % 3).toBe(0);
    for (let i = 0; i < received.length; i += 3) {
      expect(received.slice(i, i + 2)).toEqual([0x10, 0x04]);
    }
    expect(replugged.receiptsPrinted).toBe(0);
    expect(log.named('printer.jobInterrupted')).toHaveLength(1);

    // Someone asks (the customer's "print again"): a new job, and now it prints.
    await registry.printTicket(layout, { jobId: 'job-unplug-2' });
    const receipt = await replugged.waitForReceipt(() => true, 5000);
    expect(receipt.lines.map((l) => l.text)).toContain('A023');
    expect(replugged.receiptsPrinted).toBe(1);
    expect(log.named('printer.jobPrinted')).toEqual([
      expect.objectContaining({ jobId: 'job-unplug-2' }),
    ]);
  });
});
