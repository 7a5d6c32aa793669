/**
 * The printer slice over a real pseudo-terminal pair (socat) and the real serialport binding:
 * the driver on one end, the virtual printer on the other (design.md §4.3, §8).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PrinterError, ThermalPrinter } from '../../devices/printer/driver.js';
import type { TicketLayout } from '../../devices/printer/driver.js';
import { VirtualPrinter } from '../../devices/sim/virtual-printer.js';
import { TransportError } from '../../devices/transport/byte-transport.js';
import { openPtyPair } from '../../devices/transport/pty.js';
import type { PtyPair } from '../../devices/transport/pty.js';
import { SerialTransport } from '../../devices/transport/serial-transport.js';

const layout: TicketLayout = {
  branchName: '中国XX银行 朝阳支行',
  businessTypeName: '个人业务',
  number: 'A023',
  waitingAheadText: '前面还有 5 人等候',
  issuedAtText: '2025-03-01 09:30',
  qrPayload: 'https://queue.example.cn/t/0190e8a2-7c4d-7b1e-9a53-1f0c2e8d4b6a?n=A023',
  footerLines: ['请留意叫号，过号请重新取号', 'Please listen for your number'],
};

describe('thermal printer over a socat pty pair', () => {
  let pair: PtyPair;
  let sim: VirtualPrinter;
  let driver: ThermalPrinter;

  beforeEach(async () => {
    pair = await openPtyPair();
    sim = new VirtualPrinter(new SerialTransport({ path: pair.a, baudRate: 9600 }));
    driver = new ThermalPrinter(new SerialTransport({ path: pair.b, baudRate: 9600 }), {
      commandTimeoutMs: 500,
      jobTimeoutMs: 10_000,
    });
    await sim.open();
    await driver.open();
  });

  afterEach(async () => {
    // Every step runs even if an earlier one fails, so no port or socat outlives the test.
    await driver?.close().catch(() => undefined);
    await sim?.close().catch(() => undefined);
    await pair?.close();
  });

  it('prints a ticket: the virtual printer receives the number, Chinese text and QR code', async () => {
    const status = await driver.printTicket(layout);
    expect(status).toEqual({
      device: 'online',
      paper: 'full',
      coverOpen: false,
      cutterError: false,
    });

    const receipt = await sim.waitForReceipt((r) => r.lines.some((l) => l.text === 'A023'), 5000);
    expect(receipt.lines).toContainEqual({
      text: 'A023',
      width: 4,
      height: 4,
      align: 'center',
      bold: true,
    });
    expect(receipt.lines).toContainEqual({
      text: '个人业务',
      width: 2,
      height: 2,
      align: 'center',
      bold: false,
    });
    expect(receipt.lines.map((l) => l.text)).toContain('请留意叫号，过号请重新取号');
    expect(receipt.qrCodes).toEqual([layout.qrPayload]);
    expect(sim.renderText(receipt)).toContain('个人业务');
  });

  it('a silent printer is offline', async () => {
    sim.setSilent(true);
    expect((await driver.queryStatus()).device).toBe('offline');
    const error: unknown = await driver.printTicket(layout).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrinterError);
    expect((error as PrinterError).reason).toBe('offline');
    expect((error as PrinterError).message).toContain(pair.b);
    expect(sim.receipts()).toEqual([]);
  });

  it('paper out is refused before printing', async () => {
    sim.setPaper('out');
    const error: unknown = await driver.printTicket(layout).catch((e: unknown) => e);
    expect((error as PrinterError).reason).toBe('paperOut');
    expect(sim.receipts()).toEqual([]);
  });

  it('prints several tickets in a row over the same ports', async () => {
    for (const number of ['A024', 'A025', 'A026']) {
      await driver.printTicket({ ...layout, number });
    }
    expect(sim.receipts().map((r) => r.lines.find((l) => l.width === 4)?.text)).toEqual([
      'A024',
      'A025',
      'A026',
    ]);
  });
});

describe('a ticket interrupted by paper end, over a socat pty pair', () => {
  let pair: PtyPair | undefined;
  let sim: VirtualPrinter | undefined;
  let driver: ThermalPrinter | undefined;

  afterEach(async () => {
    await driver?.close().catch(() => undefined);
    await sim?.close().catch(() => undefined);
    await pair?.close();
  });

  it('the rest of it does not print when the roll is replaced; the next ticket prints alone', async () => {
    pair = await openPtyPair();
    const printerSide = new SerialTransport({ path: pair.a, baudRate: 9600 });
    // Subscribed before the simulator, so the paper runs out before it sees the job's first byte.
    let armed = true;
    printerSide.onData((chunk) => {
      if (armed && chunk.includes(0x1b)) {
        armed = false;
        sim?.setPaper('out');
      }
    });
    sim = new VirtualPrinter(printerSide);
    driver = new ThermalPrinter(new SerialTransport({ path: pair.b, baudRate: 9600 }), {
      // The production default: a poll left unanswered ends polling (the job timeout decides
      // then), and on a loaded 2-core machine a reply through socat can take over 500 ms.
      commandTimeoutMs: 2000,
      jobTimeoutMs: 10_000,
    });
    await sim.open();
    await driver.open();

    // The stopped printer holds the GS r 1 barrier, but answers the status poll (every 500 ms):
    // the failure comes from the poll, not the 10 s job timeout. The 5 s bound only tells the two
    // apart, with room for a slow machine.
    const started = performance.now();
    const error: unknown = await driver.printTicket(layout).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(error).toBeInstanceOf(PrinterError);
    // jobCleared: the real binding flushed the port and the printer answered DLE DC4 fn=8.
    expect(error).toMatchObject({ reason: 'paperOut', stage: 'job', jobCleared: true });
    expect(sim.heldByteCount).toBe(0);

    sim.setPaper('full');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sim.receipts()).toEqual([]);

    await driver.printTicket({ ...layout, number: 'A024' });
    const receipt = await sim.waitForReceipt(() => true, 5000);
    expect(receipt.lines.filter((l) => l.width === 4).map((l) => l.text)).toEqual(['A024']);
    expect(sim.receiptsPrinted).toBe(1);
  });
});

describe('serial transport errors', () => {
  it('a missing port says which path and what to check', async () => {
    const transport = new SerialTransport({ path: '/dev/ttyDOES-NOT-EXIST', baudRate: 9600 });
    const error: unknown = await transport.open().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe('notFound');
    expect((error as TransportError).message).toMatch(/\/dev\/ttyDOES-NOT-EXIST does not exist/);
    expect((error as TransportError).message).toMatch(/cable|device settings/);
    expect(error).toMatchObject({
      code: 'notFound',
      event: 'transport.portNotFound',
      fields: { path: '/dev/ttyDOES-NOT-EXIST' },
    });
    expect(transport.isOpen).toBe(false);
  });

  it('a missing socat names the package to install', async () => {
    await expect(openPtyPair({ socatPath: '/nonexistent/socat' })).rejects.toThrow(
      /apt-get install socat/,
    );
  });
});
