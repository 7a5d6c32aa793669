/**
 * Receipts as PNG artefacts (test-results/receipts/*.png): the queue ticket, the technician test
 * page, and a slip with bar codes, a raster QR code and a logo, each rasterised by Chromium from
 * the virtual printer's parse of the real job bytes, then read back and checked pixel by pixel
 * (QR modules, bars, images) and glyph by glyph (no missing-glyph boxes in the Chinese text).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escpos } from '../../devices/printer/escpos.js';
import { renderFormSlipJob } from '../../devices/printer/layouts/form-slip.js';
import { bitmapFromRows } from '../../devices/printer/raster.js';
import { renderTestPage } from '../../devices/printer/test-page.js';
import { renderTicketJob } from '../../devices/printer/ticket.js';
import { parseReceipts } from '../../devices/sim/parse-receipts.js';
import type { Receipt } from '../../devices/sim/receipt.js';
import { ReceiptRasteriser } from '../support/receipt-png.js';
import { layout } from '../unit/devices/ticket-layout.js';

let rasteriser: ReceiptRasteriser;
beforeAll(async () => {
  rasteriser = await ReceiptRasteriser.launch();
});
afterAll(async () => {
  await rasteriser?.close();
});

function only(job: Uint8Array): Receipt {
  const receipts = parseReceipts(job, { chineseByDefault: false });
  expect(receipts).toHaveLength(1);
  return receipts[0]!;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A 48 × 16 logo: a frame with a bar across. */
const LOGO = bitmapFromRows(
  Array.from({ length: 16 }, (_, y) =>
    Array.from({ length: 48 }, (_, x) =>
      y === 0 || y === 15 || x === 0 || x === 47 || (y >= 6 && y <= 9) ? '#' : '.',
    ).join(''),
  ),
);

describe('receipts as PNG, rasterised by Chromium', () => {
  it('the queue ticket: 576 dots wide, Chinese text in real glyphs, the QR code module for module', async () => {
    const receipt = only(renderTicketJob(layout));
    const picture = await rasteriser.picture(receipt, 'queue-ticket');
    expect(picture.png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(picture.width).toBe(576);
    expect(picture.height).toBeGreaterThan(400);
    const check = await rasteriser.check(receipt, picture);
    expect(check.missingGlyphs).toEqual([]);
    expect(check.qrMismatches).toEqual([0]);
  });

  it('the technician test page', async () => {
    const receipt = only(renderTestPage());
    const picture = await rasteriser.picture(receipt, 'test-page');
    expect(picture.width).toBe(576);
    const check = await rasteriser.check(receipt, picture);
    expect(check.missingGlyphs).toEqual([]);
    expect(check.qrMismatches.every((n) => n === 0)).toBe(true);
  });

  it('a slip with a logo, a raster QR code and CODE128 / EAN-13 bar codes, on 58 mm paper', async () => {
    const slip = renderFormSlipJob(
      {
        title: '个人开户申请',
        formCode: 'F-0231',
        customerLabel: '客户：',
        customerName: '张三丰',
        submissionId: 'S-0190e8a2-7c1d',
        submittedAtText: '2026-11-27 09:30',
        footerLines: ['请持此单到柜台办理'],
      },
      { qr: 'raster', logo: LOGO, paper: 58 },
    );
    const withBarcodes = escpos()
      .initialize()
      .chineseMode(true)
      .align('center')
      .line('条码 / Bar codes')
      .code128('S-0190E8A2', { moduleWidth: 2, height: 60 })
      .lf()
      // GS k 67 13 d…: EAN-13 (the builder has no helper for it; printers take it as is).
      .raw([0x1d, 0x6b, 67, 13, ...Buffer.from('4006381333931', 'ascii')])
      .lf()
      .cut('partial')
      .build();
    const [form, codes] = parseReceipts([slip, withBarcodes], { chineseByDefault: false });
    expect(form?.images?.length).toBe(2);
    expect(codes?.barcodes?.map((b) => b.symbology)).toEqual(['CODE128', 'EAN13']);

    const formPicture = await rasteriser.picture(form!, 'form-slip-58mm', { paperDots: 384 });
    expect(formPicture.width).toBe(384);
    const formCheck = await rasteriser.check(form!, formPicture);
    expect(formCheck.missingGlyphs).toEqual([]);
    // The logo and the raster QR code are drawn, not left blank.
    expect(formCheck.imageDarkPixels).toHaveLength(2);
    expect(formCheck.imageDarkPixels.every((n) => n > 100)).toBe(true);

    const codesPicture = await rasteriser.picture(codes!, 'bar-codes', { paperDots: 384 });
    const codesCheck = await rasteriser.check(codes!, codesPicture);
    expect(codesCheck.barcodeMismatches).toEqual([0, 0]);
    expect(codesCheck.missingGlyphs).toEqual([]);
  });
});
