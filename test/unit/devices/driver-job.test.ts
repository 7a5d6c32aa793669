import { afterEach, describe, expect, it } from 'vitest';
import {
  CLEAR_JOB,
  cleanUp,
  incoming,
  printError,
  sent,
  settle,
  setup,
  slowPrinter,
} from './printer-harness.js';
import { createMemoryLog, logEvent } from '../../../src/log/index.js';
import { hex } from './hex.js';
import { isPaperSensorByte } from '../../../devices/printer/framing.js';
import { layout } from './ticket-layout.js';

afterEach(cleanUp);

describe('ThermalPrinter: a ticket that fails once its job was sent', () => {
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
    expect(error.event).toBe('printer.paperOut.jobCleared');
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
    // The outcome is in the event, so the technician's line is whole in its language.
    expect(error.event).toBe('printer.paperOut.jobNotCleared');
    const log = createMemoryLog({ language: 'zh-CN' });
    logEvent(log.logger, error.event, error.fields);
    const [line] = log.named('printer.paperOut.jobNotCleared');
    expect(line).toMatchObject({
      level: 'warn',
      reason: 'paperOut',
      stage: 'job',
      jobCleared: false,
    });
    expect(line?.msg).toContain('故障排除后，请丢弃它为该票据继续打印出的任何内容');
    expect(line?.msg).not.toMatch(/ticket|printer|throw away|confirm/i);
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
});
