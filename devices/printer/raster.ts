/**
 * 1-bit images for `GS v 0` (a logo, or a QR code for printers without `GS ( k`). Pure: the QR
 * fallback is rendered here from the `qrcode` package's module matrix, so the printed symbol is
 * exactly the modules that package computed, scaled by a whole number of dots per module.
 */
import QRCode from 'qrcode';
import type { QrErrorCorrection } from './framing.js';

/**
 * A 1-bit image in the printer's raster order: rows top to bottom, each `ceil(width / 8)` bytes,
 * the most significant bit the leftmost dot, 1 = black (burnt). Padding bits at a row's end are 0.
 */
export interface MonoBitmap {
  /** Width in dots. */
  readonly width: number;
  /** Height in dots. */
  readonly height: number;
  readonly data: Uint8Array;
}

export function bytesPerRow(width: number): number {
  return Math.ceil(width / 8);
}

/** A bitmap `width` × `height` dots, black where `isBlack(x, y)`. */
export function createBitmap(
  width: number,
  height: number,
  isBlack: (x: number, y: number) => boolean,
): MonoBitmap {
  if (!Number.isInteger(width) || width < 1 || !Number.isInteger(height) || height < 1) {
    throw new RangeError(`bitmap size must be whole dots ≥ 1, got ${width} × ${height}`);
  }
  const stride = bytesPerRow(width);
  const data = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = y * stride + (x >> 3);
      if (isBlack(x, y)) data[at] = (data[at] ?? 0) | (0x80 >> (x & 7));
    }
  }
  return { width, height, data };
}

/** Whether the dot at (x, y) is black; false outside the image. */
export function bitmapDot(bitmap: MonoBitmap, x: number, y: number): boolean {
  if (x < 0 || y < 0 || x >= bitmap.width || y >= bitmap.height) return false;
  const byte = bitmap.data[y * bytesPerRow(bitmap.width) + (x >> 3)] ?? 0;
  return (byte & (0x80 >> (x & 7))) !== 0;
}

/**
 * A bitmap drawn as text, one string per row, `#` black and anything else white (for a logo kept
 * in source, and for tests). Rows may differ in length; the image is as wide as the longest.
 */
export function bitmapFromRows(rows: readonly string[]): MonoBitmap {
  const width = Math.max(0, ...rows.map((row) => row.length));
  return createBitmap(width, rows.length, (x, y) => rows[y]?.[x] === '#');
}

export interface QrRasterOptions {
  /** Dots per module, 1..16 (as `GS ( k` function 167). Default 6. */
  readonly moduleSize?: number;
  /** Default 'M', as the native QR. */
  readonly errorLevel?: QrErrorCorrection;
  /** White modules around the symbol. Default 4 (ISO/IEC 18004's quiet zone). */
  readonly quietZone?: number;
  /**
   * Widest image the paper takes, in dots. A symbol that would be wider gets a smaller module
   * size (a smaller QR still scans; a clipped one does not); 1 dot per module that is still too
   * wide is a RangeError.
   */
  readonly maxWidth?: number;
}

/** The QR module matrix `qrcode` computes: `size` × `size`, true = dark. */
export interface QrModules {
  readonly size: number;
  readonly dark: (row: number, column: number) => boolean;
}

export function qrModules(text: string, errorLevel: QrErrorCorrection = 'M'): QrModules {
  if (text === '') throw new RangeError('QR data must not be empty');
  const { modules } = QRCode.create(text, { errorCorrectionLevel: errorLevel });
  return { size: modules.size, dark: (row, column) => modules.get(row, column) === 1 };
}

/** The QR code for `text` as a raster image, module size and quiet zone in whole dots. */
export function qrBitmap(text: string, options: QrRasterOptions = {}): MonoBitmap {
  const requested = options.moduleSize ?? 6;
  const quiet = options.quietZone ?? 4;
  if (!Number.isInteger(requested) || requested < 1 || requested > 16) {
    throw new RangeError(`QR module size must be an integer 1..16, got ${requested}`);
  }
  if (!Number.isInteger(quiet) || quiet < 0 || quiet > 16) {
    throw new RangeError(`QR quiet zone must be an integer 0..16 modules, got ${quiet}`);
  }
  const qr = qrModules(text, options.errorLevel ?? 'M');
  const span = qr.size + 2 * quiet;
  const maxWidth = options.maxWidth ?? Number.POSITIVE_INFINITY;
  const moduleSize = Math.min(requested, Math.floor(maxWidth / span));
  if (moduleSize < 1) {
    throw new RangeError(
      `a ${qr.size}-module QR code with a ${quiet}-module quiet zone needs ${span} dots, ` +
        `the paper has ${maxWidth}; shorten the payload or lower the error correction level`,
    );
  }
  const dots = span * moduleSize;
  return createBitmap(dots, dots, (x, y) => {
    const column = Math.floor(x / moduleSize) - quiet;
    const row = Math.floor(y / moduleSize) - quiet;
    return row >= 0 && column >= 0 && row < qr.size && column < qr.size && qr.dark(row, column);
  });
}
