import { describe, expect, it } from 'vitest';
import { bitmapDot, bitmapFromRows, qrModules } from '../../../devices/printer/raster.js';
import { renderTicketJob } from '../../../devices/printer/ticket.js';
import { printedWidth } from '../../../devices/printer/wrap.js';
import { parseReceipts } from '../../../devices/sim/parse-receipts.js';
import type { Receipt } from '../../../devices/sim/receipt.js';
import { hex } from './hex.js';
import { layout } from './ticket-layout.js';

const only = (job: Uint8Array): Receipt => {
  const receipts = parseReceipts(job);
  expect(receipts).toHaveLength(1);
  const [receipt] = receipts;
  if (receipt === undefined) throw new Error('no receipt');
  return receipt;
};

describe('queue ticket on 58 and 80 mm paper', () => {
  it('a ticket whose lines fit is byte for byte the same on either paper', () => {
    expect(hex(renderTicketJob(layout, { paper: 58 }))).toBe(hex(renderTicketJob(layout)));
    expect(hex(renderTicketJob(layout, { paper: 80 }))).toBe(hex(renderTicketJob(layout)));
  });

  it('wraps a long branch name and footer to the paper, never past its edge', () => {
    const long = {
      ...layout,
      branchName: '中国XX银行股份有限公司北京市朝阳区建国路支行',
      footerLines: ['Please keep this ticket and wait for your number to be called'],
    };
    const receipt = only(renderTicketJob(long, { paper: 58 }));
    for (const line of receipt.lines) {
      expect(printedWidth(line.text) * line.width).toBeLessThanOrEqual(32);
    }
    const texts = receipt.lines.map((l) => l.text);
    expect(texts.slice(0, 2)).toEqual(['中国XX银行股份有限公司北京市朝阳', '区建国路支行']);
    expect(receipt.lines.slice(0, 2).every((l) => l.bold)).toBe(true);
    expect(texts.slice(-2)).toEqual([
      'Please keep this ticket and wait',
      'for your number to be called',
    ]);
  });

  it('prints a business type too long for double width at single width, still double height', () => {
    const receipt = only(
      renderTicketJob({ ...layout, businessTypeName: '对公业务及外汇结算' }, { paper: 58 }),
    );
    // 9 characters = 18 columns: × 2 = 36 > 32, × 1 fits.
    expect(receipt.lines[1]).toMatchObject({ text: '对公业务及外汇结算', width: 1, height: 2 });
    const wrapped = only(
      renderTicketJob(
        { ...layout, businessTypeName: '个人外汇业务及跨境人民币结算咨询服务' },
        { paper: 58 },
      ),
    );
    expect(wrapped.lines.slice(1, 3)).toMatchObject([
      { text: '个人外汇业务及跨境人民币结算咨询', width: 1, height: 2 },
      { text: '服务', width: 1, height: 2 },
    ]);
  });

  it('qr: raster prints the same QR as an image instead of GS ( k', () => {
    const job = renderTicketJob(layout, { qr: 'raster', qrModuleSize: 4, qrErrorLevel: 'Q' });
    expect(hex(job)).not.toContain('1D 28 6B');
    const receipt = only(job);
    const native = only(renderTicketJob(layout, { qrModuleSize: 4, qrErrorLevel: 'Q' }));
    expect(receipt.lines).toEqual(native.lines);
    expect(receipt.qrCodes).toEqual([]);
    const image = receipt.images?.[0];
    if (image?.data === undefined) throw new Error('no QR image');
    expect(image.placement).toBe(native.qrPlacements[0]);
    const qr = qrModules(layout.qrPayload, 'Q');
    const bitmap = { width: image.width, height: image.height, data: image.data };
    for (let r = 0; r < qr.size; r++) {
      for (let c = 0; c < qr.size; c++) {
        expect(bitmapDot(bitmap, (c + 4) * 4 + 2, (r + 4) * 4 + 2)).toBe(qr.dark(r, c));
      }
    }
  });

  it('prints a logo at the top when given one', () => {
    const logo = bitmapFromRows(['########', '#......#', '########']);
    const receipt = only(renderTicketJob(layout, { logo }));
    expect(receipt.images).toEqual([
      { width: 8, height: 3, scale: 'normal', data: logo.data, placement: 0 },
    ]);
  });
});
