/**
 * The driver with Automatic Status Back against the virtual printer (in-process pair): enabled
 * at open, its messages kept apart from replies, every change published at once (no poll), a
 * stop mid-job failing the job at once, and the late-reply guarantee with ASB in the stream.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryLog } from '../../../src/log/index.js';
import { isPaperSensorByte } from '../../../devices/printer/framing.js';
import { printerStatusSummary, supervisePrinter } from '../../../devices/printer/supervised.js';
import type { PrinterStatus } from '../../../devices/printer/status.js';
import { CLEAR_JOB, cleanUp, printError, sent, settle, setup } from './printer-harness.js';
import { hex } from './hex.js';
import { layout } from './ticket-layout.js';

afterEach(cleanUp);

/** The driver's status once `predicate` holds, or a rejection naming the last one. */
function statusWhen(
  driver: { onStatusChange(l: (s: PrinterStatus) => void): () => void; lastStatus: PrinterStatus },
  predicate: (status: PrinterStatus) => boolean,
  timeoutMs = 2000,
): Promise<PrinterStatus> {
  if (predicate(driver.lastStatus)) return Promise.resolve(driver.lastStatus);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no such status; last ${JSON.stringify(driver.lastStatus)}`));
    }, timeoutMs);
    const stop = driver.onStatusChange((status) => {
      if (!predicate(status)) return;
      clearTimeout(timer);
      stop();
      resolve(status);
    });
  });
}

describe('Automatic Status Back', () => {
  it('is enabled at open (GS a 0E); the printer answers with its status at once', async () => {
    const { sim, driver, hostTap } = await setup({ automaticStatusBack: true });
    await settle();
    expect(sent(hostTap.log)[0]).toBe('out 1D 61 0E');
    expect(sim.state.automaticStatusBack).toBe(0x0e);
    expect(sim.automaticStatusBackSent).toBe(1);
    expect(driver.lastStatus).toEqual({
      device: 'online',
      paper: 'full',
      coverOpen: false,
      cutterError: false,
    });
    // The message was taken apart from replies: nothing counted as an unasked reply.
    expect(driver.discardedByteCount).toBe(0);
  });

  it('every change reaches the driver without a request: low, out, cover, cutter, jam, back', async () => {
    const { sim, driver, hostTap } = await setup({ automaticStatusBack: true });
    await settle();
    const requests = sent(hostTap.log).length;
    const steps: [() => void, Partial<PrinterStatus>][] = [
      [() => sim.setPaper('low'), { device: 'online', paper: 'low' }],
      [() => sim.setPaper('out'), { device: 'userError', paper: 'out' }],
      [() => sim.setPaper('full'), { device: 'online', paper: 'full' }],
      [() => sim.setCoverOpen(true), { device: 'userError', coverOpen: true }],
      [() => sim.setCoverOpen(false), { device: 'online', coverOpen: false }],
      [() => sim.setCutterError(true), { device: 'hardwareError', cutterError: true }],
      [() => sim.setCutterError(false), { device: 'online', cutterError: false }],
      [() => sim.setPaperJam(true), { device: 'userError', paper: 'jammed' }],
      [() => sim.setPaperJam(false), { device: 'online', paper: 'full' }],
    ];
    for (const [act, wanted] of steps) {
      act();
      const status = await statusWhen(driver, (s) =>
        Object.entries(wanted).every(([k, v]) => s[k as keyof PrinterStatus] === v),
      );
      expect(status).toMatchObject(wanted);
    }
    expect(sent(hostTap.log).length).toBe(requests);
    expect(driver.discardedByteCount).toBe(0);
  });

  it('the supervisor publishes each change at once, long before its next poll', async () => {
    const { sim, driver } = await setup({ automaticStatusBack: true });
    const log = createMemoryLog();
    const supervisor = supervisePrinter(driver, { logger: log.logger, pollMs: 60_000 });
    await supervisor.start();
    try {
      const steps: [() => void, string][] = [
        [() => sim.setPaper('low'), 'online, paper low'],
        [() => sim.setPaper('out'), 'userError, paper out'],
        [() => sim.setPaper('full'), 'online, paper full'],
        [() => sim.setCoverOpen(true), 'userError, paper full, cover open'],
        [() => sim.setCoverOpen(false), 'online, paper full'],
        [() => sim.setCutterError(true), 'hardwareError, paper full, cutter error'],
        [() => sim.setCutterError(false), 'online, paper full'],
        [() => sim.setPaperJam(true), 'userError, paper jammed'],
        [() => sim.setPaperJam(false), 'online, paper full'],
      ];
      const started = performance.now();
      for (const [act, summary] of steps) {
        const before = log.named('device.statusChanged').length;
        act();
        await statusWhen(driver, (s) => printerStatusSummary(s) === summary);
        await settle(10);
        expect(printerStatusSummary(supervisor.current())).toBe(summary);
        // One technician event per change.
        expect(log.named('device.statusChanged').slice(before)).toEqual([
          expect.objectContaining({ device: 'printer', to: summary }),
        ]);
      }
      expect(performance.now() - started).toBeLessThan(5000);
    } finally {
      await supervisor.stop();
    }
  });

  it('paper out mid-job fails the job at once, without waiting for a status poll', async () => {
    // The poll would come after a minute: only the printer's own message can end the wait.
    const { sim, driver, hostTap } = await setup({
      automaticStatusBack: true,
      jobTimeoutMs: 20_000,
      statusPollMs: 60_000,
    });
    hostTap.beforeWrite = (bytes) => {
      if (bytes.length > 16 && hex(bytes) !== CLEAR_JOB) sim.setPaper('out');
      return bytes;
    };
    const started = performance.now();
    const error = await printError(driver.printTicket(layout, { jobId: 'job-asb-1' }));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(error).toMatchObject({
      reason: 'paperOut',
      stage: 'job',
      jobCleared: true,
      jobId: 'job-asb-1',
    });
    expect(error.fields).toMatchObject({ jobId: 'job-asb-1', reason: 'paperOut' });
    // No DLE EOT poll went out during the job: the ASB message ended it.
    const afterJob = hostTap.log.findIndex((entry) => entry.startsWith('out 1B 40'));
    expect(sent(hostTap.log, afterJob).filter((e) => e.startsWith('out 10 04'))).toEqual([]);
    sim.setPaper('full');
    await settle();
    expect(sim.receipts()).toEqual([]);
  });

  it('the barrier re-enables ASB with GS r 1, and the ticket prints', async () => {
    const { sim, driver, hostTap } = await setup({ automaticStatusBack: true });
    await driver.printTicket(layout);
    expect(sent(hostTap.log)).toContain('out 1D 61 0E 1D 72 01');
    expect(sim.receipts()).toHaveLength(1);
    expect(driver.discardedByteCount).toBe(0);
  });

  it('an ASB message mid-job is never taken for the barrier: the ticket is confirmed only once printed', async () => {
    const { sim, driver, hostTap, printerTap } = await setup({
      automaticStatusBack: true,
      jobTimeoutMs: 5000,
    });
    // The printer is slow: its GS r 1 answer is held back until released below.
    printerTap.wedge = (bytes) => bytes.length === 1 && isPaperSensorByte(bytes[0] ?? -1);
    // Paper runs low while the job prints: the printer reports it (10 00 03 00), and the tail
    // of that message is three valid-looking GS r 1 answers.
    hostTap.beforeWrite = (bytes) => {
      if (bytes.length > 16) sim.setPaper('low');
      return bytes;
    };
    let settled = false;
    const printing = driver.printTicket(layout).finally(() => {
      settled = true;
    });
    await statusWhen(driver, (s) => s.paper === 'low');
    await settle(300);
    expect(settled).toBe(false);
    await printerTap.unwedge();
    expect(await printing).toMatchObject({ device: 'online', paper: 'low' });
    expect(sim.receipts()).toHaveLength(1);
  });

  it('a late Clear response is still swallowed with ASB messages around it; the next ticket prints', async () => {
    const { sim, driver, hostTap, printerTap } = await setup({
      automaticStatusBack: true,
      commandTimeoutMs: 100,
      jobTimeoutMs: 200,
    });
    let late = false;
    printerTap.beforeWrite = (bytes) => {
      if (hex(bytes) === '37 25 00') {
        late = true;
        return new Uint8Array(0);
      }
      // The late Clear response comes just before the next barrier's answer, with an ASB
      // message (paper near end: its tail 00 03 00 looks like GS r answers) on either side.
      if (late && bytes.length === 1 && isPaperSensorByte(bytes[0] ?? -1)) {
        late = false;
        return Uint8Array.of(
          0x10,
          0x00,
          0x03,
          0x00,
          0x37,
          0x25,
          0x00,
          0x10,
          0x00,
          0x00,
          0x00,
          ...bytes,
        );
      }
      return bytes;
    };
    hostTap.beforeWrite = (bytes) => {
      if (bytes.length > 16 && hex(bytes) !== CLEAR_JOB) sim.setSilent(true);
      return bytes;
    };
    const failed = await printError(driver.printTicket(layout));
    expect(failed).toMatchObject({ reason: 'offline', stage: 'job', jobCleared: false });
    expect(failed.jobId).toMatch(/^job-/);
    hostTap.beforeWrite = undefined;
    sim.setSilent(false);
    await settle();
    expect(late).toBe(true);
    const status = await driver.printTicket({ ...layout, number: 'A024' });
    expect(late).toBe(false);
    expect(status).toMatchObject({ device: 'online', paper: 'full' });
    expect(sim.receipts().map((r) => r.lines.find((l) => l.width === 4)?.text)).toEqual(['A024']);
  });
});
