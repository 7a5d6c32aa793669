/**
 * Why a ticket did not print, as data: a CEN/XFS failure reason, the printer status, where it
 * failed and whether the printer dropped the rest of the job. The technician's sentence comes
 * from the catalogue (src/i18n/technician/devices.ts) by `event` and `fields`, so a log can
 * show it in the technician's language; `message` holds the English one.
 */
import type { PrintFailureReason, PrinterStatus } from '../../src/domain/device-status.js';
import { technicianSentence } from '../../src/i18n/technician.js';

/**
 * Where a print failed: `precheck` = nothing was sent, the ticket was not printed at all;
 * `job` = the job was (at least partly) sent, so a partial ticket may be in the printer.
 */
export type PrinterErrorStage = 'precheck' | 'job';

/** The catalogue events a PrinterError's sentence comes from. */
export type PrinterErrorEvent =
  | 'printer.paperOut'
  | 'printer.coverOpen'
  | 'printer.cutterError'
  | 'printer.offline'
  | 'printer.hardwareError'
  | 'printer.notConfirmed';

export interface PrinterErrorDetails {
  /** Where the printer is: the transport's description (e.g. "serial /dev/ttyUSB0 @ 9600"). */
  readonly port: string;
  /** Why the printer did not answer or confirm, when it did not (a reason, not a sentence). */
  readonly why?: string | undefined;
  /** Stage `job` only: see {@link PrinterError.jobCleared}. */
  readonly jobCleared?: boolean | undefined;
  /**
   * The printer reported ready but did not confirm the ticket: reason `hardwareError`, told
   * apart from a reported hardware error because the advice differs.
   */
  readonly notConfirmed?: boolean;
}

/** The fields of a PrinterError's catalogue sentence (also what a log line carries). */
export type PrinterErrorFields = {
  readonly port: string;
  readonly reason: PrintFailureReason;
  readonly stage: PrinterErrorStage;
  readonly why: string;
  readonly outcome: string;
  readonly cleared: string;
  readonly jobCleared?: boolean | undefined;
};

/** A print that did not succeed, with the printer state and what a technician should do. */
export class PrinterError extends Error {
  override readonly name = 'PrinterError';
  /**
   * Stage `job` only: whether the printer confirmed it dropped the rest of the job. If not, it
   * may print the rest once the fault is fixed, and that slip must not reach a customer.
   */
  readonly jobCleared: boolean | undefined;
  /** The catalogue event of the technician's sentence; log it with `fields`. */
  readonly event: PrinterErrorEvent;
  readonly fields: PrinterErrorFields;

  constructor(
    readonly reason: PrintFailureReason,
    readonly status: PrinterStatus,
    readonly stage: PrinterErrorStage,
    details: PrinterErrorDetails,
  ) {
    const event: PrinterErrorEvent = details.notConfirmed
      ? 'printer.notConfirmed'
      : `printer.${reason}`;
    const fields = printerErrorFields(reason, stage, details);
    super(technicianSentence('en', event, fields));
    this.jobCleared = details.jobCleared;
    this.event = event;
    this.fields = fields;
  }
}

function printerErrorFields(
  reason: PrintFailureReason,
  stage: PrinterErrorStage,
  details: PrinterErrorDetails,
): PrinterErrorFields {
  const cleared = technicianSentence(
    'en',
    details.jobCleared === true ? 'printer.jobCleared' : 'printer.jobNotCleared',
    {},
  );
  const outcome =
    stage === 'precheck'
      ? technicianSentence('en', 'printer.nothingPrinted', {})
      : technicianSentence('en', 'printer.ticketMayBeIncomplete', { cleared });
  const why =
    details.why ??
    technicianSentence(
      'en',
      reason === 'offline' ? 'printer.reportsOffline' : 'printer.noReasonGiven',
      {},
    );
  return {
    port: details.port,
    reason,
    stage,
    why,
    outcome,
    cleared,
    ...(stage === 'job' ? { jobCleared: details.jobCleared === true } : {}),
  };
}
