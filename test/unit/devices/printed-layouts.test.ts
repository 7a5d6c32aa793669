/**
 * The new layouts come out of the virtual printer the driver prints to, graphics included: what
 * the technician's readiness report and a form slip look like to the device end.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { renderFormSlipJob, renderReadinessReportJob } from '../../../devices/printer/index.js';
import { cleanUp, setup } from './printer-harness.js';

afterEach(cleanUp);

describe('printed layouts through the driver and the virtual printer', () => {
  it('a readiness report prints with the kiosk id as a CODE128 bar code', async () => {
    const { sim, driver } = await setup({ jobTimeoutMs: 10_000 });
    const job = renderReadinessReportJob({
      kioskId: 'KIOSK-07',
      printedAtText: '2026-11-27 04:00',
      printer: { device: 'online', paper: 'low', coverOpen: false, cutterError: false },
      syncBacklog: [{ name: 'tickets', pending: 3 }],
    });
    await driver.printJob(job);
    const [receipt] = sim.receipts();
    expect(receipt?.barcodes?.map((b) => [b.symbology, b.data])).toEqual([['CODE128', 'KIOSK-07']]);
    expect(receipt?.lines.map((l) => l.text).join('\n')).toMatch(/low/);
  });

  it('a form slip prints a raster QR when the printer has no native QR', async () => {
    const { sim, driver } = await setup({ jobTimeoutMs: 10_000 });
    const job = renderFormSlipJob(
      {
        title: '个人开户申请',
        formCode: 'F-102',
        customerLabel: '客户：',
        customerName: '张三丰',
        submissionId: '01890000-0000-7000-8000-000000000001',
        submittedAtText: '2026-11-27 04:00',
        footerLines: ['请到柜台办理'],
      },
      { qr: 'raster', paper: 58 },
    );
    await driver.printJob(job);
    const [receipt] = sim.receipts();
    const text = receipt?.lines.map((l) => l.text).join('\n') ?? '';
    expect(text).toContain('F-102');
    expect(text).toContain('张**');
    expect(text).not.toContain('张三丰');
    expect(receipt?.qrCodes ?? []).toEqual([]);
    expect(receipt?.images?.length).toBe(1);
  });
});
