import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escpos } from '../../../devices/printer/escpos.js';
import { renderTicketJob } from '../../../devices/printer/ticket.js';
import type { TicketLayout } from '../../../devices/printer/ticket.js';
import { EscPosParser } from '../../../devices/sim/escpos-parser.js';
import { parseReceipts } from '../../../devices/sim/parse-receipts.js';
import type { PrinterEvent } from '../../../devices/sim/escpos-parser.js';
import { renderReceiptText } from '../../../devices/sim/receipt.js';
import type { Receipt } from '../../../devices/sim/receipt.js';
import { fromHex } from './hex.js';

const layout: TicketLayout = {
  branchName: '中国XX银行 朝阳支行',
  businessTypeName: '个人业务',
  number: 'A023',
  waitingAheadText: '前面还有 5 人等候',
  issuedAtText: '2025-03-01 09:30',
  qrPayload: 'https://queue.example.cn/t/0190e8a2?n=A023',
  footerLines: ['请留意叫号 𠀀', 'Please wait for your number'],
};

const line = (text: string, width = 1, height = 1, bold = false): Receipt['lines'][number] => ({
  text,
  width,
  height,
  align: 'center',
  bold,
});

const expectedReceipt: Receipt = {
  lines: [
    line('中国XX银行 朝阳支行', 1, 1, true),
    line('个人业务', 2, 2),
    line(''),
    line('A023', 4, 4, true),
    line(''),
    line('前面还有 5 人等候'),
    line('2025-03-01 09:30'),
    line(''), // the LF after the QR code
    line('请留意叫号 𠀀'),
    line('Please wait for your number'),
  ],
  qrCodes: ['https://queue.example.cn/t/0190e8a2?n=A023'],
  qrPlacements: [7],
  cut: 'partial',
};

/** Splits bytes at the given offsets (sorted, deduplicated, in range). */
function split(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.subarray(start, point));
    start = point;
  }
  return chunks;
}

describe('virtual printer parser', () => {
  it('parses the driver ticket job into the expected receipt', () => {
    expect(parseReceipts(renderTicketJob(layout))).toEqual([expectedReceipt]);
  });

  it('gives the same receipt however the job is split into chunks', () => {
    const job = renderTicketJob(layout);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: job.length }), { maxLength: 60 }), (cuts) => {
        expect(parseReceipts(split(job, cuts))).toEqual([expectedReceipt]);
      }),
      { numRuns: 500 },
    );
  });

  it('byte-by-byte delivery gives the same receipt', () => {
    const job = renderTicketJob(layout);
    expect(parseReceipts([...job].map((b) => Uint8Array.of(b)))).toEqual([expectedReceipt]);
  });

  it('round-trips any Unicode ticket text through GB18030, in any chunking', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 12 });
    fc.assert(
      fc.property(
        fc.record({
          branchName: text,
          businessTypeName: text,
          number: fc.stringMatching(/^[A-Z][0-9]{3}$/),
          waitingAheadText: text,
          issuedAtText: text,
          qrPayload: fc.webUrl(),
          footerLines: fc.array(text, { maxLength: 3 }),
        }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (ticket, cuts) => {
          const job = renderTicketJob(ticket);
          const [receipt, ...rest] = parseReceipts(split(job, cuts));
          expect(rest).toEqual([]);
          // eslint-disable-next-line no-control-regex
          const printed = (s: string): string => s.replace(/[\u0000-\u001f\u007f]/g, ' ');
          expect(receipt?.lines.map((l) => l.text)).toEqual([
            printed(ticket.branchName),
            printed(ticket.businessTypeName),
            '',
            ticket.number,
            '',
            printed(ticket.waitingAheadText),
            printed(ticket.issuedAtText),
            '',
            ...ticket.footerLines.map(printed),
          ]);
          expect(receipt?.qrCodes).toEqual([ticket.qrPayload]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws on random garbage, in any chunking', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 20 }), (chunks) => {
        const parser = new EscPosParser();
        for (const chunk of chunks) parser.push(chunk);
        parseReceipts(chunks);
      }),
      { numRuns: 1000 },
    );
  });

  it('garbage mixed with command bytes never throws either', () => {
    // Bias towards prefixes and lengths so the long-command paths are exercised too.
    const interesting = fc.constantFrom(0x1b, 0x1d, 0x1c, 0x10, 0x04, 0x28, 0x6b, 0x56, 0x0a, 0xff);
    fc.assert(
      fc.property(
        fc.array(fc.oneof(interesting, fc.integer({ min: 0, max: 255 })), { maxLength: 500 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        (values, cuts) => {
          parseReceipts(split(Uint8Array.from(values), cuts));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('reports status requests in stream order, after the bytes before them', () => {
    const parser = new EscPosParser();
    const events: PrinterEvent[] = [];
    for (const chunk of split(fromHex('41 0A 10 04 01 1D 72 01 42 0A 10 04 04'), [1, 3, 4, 7])) {
      events.push(...parser.push(chunk));
    }
    expect(events.map((e) => e.type)).toEqual([
      'line',
      'realtimeStatus',
      'paperSensorStatus',
      'line',
      'realtimeStatus',
    ]);
    expect(events.filter((e) => e.type === 'realtimeStatus')).toEqual([
      { type: 'realtimeStatus', n: 1 },
      { type: 'realtimeStatus', n: 4 },
    ]);
  });

  it('decodes bytes outside Chinese mode as the code page a printer would use (PC437)', () => {
    const job = escpos().text('个').lf().chineseMode(true).text('个').lf().cut().build();
    const [receipt] = parseReceipts(job);
    expect(receipt?.lines.map((l) => l.text)).toEqual(['╕÷', '个']);
  });

  it('ESC @ discards text not yet printed', () => {
    const job = fromHex('41 42 1B 40 43 0A 1D 56 00');
    expect(parseReceipts(job)[0]?.lines).toEqual([
      { text: 'C', width: 1, height: 1, align: 'left', bold: false },
    ]);
  });

  it('skips unknown and unmodelled commands with their parameters', () => {
    const parser = new EscPosParser();
    const events = parser.push(
      fromHex(
        [
          '1B 2D 01', // underline (1 param)
          '1B 70 00 19 FA', // drawer kick (3 params)
          '1D 76 30 00 01 00 02 00 FF FF', // raster 1×2 bytes
          '1B 7E', // unknown ESC ~
          '41 0A',
        ].join(' '),
      ),
    );
    expect(events).toEqual([
      { type: 'unknownCommand', bytes: [0x1b, 0x7e] },
      { type: 'line', line: { text: 'A', width: 1, height: 1, align: 'left', bold: false } },
    ]);
  });

  it('recognises every cut form', () => {
    const kinds = [
      '1D 56 00',
      '1D 56 30',
      '1D 56 01',
      '1D 56 31',
      '1D 56 41 05',
      '1D 56 42 05',
    ].map((cut) => parseReceipts(fromHex(`41 0A ${cut}`))[0]?.cut);
    expect(kinds).toEqual(['full', 'full', 'partial', 'partial', 'full', 'partial']);
  });

  it('renders a receipt as aligned plain text', () => {
    const text = renderReceiptText(expectedReceipt, 32);
    const rows = text.split('\n');
    expect(rows[0]).toBe(`${' '.repeat(6)}中国XX银行 朝阳支行`); // 19 columns, centred in 32
    expect(rows[1]).toBe(`${' '.repeat(8)}个人业务`); // 8 columns × 2 = 16
    expect(rows[3]).toBe(`${' '.repeat(8)}A023`); // 4 × 4 = 16
    // Placed where it was printed: after the seven lines before it.
    expect(rows[7]).toBe('[QR] https://queue.example.cn/t/0190e8a2?n=A023');
    expect(rows.at(-1)).toBe('--------- partial cut ----------');
  });
});

describe('virtual printer parser: bounded lines', () => {
  it('flushes a line that keeps switching Chinese mode once the whole line reaches 1024 bytes', () => {
    // Found by npm run fuzz: each FS & / FS . reset the count, so such a line grew for ever.
    const parser = new EscPosParser();
    const chunk = Uint8Array.from([...new Array<number>(1000).fill(0x41), 0x1c, 0x26]);
    const events: PrinterEvent[] = [];
    for (let i = 0; i < 1000; i++) events.push(...parser.push(chunk));
    const lines = events.filter((e) => e.type === 'line');
    // 1,000,000 letters come out as lines of at most 1024, none kept back unboundedly.
    expect(lines.length).toBeGreaterThanOrEqual(976);
    for (const line of lines) {
      if (line.type === 'line') expect(line.line.text.length).toBeLessThanOrEqual(1024);
    }
  });
});
