import { afterEach, describe, expect, it } from 'vitest';
import { PrinterError, ThermalPrinter } from '../../../devices/printer/driver.js';
import { createMemoryLog, logEvent } from '../../../src/log/index.js';
import { isPaperSensorByte } from '../../../devices/printer/framing.js';
import { TransportError } from '../../../devices/transport/byte-transport.js';
import type { ByteTransport } from '../../../devices/transport/byte-transport.js';
import { createInProcessTransportPair } from '../../../devices/transport/in-process.js';
import { VirtualPrinter } from '../../../devices/sim/virtual-printer.js';
import { hex } from './hex.js';
import { layout } from './ticket-layout.js';

/** The request a driver sends to drop a failed job: DLE ENQ 2, then DLE DC4 fn=8 d1..d7. */
const CLEAR_JOB = '10 05 02 10 14 08 01 03 14 01 06 02 08';

/** Wraps a transport to log traffic in order and to act on writes (fault injection). */
class Tap implements ByteTransport {
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
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function setup(
  options: { commandTimeoutMs?: number; jobTimeoutMs?: number; statusPollMs?: number } = {},
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
async function settle(ms = 50): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** The bytes that came in over the given log entries, as one hex string. */
function incoming(log: readonly string[]): string {
  return log
    .filter((entry) => entry.startsWith('in '))
    .map((entry) => entry.slice(3))
    .join(' ');
}

/** Log entries from `from` on that went out (requests and jobs). */
function sent(log: readonly string[], from = 0): string[] {
  return log.slice(from).filter((entry) => entry.startsWith('out '));
}

/**
 * Makes the printer slow: its GS r 1 answer (processed after the job) is held back until the
 * host has sent its `polls`-th DLE EOT 4 after the barrier, as a real ticket takes about 2 s to
 * print. Released just before that poll request goes out, so the barrier answer arrives while
 * the poll's own answer is awaited. `onJob` runs when the job itself is written.
 */
function slowPrinter(
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

async function printError(promise: Promise<unknown>): Promise<PrinterError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PrinterError);
  return error as PrinterError;
}

describe('ThermalPrinter over the in-process pair and the virtual printer', () => {
  it('prints a ticket: the receipt holds the number and the QR payload', async () => {
    const { sim, driver } = await setup();
    const status = await driver.printTicket(layout);
    expect(status).toEqual({
      device: 'online',
      paper: 'full',
      coverOpen: false,
      cutterError: false,
    });

    const receipts = sim.receipts();
    expect(receipts).toHaveLength(1);
    const [receipt] = receipts;
    expect(receipt?.lines).toContainEqual({
      text: 'A023',
      width: 4,
      height: 4,
      align: 'center',
      bold: true,
    });
    expect(receipt?.lines.map((l) => l.text)).toContain('个人业务');
    expect(receipt?.qrCodes).toEqual([layout.qrPayload]);
    expect(receipt?.cut).toBe('partial');
    expect(sim.renderText(receipt!)).toContain('A023');
  });

  it('queries status: online, then low paper', async () => {
    const { sim, driver } = await setup();
    expect(await driver.queryStatus()).toEqual({
      device: 'online',
      paper: 'full',
      coverOpen: false,
      cutterError: false,
    });
    sim.setPaper('low');
    expect((await driver.queryStatus()).paper).toBe('low');
    // Low paper still prints.
    expect((await driver.printTicket(layout)).paper).toBe('low');
    expect(sim.receipts()).toHaveLength(1);
  });

  it('paper out: refuses before printing, with reason paperOut, and nothing is printed', async () => {
    const { sim, driver, hostTap } = await setup();
    sim.setPaper('out');
    const error = await printError(driver.printTicket(layout));
    expect(error.reason).toBe('paperOut');
    expect(error.stage).toBe('precheck');
    expect(error.status).toMatchObject({ paper: 'out', device: 'userError' });
    expect(error.message).toMatch(/out of paper.*Nothing was printed.*Load a new roll/);
    // The sentence comes from the technician catalogue, by event and fields.
    expect(error.event).toBe('printer.paperOut');
    expect(error.fields).toMatchObject({
      port: 'in-process kiosk',
      reason: 'paperOut',
      stage: 'precheck',
    });
    expect(sim.receipts()).toEqual([]);
    // Only status requests went out: no job bytes at all.
    expect(hostTap.log.filter((l) => l.startsWith('out '))).toEqual([
      'out 10 04 01',
      'out 10 04 02',
      'out 10 04 03',
      'out 10 04 04',
    ]);
  });

  it('a PrinterError logs as its catalogue event, in the technician language', async () => {
    const { sim, driver } = await setup({ commandTimeoutMs: 150 });
    sim.setSilent(true);
    const error = await printError(driver.printTicket(layout));
    expect(error).toMatchObject({ reason: 'offline', event: 'printer.offline' });
    const log = createMemoryLog({ language: 'zh-CN' });
    logEvent(log.logger, error.event, error.fields);
    expect(log.named('printer.offline')).toEqual([
      expect.objectContaining({
        level: 'error',
        port: 'in-process kiosk',
        reason: 'offline',
        stage: 'precheck',
        msg: expect.stringContaining('in-process kiosk 上的打印机无应答或脱机'),
      }),
    ]);
  });

  it('cover open: refuses with reason coverOpen', async () => {
    const { sim, driver } = await setup();
    sim.setCoverOpen(true);
    const error = await printError(driver.printTicket(layout));
    expect(error.reason).toBe('coverOpen');
    expect(error.status.coverOpen).toBe(true);
    expect(sim.receipts()).toEqual([]);
  });

  it('silent printer: PrinterError offline within the timeout', async () => {
    const { sim, driver } = await setup({ commandTimeoutMs: 150 });
    sim.setSilent(true);
    const error = await printError(driver.printTicket(layout));
    expect(error.reason).toBe('offline');
    expect(error.stage).toBe('precheck');
    expect(error.status).toEqual({
      device: 'offline',
      paper: 'unknown',
      coverOpen: false,
      cutterError: false,
    });
    expect(error.message).toMatch(/does not answer.*powered on/);
    expect((await driver.queryStatus()).device).toBe('offline');
    expect(sim.receipts()).toEqual([]);

    // Back on: the next query and print work again.
    sim.setSilent(false);
    expect((await driver.queryStatus()).device).toBe('online');
    await driver.printTicket(layout);
    expect(sim.receipts()).toHaveLength(1);
  });

  it('paper runs out during the job: PrinterError paperOut at stage job, long before the job timeout', async () => {
    // A printer stopped by paper end holds GS r 1 with the job, so the barrier would only time
    // out (10 s here); a status poll (every 500 ms by default) shows the paper end instead. The
    // 3 s bound is wide on purpose: it tells a poll from the timeout, not a fast machine.
    const { sim, driver, hostTap } = await setup({ jobTimeoutMs: 10_000 });
    hostTap.beforeWrite = (bytes) => {
      if (bytes.length > 16) sim.setPaper('out'); // the job itself, not a status request
      return bytes;
    };
    const started = performance.now();
    const error = await printError(driver.printTicket(layout));
    expect(performance.now() - started).toBeLessThan(3000);
    expect(error.reason).toBe('paperOut');
    expect(error.stage).toBe('job');
    expect(error.jobCleared).toBe(true);
    expect(error.message).toMatch(/may be missing or incomplete/);
    expect(error.message).toMatch(/confirmed it discarded the rest of this ticket/);
    expect(error.fields).toMatchObject({ reason: 'paperOut', stage: 'job', jobCleared: true });
    expect(sim.receipts()).toEqual([]);
  });

  it('cover opened during the job: PrinterError coverOpen at once; closing it prints nothing', async () => {
    const { sim, driver, hostTap } = await setup({ jobTimeoutMs: 10_000, statusPollMs: 50 });
    hostTap.beforeWrite = (bytes) => {
      if (bytes.length > 16) sim.setCoverOpen(true);
      return bytes;
    };
    const started = performance.now();
    const error = await printError(driver.printTicket(layout));
    expect(performance.now() - started).toBeLessThan(3000);
    expect(error).toMatchObject({ reason: 'coverOpen', stage: 'job', jobCleared: true });
    expect(error.status).toMatchObject({ coverOpen: true, device: 'userError' });
    expect(error.message).toMatch(/cover open.*Close the cover/);

    // Polling stopped with the failure: nothing more goes out, and every reply found its request.
    const logged = hostTap.log.length;
    await settle(300);
    expect(hostTap.log.slice(logged)).toEqual([]);
    expect(driver.discardedByteCount).toBe(0);

    sim.setCoverOpen(false);
    await settle();
    expect(sim.receipts()).toEqual([]);
  });

  it('cutter fails during the job: PrinterError cutterError at once, no receipt', async () => {
    const { sim, driver, hostTap } = await setup({ jobTimeoutMs: 10_000 });
    hostTap.beforeWrite = (bytes) => {
      if (bytes.length > 16) sim.setCutterError(true);
      return bytes;
    };
    const started = performance.now();
    const error = await printError(driver.printTicket(layout));
    expect(performance.now() - started).toBeLessThan(3000);
    expect(error.reason).toBe('cutterError');
    expect(error.stage).toBe('job');
    expect(error.status.cutterError).toBe(true);
    expect(sim.receipts()).toEqual([]);
    // The technician clears the jam: the dropped ticket must not come out then.
    sim.setCutterError(false);
    await settle();
    expect(sim.receipts()).toEqual([]);
  });

  it('paper runs out mid-ticket: after the roll is replaced the rest of that ticket does not print for the next customer', async () => {
    const { sim, driver, hostTap } = await setup({ jobTimeoutMs: 10_000 });
    hostTap.beforeWrite = (bytes) => {
      if (bytes.length > 16) sim.setPaper('out');
      return bytes;
    };
    const error = await printError(driver.printTicket(layout));
    expect(error).toMatchObject({ reason: 'paperOut', stage: 'job' });
    hostTap.beforeWrite = undefined;

    sim.setPaper('full'); // the technician loads a new roll
    await settle();
    expect(sim.receipts()).toEqual([]);
    await driver.printTicket({ ...layout, number: 'A024' });
    const numbers = sim
      .receipts()
      .map((r) => r.lines.filter((l) => l.width === 4).map((l) => l.text));
    expect(numbers).toEqual([['A024']]);

    // How: after the failure, flush the port, then DLE ENQ 2 + DLE DC4 fn=8, answered 37 25 00.
    expect(error.jobCleared).toBe(true);
    const afterJob = hostTap.log.slice(hostTap.log.indexOf('out 1D 72 01'));
    const clear = afterJob.indexOf(`out ${CLEAR_JOB}`);
    expect(afterJob.indexOf('flush')).toBeGreaterThan(-1);
    expect(afterJob.indexOf('flush')).toBeLessThan(clear);
    expect(incoming(afterJob.slice(clear)).startsWith('37 25 00')).toBe(true);
  });

  it('a job the line could not send in time is flushed from the port and never prints later', async () => {
    const { sim, driver, hostTap } = await setup({ commandTimeoutMs: 200, jobTimeoutMs: 200 });
    // The job gets stuck behind flow control, and everything sent after it waits behind it.
    hostTap.wedge = (bytes) => bytes.length > 16;
    hostTap.lineStops = true;
    const error = await printError(driver.printTicket(layout));
    // The status requests after the job are stuck too, so the printer looks offline.
    expect(error).toMatchObject({ reason: 'offline', stage: 'job', jobCleared: false });
    expect(hostTap.log).toContain('flush');

    // The line moves again: nothing of the flushed job is left to reach the printer, and the
    // clear request was the last thing sent.
    await hostTap.unwedge();
    await settle(200);
    expect(sent(hostTap.log).at(-1)).toBe(`out ${CLEAR_JOB}`);
    expect(sim.receipts()).toEqual([]);
    expect(sim.heldByteCount).toBe(0);

    hostTap.lineStops = false;
    await driver.printTicket({ ...layout, number: 'A024' });
    const numbers = sim
      .receipts()
      .map((r) => r.lines.filter((l) => l.width === 4).map((l) => l.text));
    expect(numbers).toEqual([['A024']]);
  });

  it('a Clear response arriving late, during the next ticket, does not fail that ticket', async () => {
    const { sim, driver, hostTap, printerTap } = await setup({
      commandTimeoutMs: 100,
      jobTimeoutMs: 200,
    });
    // The printer's Clear response is held back, to arrive late.
    let late = false;
    printerTap.beforeWrite = (bytes) => {
      if (hex(bytes) === '37 25 00') {
        late = true;
        return new Uint8Array(0);
      }
      // It comes only just before the next ticket's GS r 1 answer: 0x25 would read as "paper
      // end" and 0x00 as "paper present" if taken for that answer.
      if (late && bytes.length === 1 && isPaperSensorByte(bytes[0] ?? -1)) {
        late = false;
        return Uint8Array.of(0x37, 0x25, 0x00, ...bytes);
      }
      return bytes;
    };
    // The printer stops answering mid-job: the clear request goes out without a wait for it.
    hostTap.beforeWrite = (bytes) => {
      if (bytes.length > 16 && hex(bytes) !== CLEAR_JOB) sim.setSilent(true);
      return bytes;
    };
    const failed = await printError(driver.printTicket(layout));
    expect(failed).toMatchObject({ reason: 'offline', stage: 'job', jobCleared: false });
    hostTap.beforeWrite = undefined;
    sim.setSilent(false);
    // The clear request reaches the printer only now that it answers again; its Clear response
    // is then held back, to come just before the next ticket's GS r 1 answer.
    await settle();
    expect(late).toBe(true);
    const status = await driver.printTicket({ ...layout, number: 'A024' });
    expect(late).toBe(false);
    expect(status).toMatchObject({ device: 'online', paper: 'full' });
    expect(sim.receipts().map((r) => r.lines.find((l) => l.width === 4)?.text)).toEqual(['A024']);
  });

  it('a printer that ignores the clear request: the error says to throw away what it still prints', async () => {
    const { sim, driver, hostTap, printerTap } = await setup({
      commandTimeoutMs: 200,
      jobTimeoutMs: 200,
    });
    // Neither command known: DLE ENQ 2 is a no-op without a cutter error, and no Clear response.
    printerTap.beforeWrite = (bytes) => (hex(bytes) === '37 25 00' ? new Uint8Array(0) : bytes);
    hostTap.beforeWrite = (bytes) => {
      if (bytes.length > 16 && hex(bytes) !== CLEAR_JOB) sim.setPaper('out');
      return bytes;
    };
    const error = await printError(driver.printTicket(layout));
    expect(error).toMatchObject({ reason: 'paperOut', stage: 'job', jobCleared: false });
    expect(error.message).toMatch(/did not confirm discarding the rest of this ticket/);
    expect(error.message).toMatch(/throw away anything it still prints/);
  });

  it('a printer that stops answering mid-job still gets the clear request, without a wait for it', async () => {
    const { sim, driver, hostTap } = await setup({ commandTimeoutMs: 100, jobTimeoutMs: 200 });
    hostTap.beforeWrite = (bytes) => {
      if (bytes.length > 16 && hex(bytes) !== CLEAR_JOB) sim.setSilent(true);
      return bytes;
    };
    const error = await printError(driver.printTicket(layout));
    expect(error).toMatchObject({ reason: 'offline', stage: 'job', jobCleared: false });
    expect(hostTap.log).toContain('flush');
    expect(hostTap.log.at(-1)).toBe(`out ${CLEAR_JOB}`);
  });

  it('paper low during the job still prints: a poll that shows it does not end the wait', async () => {
    const { sim, driver, hostTap, printerTap } = await setup({
      jobTimeoutMs: 10_000,
      statusPollMs: 50,
    });
    // The barrier answer arrives while the third poll's DLE EOT 4 answer (0x1E: near end, which
    // has the offline bit's place set) is awaited: each must reach its own request, or the
    // status read after the barrier would take 0x1E for DLE EOT 1 and call the printer offline.
    slowPrinter(hostTap, printerTap, 3, () => sim.setPaper('low'));
    const status = await driver.printTicket(layout);
    expect(status).toEqual({
      device: 'online',
      paper: 'low',
      coverOpen: false,
      cutterError: false,
    });
    expect(sim.receipts()).toHaveLength(1);
    expect(driver.discardedByteCount).toBe(0);

    // Polled meanwhile: three rounds of DLE EOT 1..4 between the barrier and its answer.
    const barrier = hostTap.log.indexOf('out 1D 72 01');
    const answer = hostTap.log.indexOf('in 03', barrier);
    const polls = hostTap.log.slice(barrier + 1, answer).filter((e) => e === 'out 10 04 04');
    expect(polls).toHaveLength(3);
  });

  it('polling stops when the barrier answers: nothing goes out after the ticket', async () => {
    const { sim, driver, hostTap, printerTap } = await setup({
      jobTimeoutMs: 10_000,
      statusPollMs: 20,
    });
    slowPrinter(hostTap, printerTap, 2);
    await driver.printTicket(layout);
    const logged = hostTap.log.length;
    await settle(300); // 15 poll periods
    expect(hostTap.log.slice(logged)).toEqual([]);
    expect(sim.receipts()).toHaveLength(1);
    expect(driver.discardedByteCount).toBe(0);
  });

  it('a printer that stops answering mid-job is polled once, then the job timeout decides', async () => {
    const { sim, driver, hostTap } = await setup({
      commandTimeoutMs: 100,
      jobTimeoutMs: 600,
      statusPollMs: 50,
    });
    hostTap.beforeWrite = (bytes) => {
      if (bytes.length > 16 && hex(bytes) !== CLEAR_JOB) sim.setSilent(true);
      return bytes;
    };
    const error = await printError(driver.printTicket(layout));
    expect(error).toMatchObject({ reason: 'offline', stage: 'job', jobCleared: false });
    // Between the barrier and the flush: one unanswered poll, then the status read after the
    // barrier timed out. More polls would risk a late answer being taken for a later request's.
    const afterBarrier = hostTap.log.slice(hostTap.log.indexOf('out 1D 72 01') + 1);
    expect(sent(afterBarrier.slice(0, afterBarrier.indexOf('flush')))).toEqual([
      'out 10 04 01',
      'out 10 04 01',
    ]);
  });

  it('a failure before anything is sent neither flushes nor clears', async () => {
    const { sim, driver, hostTap } = await setup();
    sim.setCoverOpen(true);
    const error = await printError(driver.printTicket(layout));
    expect(error.stage).toBe('precheck');
    expect(error.jobCleared).toBeUndefined();
    expect(hostTap.log).not.toContain('flush');
    expect(hostTap.log).not.toContain(`out ${CLEAR_JOB}`);
  });

  it('ignores unsolicited bytes and garbage that are not valid status bytes', async () => {
    const { sim, driver, printerTap } = await setup();
    // Every reply is preceded by noise: NUL, XON, XOFF, 0xFF, an ASB-like first byte.
    printerTap.beforeWrite = (bytes) => Uint8Array.of(0x00, 0x11, 0x13, 0xff, 0x10, ...bytes);
    expect(await driver.queryStatus()).toEqual({
      device: 'online',
      paper: 'full',
      coverOpen: false,
      cutterError: false,
    });
    expect(await driver.printTicket(layout)).toMatchObject({ device: 'online' });
    expect(sim.receipts()).toHaveLength(1);
    expect(driver.discardedByteCount).toBeGreaterThan(0);
  });

  it('a "printer" that answers only garbage is offline', async () => {
    const { driver, printerTap } = await setup({ commandTimeoutMs: 150 });
    printerTap.beforeWrite = () => Uint8Array.of(0x00, 0xff, 0x13);
    expect((await driver.queryStatus()).device).toBe('offline');
  });

  it('serialises commands: one request in flight, answered before the next is sent', async () => {
    const { sim, driver, hostTap } = await setup();
    const results = await Promise.all([
      driver.queryStatus(),
      driver.printTicket(layout),
      driver.queryStatus(),
      driver.printTicket({ ...layout, number: 'A024' }),
      driver.queryStatus(),
    ]);
    expect(results.every((s) => s.device === 'online')).toBe(true);
    expect(sim.receipts().map((r) => r.lines[3]?.text)).toEqual(['A023', 'A024']);

    // Every request that expects an answer (DLE EOT, GS r) is followed by incoming bytes
    // before anything else is sent.
    const log = hostTap.log;
    const requests = log
      .map((entry, index) => ({ entry, index }))
      .filter(({ entry }) => /^out (10 04 0[1-4]|1D 72 01)$/.test(entry));
    // 3 queries × DLE EOT 1..4, 2 prints × (check before + check after), 2 GS r 1 barriers.
    expect(requests).toHaveLength(3 * 4 + 2 * (4 + 4) + 2);
    for (const { index } of requests) {
      const next = log.slice(index + 1).find((e) => e.startsWith('out ') || e.startsWith('in '));
      if (next !== undefined) expect(next).toMatch(/^in /);
    }
  });

  it('a closed port is reported as offline, and printing is refused', async () => {
    const { driver } = await setup();
    await driver.close();
    expect((await driver.queryStatus()).device).toBe('noDevice');
    const error = await printError(driver.printTicket(layout));
    expect(error.reason).toBe('offline');
  });

  it('closing while a reply is awaited fails the command at once as offline', async () => {
    const { sim, driver } = await setup({ commandTimeoutMs: 60_000 });
    sim.setSilent(true);
    const pending = driver.queryStatus();
    await new Promise((resolve) => setImmediate(resolve));
    await driver.close();
    expect((await pending).device).toBe('offline');
  });

  it('a layout the encoder cannot encode fails without touching the printer', async () => {
    const { driver, hostTap } = await setup();
    await expect(driver.printTicket({ ...layout, qrPayload: 'x'.repeat(8000) })).rejects.toThrow(
      RangeError,
    );
    expect(hostTap.log).toEqual([]);
  });
});
