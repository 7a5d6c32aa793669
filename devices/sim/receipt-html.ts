/**
 * A receipt as one self-contained HTML page, drawn the way the printer lays it out: one CSS pixel
 * per printer dot (203 dpi: 576 dots across 80 mm paper, 384 across 58 mm), text at 24 dots per
 * line height times its size factor, QR codes from their real modules, bar codes from their real
 * bars (barcode-bars.ts), raster images from their real rows. A browser turns it into a PNG for
 * test artefacts and the technician screen (test/support/receipt-png.ts rasterises it with
 * Chromium): the text is drawn with a real CJK font, never as boxes.
 *
 * Pure: no DOM, no Node; the page carries data attributes (`data-qr`, `data-barcode`) so a test
 * can find each element's place in the picture and check its pixels.
 */
import { qrModules } from '../printer/raster.js';
import { barcodeModules } from './barcode-bars.js';
import type { Receipt, ReceiptBarcode, ReceiptImage, ReceiptLine } from './receipt.js';

export interface ReceiptHtmlOptions {
  /** Printable width in dots: 576 (80 mm paper, the default) or 384 (58 mm). */
  readonly paperDots?: number;
  /** QR module size in dots (GS ( k function 167). Default 6, what the ticket layout uses. */
  readonly qrModuleDots?: number;
}

/** Font A is 12 × 24 dots; a CJK character 24 × 24. */
const LINE_DOTS = 24;
/** ESC 2's default line spacing adds about this much under each line. */
const LINE_GAP_DOTS = 6;
const QR_QUIET_MODULES = 4;
/** The fonts a kiosk image carries for Chinese (Debian: fonts-wqy-microhei, fonts-noto-cjk). */
const FONT_STACK =
  '"WenQuanYi Micro Hei Mono", "WenQuanYi Micro Hei", "Noto Sans Mono CJK SC", "Noto Sans CJK SC", monospace';

export function renderReceiptHtml(receipt: Receipt, options: ReceiptHtmlOptions = {}): string {
  const paper = options.paperDots ?? 576;
  const moduleDots = options.qrModuleDots ?? 6;
  const parts: string[] = [];
  const placedAt = (index: number): void => {
    receipt.qrCodes.forEach((payload, i) => {
      if (receipt.qrPlacements[i] === index) parts.push(qrSvg(payload, i, moduleDots));
    });
    (receipt.barcodes ?? []).forEach((barcode, i) => {
      if (barcode.placement === index) parts.push(barcodeSvg(barcode, i));
    });
    for (const image of receipt.images ?? []) {
      if (image.placement === index) parts.push(imageSvg(image));
    }
  };
  receipt.lines.forEach((line, index) => {
    placedAt(index);
    parts.push(lineHtml(line));
  });
  placedAt(receipt.lines.length);
  parts.push(
    `<div class="cut" data-cut="${receipt.cut}">${receipt.cut === 'full' ? 'full cut' : 'partial cut'}</div>`,
  );
  return `<!doctype html>
<html><head><meta charset="utf-8"><style>
html, body { margin: 0; background: #ddd; }
#receipt { width: ${paper}px; background: #fff; color: #000; font-family: ${FONT_STACK}; padding: 12px 0; }
.line { white-space: pre; overflow: hidden; }
.line > span { display: inline-block; }
.block { display: flex; justify-content: center; padding: 6px 0; }
.cut { border-top: 2px dashed #888; color: #888; font: 14px sans-serif; text-align: center; margin-top: 12px; }
svg { display: block; shape-rendering: crispEdges; }
</style></head><body><div id="receipt">${parts.join('\n')}</div></body></html>`;
}

function lineHtml(line: ReceiptLine): string {
  const height = LINE_DOTS * line.height;
  // Width and height factors scale independently (GS !): the font is sized for the height and
  // stretched sideways for the width, from the side the line is aligned to.
  const stretch = line.width / line.height;
  const origin = line.align === 'center' ? 'center' : line.align;
  return (
    `<div class="line" style="height:${height + LINE_GAP_DOTS}px;line-height:${height}px;` +
    `font-size:${height}px;text-align:${line.align};font-weight:${line.bold ? 700 : 400}">` +
    `<span style="transform:scaleX(${stretch});transform-origin:${origin}">${escapeHtml(line.text)}</span></div>`
  );
}

function qrSvg(payload: string, index: number, moduleDots: number): string {
  const qr = qrModules(payload);
  const span = (qr.size + 2 * QR_QUIET_MODULES) * moduleDots;
  const rects: string[] = [];
  for (let row = 0; row < qr.size; row++) {
    for (let column = 0; column < qr.size; column++) {
      if (!qr.dark(row, column)) continue;
      const x = (column + QR_QUIET_MODULES) * moduleDots;
      const y = (row + QR_QUIET_MODULES) * moduleDots;
      rects.push(`M${x} ${y}h${moduleDots}v${moduleDots}h-${moduleDots}z`);
    }
  }
  return (
    `<div class="block"><svg data-qr="${index}" data-module="${moduleDots}" data-quiet="${QR_QUIET_MODULES}" ` +
    `width="${span}" height="${span}" viewBox="0 0 ${span} ${span}"><rect width="${span}" height="${span}" fill="#fff"/>` +
    `<path d="${rects.join('')}" fill="#000"/></svg></div>`
  );
}

function barcodeSvg(barcode: ReceiptBarcode, index: number): string {
  const modules = barcodeModules(barcode.symbology, barcode.data);
  const hri = `<div style="font-size:24px;text-align:center">${escapeHtml(barcode.data)}</div>`;
  const above = barcode.hri === 'above' || barcode.hri === 'both' ? hri : '';
  const below = barcode.hri === 'below' || barcode.hri === 'both' ? hri : '';
  if (modules === undefined) {
    // Said plainly, not drawn as made-up bars.
    return (
      `<div class="block"><div data-barcode-undrawn="${index}" style="border:2px dashed #000;padding:8px;font-size:20px">` +
      `${escapeHtml(barcode.symbology)}: ${escapeHtml(barcode.data)} (bars not drawn in this preview)</div></div>`
    );
  }
  const w = barcode.moduleWidth;
  const width = modules.length * w;
  let path = '';
  for (let i = 0; i < modules.length; i++) {
    if (modules[i] === '1') path += `M${i * w} 0h${w}v${barcode.height}h-${w}z`;
  }
  return (
    `<div class="block"><div>${above}<svg data-barcode="${index}" data-modules="${modules}" data-module="${w}" ` +
    `width="${width}" height="${barcode.height}" viewBox="0 0 ${width} ${barcode.height}">` +
    `<path d="${path}" fill="#000"/></svg>${below}</div></div>`
  );
}

function imageSvg(image: ReceiptImage): string {
  const sx = image.scale === 'doubleWidth' || image.scale === 'quadruple' ? 2 : 1;
  const sy = image.scale === 'doubleHeight' || image.scale === 'quadruple' ? 2 : 1;
  const width = image.width * sx;
  const height = image.height * sy;
  if (image.data === undefined) {
    return `<div class="block"><div style="width:${width}px;height:${height}px;border:2px dashed #000">image not kept</div></div>`;
  }
  const bytesPerRow = image.width / 8;
  let path = '';
  for (let y = 0; y < image.height; y++) {
    let run = -1;
    for (let x = 0; x <= image.width; x++) {
      const byte = x < image.width ? (image.data[y * bytesPerRow + (x >> 3)] ?? 0) : 0;
      const black = x < image.width && (byte & (0x80 >> (x & 7))) !== 0;
      if (black && run < 0) run = x;
      if (!black && run >= 0) {
        path += `M${run * sx} ${y * sy}h${(x - run) * sx}v${sy}h-${(x - run) * sx}z`;
        run = -1;
      }
    }
  }
  return (
    `<div class="block"><svg data-image="${image.width}x${image.height}" width="${width}" height="${height}" ` +
    `viewBox="0 0 ${width} ${height}"><path d="${path}" fill="#000"/></svg></div>`
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
