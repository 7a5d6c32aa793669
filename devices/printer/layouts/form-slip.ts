import { maskName } from '../../../src/log/mask.js';
import { escpos } from '../escpos.js';
import { fittingWidth, printLogo, printQr, wrappedLines } from './common.js';
import type { LayoutOptions } from './common.js';

/**
 * The slip a customer takes to the counter after submitting a form at the kiosk. Texts arrive
 * already localised; the customer's name arrives whole and is masked here, so a slip left on
 * the counter never shows it.
 */
export interface FormSlip {
  /** e.g. "个人开户申请". */
  readonly title: string;
  /** The code the counter keys in, e.g. "F-0231"; printed large. */
  readonly formCode: string;
  /** e.g. "客户：", printed before the masked name. */
  readonly customerLabel: string;
  /** The customer's full name; printed masked (family name kept, the rest as '*'). */
  readonly customerName: string;
  /** The submission id: the QR code carries it, and it is printed small below for keying in. */
  readonly submissionId: string;
  /** e.g. "2026-11-27 09:30". */
  readonly submittedAtText: string;
  readonly footerLines: readonly string[];
}

/** The largest width factor of the form code: 3 × 3 is about 9 mm tall, 16 columns on 80 mm. */
const FORM_CODE_SIZE = 3;

/**
 * The complete ESC/POS job for a form slip: the title, the form code large and bold, the masked
 * name, the QR code of the submission id (native or raster by the options) with the id below
 * it, the time, the footer, and a partial cut. Pure and golden-testable like the ticket.
 */
export function renderFormSlipJob(slip: FormSlip, options: LayoutOptions = {}): Uint8Array {
  if (slip.submissionId.trim() === '') {
    throw new RangeError(
      'a form slip needs the submission id: its QR code is what the counter scans',
    );
  }
  const job = escpos().initialize().chineseMode(true).align('center');
  printLogo(job, options);

  job.size(1, 1).bold(true);
  wrappedLines(job, slip.title, 1, options).bold(false);
  job.lf();
  const codeWidth = fittingWidth(slip.formCode, FORM_CODE_SIZE, options);
  job.size(codeWidth, FORM_CODE_SIZE).bold(true);
  wrappedLines(job, slip.formCode, codeWidth, options).bold(false);
  job.size(1, 1).lf();
  wrappedLines(job, `${slip.customerLabel}${maskName(slip.customerName)}`, 1, options);

  printQr(job, slip.submissionId, options).lf();
  wrappedLines(job, slip.submissionId, 1, options);
  wrappedLines(job, slip.submittedAtText, 1, options);
  for (const footer of slip.footerLines) wrappedLines(job, footer, 1, options);

  return job
    .chineseMode(false)
    .align('left')
    .feedAndCut(options.cutFeed ?? 3, 'partial')
    .build();
}
