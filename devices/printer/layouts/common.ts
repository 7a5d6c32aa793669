/**
 * What every receipt layout shares: the paper and QR options, caller text made printable, lines
 * wrapped to the paper at their size, the QR printed natively or as a raster image, and a
 * label-value row. Layouts are pure functions of their data and these options.
 */
import type { EscPosBuilder } from '../escpos.js';
import type { QrErrorCorrection } from '../framing.js';
import type { MonoBitmap } from '../raster.js';
import { paperSpec, printedWidth, wrapText } from '../wrap.js';
import type { PaperWidth } from '../wrap.js';

/**
 * How QR codes are printed: `native` sends `GS ( k` (the printer draws the symbol, a few dozen
 * bytes); `raster` draws it here and sends `GS v 0`, for printers without `GS ( k`.
 */
export type QrRendering = 'native' | 'raster';

export interface LayoutOptions {
  /** Paper width in mm: 80 (48 columns, the default) or 58 (32 columns). */
  readonly paper?: PaperWidth;
  /** Default 'native'. */
  readonly qr?: QrRendering;
  /** QR module size in dots, 1..16. Default 6. */
  readonly qrModuleSize?: number;
  /** Default 'M'. */
  readonly qrErrorLevel?: QrErrorCorrection;
  /** Motion units fed after the cutting position before the partial cut. Default 3. */
  readonly cutFeed?: number;
  /** A 1-bit logo printed centred at the top; none by default. */
  readonly logo?: MonoBitmap;
}

// Replaced rather than rejected: a stray newline in a translated string must not cost a
// customer their slip, and a control byte would be executed by the printer as a command.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

export function printable(text: string): string {
  return text.replace(CONTROL_CHARACTERS, ' ');
}

/** Columns of the paper chosen by the options. */
export function columnsOf(options: LayoutOptions): number {
  return paperSpec(options.paper ?? 80).columns;
}

/**
 * Prints `text` as one or more lines at character width factor `width` (the caller has set
 * GS !), wrapped to the columns left at that width.
 */
export function wrappedLines(
  job: EscPosBuilder,
  text: string,
  width: number,
  options: LayoutOptions,
): EscPosBuilder {
  for (const line of wrapText(printable(text), Math.floor(columnsOf(options) / width))) {
    job.line(line);
  }
  return job;
}

/**
 * The largest width factor ≤ `preferred` at which `text` fits on one line, or 1 when it fits
 * at none (it is then wrapped): a long business type prints narrower rather than broken.
 */
export function fittingWidth(text: string, preferred: number, options: LayoutOptions): number {
  const width = printedWidth(printable(text));
  for (let factor = preferred; factor > 1; factor--) {
    if (width * factor <= columnsOf(options)) return factor;
  }
  return 1;
}

/** The QR code the options ask for, natively or as a raster image fitted to the paper. */
export function printQr(
  job: EscPosBuilder,
  payload: string,
  options: LayoutOptions,
): EscPosBuilder {
  const moduleSize = options.qrModuleSize ?? 6;
  const errorLevel = options.qrErrorLevel ?? 'M';
  if ((options.qr ?? 'native') === 'raster') {
    return job.qrCodeRaster(payload, {
      moduleSize,
      errorLevel,
      maxWidth: paperSpec(options.paper ?? 80).dots,
    });
  }
  return job.qrCode(payload, { moduleSize, errorLevel });
}

/** The logo, when the options carry one; a logo wider than the paper is a RangeError. */
export function printLogo(job: EscPosBuilder, options: LayoutOptions): EscPosBuilder {
  if (options.logo === undefined) return job;
  const dots = paperSpec(options.paper ?? 80).dots;
  if (options.logo.width > dots) {
    throw new RangeError(
      `logo is ${options.logo.width} dots wide, ${options.paper ?? 80} mm paper prints ${dots}; ` +
        'scale the logo down',
    );
  }
  return job.rasterImage(options.logo);
}

/**
 * "Label ........ value" at font A size 1: the value right-aligned on the same line when both
 * fit with a space between, otherwise the label alone and the value wrapped below it, indented.
 */
export function labelValueLines(label: string, value: string, columns: number): string[] {
  const left = printable(label);
  const right = printable(value);
  const free = columns - printedWidth(left) - printedWidth(right);
  if (free >= 1) return [left + ' '.repeat(free) + right];
  return [...wrapText(left, columns), ...wrapText(right, columns - 2).map((line) => `  ${line}`)];
}

/** Dots a CODE128 symbol takes: 11 modules per symbol character, start and check, 13 for stop. */
export function code128Dots(data: string, moduleWidth: number): number {
  const symbols = /^(?:\d\d)+$/.test(data) ? data.length / 2 : data.length;
  return (11 * (symbols + 2) + 13) * moduleWidth;
}
