/**
 * Receipts as PNG test artefacts: the virtual printer's receipt page (devices/sim/receipt-html.ts)
 * rasterised by Debian's Chromium through playwright-core, one CSS pixel per printer dot, and
 * written under test-results/receipts/. Chromium draws the text with the system's CJK font, so
 * the picture shows real glyphs; `checkPicture` then reads the PNG back (in the same browser) and
 * checks the QR codes' and bar codes' pixels against their modules, and that no character of the
 * text fell back to a missing-glyph box.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { qrModules } from '../../devices/printer/raster.js';
import { renderReceiptHtml } from '../../devices/sim/receipt-html.js';
import type { ReceiptHtmlOptions } from '../../devices/sim/receipt-html.js';
import type { Receipt } from '../../devices/sim/receipt.js';

export const CHROMIUM = process.env.KIOSK_CHROMIUM ?? '/usr/bin/chromium';
export const RECEIPTS_DIR = path.resolve(import.meta.dirname, '../../test-results/receipts');

export interface ReceiptPicture {
  readonly png: Buffer;
  readonly file: string;
  readonly width: number;
  readonly height: number;
}

export interface PictureCheck {
  /** Characters of the receipt's text drawn as the missing-glyph box (should be none). */
  readonly missingGlyphs: readonly string[];
  /** Per QR code: modules whose pixel in the PNG does not match (should be 0). */
  readonly qrMismatches: readonly number[];
  /** Per drawn bar code: modules whose pixel in the PNG does not match (should be 0). */
  readonly barcodeMismatches: readonly number[];
  /** Dark pixels inside each raster image's box (a drawn logo is not blank). */
  readonly imageDarkPixels: readonly number[];
}

/** One Chromium for a test file; `close()` it in afterAll. */
export class ReceiptRasteriser {
  private constructor(
    private readonly browser: Browser,
    private readonly page: Page,
  ) {}

  static async launch(): Promise<ReceiptRasteriser> {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium is not at ${CHROMIUM}: install it (apt-get install chromium) or set KIOSK_CHROMIUM.`,
      );
    }
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--font-render-hinting=none'],
    });
    const page = await browser.newPage({
      viewport: { width: 800, height: 600 },
      deviceScaleFactor: 1,
    });
    return new ReceiptRasteriser(browser, page);
  }

  async close(): Promise<void> {
    await this.browser.close();
  }

  /** Draws `receipt` and writes it to test-results/receipts/<name>.png. */
  async picture(
    receipt: Receipt,
    name: string,
    options: ReceiptHtmlOptions = {},
  ): Promise<ReceiptPicture> {
    await this.page.setContent(renderReceiptHtml(receipt, options));
    await this.page.evaluate(() => document.fonts.ready.then(() => undefined));
    // The whole receipt inside the viewport: no scrolling, so page and picture coordinates agree.
    const height = await this.page.evaluate(
      () => document.querySelector('#receipt')!.getBoundingClientRect().bottom,
    );
    await this.page.setViewportSize({ width: 800, height: Math.max(600, Math.ceil(height) + 20) });
    const element = this.page.locator('#receipt');
    const png = await element.screenshot({ type: 'png' });
    mkdirSync(RECEIPTS_DIR, { recursive: true });
    const file = path.join(RECEIPTS_DIR, `${name}.png`);
    writeFileSync(file, png);
    // IHDR: width and height, big-endian, at bytes 16 and 20.
    return { png, file, width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
  }

  /**
   * Reads the PNG of the receipt last drawn back into the page and checks it: every QR module
   * and every bar at its place has the right colour, raster images are not blank, and each
   * character of the text is drawn with a glyph of its own.
   */
  async check(receipt: Receipt, picture: ReceiptPicture): Promise<PictureCheck> {
    const qrs = receipt.qrCodes.map((payload) => {
      const qr = qrModules(payload);
      const dark: boolean[][] = [];
      for (let r = 0; r < qr.size; r++) {
        dark.push(Array.from({ length: qr.size }, (_, c) => qr.dark(r, c)));
      }
      return dark;
    });
    const text = [...new Set([...receipt.lines.map((l) => l.text).join('')])].filter(
      (c) => c.trim() !== '',
    );
    return this.page.evaluate(
      async ({ dataUrl, qrs, text }) => {
        const image = new Image();
        image.src = dataUrl;
        await image.decode();
        const canvas = document.createElement('canvas');
        canvas.width = image.width;
        canvas.height = image.height;
        const context = canvas.getContext('2d', { willReadFrequently: true })!;
        context.drawImage(image, 0, 0);
        const origin = document.querySelector('#receipt')!.getBoundingClientRect();
        const darkAt = (x: number, y: number): boolean => {
          const [r = 255, g = 255, b = 255] = context.getImageData(
            Math.floor(x - origin.left),
            Math.floor(y - origin.top),
            1,
            1,
          ).data;
          return r + g + b < 3 * 128;
        };

        const qrMismatches = qrs.map((modules, index) => {
          const svg = document.querySelector(`[data-qr="${index}"]`)!;
          const box = svg.getBoundingClientRect();
          const size = Number(svg.getAttribute('data-module'));
          const quiet = Number(svg.getAttribute('data-quiet'));
          let wrong = 0;
          modules.forEach((row, r) =>
            row.forEach((dark, c) => {
              const x = box.left + (c + quiet + 0.5) * size;
              const y = box.top + (r + quiet + 0.5) * size;
              if (darkAt(x, y) !== dark) wrong += 1;
            }),
          );
          return wrong;
        });

        const barcodeMismatches = [...document.querySelectorAll('[data-barcode]')].map((svg) => {
          const box = svg.getBoundingClientRect();
          const modules = svg.getAttribute('data-modules') ?? '';
          const width = Number(svg.getAttribute('data-module'));
          let wrong = 0;
          [...modules].forEach((bit, i) => {
            if (darkAt(box.left + (i + 0.5) * width, box.top + box.height / 2) !== (bit === '1')) {
              wrong += 1;
            }
          });
          return wrong;
        });

        const imageDarkPixels = [...document.querySelectorAll('[data-image]')].map((svg) => {
          const box = svg.getBoundingClientRect();
          let dark = 0;
          for (let y = box.top; y < box.bottom; y += 1) {
            for (let x = box.left; x < box.right; x += 1) if (darkAt(x, y)) dark += 1;
          }
          return dark;
        });

        // A character without a glyph in the page's fonts is drawn as the same box as a
        // private-use code point no font has: compare their pixels.
        const font = getComputedStyle(document.querySelector('#receipt')!).fontFamily;
        const glyph = (char: string): string => {
          const probe = document.createElement('canvas');
          probe.width = 48;
          probe.height = 48;
          const c = probe.getContext('2d')!;
          c.font = `32px ${font}`;
          c.fillText(char, 4, 36);
          return probe.toDataURL();
        };
        const box = glyph('\u{10FFFD}');
        const missingGlyphs = text.filter((char) => glyph(char) === box);
        return { missingGlyphs, qrMismatches, barcodeMismatches, imageDarkPixels };
      },
      { dataUrl: `data:image/png;base64,${picture.png.toString('base64')}`, qrs, text },
    );
  }
}
