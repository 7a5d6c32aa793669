/**
 * ESC/POS thermal printer driver (design.md §4.1): prints queue tickets with "commit after
 * print" and reads status, over any {@link ByteTransport}, through the shared request/response
 * engine (devices/engine).
 */
import { randomUUID } from 'node:crypto';
import { printFailureReason } from '../../src/domain/device-status.js';
import type { PrintFailureReason, PrinterStatus } from '../../src/domain/device-status.js';
import { RequestEngine, eachByte } from '../engine/request-engine.js';
import { positiveMs, settledOrElapsed } from '../engine/timing.js';
import type { DeviceReason } from '../engine/reason.js';
import type { Answer } from '../engine/waitress.js';
import type { ByteTransport, TransportError } from '../transport/byte-transport.js';
import { AsbSplitter, automaticStatusBackRequest, rawStatusFromAsb } from './asb.js';
import { PrinterError } from './errors.js';
import type { PrinterErrorStage } from './errors.js';
import { clearResponseReply, distinguishable, paperSensorReply } from './replies.js';
import type { ReplyKind } from './replies.js';
import { PrinterStatusReader } from './status-reader.js';
import type { StatusRead } from './status-reader.js';
import { clearJobRequests, collapsePrinterStatus, paperSensorRequest } from './status.js';
import type { RawPrinterStatus } from './status.js';
import { StatusBit } from './framing.js';
import { renderTicketJob } from './ticket.js';
import type { TicketJobOptions, TicketLayout } from './ticket.js';

export { renderTicketJob } from './ticket.js';
export type { TicketJobOptions, TicketLayout } from './ticket.js';
export type { PrinterStatus } from './status.js';
export { PrinterError } from './errors.js';
export type { PrinterErrorStage } from './errors.js';

export interface ThermalPrinterOptions {
  /** Longest wait for one status reply. Default 2000 ms. */
  readonly commandTimeoutMs?: number;
  /**
   * Longest wait for a whole ticket: sending it and the printer confirming it is printed (the
   * GS r 1 barrier). Default 15000 ms: a ticket takes about 2 s at 9600 baud on a 150 mm/s head.
   */
  readonly jobTimeoutMs?: number;
  /**
   * How often real-time status is asked while waiting for a ticket's barrier, so a printer that
   * stopped mid-ticket (paper end, cover open, cutter) fails the ticket at once instead of after
   * `jobTimeoutMs`. Default 500 ms: the customer learns within about half a second, and one poll
   * (12 bytes out, 4 back) is a few per cent of a 9600 baud line.
   */
  readonly statusPollMs?: number;
  readonly ticket?: TicketJobOptions;
  /**
   * The printer sends Automatic Status Back (ESC/POS GS a n): the driver enables it when the
   * port opens and again with every job's barrier (a power cycle, and on some models ESC @,
   * turns it off), takes its 4-byte messages out of the reply stream, and publishes each change
   * at once, without waiting for a poll; a stop it reports mid-job fails the job at once. Only
   * for printers whose manual lists GS a: one that does not know it prints "a" and a byte.
   * Default false.
   */
  readonly automaticStatusBack?: boolean;
}

/** How a job is told apart in logs and errors. */
export interface PrintJobOptions {
  /** The job's id, carried by every event about it. Default: a new random one. */
  readonly jobId?: string;
}

/**
 * Stops the printer does not recover from by itself, so a barrier held behind one would only
 * time out: a poll that shows one ends the wait. Not `offline` alone (also set while the feed
 * button is held) and not `busy` (a hot head cools down and the job resumes). A `hardwareError`
 * ends it only when the printer says the error is unrecoverable (DLE EOT 3 bit 5, see
 * {@link stoppedForGood}): an error bit alone may be transient, and that ticket may still print.
 */
const STOPPED_MID_JOB: ReadonlySet<PrintFailureReason> = new Set<PrintFailureReason>([
  'paperOut',
  'coverOpen',
  'cutterError',
]);

/**
 * Whether a status read mid-job means the job will not finish by itself: a stop in
 * {@link STOPPED_MID_JOB}, a paper jam, or an error the printer will not recover from until it
 * is power-cycled (DLE EOT 3 bit 5).
 */
function stopsJob(raw: RawPrinterStatus, status: PrinterStatus): boolean {
  const reason = printFailureReason(status);
  return (
    (reason !== undefined && STOPPED_MID_JOB.has(reason)) ||
    status.paper === 'jammed' ||
    ((raw.error ?? 0) & StatusBit.unrecoverableError) !== 0
  );
}

type Reply = Answer<number> | { readonly ok: false; readonly why: DeviceReason };

/** A stop reported by ASB during a job, and who to tell. */
interface JobWatch {
  stopped?: PrinterStatus;
  notify?: (status: PrinterStatus) => void;
}

/** How the barrier wait ended: its reply, and the polled status if a poll ended it first. */
interface BarrierOutcome {
  readonly reply: Reply;
  readonly stopped?: PrinterStatus;
}

/**
 * ESC/POS thermal printer driver (design.md §4.1) over any {@link ByteTransport}.
 *
 * One command is in flight at a time (calls queue up in order) and every wait has a timeout, so
 * a dead printer costs a bounded delay, never a hang. The one overlap is inside a print: while
 * the GS r 1 barrier is awaited, real-time status (DLE EOT) is polled one request at a time,
 * which is what real-time commands are for. Replies are single bytes; a byte is taken as the
 * answer only if its fixed bits match the request, so noise, XON/XOFF or a stray byte is ignored
 * instead of becoming a made-up printer state, and a poll reply is never taken for the barrier's.
 */
export class ThermalPrinter {
  private readonly commandTimeoutMs: number;
  private readonly jobTimeoutMs: number;
  private readonly statusPollMs: number;
  private readonly ticketOptions: TicketJobOptions;
  private readonly engine: RequestEngine<number, ReplyKind>;
  private readonly status: PrinterStatusReader;
  private readonly asb: AsbSplitter | undefined;
  /**
   * Set from the moment a job is sent until its barrier is answered: a stop the printer reports
   * by itself (ASB) meanwhile is kept here, and ends the barrier's wait at once.
   */
  private jobWatch: JobWatch | undefined;

  constructor(
    private readonly transport: ByteTransport,
    options: ThermalPrinterOptions = {},
  ) {
    this.commandTimeoutMs = positiveMs('commandTimeoutMs', options.commandTimeoutMs ?? 2000);
    this.jobTimeoutMs = positiveMs('jobTimeoutMs', options.jobTimeoutMs ?? 15_000);
    this.statusPollMs = positiveMs('statusPollMs', options.statusPollMs ?? 500);
    this.ticketOptions = options.ticket ?? {};
    const asb = options.automaticStatusBack
      ? new AsbSplitter((message) => this.onAsb(message))
      : undefined;
    this.asb = asb;
    this.engine = new RequestEngine<number, ReplyKind>(transport, {
      decode: asb ? (chunk) => asb.split(chunk) : eachByte,
      canOverlap: distinguishable,
      name: 'ThermalPrinter',
    });
    this.status = new PrinterStatusReader(this.engine, transport, this.commandTimeoutMs);
  }

  /** Where the printer is, for logs: the transport's description. */
  get description(): string {
    return this.transport.description;
  }

  get isOpen(): boolean {
    return this.transport.isOpen;
  }

  /** Whether a query or print is running or queued (a supervisor polls only when idle). */
  get busy(): boolean {
    return this.engine.busy;
  }

  /** The status from the most recent query or print. */
  get lastStatus(): PrinterStatus {
    return this.status.lastStatus;
  }

  /** Bytes that arrived when no answer was expected or that were not valid answers (diagnostics). */
  get discardedByteCount(): number {
    return this.engine.discardedCount;
  }

  /** Called whenever a query or print yields a status different from the previous one. */
  onStatusChange(listener: (status: PrinterStatus) => void): () => void {
    return this.status.onStatusChange(listener);
  }

  /**
   * Called when the port closes: `error` set when it went away (unplugged), undefined after
   * `close()`. A supervisor reopens it.
   */
  onClose(listener: (error: TransportError | undefined) => void): () => void {
    return this.transport.onClose(listener);
  }

  /** Whether the driver asks the printer for Automatic Status Back (see the option). */
  get automaticStatusBack(): boolean {
    return this.asb !== undefined;
  }

  /**
   * Opens the transport; rejects with its TransportError (which says what to check). With
   * Automatic Status Back, enables it: the printer answers with its current status at once.
   */
  async open(): Promise<void> {
    const wasOpen = this.transport.isOpen;
    await this.transport.open();
    if (this.asb && !wasOpen) {
      // Not awaited: a printer stopped with data in its buffer acts on GS a only once it runs
      // again, and open() must not wait for that; polls report its status meanwhile.
      void this.transport.write(automaticStatusBackRequest()).catch(() => undefined);
    }
  }

  /** Closes the transport; a command in flight fails as `offline` at once. */
  async close(): Promise<void> {
    await this.transport.close();
  }

  /** Real-time status (DLE EOT 1..4). A printer that does not answer is `offline`. */
  queryStatus(): Promise<PrinterStatus> {
    return this.engine.exclusive(async () => (await this.status.read()).status);
  }

  /**
   * Prints one queue ticket and resolves with the printer status once the printer has confirmed
   * it (commit after print, design.md §4.1). Refuses before sending anything if the printer is
   * offline, its cover is open, it is out of paper or its cutter failed; throws
   * {@link PrinterError} whenever the ticket cannot be confirmed as printed and cut; a printer
   * that stops mid-ticket (paper end, cover, cutter) fails it within about `statusPollMs`, not
   * after `jobTimeoutMs`, because its status is polled while it prints. After a failure once the
   * job was sent, it flushes the port and clears the printer's buffers, so the rest of that
   * ticket does not print later for someone else (`PrinterError.jobCleared`).
   */
  async printTicket(layout: TicketLayout, options: PrintJobOptions = {}): Promise<PrinterStatus> {
    // Render first: a layout the encoder rejects must fail without touching the printer.
    const job = renderTicketJob(layout, this.ticketOptions);
    return this.printJob(job, options);
  }

  /**
   * Prints any rendered ESC/POS job (a test page, a form slip) exactly as a ticket is printed:
   * status precheck, the GS r 1 barrier with status polls, the job dropped on failure. A failed
   * job is never sent again by the driver: printing it again is the caller's decision (for a
   * ticket, the customer's), so its {@link PrinterError} carries the job's id.
   */
  printJob(job: Uint8Array, options: PrintJobOptions = {}): Promise<PrinterStatus> {
    const jobId = options.jobId ?? newPrintJobId();
    return this.engine.exclusive(() => this.runJob(job, jobId));
  }

  private async runJob(job: Uint8Array, jobId: string): Promise<PrinterStatus> {
    const before = await this.status.read();
    const refused = printFailureReason(before.status);
    if (refused) throw this.failure(jobId, refused, before.status, 'precheck', before.why);

    let outcome: BarrierOutcome;
    this.jobWatch = {};
    try {
      const sendFailure = await this.engine.send(job, this.jobTimeoutMs);
      outcome =
        sendFailure === undefined
          ? await this.awaitBarrier(this.jobWatch)
          : { reply: { ok: false, why: sendFailure.why } };
    } finally {
      this.jobWatch = undefined;
    }
    const barrier = outcome.reply;
    // A poll that ended the wait has just read all four status bytes: reading them again would
    // only cost time, and could find the fault already fixed with the job still held.
    const after: StatusRead = outcome.stopped
      ? { status: outcome.stopped, why: undefined }
      : await this.status.read(barrier.ok ? barrier.reply : undefined);
    const failed = printFailureReason(after.status);
    if (!failed && barrier.ok) {
      // A whole ticket went through since: a Clear response still to come is not expected any
      // more, and keeping the filter would eat the confirmation of a later clear.
      this.engine.forgetLate();
      return after.status;
    }

    // The customer is told the ticket did not print, so none of it may print later: drop the
    // rest of the job, or it comes out when the roll is replaced and the next customer takes it.
    // A printer that did not answer status will not answer the clear either: don't wait for it.
    const cleared = await this.discardJob(after.why === undefined);
    if (failed) {
      throw this.failure(jobId, failed, after.status, 'job', after.why ?? whyNot(barrier), cleared);
    }
    throw new PrinterError('hardwareError', after.status, 'job', {
      jobId,
      port: this.transport.description,
      why: whyNot(barrier),
      jobCleared: cleared,
      notConfirmed: true,
    });
  }

  /**
   * After a job failed once (part of) it was sent: flushes the port, so the rest of the job that
   * the OS still holds never reaches the printer and a late reply never reaches us, then asks
   * the printer to drop what it holds (see {@link clearJobRequests} for the commands and why).
   * Resolves with whether the printer confirmed it (Clear response); never throws.
   *
   * A Clear response that may still arrive unasked (the clear was sent without waiting, or its
   * wait timed out) is filtered as a late reply: its last two bytes are valid GS r 1 replies
   * (0x25 reads as paper end), so arriving during a later barrier it would fail a good ticket.
   */
  private async discardJob(awaitConfirmation: boolean): Promise<boolean> {
    if (!this.transport.isOpen) return false;
    try {
      await this.transport.flush();
    } catch {
      // A failed flush (a wedged adapter) must not stop the clear request from being sent.
    }
    const request = clearJobRequests();
    if (!awaitConfirmation) {
      this.engine.expectLate({ match: clearResponseReply() });
      // Not awaited: on a line flow control stopped, the write waits behind what is still in
      // flight, and the customer must not wait for that; it goes out when the line moves.
      void this.transport.write(request).catch(() => undefined);
      return false;
    }
    // Epson: send nothing after DLE DC4 fn = 8 until its Clear response arrives. Waiting for it
    // is also what tells a printer that dropped the job from one that ignored the request.
    const reply = await this.engine.exchange('clearResponse', request, clearResponseReply(), {
      timeoutMs: this.commandTimeoutMs,
      late: { match: clearResponseReply() },
    });
    return reply.ok;
  }

  /**
   * Sends the GS r 1 barrier, answered only once everything before it has been processed, and
   * waits for its answer within the job timeout. A printer that stops mid-ticket holds GS r 1
   * with the rest of the job until the fault is fixed, so meanwhile real-time status (answered
   * on arrival even while stopped) is polled every `statusPollMs`: a stop in
   * {@link STOPPED_MID_JOB} ends the wait at once, so the customer is not kept waiting for the
   * whole timeout. Resolves only when nothing is left behind: no timer, no request waiting.
   */
  private async awaitBarrier(watch: JobWatch): Promise<BarrierOutcome> {
    const abandon = new AbortController();
    // With ASB, GS a goes again with the barrier: it costs three bytes, and the printer's
    // answer (its status, now) also tells a printer that lost the setting from one that did not.
    const request = this.asb
      ? Uint8Array.from([...automaticStatusBackRequest(), ...paperSensorRequest()])
      : paperSensorRequest();
    const barrier = this.engine.exchange('paperSensor', request, paperSensorReply, {
      timeoutMs: this.jobTimeoutMs,
      signal: abandon.signal,
    });
    const wait = { over: false };
    void barrier.then(() => {
      wait.over = true;
    });
    // A stop the printer reports by itself (ASB), while the job was sent or since, ends the
    // wait as soon as it is known.
    const reported = new Promise<void>((resolve) => {
      watch.notify = () => resolve();
      if (watch.stopped !== undefined) resolve();
    });
    while (!wait.over) {
      await settledOrElapsed(Promise.race([barrier, reported]), this.statusPollMs);
      if (wait.over) break;
      if (watch.stopped !== undefined) {
        abandon.abort();
        return { reply: await barrier, stopped: watch.stopped };
      }
      const polled = await this.status.readRealtime({}, () => wait.over);
      // Answered meanwhile: the barrier decides. No answer to a poll: stop polling, so a late
      // reply cannot be taken for a later request's; the barrier and the job timeout decide, as
      // for a printer that cannot be polled at all.
      if (wait.over || polled.interrupted || polled.why !== undefined) break;
      const status = this.status.remember(collapsePrinterStatus(polled.raw), undefined).status;
      if (stopsJob(polled.raw, status)) {
        abandon.abort();
        return { reply: await barrier, stopped: status };
      }
    }
    return { reply: await barrier };
  }

  /**
   * One ASB message: its status is remembered (and so published to the supervisor at once);
   * during a job's barrier, a stop ends the wait.
   */
  private onAsb(message: Uint8Array): void {
    const raw = rawStatusFromAsb(message);
    const status = collapsePrinterStatus(raw);
    this.status.remember(status, undefined);
    const watch = this.jobWatch;
    if (watch && watch.stopped === undefined && stopsJob(raw, status)) {
      watch.stopped = status;
      watch.notify?.(status);
    }
  }

  private failure(
    jobId: string,
    reason: PrintFailureReason,
    status: PrinterStatus,
    stage: PrinterErrorStage,
    why: DeviceReason | undefined,
    jobCleared?: boolean,
  ): PrinterError {
    return new PrinterError(reason, status, stage, {
      jobId,
      port: this.transport.description,
      why,
      jobCleared,
    });
  }
}

/** A new print job id: short enough for a log line, unique across restarts. */
export function newPrintJobId(): string {
  return `job-${randomUUID()}`;
}

function whyNot(reply: Reply): DeviceReason | undefined {
  return reply.ok ? undefined : reply.why;
}
