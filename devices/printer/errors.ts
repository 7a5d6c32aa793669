/**
 * Why a ticket did not print, as data: a CEN/XFS failure reason, the printer status, where it
 * failed and whether the printer dropped the rest of the job. The technician's sentence comes
 * from the catalogue (src/i18n/technician/devices.ts) by `event` and `fields`, so a log can
 * show it in the technician's language; `message` holds the English one, for developers.
 */
import type { PrintFailureReason, PrinterStatus } from '../../src/domain/device-status.js';
import { technicianSentence } from '../../src/i18n/technician.js';
import type { TechnicianEvent } from '../../src/i18n/technician.js';
import { describeReason, deviceReason, reasonFields } from '../engine/reason.js';
import type { DeviceReason } from '../engine/reason.js';

/**
 * Where a print failed: `precheck` = nothing was sent, the ticket was not printed at all;
 * `job` = the job was (at least partly) sent, so a partial ticket may be in the printer.
 */
export type PrinterErrorStage = 'precheck' | 'job';

/**
 * The catalogue event a PrinterError's sentence comes from: the failure, then how it ended for
 * the customer (src/i18n/technician/devices.ts): no suffix = nothing was printed; `.jobCleared`
 * / `.jobNotCleared` = the ticket may be incomplete, and the printer did or did not confirm it
 * dropped the rest of the job.
 */
export type PrinterErrorEvent = Extract<
  TechnicianEvent,
  | `printer.${PrintFailureReason}`
  | `printer.${PrintFailureReason | 'notConfirmed'}${'.jobCleared' | '.jobNotCleared'}`
>;

export interface PrinterErrorDetails {
  /** The job that failed (see ThermalPrinter.printJob): every event about it carries it. */
  readonly jobId?: string | undefined;
  /** Where the printer is: the transport's description (e.g. "serial /dev/ttyUSB0 @ 9600"). */
  readonly port: string;
  /** Why the printer did not answer or confirm, when it did not (a reason, not a sentence). */
  readonly why?: DeviceReason | undefined;
  /** Stage `job` only: see {@link PrinterError.jobCleared}. */
  readonly jobCleared?: boolean | undefined;
  /**
   * The printer reported ready but did not confirm the ticket: reason `hardwareError`, told
   * apart from a reported hardware error because the advice differs.
   */
  readonly notConfirmed?: boolean;
}

/**
 * The fields of a PrinterError's catalogue sentence (also what a log line carries): plain data,
 * the same in every language. `cause` and its fields say why a silent printer is silent.
 */
export type PrinterErrorFields = {
  readonly port: string;
  /** The failed job's id, when the error is about a job. */
  readonly jobId?: string | undefined;
  readonly reason: PrintFailureReason;
  readonly stage: PrinterErrorStage;
  readonly jobCleared?: boolean | undefined;
  /** The innermost reason's catalogue event, e.g. `device.replyTimedOut`. */
  readonly cause: string;
  readonly [field: string]: string | number | boolean | null | undefined;
};

/**
 * A print that did not succeed, with the printer state and what a technician should do. Log it
 * with `logEvent(logger, error.event, error.fields)`; `message` is the English sentence, for
 * developers.
 */
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
  /** Why the printer did not answer or confirm, as data (undefined when it said why itself). */
  readonly why: DeviceReason | undefined;
  /** The failed job's id (see ThermalPrinter.printJob). */
  readonly jobId: string | undefined;

  constructor(
    readonly reason: PrintFailureReason,
    readonly status: PrinterStatus,
    readonly stage: PrinterErrorStage,
    details: PrinterErrorDetails,
  ) {
    const failure = details.notConfirmed ? 'notConfirmed' : reason;
    const outcome =
      stage === 'precheck' ? '' : details.jobCleared === true ? '.jobCleared' : '.jobNotCleared';
    const event = `printer.${failure}${outcome}` as PrinterErrorEvent;
    const why = whyOf(reason, details);
    const fields: PrinterErrorFields = {
      ...reasonFields(why),
      port: details.port,
      ...(details.jobId === undefined ? {} : { jobId: details.jobId }),
      reason,
      stage,
      ...(stage === 'job' ? { jobCleared: details.jobCleared === true } : {}),
    };
    // The English sentence, with why the printer is silent in words: for developers.
    const sentence = technicianSentence('en', event, fields);
    super(details.why === undefined ? sentence : `${sentence} (${describeReason(why)})`);
    this.jobCleared = details.jobCleared;
    this.event = event;
    this.fields = fields;
    this.why = details.why;
    this.jobId = details.jobId;
  }
}

/** Why, as a reason: the one found, else what the status itself says. */
function whyOf(reason: PrintFailureReason, details: PrinterErrorDetails): DeviceReason {
  return (
    details.why ??
    deviceReason(reason === 'offline' ? 'printer.reportsOffline' : 'printer.noReasonGiven')
  );
}
