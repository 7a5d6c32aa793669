import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryLog, logEvent } from '../../../src/log/index.js';
import { CLEAR_JOB, cleanUp, printError, setup } from './printer-harness.js';
import { layout } from './ticket-layout.js';

afterEach(cleanUp);

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
    // Whole in the logger's language: no English sentence nested in it; why the printer is
    // silent is data (a catalogue code and its fields), the same in every language.
    const [line] = log.named('printer.offline');
    expect(line?.msg).toContain('没有打印任何内容。');
    expect(line?.msg).not.toMatch(/Nothing was printed|no answer to|no valid reply/);
    expect(line).toMatchObject({ cause: 'device.replyTimedOut', n: 1, timeoutMs: 150 });
    // The developer's message keeps the English why.
    expect(error.message).toMatch(/no answer to DLE EOT 1: no valid reply within 150 ms/);
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
