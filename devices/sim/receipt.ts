import type { Alignment } from '../printer/framing.js';
import type { PrintedBarcode, PrintedImage } from './escpos-events.js';
import { isIdeographic } from '../printer/wrap.js';

export type { Alignment } from '../printer/framing.js';
export type ReceiptCut = 'full' | 'partial';

/** One printed line, with the modes in force at its first character. */
export interface ReceiptLine {
  readonly text: string;
  /** Character width factor 1..8 (GS !). */
  readonly width: number;
  /** Character height factor 1..8 (GS !). */
  readonly height: number;
  readonly align: Alignment;
  readonly bold: boolean;
}

/** A bar code on a receipt, and how many lines were printed before it. */
export interface ReceiptBarcode extends PrintedBarcode {
  readonly placement: number;
}

/** A raster image (a logo, a raster QR) on a receipt, and how many lines were printed before it. */
export interface ReceiptImage extends PrintedImage {
  readonly placement: number;
}

/** What came out of the virtual printer between two cuts. */
export interface Receipt {
  readonly lines: readonly ReceiptLine[];
  /** Payloads of the QR codes printed, in order. */
  readonly qrCodes: readonly string[];
  /** For each QR code, how many lines were printed before it (so previews can place it). */
  readonly qrPlacements: readonly number[];
  readonly cut: ReceiptCut;
  /**
   * Bar codes and raster images, in print order. Present only when the receipt has some, so a
   * text-and-QR receipt keeps the shape it always had.
   */
  readonly barcodes?: readonly ReceiptBarcode[];
  readonly images?: readonly ReceiptImage[];
}

/** Collects lines and QR codes until a cut turns them into a {@link Receipt}. */
export class ReceiptAssembler {
  private lines: ReceiptLine[] = [];
  private qrCodes: string[] = [];
  private qrPlacements: number[] = [];
  private barcodes: ReceiptBarcode[] = [];
  private images: ReceiptImage[] = [];

  addLine(line: ReceiptLine): void {
    this.lines.push(line);
  }

  addQr(payload: string): void {
    this.qrCodes.push(payload);
    this.qrPlacements.push(this.lines.length);
  }

  addBarcode(barcode: PrintedBarcode): void {
    this.barcodes.push({ ...barcode, placement: this.lines.length });
  }

  addImage(image: PrintedImage): void {
    this.images.push({ ...image, placement: this.lines.length });
  }

  /**
   * Ends the receipt. Returns undefined when nothing visible was printed (only blank lines):
   * a cut of blank paper gives nothing worth showing, and garbage must not invent receipts.
   */
  cut(kind: ReceiptCut): Receipt | undefined {
    const receipt: Receipt = {
      lines: this.lines,
      qrCodes: this.qrCodes,
      qrPlacements: this.qrPlacements,
      cut: kind,
      ...(this.barcodes.length > 0 ? { barcodes: this.barcodes } : {}),
      ...(this.images.length > 0 ? { images: this.images } : {}),
    };
    const visible =
      this.qrCodes.length > 0 ||
      this.barcodes.length > 0 ||
      this.images.length > 0 ||
      this.lines.some((line) => line.text.trim() !== '');
    this.discard();
    return visible ? receipt : undefined;
  }

  /** Drops what was collected (spoiled paper torn off). */
  discard(): void {
    this.lines = [];
    this.qrCodes = [];
    this.qrPlacements = [];
    this.barcodes = [];
    this.images = [];
  }
}

/**
 * Plain-text preview of a receipt for the technician screen and tests: one text line per printed
 * line, aligned on a paper `columns` wide (48 = 80 mm paper, font A; 32 = 58 mm), QR codes as
 * `[QR] payload`, bar codes as `[CODE128] data`, raster images as `[IMAGE 384×96]`, and the cut
 * as a dashed line. Wide (CJK) characters count two columns, and
 * the size factor multiplies the width used for alignment.
 */
export function renderReceiptText(receipt: Receipt, columns = 48): string {
  const out: string[] = [];
  const qrAt = (index: number): void => {
    receipt.qrCodes.forEach((payload, i) => {
      if (receipt.qrPlacements[i] === index)
        out.push(place(`[QR] ${payload}`, 1, 'center', columns));
    });
    for (const barcode of receipt.barcodes ?? []) {
      if (barcode.placement === index)
        out.push(place(`[${barcode.symbology}] ${barcode.data}`, 1, 'center', columns));
    }
    for (const image of receipt.images ?? []) {
      if (image.placement === index)
        out.push(place(`[IMAGE ${image.width}×${image.height}]`, 1, 'center', columns));
    }
  };
  receipt.lines.forEach((line, index) => {
    qrAt(index);
    out.push(place(line.text, line.width, line.align, columns));
  });
  qrAt(receipt.lines.length);
  const label = ` ${receipt.cut} cut `;
  const dashes = Math.max(0, columns - label.length);
  out.push('-'.repeat(Math.floor(dashes / 2)) + label + '-'.repeat(Math.ceil(dashes / 2)));
  return out.join('\n');
}

function place(text: string, widthFactor: number, align: Alignment, columns: number): string {
  const used = displayWidth(text) * widthFactor;
  const free = Math.max(0, columns - used);
  const pad = align === 'center' ? Math.floor(free / 2) : align === 'right' ? free : 0;
  return (' '.repeat(pad) + text).trimEnd();
}

/** Columns a string takes in a monospace font: East Asian wide characters take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += isIdeographic(char.codePointAt(0) ?? 0) ? 2 : 1;
  return width;
}
