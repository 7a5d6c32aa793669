import { escpos } from './escpos.js';
import { fittingWidth, printLogo, printQr, wrappedLines } from './layouts/common.js';
import type { LayoutOptions } from './layouts/common.js';

/** What goes on a queue ticket. Texts arrive already localised (Chinese or English). */
export interface TicketLayout {
  readonly branchName: string;
  readonly businessTypeName: string;
  /** e.g. "A023"; printed 4×4 bold. */
  readonly number: string;
  /** e.g. "前面还有 5 人等候". */
  readonly waitingAheadText: string;
  /** e.g. "2025-03-01 09:30". */
  readonly issuedAtText: string;
  /** URL for following the queue on a phone; an empty string prints no QR code. */
  readonly qrPayload: string;
  readonly footerLines: readonly string[];
}

/**
 * Paper (80 mm by default), QR rendering (native by default), QR module size and error level,
 * the feed before the cut, and an optional logo: see {@link LayoutOptions}.
 */
export type TicketJobOptions = LayoutOptions;

/**
 * The complete ESC/POS job for one queue ticket, as bytes. Pure, so it can be golden-tested and
 * replayed into the virtual printer. Every mode the job changes is set explicitly (ESC @ first),
 * so it prints the same whatever the previous job left behind. Texts are wrapped to the paper;
 * a business type too long for double width prints at single width, still double height.
 */
export function renderTicketJob(layout: TicketLayout, options: TicketJobOptions = {}): Uint8Array {
  const job = escpos().initialize().chineseMode(true).align('center');
  printLogo(job, options);

  job.size(1, 1).bold(true);
  wrappedLines(job, layout.branchName, 1, options).bold(false);
  const typeWidth = fittingWidth(layout.businessTypeName, 2, options);
  job.size(typeWidth, 2);
  wrappedLines(job, layout.businessTypeName, typeWidth, options);
  job.size(1, 1).lf();
  job.size(4, 4).bold(true);
  wrappedLines(job, layout.number, 4, options).bold(false);
  job.size(1, 1).lf();
  wrappedLines(job, layout.waitingAheadText, 1, options);
  wrappedLines(job, layout.issuedAtText, 1, options);

  if (layout.qrPayload !== '') printQr(job, layout.qrPayload, options).lf();
  for (const footer of layout.footerLines) wrappedLines(job, footer, 1, options);

  return job
    .chineseMode(false)
    .align('left')
    .feedAndCut(options.cutFeed ?? 3, 'partial')
    .build();
}
