import { escpos } from './escpos.js';
import type { QrErrorCorrection } from './escpos.js';

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

export interface TicketJobOptions {
  /** QR module size in dots, 1..16. Default 6. */
  readonly qrModuleSize?: number;
  /** Default 'M'. */
  readonly qrErrorLevel?: QrErrorCorrection;
  /** Motion units fed after the cutting position before the partial cut. Default 3. */
  readonly cutFeed?: number;
}

// Replaced rather than rejected: a stray newline in a translated string must not cost a
// customer their ticket, and a control byte would be executed by the printer as a command.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;
const printable = (text: string): string => text.replace(CONTROL_CHARACTERS, ' ');

/**
 * The complete ESC/POS job for one queue ticket, as bytes. Pure, so it can be golden-tested and
 * replayed into the virtual printer. Every mode the job changes is set explicitly (ESC @ first),
 * so it prints the same whatever the previous job left behind.
 */
export function renderTicketJob(layout: TicketLayout, options: TicketJobOptions = {}): Uint8Array {
  const job = escpos().initialize().chineseMode(true).align('center');

  job.size(1, 1).bold(true).line(printable(layout.branchName)).bold(false);
  job.size(2, 2).line(printable(layout.businessTypeName));
  job.size(1, 1).lf();
  job.size(4, 4).bold(true).line(printable(layout.number)).bold(false);
  job.size(1, 1).lf();
  job.line(printable(layout.waitingAheadText));
  job.line(printable(layout.issuedAtText));

  if (layout.qrPayload !== '') {
    job
      .qrCode(layout.qrPayload, {
        moduleSize: options.qrModuleSize ?? 6,
        errorLevel: options.qrErrorLevel ?? 'M',
      })
      .lf();
  }
  for (const footer of layout.footerLines) job.line(printable(footer));

  return job
    .chineseMode(false)
    .align('left')
    .feedAndCut(options.cutFeed ?? 3, 'partial')
    .build();
}
