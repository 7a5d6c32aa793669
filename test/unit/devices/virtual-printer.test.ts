import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { renderTicketJob } from '../../../devices/printer/ticket.js';
import { parseReceipts } from '../../../devices/sim/parse-receipts.js';
import { RealtimeScanner } from '../../../devices/sim/realtime-scanner.js';
import { VirtualPrinter } from '../../../devices/sim/virtual-printer.js';
import type { VirtualPrinterOptions } from '../../../devices/sim/virtual-printer.js';
import type { ByteTransport } from '../../../devices/transport/byte-transport.js';
import { createInProcessTransportPair } from '../../../devices/transport/in-process.js';
import { fromHex, hex } from './hex.js';
import { layout } from './ticket-layout.js';

const CLEAR_BUFFERS = fromHex('10 14 08 01 03 14 01 06 02 08');
const RECOVER_AND_CLEAR = fromHex('10 05 02');

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A host end talking straight to a virtual printer; `received` collects what the printer sent. */
async function setup(options: VirtualPrinterOptions = {}) {
  const [host, device] = createInProcessTransportPair({ names: ['host', 'virtual printer'] });
  const sim = new VirtualPrinter(device, options);
  const received: number[] = [];
  host.onData((chunk) => received.push(...chunk));
  await sim.open();
  await host.open();
  cleanups.push(async () => {
    await host.close();
    await sim.close();
  });
  return { host, sim, received };
}

async function send(host: ByteTransport, ...parts: Uint8Array[]): Promise<void> {
  for (const part of parts) await host.write(part);
  await new Promise((resolve) => setTimeout(resolve, 20)); // replies travel back
}

const numbers = (sim: VirtualPrinter): string[] =>
  sim.receipts().flatMap((r) => r.lines.filter((l) => l.width === 4).map((l) => l.text));

describe('virtual printer: a stopped printer holds its job, as a real one does', () => {
  it('a job received while the paper is out prints when a new roll is loaded (the stale ticket)', async () => {
    const { host, sim } = await setup();
    sim.setPaper('out');
    await send(host, renderTicketJob(layout));
    expect(sim.receipts()).toEqual([]);
    expect(sim.heldByteCount).toBe(renderTicketJob(layout).length);

    sim.setPaper('full');
    expect(numbers(sim)).toEqual(['A023']);
    expect(sim.heldByteCount).toBe(0);
  });

  it('DLE DC4 fn=8 drops the held job and answers 37 25 00; the next job prints normally', async () => {
    const { host, sim, received } = await setup();
    sim.setPaper('out');
    await send(host, renderTicketJob(layout), CLEAR_BUFFERS);
    expect(hex(Uint8Array.from(received))).toBe('37 25 00');
    expect(sim.heldByteCount).toBe(0);
    expect(sim.bufferClearCount).toBe(1);

    sim.setPaper('full');
    expect(sim.receipts()).toEqual([]);
    await send(host, renderTicketJob({ ...layout, number: 'A024' }));
    expect(numbers(sim)).toEqual(['A024']);
  });

  it('a clear drops a half-received command, so it does not eat the start of the next job', async () => {
    const { host, sim } = await setup();
    // GS ( k announcing a 16-byte QR store, cut off after 5 bytes of it.
    await send(host, fromHex('1D 28 6B 10 00 31 50 30 41 42'), CLEAR_BUFFERS);
    await send(host, renderTicketJob({ ...layout, number: 'A024' }));
    expect(sim.receipts()).toEqual(parseReceipts(renderTicketJob({ ...layout, number: 'A024' })));
  });

  it('DLE ENQ 2 alone does not clear a printer stopped by paper end (Epson: only a recoverable error)', async () => {
    const { host, sim } = await setup();
    sim.setPaper('out');
    await send(host, renderTicketJob(layout), RECOVER_AND_CLEAR);
    sim.setPaper('full');
    expect(numbers(sim)).toEqual(['A023']);
  });

  it('DLE ENQ 2 during a cutter error drops the held job', async () => {
    const { host, sim } = await setup();
    sim.setCutterError(true);
    await send(host, renderTicketJob(layout), RECOVER_AND_CLEAR);
    expect(sim.heldByteCount).toBe(0);
    sim.setCutterError(false);
    expect(sim.receipts()).toEqual([]);
  });

  it('answers DLE EOT at once while stopped, and GS r 1 only once the held job has printed', async () => {
    const { host, sim, received } = await setup();
    sim.setCoverOpen(true);
    await send(host, renderTicketJob(layout), fromHex('1D 72 01 10 04 02'));
    // Only the real-time answer: cover open (bit 2) on top of the fixed bits.
    expect(hex(Uint8Array.from(received))).toBe('16');

    sim.setCoverOpen(false);
    await send(host);
    expect(hex(Uint8Array.from(received))).toBe('16 00');
    expect(numbers(sim)).toEqual(['A023']);
  });

  it('the receive buffer is bounded: bytes beyond it are lost, not kept', async () => {
    const { host, sim } = await setup({ receiveBufferBytes: 100 });
    sim.setPaper('out');
    await send(host, renderTicketJob(layout), renderTicketJob(layout));
    expect(sim.heldByteCount).toBe(100);
    expect(sim.lostByteCount).toBe(2 * renderTicketJob(layout).length - 100);
  });

  it('powering back on forgets what was held', async () => {
    const { host, sim } = await setup();
    sim.setPaper('out');
    await send(host, renderTicketJob(layout));
    sim.setSilent(true);
    sim.setSilent(false);
    sim.setPaper('full');
    expect(sim.receipts()).toEqual([]);
  });
});

describe('virtual printer: bounded history', () => {
  it('keeps the newest maxReceipts receipts and counts them all', async () => {
    const { host, sim } = await setup({ maxReceipts: 3 });
    for (let i = 1; i <= 5; i++) {
      await host.write(renderTicketJob({ ...layout, number: `A00${i}` }));
    }
    await send(host);
    expect(numbers(sim)).toEqual(['A003', 'A004', 'A005']);
    expect(sim.receiptsPrinted).toBe(5);
  });

  it('keeps 200 receipts by default', async () => {
    const { host, sim } = await setup();
    const job = renderTicketJob(layout);
    const many = new Uint8Array(job.length * 201);
    for (let i = 0; i < 201; i++) many.set(job, i * job.length);
    await send(host, many);
    expect(sim.receiptsPrinted).toBe(201);
    expect(sim.receipts()).toHaveLength(200);
  });

  it('rejects a maxReceipts that is not a positive integer', () => {
    const [, device] = createInProcessTransportPair();
    expect(() => new VirtualPrinter(device, { maxReceipts: 0 })).toThrow(RangeError);
  });
});

describe('real-time command scanner', () => {
  const stream = fromHex(
    '41 10 04 01 42 10 05 02 10 10 14 08 01 03 14 01 06 02 08 10 14 08 01 03 00 10 04',
  );

  it('finds DLE EOT, DLE ENQ and DLE DC4 fn=8, and ignores a broken clear', () => {
    const found = new RealtimeScanner().scan(stream).map(({ command }) => command);
    expect(found).toEqual([
      { type: 'status', n: 1 },
      { type: 'request', n: 2 },
      { type: 'clearBuffers' },
    ]);
  });

  it('finds the same commands however the bytes are split', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: stream.length }), { maxLength: 20 }), (cuts) => {
        const scanner = new RealtimeScanner();
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const found = [];
        let start = 0;
        for (const point of [...points, stream.length]) {
          found.push(...scanner.scan(stream.subarray(start, point)).map((c) => c.command.type));
          start = point;
        }
        expect(found).toEqual(['status', 'request', 'clearBuffers']);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        new RealtimeScanner().scan(bytes);
      }),
    );
  });
});

describe('virtual printer: paper jam and Automatic Status Back', () => {
  it('a jam stops it and reads as a mechanical error; what it held prints once the jam is cleared', async () => {
    const { host, sim, received } = await setup();
    sim.setPaperJam(true);
    await send(host, fromHex('10 04 01'), fromHex('10 04 02'), fromHex('10 04 03'));
    // Offline, "error occurred", mechanical error (bit 2).
    expect(hex(Uint8Array.from(received))).toBe('1A 52 16');
    await send(host, renderTicketJob(layout));
    expect(sim.heldByteCount).toBeGreaterThan(0);
    sim.setPaperJam(false);
    // The held job prints after the jam: the host drops it (DLE DC4 8) when it gives a job up.
    expect(numbers(sim)).toEqual(['A023']);
    expect(sim.state.paperJam).toBe(false);
  });

  it('sends nothing by itself until GS a, then its status at once and on every change', async () => {
    const { host, sim, received } = await setup();
    sim.setPaper('low');
    await send(host, fromHex('1B 40'));
    expect(received).toEqual([]);
    await send(host, fromHex('1D 61 0E'));
    expect(hex(Uint8Array.from(received))).toBe('10 00 03 00');
    received.length = 0;
    sim.setPaper('low'); // no change: nothing
    sim.setCoverOpen(true);
    sim.setPaperJam(true);
    await send(host);
    expect(hex(Uint8Array.from(received))).toBe('38 00 03 00 38 04 03 00');
    expect(sim.automaticStatusBackSent).toBe(3);
    // GS a 0 turns it off; a power cycle does too.
    received.length = 0;
    sim.setCoverOpen(false);
    sim.setPaperJam(false);
    await send(host, fromHex('1D 61 00'));
    received.length = 0;
    sim.setPaper('out');
    await send(host);
    expect(received).toEqual([]);
  });

  it('only the changes GS a n asked for are reported', async () => {
    const { host, sim, received } = await setup();
    await send(host, fromHex('1D 61 08')); // paper sensor only
    received.length = 0;
    sim.setCoverOpen(true);
    await send(host);
    expect(received).toEqual([]);
    sim.setPaper('low');
    await send(host);
    expect(hex(Uint8Array.from(received))).toBe('38 00 03 00');
  });
});
