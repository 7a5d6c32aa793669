import { Listeners } from '../transport/byte-transport.js';
import type { ByteTransport } from '../transport/byte-transport.js';
import { isPaperSensorByte, isRealtimeStatusByte, RealtimeStatus } from './framing.js';
import type { RealtimeStatusKind } from './framing.js';
import {
  CLEAR_RESPONSE,
  OFFLINE_STATUS,
  clearJobRequests,
  collapsePrinterStatus,
  paperSensorRequest,
  realtimeStatusRequest,
} from './status.js';
import type { PrinterStatus, RawPrinterStatus } from './status.js';
import { renderTicketJob } from './ticket.js';
import type { TicketJobOptions, TicketLayout } from './ticket.js';

export { renderTicketJob } from './ticket.js';
export type { TicketJobOptions, TicketLayout } from './ticket.js';
export type { PrinterStatus } from './status.js';

export type PrinterErrorReason =
  'paperOut' | 'coverOpen' | 'cutterError' | 'offline' | 'hardwareError';

/**
 * Where a print failed: `precheck` = nothing was sent, the ticket was not printed at all;
 * `job` = the job was (at least partly) sent, so a partial ticket may be in the printer.
 */
export type PrinterErrorStage = 'precheck' | 'job';

/** A print that did not succeed, with the printer state and what a technician should do. */
export class PrinterError extends Error {
  override readonly name = 'PrinterError';
  constructor(
    readonly reason: PrinterErrorReason,
    readonly status: PrinterStatus,
    readonly stage: PrinterErrorStage,
    message: string,
    /**
     * Stage `job` only: whether the printer confirmed it dropped the rest of the job. If not,
     * it may print the rest once the fault is fixed, and that slip must not reach a customer.
     */
    readonly jobCleared?: boolean,
  ) {
    super(message);
  }
}

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
}

/** Status of a printer whose port is not open: not configured, or the adapter is gone. */
const NO_DEVICE_STATUS: PrinterStatus = Object.freeze({ ...OFFLINE_STATUS, device: 'noDevice' });

/**
 * Which PrinterErrorReason (if any) a status means for printing. `busy` (an auto-recoverable
 * error such as a hot head) and `low` paper still print; the barrier after the job decides.
 */
export function printerFailureReason(status: PrinterStatus): PrinterErrorReason | undefined {
  if (status.device === 'offline' || status.device === 'powerOff' || status.device === 'noDevice') {
    return 'offline';
  }
  if (status.coverOpen) return 'coverOpen';
  if (status.paper === 'out') return 'paperOut';
  if (status.cutterError) return 'cutterError';
  if (status.paper === 'jammed') return 'hardwareError';
  if (status.device === 'hardwareError' || status.device === 'userError') return 'hardwareError';
  return undefined;
}

/**
 * Stops the printer does not recover from by itself, so a barrier held behind one would only
 * time out: a poll that shows one ends the wait. Not `offline` alone (also set while the feed
 * button is held) and not `busy` (a hot head cools down and the job resumes). `hardwareError` is
 * left to the barrier and the job timeout as before: it needs a technician anyway, and a
 * transient error bit should not end a ticket that would still have printed.
 */
const STOPPED_MID_JOB: ReadonlySet<PrinterErrorReason> = new Set<PrinterErrorReason>([
  'paperOut',
  'coverOpen',
  'cutterError',
]);

type Reply =
  { readonly ok: true; readonly byte: number } | { readonly ok: false; readonly why: string };

/** How the barrier wait ended: its reply, and the polled status if a poll ended it first. */
interface BarrierOutcome {
  readonly reply: Reply;
  readonly stopped?: PrinterStatus;
}

/**
 * Which answer a request waits for. A reply byte is routed by kind, so requests of different
 * kinds may wait at the same time only if no byte can be an answer to both; see
 * {@link distinguishable}.
 */
type ReplyKind = 'realtimeStatus' | 'paperSensor' | 'clearResponse';

/**
 * Whether replies of kinds `a` and `b` can be told apart by their bytes alone: a DLE EOT reply
 * has bit 4 set, a GS r reply has it clear (framing.ts), so the barrier and a status poll can
 * wait together. Two requests of one kind cannot (their one-byte answers look alike and only
 * their order would tell them apart), and the Clear response (37 25 00) ends in bytes that are
 * valid GS r replies, so it waits alone.
 */
function distinguishable(a: ReplyKind, b: ReplyKind): boolean {
  return a !== b && a !== 'clearResponse' && b !== 'clearResponse';
}

/** What a waiter makes of a byte: not its answer, part of it, or its (last) byte. */
type Verdict = 'no' | 'more' | 'yes';

interface Waiter {
  readonly accept: (byte: number) => Verdict;
  readonly deliver: (byte: number) => void;
}

const oneByte =
  (valid: (byte: number) => boolean) =>
  (byte: number): Verdict =>
    valid(byte) ? 'yes' : 'no';

/** Accepts `sequence` arriving whole and in order; other bytes before it are not the answer. */
function byteSequence(sequence: readonly number[]): (byte: number) => Verdict {
  let matched = 0;
  return (byte) => {
    if (byte === sequence[matched]) {
      matched += 1;
      return matched === sequence.length ? 'yes' : 'more';
    }
    matched = byte === sequence[0] ? 1 : 0;
    return matched === 1 ? 'more' : 'no';
  };
}

const REALTIME_KEYS: readonly (readonly [keyof RawPrinterStatus, RealtimeStatusKind])[] = [
  ['printer', RealtimeStatus.printer],
  ['offlineCause', RealtimeStatus.offlineCause],
  ['error', RealtimeStatus.error],
  ['paperRoll', RealtimeStatus.paperRoll],
];

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
  private tail: Promise<unknown> = Promise.resolve();
  /** Requests waiting for an answer, at most one per kind (insertion order = routing order). */
  private readonly waiters = new Map<ReplyKind, Waiter>();
  private discarded = 0;
  /**
   * Set while a Clear response (37 25 00) may still arrive unasked: the clear was sent without
   * waiting, or its wait timed out. Its last two bytes are valid GS r 1 replies (0x25 reads as
   * paper end), so arriving during a later barrier it would fail a good ticket: it is swallowed.
   */
  private staleClear: ((byte: number) => Verdict) | undefined;
  private last: PrinterStatus = NO_DEVICE_STATUS;
  private readonly statusListeners = new Listeners<[PrinterStatus]>();

  constructor(
    private readonly transport: ByteTransport,
    options: ThermalPrinterOptions = {},
  ) {
    this.commandTimeoutMs = positive('commandTimeoutMs', options.commandTimeoutMs ?? 2000);
    this.jobTimeoutMs = positive('jobTimeoutMs', options.jobTimeoutMs ?? 15_000);
    this.statusPollMs = positive('statusPollMs', options.statusPollMs ?? 500);
    this.ticketOptions = options.ticket ?? {};
    transport.onData((chunk) => this.receive(chunk));
  }

  get isOpen(): boolean {
    return this.transport.isOpen;
  }

  /** The status from the most recent query or print. */
  get lastStatus(): PrinterStatus {
    return this.last;
  }

  /** Bytes that arrived when no answer was expected or that were not valid answers (diagnostics). */
  get discardedByteCount(): number {
    return this.discarded;
  }

  /** Called whenever a query or print yields a status different from the previous one. */
  onStatusChange(listener: (status: PrinterStatus) => void): () => void {
    return this.statusListeners.add(listener);
  }

  /** Opens the transport; rejects with its TransportError (which says what to check). */
  async open(): Promise<void> {
    await this.transport.open();
  }

  /** Closes the transport; a command in flight fails as `offline` at once. */
  async close(): Promise<void> {
    await this.transport.close();
  }

  /** Real-time status (DLE EOT 1..4). A printer that does not answer is `offline`. */
  queryStatus(): Promise<PrinterStatus> {
    return this.exclusive(async () => (await this.readStatus()).status);
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
  async printTicket(layout: TicketLayout): Promise<PrinterStatus> {
    // Render first: a layout the encoder rejects must fail without touching the printer.
    const job = renderTicketJob(layout, this.ticketOptions);
    return this.exclusive(() => this.printJob(job));
  }

  private async printJob(job: Uint8Array): Promise<PrinterStatus> {
    const before = await this.readStatus();
    const refused = printerFailureReason(before.status);
    if (refused) throw this.failure(refused, before.status, 'precheck', before.why);

    const sendFailure = await this.send(job);
    const outcome: BarrierOutcome =
      sendFailure === undefined
        ? await this.awaitBarrier()
        : { reply: { ok: false, why: sendFailure } };
    const barrier = outcome.reply;
    // A poll that ended the wait has just read all four status bytes: reading them again would
    // only cost time, and could find the fault already fixed with the job still held.
    const after = outcome.stopped
      ? { status: outcome.stopped, why: undefined }
      : await this.readStatus(barrier.ok ? barrier.byte : undefined);
    const failed = printerFailureReason(after.status);
    if (!failed && barrier.ok) {
      // A whole ticket went through since: a Clear response still to come is not expected any
      // more, and keeping the filter would eat the confirmation of a later clear.
      this.staleClear = undefined;
      return after.status;
    }

    // The customer is told the ticket did not print, so none of it may print later: drop the
    // rest of the job, or it comes out when the roll is replaced and the next customer takes it.
    // A printer that did not answer status will not answer the clear either: don't wait for it.
    const cleared = await this.discardJob(after.why === undefined);
    if (failed) {
      throw this.failure(failed, after.status, 'job', after.why ?? whyNot(barrier), cleared);
    }
    throw new PrinterError(
      'hardwareError',
      after.status,
      'job',
      `The printer on ${this.transport.description} reports ready but did not confirm the ` +
        `ticket (${whyNot(barrier) ?? 'no reason given'}), so it may not have been printed. ` +
        `${clearedText(cleared)} Check the ticket at the printer; check the printer supports ` +
        'GS r 1 (paper sensor status) and that nothing blocks the paper path; then print a test ' +
        'ticket from the technician screen.',
      cleared,
    );
  }

  /**
   * After a job failed once (part of) it was sent: flushes the port, so the rest of the job that
   * the OS still holds never reaches the printer and a late reply never reaches us, then asks
   * the printer to drop what it holds (see {@link clearJobRequests} for the commands and why).
   * Resolves with whether the printer confirmed it (Clear response); never throws.
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
      this.staleClear = byteSequence(CLEAR_RESPONSE);
      // Not awaited: on a line flow control stopped, the write waits behind what is still in
      // flight, and the customer must not wait for that; it goes out when the line moves.
      void this.transport.write(request).catch(() => undefined);
      return false;
    }
    // Epson: send nothing after DLE DC4 fn = 8 until its Clear response arrives. Waiting for it
    // is also what tells a printer that dropped the job from one that ignored the request.
    const reply = await this.exchange(
      'clearResponse',
      request,
      byteSequence(CLEAR_RESPONSE),
      this.commandTimeoutMs,
    );
    if (!reply.ok) this.staleClear = byteSequence(CLEAR_RESPONSE);
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
  private async awaitBarrier(): Promise<BarrierOutcome> {
    const abandon = new AbortController();
    const barrier = this.exchange(
      'paperSensor',
      paperSensorRequest(),
      oneByte(isPaperSensorByte),
      this.jobTimeoutMs,
      abandon.signal,
    );
    const wait = { over: false };
    void barrier.then(() => {
      wait.over = true;
    });
    while (!wait.over) {
      if ((await settledOrElapsed(barrier, this.statusPollMs)) === 'settled') break;
      const polled = await this.readRealtime({}, () => wait.over);
      // Answered meanwhile: the barrier decides. No answer to a poll: stop polling, so a late
      // reply cannot be taken for a later request's; the barrier and the job timeout decide, as
      // for a printer that cannot be polled at all.
      if (wait.over || polled.interrupted || polled.why !== undefined) break;
      const status = this.remember(collapsePrinterStatus(polled.raw), undefined).status;
      const reason = printerFailureReason(status);
      if (reason !== undefined && STOPPED_MID_JOB.has(reason)) {
        abandon.abort();
        return { reply: await barrier, stopped: status };
      }
    }
    return { reply: await barrier };
  }

  /** Sends the job within the job timeout; resolves with why it failed, or undefined. */
  private async send(job: Uint8Array): Promise<string | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(
        () => resolve(`sending the job took longer than ${this.jobTimeoutMs} ms`),
        this.jobTimeoutMs,
      );
    });
    const write = this.transport.write(job).then(
      () => undefined,
      (error: unknown) => `sending the job failed: ${messageOf(error)}`,
    );
    try {
      return await Promise.race([write, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** DLE EOT 1..4 (plus a GS r 1 answer if there is one) as one status, remembered. */
  private async readStatus(
    paperSensor?: number,
  ): Promise<{ status: PrinterStatus; why: string | undefined }> {
    if (!this.transport.isOpen) {
      return this.remember(NO_DEVICE_STATUS, 'the port is not open');
    }
    const { raw, why } = await this.readRealtime({ paperSensor });
    return this.remember(collapsePrinterStatus(raw), why);
  }

  /**
   * DLE EOT 1..4 one at a time, added to `start`; stops at the first request without an answer
   * (`why`), or before the next request once `interrupt()` is true. A request already sent is
   * always waited for: given up on, its answer would arrive during the next status read and be
   * taken for the answer to DLE EOT 1.
   */
  private async readRealtime(
    start: RawPrinterStatus,
    interrupt: () => boolean = () => false,
  ): Promise<{ raw: RawPrinterStatus; why: string | undefined; interrupted: boolean }> {
    const raw: { -readonly [K in keyof RawPrinterStatus]: RawPrinterStatus[K] } = { ...start };
    for (const [key, n] of REALTIME_KEYS) {
      if (interrupt()) return { raw, why: undefined, interrupted: true };
      if (!this.transport.isOpen) {
        return { raw, why: `no answer to DLE EOT ${n}: the port is not open`, interrupted: false };
      }
      const reply = await this.exchange(
        'realtimeStatus',
        realtimeStatusRequest(n),
        oneByte(isRealtimeStatusByte),
        this.commandTimeoutMs,
      );
      if (!reply.ok) {
        return { raw, why: `no answer to DLE EOT ${n}: ${reply.why}`, interrupted: false };
      }
      raw[key] = reply.byte;
    }
    return { raw, why: undefined, interrupted: false };
  }

  private remember(
    status: PrinterStatus,
    why: string | undefined,
  ): { status: PrinterStatus; why: string | undefined } {
    const previous = this.last;
    this.last = status;
    if (
      previous.device !== status.device ||
      previous.paper !== status.paper ||
      previous.coverOpen !== status.coverOpen ||
      previous.cutterError !== status.cutterError
    ) {
      this.statusListeners.emit(status);
    }
    return { status, why };
  }

  /**
   * Sends a request and waits until `accept` says its answer is complete, the timeout, or
   * `signal` aborts (the answer is no longer wanted; a late one is then discarded).
   */
  private exchange(
    kind: ReplyKind,
    request: Uint8Array,
    accept: (byte: number) => Verdict,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<Reply> {
    for (const other of this.waiters.keys()) {
      if (!distinguishable(kind, other)) {
        // A driver bug, not a printer fault: the two answers could be swapped.
        throw new Error(`ThermalPrinter: a ${kind} request while a ${other} answer is awaited`);
      }
    }
    return new Promise<Reply>((resolve) => {
      let done = false;
      const finish = (reply: Reply): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        unsubscribeClose();
        signal?.removeEventListener('abort', abandon);
        if (this.waiters.get(kind) === waiter) this.waiters.delete(kind);
        resolve(reply);
      };
      const abandon = (): void => finish({ ok: false, why: 'no longer awaited' });
      const waiter: Waiter = { accept, deliver: (byte) => finish({ ok: true, byte }) };
      const timer = setTimeout(
        () => finish({ ok: false, why: `no valid reply within ${timeoutMs} ms` }),
        timeoutMs,
      );
      const unsubscribeClose = this.transport.onClose(() =>
        finish({ ok: false, why: 'the port closed' }),
      );
      signal?.addEventListener('abort', abandon, { once: true });
      // Listen before writing: over a fast line the answer can arrive before write() resolves.
      this.waiters.set(kind, waiter);
      this.transport
        .write(request)
        .catch((error: unknown) => finish({ ok: false, why: `write failed: ${messageOf(error)}` }));
    });
  }

  /**
   * Gives each byte to the waiting request it answers. The kinds waiting together are
   * {@link distinguishable}, so at most one can take a byte and the order they are asked in
   * does not matter.
   */
  private receive(chunk: Uint8Array): void {
    for (const byte of chunk) {
      // 0x37 is no valid answer to anything, so a stale Clear response is told apart by it.
      const stale = this.staleClear?.(byte) ?? 'no';
      if (stale !== 'no') {
        if (stale === 'yes') this.staleClear = undefined;
        this.discarded += 1;
        continue;
      }
      let verdict: Verdict = 'no';
      for (const waiter of this.waiters.values()) {
        verdict = waiter.accept(byte);
        if (verdict === 'yes') waiter.deliver(byte);
        if (verdict !== 'no') break;
      }
      // Nothing is asked (the request was answered, gave up or was abandoned) or not an answer.
      if (verdict === 'no') this.discarded += 1;
    }
  }

  /** Runs tasks one after another, whether earlier ones succeeded or failed. */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(task, task);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private failure(
    reason: PrinterErrorReason,
    status: PrinterStatus,
    stage: PrinterErrorStage,
    why: string | undefined,
    jobCleared?: boolean,
  ): PrinterError {
    const where = `the printer on ${this.transport.description}`;
    const when =
      stage === 'precheck'
        ? 'Nothing was printed.'
        : 'The ticket may be missing or incomplete; check the printer output. ' +
          clearedText(jobCleared === true);
    const what: Record<PrinterErrorReason, string> = {
      paperOut:
        `${capitalise(where)} is out of paper. ${when} Load a new roll of thermal paper ` +
        '(printed side out), close the cover until it clicks, then print a test ticket.',
      coverOpen:
        `${capitalise(where)} reports its cover open. ${when} Close the cover firmly until it ` +
        'clicks; if it stays "open", check the cover sensor.',
      cutterError:
        `${capitalise(where)} reports an auto-cutter error. ${when} Open the cover, remove ` +
        'paper caught at the cutter, close the cover; if it persists, power-cycle the printer.',
      offline:
        `${capitalise(where)} does not answer${why ? ` (${why})` : ''}. ${when} Check the ` +
        'printer is powered on and shows no error light, the serial/USB cable is connected, ' +
        'and the port and baud rate in the device settings match the printer.',
      hardwareError:
        `${capitalise(where)} reports a hardware error. ${when} Power-cycle the printer; if ` +
        'the error returns, replace the printer and report its serial number.',
    };
    return new PrinterError(reason, status, stage, what[reason], jobCleared);
  }
}

function clearedText(cleared: boolean): string {
  return cleared
    ? 'The printer confirmed it discarded the rest of this ticket.'
    : 'The printer did not confirm discarding the rest of this ticket (no answer to DLE DC4 8, ' +
        '"clear buffers"): once the fault is fixed, throw away anything it still prints for it.';
}

/** Whether `promise` settles within `ms`; the timer is cleared either way. */
async function settledOrElapsed(
  promise: Promise<unknown>,
  ms: number,
): Promise<'settled' | 'elapsed'> {
  let timer: NodeJS.Timeout | undefined;
  const elapsed = new Promise<'elapsed'>((resolve) => {
    timer = setTimeout(() => resolve('elapsed'), ms);
  });
  try {
    return await Promise.race([promise.then(() => 'settled' as const), elapsed]);
  } finally {
    clearTimeout(timer);
  }
}

function whyNot(reply: Reply): string | undefined {
  return reply.ok ? undefined : reply.why;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive number of milliseconds, got ${value}`);
  }
  return value;
}
