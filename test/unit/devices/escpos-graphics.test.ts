import { describe, expect, it } from 'vitest';
import { escpos } from '../../../devices/printer/escpos.js';
import {
  bitmapDot,
  bitmapFromRows,
  createBitmap,
  qrBitmap,
  qrModules,
} from '../../../devices/printer/raster.js';
import type { MonoBitmap } from '../../../devices/printer/raster.js';
import { hex } from './hex.js';

const bytes = (build: (b: ReturnType<typeof escpos>) => unknown): string => {
  const builder = escpos();
  build(builder);
  return hex(builder.build());
};

/** Reads the dots a module's centre falls on, as a scanner would. */
function sampleModules(
  bitmap: MonoBitmap,
  size: number,
  moduleSize: number,
  quiet: number,
): boolean[][] {
  return Array.from({ length: size }, (_, row) =>
    Array.from({ length: size }, (_, column) =>
      bitmapDot(
        bitmap,
        (column + quiet) * moduleSize + Math.floor(moduleSize / 2),
        (row + quiet) * moduleSize + Math.floor(moduleSize / 2),
      ),
    ),
  );
}

describe('bar codes: golden bytes (Epson GS h, GS w, GS H, GS k function B)', () => {
  it('height, module width and HRI position', () => {
    expect(bytes((b) => b.barcodeHeight(162))).toBe('1D 68 A2');
    expect(bytes((b) => b.barcodeWidth(3))).toBe('1D 77 03');
    expect(bytes((b) => b.hriPosition('none'))).toBe('1D 48 00');
    expect(bytes((b) => b.hriPosition('above'))).toBe('1D 48 01');
    expect(bytes((b) => b.hriPosition('below'))).toBe('1D 48 02');
    expect(bytes((b) => b.hriPosition('both'))).toBe('1D 48 03');
    expect(() => escpos().barcodeHeight(0)).toThrow(RangeError);
    expect(() => escpos().barcodeHeight(256)).toThrow(RangeError);
    expect(() => escpos().barcodeWidth(1)).toThrow(RangeError);
    expect(() => escpos().barcodeWidth(7)).toThrow(RangeError);
  });

  it('CODE128 set B: GS k 73 n {B data, with HRI below by default', () => {
    expect(bytes((b) => b.code128('No.123'))).toBe(
      '1D 68 50 1D 77 02 1D 48 02 1D 6B 49 08 7B 42 4E 6F 2E 31 32 33',
    );
  });

  it('CODE128 set C packs digit pairs into bytes (Epson: {C 12 34 56 = 7B 43 0C 22 38)', () => {
    expect(bytes((b) => b.code128('123456', { height: 60, moduleWidth: 3, hri: 'none' }))).toBe(
      '1D 68 3C 1D 77 03 1D 48 00 1D 6B 49 05 7B 43 0C 22 38',
    );
    // An odd number of digits cannot be set C; auto falls back to B.
    expect(bytes((b) => b.code128('12345', { hri: 'below' }))).toContain(
      '1D 6B 49 07 7B 42 31 32 33 34 35',
    );
    expect(() => escpos().code128('12345', { codeSet: 'C' })).toThrow(/even number of digits/);
  });

  it('CODE128 doubles a literal "{" and rejects what the code set cannot carry', () => {
    expect(bytes((b) => b.code128('a{b', { codeSet: 'B' }))).toContain(
      '1D 6B 49 06 7B 42 61 7B 7B 62',
    );
    expect(() => escpos().code128('')).toThrow(/empty/);
    expect(() => escpos().code128('业务')).toThrow(/printable ASCII/);
    expect(() => escpos().code128('abc', { codeSet: 'A' })).toThrow(/upper-case/);
    expect(() => escpos().code128('x'.repeat(254))).toThrow(/at most 255/);
    expect(escpos().code128('x'.repeat(253)).build()).toHaveLength(9 + 4 + 255);
  });
});

describe('raster images: golden bytes (Epson GS v 0)', () => {
  it('GS v 0 m xL xH yL yH, rows of ceil(width / 8) bytes, MSB leftmost, 1 = black', () => {
    const image = bitmapFromRows(['#........#', '.#########']);
    expect(hex(image.data)).toBe('80 40 7F C0');
    expect(bytes((b) => b.rasterImage(image))).toBe('1D 76 30 00 02 00 02 00 80 40 7F C0');
    expect(bytes((b) => b.rasterImage(image, 'quadruple'))).toBe(
      '1D 76 30 03 02 00 02 00 80 40 7F C0',
    );
  });

  it('little-endian sizes: a 576 × 300 logo is 72 bytes wide, 0x012C rows', () => {
    const logo = createBitmap(576, 300, (x, y) => (x + y) % 2 === 0);
    const job = escpos().rasterImage(logo).build();
    expect(hex(job.subarray(0, 8))).toBe('1D 76 30 00 48 00 2C 01');
    expect(job.length).toBe(8 + 72 * 300);
    expect(hex(job.subarray(8, 10))).toBe('AA AA');
  });

  it('rejects images the printer cannot take and data that does not match the size', () => {
    expect(() => escpos().rasterImage(createBitmap(1025, 1, () => true))).toThrow(/1\.\.128/);
    expect(() => escpos().rasterImage(createBitmap(8, 4096, () => true))).toThrow(/1\.\.4095/);
    expect(() => escpos().rasterImage({ width: 16, height: 2, data: new Uint8Array(3) })).toThrow(
      /2 × 2 = 4 bytes/,
    );
    expect(() => createBitmap(0, 1, () => true)).toThrow(RangeError);
  });
});

describe('raster QR fallback', () => {
  const payload = 'https://forms.example.cn/s/0190e8a2-7c1d';

  it('decodes back to the modules qrcode computes, at each module size', () => {
    for (const moduleSize of [1, 3, 6]) {
      const bitmap = qrBitmap(payload, { moduleSize, errorLevel: 'M' });
      const qr = qrModules(payload, 'M');
      expect(bitmap.width).toBe((qr.size + 8) * moduleSize);
      expect(bitmap.height).toBe(bitmap.width);
      const expected = Array.from({ length: qr.size }, (_, r) =>
        Array.from({ length: qr.size }, (_, c) => qr.dark(r, c)),
      );
      expect(sampleModules(bitmap, qr.size, moduleSize, 4)).toEqual(expected);
      // Every dot of a module is the module's colour, and the quiet zone is white.
      for (let y = 0; y < bitmap.height; y++) {
        for (let x = 0; x < bitmap.width; x++) {
          const row = Math.floor(y / moduleSize) - 4;
          const column = Math.floor(x / moduleSize) - 4;
          const inside = row >= 0 && column >= 0 && row < qr.size && column < qr.size;
          expect(bitmapDot(bitmap, x, y)).toBe(inside && qr.dark(row, column));
        }
      }
    }
  });

  it('a finder pattern sits in the top-left corner (a sanity check on orientation)', () => {
    const qr = qrModules('A', 'L');
    expect(qr.size).toBe(21);
    const ring = [0, 1, 2, 3, 4, 5, 6].map((i) => [
      qr.dark(0, i),
      qr.dark(6, i),
      qr.dark(i, 0),
      qr.dark(i, 6),
    ]);
    expect(ring.flat().every(Boolean)).toBe(true);
    expect(qr.dark(1, 1)).toBe(false);
    expect(qr.dark(3, 3)).toBe(true);
  });

  it('the error level changes the symbol, as in the native command', () => {
    expect(qrModules(payload, 'H').size).toBeGreaterThan(qrModules(payload, 'L').size);
  });

  it('shrinks the modules to fit the paper, and says so when even one dot is too wide', () => {
    const qr = qrModules(payload, 'M');
    const bitmap = qrBitmap(payload, { moduleSize: 16, maxWidth: 384 });
    expect(bitmap.width).toBe((qr.size + 8) * Math.floor(384 / (qr.size + 8)));
    expect(bitmap.width).toBeLessThanOrEqual(384);
    expect(() => qrBitmap(payload, { maxWidth: 20 })).toThrow(/shorten the payload/);
    expect(() => qrBitmap('', {})).toThrow(/empty/);
    expect(() => qrBitmap(payload, { moduleSize: 0 })).toThrow(RangeError);
  });

  it('qrCodeRaster = GS v 0 of the QR bitmap', () => {
    const bitmap = qrBitmap(payload, { moduleSize: 4, errorLevel: 'Q' });
    expect(hex(escpos().qrCodeRaster(payload, { moduleSize: 4, errorLevel: 'Q' }).build())).toBe(
      hex(escpos().rasterImage(bitmap).build()),
    );
  });
});
