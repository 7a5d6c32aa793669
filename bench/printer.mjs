// 1. Ticket tap-to-last-byte over a real pseudo-terminal pair (socat), through the real
//    serialport binding on both ends: ThermalPrinter (driver) ↔ VirtualPrinter (simulator).
//    printTicket() resolves after the driver's status barrier (GS r 1, then DLE EOT 1..4) is
//    answered, i.e. after the printer has processed the last byte of the job.
import { renderTicketJob, ThermalPrinter } from '../dist/devices/printer/index.js';
import { VirtualPrinter } from '../dist/devices/sim/index.js';
import { openPtyPair, SerialTransport } from '../dist/devices/transport/index.js';
import { ticketQrPayload } from '../dist/src/domain/ticket.js';
import { formatMessage } from '../dist/src/i18n/messages.js';
import { uuidv7 } from '../dist/src/uuidv7.js';
import { round, since, summarize } from './stats.mjs';
import { withScope } from './scope.mjs';

const BAUD_RATES = [115200, 9600];
/** 8N1: start bit + 8 data bits + stop bit per byte. */
const BITS_PER_BYTE = 10;

/** The layout the kiosk prints (main/kiosk.ts ticketLayout), in Chinese, with a QR code. */
export function ticketLayoutFor(index) {
  const number = `A${String((index % 999) + 1).padStart(3, '0')}`;
  const id = uuidv7(Date.UTC(2025, 2, 1, 1, 30) + index * 1000);
  return {
    branchName: '中国XX银行 北京朝阳支行',
    businessTypeName: '个人业务',
    number,
    waitingAheadText: formatMessage('zh-CN', 'ticketIssued.waitingAhead', { count: index % 40 }),
    issuedAtText: '2025-03-01 09:30',
    qrPayload: ticketQrPayload('https://queue.example-bank.cn/', { id, number }),
    footerLines: [formatMessage('zh-CN', 'ticketIssued.takeTicket'), '请留意叫号，过号请重新取号'],
  };
}

/** Time on a serial line for `bytes` at `baud`, in ms. */
export const wireMs = (bytes, baud) => (bytes * BITS_PER_BYTE * 1000) / baud;

export async function benchPrinter({ quick, log }) {
  const warmup = quick ? 5 : 20;
  const runs = quick ? 30 : 300;
  const statusRuns = quick ? 20 : 200;

  return withScope('printer', async (scope) => {
    const pair = await openPtyPair();
    scope.add('stop socat', () => pair.close());
    const printerEnd = new SerialTransport({ path: pair.a, baudRate: 115200 });
    const hostEnd = new SerialTransport({ path: pair.b, baudRate: 115200 });
    const sim = new VirtualPrinter(printerEnd);
    const printer = new ThermalPrinter(hostEnd);
    scope.add('close the virtual printer', () => sim.close());
    scope.add('close the driver', () => printer.close());

    // Count the bytes that actually cross the line in each direction.
    let toPrinter = 0;
    let toHost = 0;
    printerEnd.onData((chunk) => (toPrinter += chunk.length));
    hostEnd.onData((chunk) => (toHost += chunk.length));

    // What came out of the simulator (counted here: it may keep only its latest receipts).
    let receiptCount = 0;
    let lastReceipt;
    sim.onReceipt((receipt) => {
      receiptCount += 1;
      lastReceipt = receipt;
    });

    await sim.open();
    await printer.open();
    log(`printer: socat pty pair ${pair.a} ↔ ${pair.b}; ${warmup} warm-up + ${runs} tickets`);

    const printOne = async (index) => {
      const layout = ticketLayoutFor(index);
      const jobBytes = renderTicketJob(layout).length;
      const before = { toPrinter, toHost, receipts: receiptCount };
      const start = performance.now();
      const status = await printer.printTicket(layout);
      const ms = since(start);
      if (status.device !== 'online') throw new Error(`printer ended ${JSON.stringify(status)}`);
      if (
        receiptCount !== before.receipts + 1 ||
        !lastReceipt.lines.some((line) => line.text === layout.number) ||
        lastReceipt.qrCodes[0] !== layout.qrPayload
      ) {
        throw new Error(`ticket ${layout.number} did not come out of the virtual printer intact`);
      }
      return {
        ms,
        jobBytes,
        hostToPrinter: toPrinter - before.toPrinter,
        printerToHost: toHost - before.toHost,
      };
    };

    for (let i = 0; i < warmup; i++) await printOne(i);
    const samples = [];
    for (let i = 0; i < runs; i++) samples.push(await printOne(warmup + i));

    // The status exchange on its own: DLE EOT 1..4, four one-byte round trips.
    const statusMs = [];
    for (let i = 0; i < statusRuns; i++) {
      const start = performance.now();
      await printer.queryStatus();
      statusMs.push(since(start));
    }

    const ms = summarize(samples.map((s) => s.ms));
    const jobBytes = summarize(
      samples.map((s) => s.jobBytes),
      0,
    );
    const hostToPrinter = summarize(
      samples.map((s) => s.hostToPrinter),
      0,
    );
    const printerToHost = summarize(
      samples.map((s) => s.printerToHost),
      0,
    );
    const lineBytes = hostToPrinter.median + printerToHost.median;
    const statusRequestBytes = hostToPrinter.median - jobBytes.median;
    const wire = Object.fromEntries(
      BAUD_RATES.map((baud) => [
        baud,
        {
          ms: round(wireMs(lineBytes, baud), 2),
          jobOnlyMs: round(wireMs(jobBytes.median, baud), 2),
          measuredOverWire: round(ms.median / wireMs(lineBytes, baud), 3),
        },
      ]),
    );
    if (toHost === 0 || statusRequestBytes <= 0) throw new Error('no status traffic was counted');

    return {
      what:
        'printTicket(layout) from call until it resolves (status barrier answered), socat pty ' +
        'pair, SerialTransport on both ends, ThermalPrinter ↔ VirtualPrinter',
      warmup,
      ms,
      bytes: {
        job: jobBytes,
        hostToPrinter,
        printerToHost,
        statusRequestsPerTicket: round(statusRequestBytes / 3, 1),
        onTheLinePerTicket: lineBytes,
      },
      wire,
      overheadRatio115200: wire[115200].measuredOverWire,
      statusQueryMs: summarize(statusMs),
      discardedBytes: printer.discardedByteCount,
      unknownCommands: sim.unknownCommandCount,
    };
  });
}
