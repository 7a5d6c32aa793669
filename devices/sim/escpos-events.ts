/**
 * What the virtual printer's ESC/POS parser reports, and the parameter lengths of the commands
 * it skips: the vocabulary shared by the parser (escpos-parser.ts) and its line composer.
 */
import type { BarcodeSymbology, HriPlacement, RasterScaleMode } from '../printer/framing.js';
import type { ReceiptCut, ReceiptLine } from './receipt.js';

/** A bar code as the printer would print it: the decoded data and the settings in force. */
export interface PrintedBarcode {
  /** 'other' for a GS k system the parser does not name (GS1 DataBar, composite…). */
  readonly symbology: BarcodeSymbology | 'other';
  /** The encoded characters (CODE128: code set switches removed, set C digits expanded). */
  readonly data: string;
  readonly hri: HriPlacement;
  /** Bar height in dots (GS h). */
  readonly height: number;
  /** Narrowest bar in dots (GS w). */
  readonly moduleWidth: number;
}

/** A GS v 0 raster image: its size before scaling, the scale, and its rows when kept. */
export interface PrintedImage {
  /** Width in dots: the command's width in bytes × 8. */
  readonly width: number;
  readonly height: number;
  readonly scale: RasterScaleMode;
  /**
   * Rows of width / 8 bytes, MSB leftmost, 1 = black; absent for an image too large to keep
   * (over 64 KiB), which is skipped without being buffered.
   */
  readonly data?: Uint8Array;
}

/**
 * What the printer does with the bytes, in stream order. Status requests are events too, so the
 * virtual printer answers them only after everything sent before them (a barrier).
 */
export type PrinterEvent =
  | { readonly type: 'initialize' }
  | { readonly type: 'line'; readonly line: ReceiptLine }
  | { readonly type: 'qr'; readonly payload: string }
  | { readonly type: 'barcode'; readonly barcode: PrintedBarcode }
  | { readonly type: 'image'; readonly image: PrintedImage }
  | { readonly type: 'cut'; readonly cut: ReceiptCut }
  | { readonly type: 'realtimeStatus'; readonly n: number }
  | { readonly type: 'paperSensorStatus' }
  | { readonly type: 'automaticStatusBack'; readonly n: number }
  | { readonly type: 'unknownCommand'; readonly bytes: readonly number[] };

/** Parameter byte counts of fixed-length commands that only change modes we do not model. */
export const ESC_PARAMS: Readonly<Record<number, number>> = {
  0x20: 1, // ESC SP n: right-side character spacing
  0x24: 2, // ESC $ nL nH: absolute position
  0x25: 1, // ESC % n: user-defined characters on/off
  0x2d: 1, // ESC - n: underline
  0x32: 0, // ESC 2: default line spacing
  0x33: 1, // ESC 3 n: line spacing
  0x3d: 1, // ESC = n: peripheral device
  0x3f: 1, // ESC ? n: cancel user-defined character
  0x42: 2, // ESC B n t: buzzer (Chinese-market printers)
  0x47: 1, // ESC G n: double strike
  0x4c: 0, // ESC L: page mode
  0x4d: 1, // ESC M n: font
  0x52: 1, // ESC R n: international character set
  0x53: 0, // ESC S: standard mode
  0x54: 1, // ESC T n: page mode direction
  0x55: 1, // ESC U n: unidirectional printing
  0x56: 1, // ESC V n: 90° rotation
  0x57: 8, // ESC W …: page mode area
  0x5c: 2, // ESC \ nL nH: relative position
  0x63: 2, // ESC c 3/4/5 n: paper sensors, panel buttons
  0x65: 1, // ESC e n: reverse feed
  0x70: 3, // ESC p m t1 t2: cash drawer kick
  0x72: 1, // ESC r n: colour
  0x74: 1, // ESC t n: code table
  0x7b: 1, // ESC { n: upside down
};
/** GS h, GS w, GS H after power-on / ESC @ (Epson TM defaults: 162 dots, 3 dots, no HRI). */
export const BARCODE_DEFAULTS = { height: 162, moduleWidth: 3, hri: 'none' } as const;

// GS H, GS h and GS w are parsed (escpos-barcode.ts), so they are not in this table.
export const GS_PARAMS: Readonly<Record<number, number>> = {
  0x24: 2, // GS $: page mode vertical position
  0x2f: 1, // GS / m: print downloaded bit image
  0x3a: 0, // GS :: macro definition start/end
  0x42: 1, // GS B n: reverse
  0x45: 1, // GS E n: print density (some models)
  0x49: 1, // GS I n: printer ID
  0x4c: 2, // GS L nL nH: left margin
  0x50: 2, // GS P x y: motion units
  0x57: 2, // GS W nL nH: print area width
  0x5c: 2, // GS \ nL nH: page mode relative position
  0x62: 1, // GS b n: smoothing
  0x66: 1, // GS f n: HRI font
};
export const FS_PARAMS: Readonly<Record<number, number>> = {
  0x21: 1, // FS ! n: Chinese character print mode
  0x2d: 1, // FS - n: Chinese underline
  0x32: 74, // FS 2 c1 c2 d1…d72: user-defined Chinese character
  0x43: 1, // FS C n: Chinese code system
  0x53: 2, // FS S n1 n2: Chinese character spacing
  0x57: 1, // FS W n: Chinese quadruple size
  0x70: 2, // FS p n m: print NV bit image
};
