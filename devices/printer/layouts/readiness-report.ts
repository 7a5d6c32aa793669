import type { IdReaderStatus, PrinterStatus } from '../../../src/domain/device-status.js';
import { escpos } from '../escpos.js';
import { paperSpec } from '../wrap.js';
import { code128Dots, columnsOf, labelValueLines, printLogo, wrappedLines } from './common.js';
import type { LayoutOptions } from './common.js';

/** One sync queue's backlog, e.g. `{ name: 'tickets', pending: 3 }`. */
export interface SyncBacklog {
  readonly name: string;
  /** Records waiting to be sent to the branch service. */
  readonly pending: number;
}

/**
 * What a technician's readiness report shows: the kiosk, when, each device in the CEN/XFS words
 * of src/domain/device-status.ts, and the sync backlog, all passed in as data (the report reads
 * nothing itself). Labels are English on purpose: the XFS words are, and so is the field
 * engineer's checklist.
 */
export interface ReadinessReport {
  readonly kioskId: string;
  /** e.g. "2026-11-27 03:50". */
  readonly printedAtText: string;
  readonly printer: PrinterStatus;
  /** Omitted on a kiosk without an ID-card reader. */
  readonly idReader?: IdReaderStatus;
  readonly syncBacklog: readonly SyncBacklog[];
  /** Heading; default "READINESS REPORT". */
  readonly title?: string;
}

const BARCODE_MODULE_WIDTH = 2;
const BARCODE_HEIGHT = 48;

/**
 * The complete ESC/POS job for a readiness report: a heading, label-value rows (kiosk, time,
 * printer device and paper states, cover, cutter, ID reader, then one row per sync queue and
 * their total), the kiosk id as a CODE128 bar code for the asset register when it fits, and a
 * partial cut.
 */
export function renderReadinessReportJob(
  report: ReadinessReport,
  options: LayoutOptions = {},
): Uint8Array {
  for (const queue of report.syncBacklog) {
    if (!Number.isInteger(queue.pending) || queue.pending < 0) {
      throw new RangeError(
        `sync backlog "${queue.name}" must be a whole number ≥ 0, got ${queue.pending}; ` +
          'pass the count of records waiting to be sent',
      );
    }
  }
  const columns = columnsOf(options);
  const job = escpos().initialize().chineseMode(true).align('center');
  const row = (label: string, value: string): void => {
    for (const line of labelValueLines(label, value, columns)) job.line(line);
  };
  printLogo(job, options);
  job.size(1, 2).bold(true);
  wrappedLines(job, report.title ?? 'READINESS REPORT', 1, options);
  job.size(1, 1).bold(false).lf().align('left');

  row('Kiosk', report.kioskId);
  row('Time', report.printedAtText);
  job.line('-'.repeat(columns));
  row('Printer', report.printer.device);
  row('Paper', report.printer.paper);
  row('Cover', report.printer.coverOpen ? 'open' : 'closed');
  row('Cutter', report.printer.cutterError ? 'error' : 'ok');
  if (report.idReader !== undefined) {
    row('ID reader', report.idReader.device);
    row('ID card', report.idReader.media);
    row('SAM', report.idReader.sam);
  }
  job.line('-'.repeat(columns));
  job.line('Sync backlog');
  for (const queue of report.syncBacklog) row(`  ${queue.name}`, String(queue.pending));
  const total = report.syncBacklog.reduce((sum, queue) => sum + queue.pending, 0);
  row('  total', String(total));
  job.lf();

  if (fitsAsBarcode(report.kioskId, paperSpec(options.paper ?? 80).dots)) {
    job.align('center').code128(report.kioskId, {
      height: BARCODE_HEIGHT,
      moduleWidth: BARCODE_MODULE_WIDTH,
      hri: 'below',
    });
    job.lf();
  }

  return job
    .chineseMode(false)
    .align('left')
    .feedAndCut(options.cutFeed ?? 3, 'partial')
    .build();
}

/** Printable ASCII that fits the paper: a printer silently drops a bar code wider than it. */
function fitsAsBarcode(data: string, dots: number): boolean {
  return /^[\x20-\x7e]{1,40}$/.test(data) && code128Dots(data, BARCODE_MODULE_WIDTH) <= dots;
}
