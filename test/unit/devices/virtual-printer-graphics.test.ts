import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escpos } from '../../../devices/printer/escpos.js';
import { createBitmap } from '../../../devices/printer/raster.js';
import { EscPosParser } from '../../../devices/sim/escpos-parser.js';
import { parseReceipts } from '../../../devices/sim/parse-receipts.js';
import { renderReceiptText } from '../../../devices/sim/receipt.js';
import { fromHex } from './hex.js';

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

const logo = createBitmap(100, 24, (x, y) => (x * 7 + y * 3) % 5 === 0);

const graphicsJob = (): Uint8Array =>
  escpos()
    .initialize()
    .align('center')
    .rasterImage(logo)
    .line('Kiosk K-0012')
    .code128('K-0012', { height: 50, moduleWidth: 2, hri: 'below' })
    .raw([0x1b, 0x7e]) // unknown ESC ~ between graphics must not desynchronise
    .code128('20261127', { hri: 'none' })
    .line('end')
    .feedAndCut(3)
    .build();

describe('virtual printer: bar codes and raster images', () => {
  it('parses a CODE128 with its settings and an image with its rows into the receipt', () => {
    const [receipt, ...rest] = parseReceipts(graphicsJob());
    expect(rest).toEqual([]);
    expect(receipt?.lines.map((l) => l.text)).toEqual(['Kiosk K-0012', 'end']);
    expect(receipt?.barcodes).toEqual([
      {
        symbology: 'CODE128',
        data: 'K-0012',
        hri: 'below',
        height: 50,
        moduleWidth: 2,
        placement: 1,
      },
      {
        symbology: 'CODE128',
        data: '20261127',
        hri: 'none',
        height: 80,
        moduleWidth: 2,
        placement: 1,
      },
    ]);
    expect(receipt?.images).toEqual([
      { width: 104, height: 24, scale: 'normal', data: logo.data, placement: 0 },
    ]);
    expect(receipt?.cut).toBe('partial');
  });

  it('gives the same receipt however the job is split, byte by byte included', () => {
    const job = graphicsJob();
    const whole = parseReceipts(job);
    expect(parseReceipts([...job].map((b) => Uint8Array.of(b)))).toEqual(whole);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: job.length }), { maxLength: 40 }), (cuts) => {
        expect(parseReceipts(split(job, cuts))).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  it("decodes Epson's mixed-set CODE128 example: {A No. {C 12 34 56", () => {
    const [receipt] = parseReceipts(fromHex('1D 6B 49 0A 7B 41 4E 6F 2E 7B 43 0C 22 38 1D 56 00'));
    expect(receipt?.barcodes?.[0]).toMatchObject({ symbology: 'CODE128', data: 'No.123456' });
  });

  it('names function A (NUL-terminated) and function B systems, and the power-on settings', () => {
    const [receipt] = parseReceipts(
      fromHex(
        [
          '1D 6B 04 41 42 43 00', // function A, m = 4: CODE39 "ABC"
          '1D 6B 43 0C 34 39 30 31 32 33 34 35 36 37 38 39', // EAN13, 12 digits
          '1D 6B 4E 02 31 32', // m = 78 (GS1 DataBar expanded): not named
          '1D 56 00',
        ].join(' '),
      ),
    );
    expect(receipt?.barcodes?.map((b) => [b.symbology, b.data])).toEqual([
      ['CODE39', 'ABC'],
      ['EAN13', '490123456789'],
      ['other', '12'],
    ]);
    expect(receipt?.barcodes?.[0]).toMatchObject({ hri: 'none', height: 162, moduleWidth: 3 });
  });

  it('ESC @ restores the power-on bar code settings', () => {
    const job = escpos().code128('AB', { height: 40, moduleWidth: 4, hri: 'both' }).initialize();
    job.raw(fromHex('1D 6B 49 04 7B 42 43 44')).cut();
    const [receipt] = parseReceipts(job.build());
    expect(receipt?.barcodes?.map((b) => [b.data, b.hri, b.height, b.moduleWidth])).toEqual([
      ['AB', 'both', 40, 4],
      ['CD', 'none', 162, 3],
    ]);
  });

  it('text before a bar code or an image is printed before it', () => {
    const job = escpos().text('before').code128('X1').text('mid').rasterImage(logo).cut().build();
    const [receipt] = parseReceipts(job);
    expect(receipt?.lines.map((l) => l.text)).toEqual(['before', 'mid']);
    expect(receipt?.barcodes?.[0]?.placement).toBe(1);
    expect(receipt?.images?.[0]?.placement).toBe(2);
  });

  it('reports an image too large to keep by its size only, and stays in step after it', () => {
    const big = createBitmap(1024, 600, () => true); // 128 × 600 = 76 800 bytes
    const job = escpos().rasterImage(big, 'doubleHeight').line('after').cut().build();
    const [receipt] = parseReceipts([job.subarray(0, 5000), job.subarray(5000)]);
    expect(receipt?.images).toEqual([
      { width: 1024, height: 600, scale: 'doubleHeight', placement: 0 },
    ]);
    expect(receipt?.lines.map((l) => l.text)).toEqual(['after']);
  });

  it('a receipt with only a bar code or an image is still a receipt', () => {
    expect(parseReceipts(escpos().code128('X1').cut().build())).toHaveLength(1);
    expect(parseReceipts(escpos().rasterImage(logo).cut().build())).toHaveLength(1);
  });

  it('without reportGraphics the parser skips them as it always did', () => {
    const events = new EscPosParser().push(graphicsJob());
    expect(events.map((e) => e.type)).toEqual([
      'initialize',
      'line',
      'unknownCommand',
      'line',
      'cut',
    ]);
  });

  it('renders bar codes and images in the text preview where they were printed', () => {
    const [receipt] = parseReceipts(graphicsJob());
    if (receipt === undefined) throw new Error('no receipt');
    expect(renderReceiptText(receipt, 32).split('\n')).toEqual([
      '         [IMAGE 104×24]',
      '          Kiosk K-0012',
      '        [CODE128] K-0012',
      '       [CODE128] 20261127',
      '              end',
      '--------- partial cut ----------',
    ]);
  });

  it('never throws on garbage rich in graphics command bytes, in any chunking', () => {
    const interesting = fc.constantFrom(
      0x1d,
      0x6b,
      0x76,
      0x30,
      0x49,
      0x48,
      0x68,
      0x77,
      0x7b,
      0x00,
      0xff,
    );
    fc.assert(
      fc.property(
        fc.array(fc.oneof(interesting, fc.integer({ min: 0, max: 255 })), { maxLength: 400 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (values, cuts) => {
          parseReceipts(split(Uint8Array.from(values), cuts));
        },
      ),
      { numRuns: 1000 },
    );
  });
});
