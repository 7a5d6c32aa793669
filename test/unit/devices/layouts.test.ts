import { describe, expect, it } from 'vitest';
import { renderFormSlipJob } from '../../../devices/printer/layouts/form-slip.js';
import type { FormSlip } from '../../../devices/printer/layouts/form-slip.js';
import { renderReadinessReportJob } from '../../../devices/printer/layouts/readiness-report.js';
import type { ReadinessReport } from '../../../devices/printer/layouts/readiness-report.js';
import { bitmapDot, bitmapFromRows, qrModules } from '../../../devices/printer/raster.js';
import { printedWidth } from '../../../devices/printer/wrap.js';
import { parseReceipts } from '../../../devices/sim/parse-receipts.js';
import type { Receipt, ReceiptImage } from '../../../devices/sim/receipt.js';
import { DEVICE_STATES, PAPER_STATES } from '../../../src/domain/device-status.js';

const slip: FormSlip = {
  title: '个人开户申请',
  formCode: 'F-0231',
  customerLabel: '客户：',
  customerName: '张三丰',
  submissionId: 'S-0190e8a2-7c1d',
  submittedAtText: '2026-11-27 09:30',
  footerLines: ['请持此单到柜台办理', 'Please take this slip to the counter'],
};

const only = (receipts: Receipt[]): Receipt => {
  expect(receipts).toHaveLength(1);
  const [receipt] = receipts;
  if (receipt === undefined) throw new Error('no receipt');
  return receipt;
};

/** The QR modules read back from a parsed raster image, sampling each module's centre. */
function modulesOf(image: ReceiptImage, moduleSize: number, quiet = 4): boolean[][] {
  if (image.data === undefined) throw new Error('image rows not kept');
  const bitmap = { width: image.width, height: image.height, data: image.data };
  const size = image.height / moduleSize - 2 * quiet;
  return Array.from({ length: size }, (_, r) =>
    Array.from({ length: size }, (_, c) =>
      bitmapDot(
        bitmap,
        (c + quiet) * moduleSize + (moduleSize >> 1),
        (r + quiet) * moduleSize + (moduleSize >> 1),
      ),
    ),
  );
}

function expectedModules(payload: string, level: 'L' | 'M' | 'Q' | 'H' = 'M'): boolean[][] {
  const qr = qrModules(payload, level);
  return Array.from({ length: qr.size }, (_, r) =>
    Array.from({ length: qr.size }, (_, c) => qr.dark(r, c)),
  );
}

describe('form slip layout', () => {
  it('prints the title, the form code large, the masked name, the QR, the time, the footer, a cut', () => {
    const receipt = only(parseReceipts(renderFormSlipJob(slip)));
    const row = (text: string, width = 1, height = 1, bold = false): Receipt['lines'][number] => ({
      text,
      width,
      height,
      align: 'center',
      bold,
    });
    expect(receipt.lines).toEqual([
      row('个人开户申请', 1, 1, true),
      row(''),
      row('F-0231', 3, 3, true),
      row(''),
      row('客户：张**'),
      row(''), // the LF after the QR code
      row('S-0190e8a2-7c1d'),
      row('2026-11-27 09:30'),
      row('请持此单到柜台办理'),
      row('Please take this slip to the counter'),
    ]);
    expect(receipt.qrCodes).toEqual(['S-0190e8a2-7c1d']);
    expect(receipt.qrPlacements).toEqual([5]);
    expect(receipt.cut).toBe('partial');
    expect(receipt.images).toBeUndefined();
  });

  it('never prints the whole name, Chinese or Latin', () => {
    const latin = only(
      parseReceipts(renderFormSlipJob({ ...slip, customerName: 'ZHANG Sanfeng' })),
    );
    expect(latin.lines.map((l) => l.text)).toContain('客户：Z***');
    const text = JSON.stringify(only(parseReceipts(renderFormSlipJob(slip))));
    expect(text).not.toContain('三丰');
  });

  it('on 58 mm paper wraps the long texts to 32 columns and narrows a long form code', () => {
    const long = {
      ...slip,
      title: '个人客户开立银行结算账户申请书（个人储蓄账户）',
      formCode: 'FORM-2026-00123',
    };
    const receipt = only(parseReceipts(renderFormSlipJob(long, { paper: 58 })));
    for (const line of receipt.lines) {
      expect(printedWidth(line.text) * line.width).toBeLessThanOrEqual(32);
    }
    expect(receipt.lines.slice(0, 2).map((l) => l.text)).toEqual([
      '个人客户开立银行结算账户申请书', // the opening bracket is kept off the line's end
      '（个人储蓄账户）',
    ]);
    const code = receipt.lines.find((l) => l.text === 'FORM-2026-00123');
    expect(code).toMatchObject({ width: 2, height: 3, bold: true }); // 15 × 3 = 45 > 32
    expect(receipt.lines.map((l) => l.text)).toContain('Please take this slip to the');
    expect(receipt.lines.map((l) => l.text)).toContain('counter');
  });

  it('raster QR: no GS ( k, an image that decodes back to the same modules', () => {
    const job = renderFormSlipJob(slip, { qr: 'raster', qrModuleSize: 5 });
    expect(Buffer.from(job).includes(Buffer.from([0x1d, 0x28, 0x6b]))).toBe(false);
    const receipt = only(parseReceipts(job));
    expect(receipt.qrCodes).toEqual([]);
    const [image, ...others] = receipt.images ?? [];
    expect(others).toEqual([]);
    if (image === undefined) throw new Error('no QR image');
    const size = qrModules(slip.submissionId, 'M').size;
    expect(image.height).toBe((size + 8) * 5);
    expect(image.width).toBe(Math.ceil(image.height / 8) * 8);
    expect(image.placement).toBe(5);
    expect(modulesOf(image, 5)).toEqual(expectedModules(slip.submissionId));
    // The text around it is the same as with the native QR.
    const native = only(parseReceipts(renderFormSlipJob(slip)));
    expect(receipt.lines).toEqual(native.lines);
  });

  it('raster QR on 58 mm shrinks the modules to fit 384 dots', () => {
    const receipt = only(
      parseReceipts(renderFormSlipJob(slip, { qr: 'raster', qrModuleSize: 16, paper: 58 })),
    );
    const image = receipt.images?.[0];
    if (image === undefined) throw new Error('no QR image');
    expect(image.height).toBeLessThanOrEqual(384);
    const moduleSize = image.height / (qrModules(slip.submissionId).size + 8);
    expect(Number.isInteger(moduleSize)).toBe(true);
    expect(modulesOf(image, moduleSize)).toEqual(expectedModules(slip.submissionId));
  });

  it('prints a logo first when given, and refuses one wider than the paper', () => {
    const logo = bitmapFromRows(['#'.repeat(40), '#......#', '#'.repeat(40)]);
    const receipt = only(parseReceipts(renderFormSlipJob(slip, { logo })));
    expect(receipt.images).toEqual([
      { width: 40, height: 3, scale: 'normal', data: logo.data, placement: 0 },
    ]);
    const wide = bitmapFromRows(['#'.repeat(400)]);
    expect(() => renderFormSlipJob(slip, { logo: wide, paper: 58 })).toThrow(/384/);
  });

  it('a slip without a submission id is refused, not printed without its QR', () => {
    expect(() => renderFormSlipJob({ ...slip, submissionId: ' ' })).toThrow(/submission id/);
  });

  it('control characters in caller texts print as spaces', () => {
    const receipt = only(
      parseReceipts(renderFormSlipJob({ ...slip, footerLines: ['a\u001dV\u0000b'] })),
    );
    expect(receipt.lines.at(-1)?.text).toBe('a V b');
  });
});

const report: ReadinessReport = {
  kioskId: 'K-0012',
  printedAtText: '2026-11-27 03:50',
  printer: { device: 'online', paper: 'low', coverOpen: false, cutterError: false },
  idReader: { device: 'online', media: 'noCard', sam: 'ok' },
  syncBacklog: [
    { name: 'tickets', pending: 3 },
    { name: 'forms', pending: 12 },
  ],
};

const padded = (label: string, value: string, columns = 48): string =>
  label + ' '.repeat(columns - printedWidth(label) - printedWidth(value)) + value;

describe('readiness report layout', () => {
  it('prints the kiosk, the time, XFS states, paper, the backlog, the kiosk bar code and a cut', () => {
    const receipt = only(parseReceipts(renderReadinessReportJob(report)));
    expect(receipt.lines[0]).toEqual({
      text: 'READINESS REPORT',
      width: 1,
      height: 2,
      align: 'center',
      bold: true,
    });
    const rule = '-'.repeat(48);
    expect(receipt.lines.slice(1).map((l) => l.text)).toEqual([
      '',
      padded('Kiosk', 'K-0012'),
      padded('Time', '2026-11-27 03:50'),
      rule,
      padded('Printer', 'online'),
      padded('Paper', 'low'),
      padded('Cover', 'closed'),
      padded('Cutter', 'ok'),
      padded('ID reader', 'online'),
      padded('ID card', 'noCard'),
      padded('SAM', 'ok'),
      rule,
      'Sync backlog',
      padded('  tickets', '3'),
      padded('  forms', '12'),
      padded('  total', '15'),
      '',
      '', // the LF after the bar code
    ]);
    expect(receipt.lines.slice(1).every((l) => l.align === 'left' || l.text === '')).toBe(true);
    expect(receipt.barcodes).toEqual([
      {
        symbology: 'CODE128',
        data: 'K-0012',
        hri: 'below',
        height: 48,
        moduleWidth: 2,
        placement: 18,
      },
    ]);
    expect(receipt.cut).toBe('partial');
  });

  it('names every CEN/XFS device and paper state as the vocabulary spells it', () => {
    for (const device of DEVICE_STATES) {
      for (const paper of PAPER_STATES) {
        const job = renderReadinessReportJob(
          { ...report, printer: { ...report.printer, device, paper } },
          { paper: 58 },
        );
        const lines = only(parseReceipts(job)).lines.map((l) => l.text);
        expect(lines).toContain(padded('Printer', device, 32));
        expect(lines).toContain(padded('Paper', paper, 32));
      }
    }
  });

  it('reports a cover open and a cutter error, and leaves the ID reader out when there is none', () => {
    const { idReader: _omitted, ...withoutReader } = report;
    const job = renderReadinessReportJob({
      ...withoutReader,
      printer: { device: 'userError', paper: 'out', coverOpen: true, cutterError: true },
    });
    const lines = only(parseReceipts(job)).lines.map((l) => l.text);
    expect(lines).toContain(padded('Cover', 'open'));
    expect(lines).toContain(padded('Cutter', 'error'));
    expect(lines.some((l) => l.startsWith('ID reader'))).toBe(false);
  });

  it('fits 58 mm paper, wrapping a value too long for its row below the label', () => {
    const receipt = only(
      parseReceipts(
        renderReadinessReportJob(
          { ...report, kioskId: 'KIOSK-BEIJING-CHAOYANG-0012' },
          { paper: 58 },
        ),
      ),
    );
    for (const line of receipt.lines)
      expect(printedWidth(line.text) * line.width).toBeLessThanOrEqual(32);
    const texts = receipt.lines.map((l) => l.text);
    // 5 + 27 = 32 columns leave no space between label and value: the value goes below.
    const kiosk = texts.indexOf('Kiosk');
    expect(texts[kiosk + 1]).toBe('  KIOSK-BEIJING-CHAOYANG-0012');
    const longer = only(
      parseReceipts(
        renderReadinessReportJob(
          { ...report, printedAtText: '2026年11月27日 星期五 03:50:12' },
          { paper: 58 },
        ),
      ),
    ).lines.map((l) => l.text);
    const at = longer.indexOf('Time');
    expect(at).toBeGreaterThan(0);
    expect(longer[at + 1]).toBe('  2026年11月27日 星期五 03:50:12');
  });

  it('leaves out the bar code when the kiosk id cannot be one or would not fit', () => {
    const chinese = only(
      parseReceipts(renderReadinessReportJob({ ...report, kioskId: '朝阳支行一号机' })),
    );
    expect(chinese.barcodes).toBeUndefined();
    const long = only(
      parseReceipts(
        renderReadinessReportJob({ ...report, kioskId: 'K'.repeat(30) }, { paper: 58 }),
      ),
    );
    expect(long.barcodes).toBeUndefined();
    expect(long.lines.map((l) => l.text)).toContain(`  ${'K'.repeat(30)}`); // still printed as text
  });

  it('refuses a backlog count that is not a whole number ≥ 0', () => {
    for (const pending of [-1, 1.5, Number.NaN]) {
      expect(() =>
        renderReadinessReportJob({ ...report, syncBacklog: [{ name: 'forms', pending }] }),
      ).toThrow(/sync backlog "forms"/);
    }
  });
});
