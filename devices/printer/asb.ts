/**
 * Automatic Status Back (ESC/POS `GS a n`, design.md §4.1): a printer told to, sends four bytes
 * by itself on every change of the states it was asked about (cover, paper, errors, offline),
 * with no request. They arrive at any moment: between two replies, between a request and its
 * reply, in the middle of a job. This module takes them out of the byte stream before the
 * request engine sees it, so an ASB byte is never taken for an answer (its last three bytes
 * look exactly like GS r 1 replies) nor swallowed by a late-reply filter in place of the late
 * reply it waits for.
 */
import {
  ASB_LENGTH,
  AsbBit,
  AsbEnable,
  GS,
  GsCommand,
  REALTIME_STATUS_FIXED_VALUE,
  StatusBit,
  isAsbHeaderByte,
  isAsbTrailingByte,
} from './framing.js';
import type { RawPrinterStatus } from './status.js';

/** What the driver asks to be told about: online/offline, errors, paper sensors (no drawer). */
export const ASB_REPORTS = AsbEnable.onlineOffline | AsbEnable.error | AsbEnable.paperSensor;

/** GS a n (1D 61 n): enables Automatic Status Back for the changes `n` names (0 disables). */
export function automaticStatusBackRequest(n: number = ASB_REPORTS): Uint8Array {
  if (!Number.isInteger(n) || n < 0 || n > 0xff) {
    throw new RangeError(`GS a n takes n from 0 to 255, got ${n}`);
  }
  return Uint8Array.of(GS, GsCommand.automaticStatusBack, n);
}

/**
 * Longest pause between two bytes of one ASB message. A printer sends the four together (4 ms at
 * 9600 baud, 33 ms at 1200); a header followed by a longer silence was line noise or lost its
 * tail, and the next byte (perhaps the job's GS r 1 answer) must not be eaten as its tail.
 */
export const ASB_GAP_MS = 250;

/**
 * Splits a printer's byte stream into ASB messages and everything else. Stateful: a message may
 * be split across chunks. Bounded: it holds at most one partial message (three bytes).
 */
export class AsbSplitter {
  private partial: number[] = [];
  private startedAt = 0;
  private broken = 0;

  constructor(
    private readonly onMessage: (message: Uint8Array) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Partial messages given up on (a new header came, or the tail never did): diagnostics. */
  get brokenCount(): number {
    return this.broken;
  }

  /** The bytes of `chunk` that are not ASB, in order; each complete message goes to onMessage. */
  *split(chunk: Uint8Array): Iterable<number> {
    for (const byte of chunk) {
      if (this.partial.length > 0 && this.now() - this.startedAt > ASB_GAP_MS) this.giveUp();
      if (isAsbHeaderByte(byte)) {
        if (this.partial.length > 0) this.giveUp();
        this.partial = [byte];
        this.startedAt = this.now();
        continue;
      }
      if (this.partial.length > 0 && isAsbTrailingByte(byte)) {
        this.partial.push(byte);
        if (this.partial.length === ASB_LENGTH) {
          const message = Uint8Array.from(this.partial);
          this.partial = [];
          this.onMessage(message);
        }
        continue;
      }
      // Not part of a message: a reply (a DLE EOT answer has bit 4 set, which no ASB tail byte
      // has, so one sent between two ASB bytes still reaches its request).
      yield byte;
    }
  }

  private giveUp(): void {
    this.partial = [];
    this.broken += 1;
  }
}

/**
 * An ASB message as the DLE EOT 1..4 bytes it stands for, so the one collapse in status.ts
 * turns both into CEN/XFS states (design.md §4: raw bits are collapsed in one place).
 */
export function rawStatusFromAsb(message: Uint8Array): RawPrinterStatus {
  if (message.length !== ASB_LENGTH) {
    throw new RangeError(`an ASB message is ${ASB_LENGTH} bytes, got ${message.length}`);
  }
  const [printer = 0, errors = 0, paper = 0] = message;
  const has = (byte: number, mask: number): boolean => (byte & mask) !== 0;
  const paperEnd = has(paper, AsbBit.paperEnd);
  const anyError = has(
    errors,
    AsbBit.mechanicalError |
      AsbBit.cutterError |
      AsbBit.unrecoverableError |
      AsbBit.autoRecoverableError,
  );
  const status = (bits: number): number => REALTIME_STATUS_FIXED_VALUE | bits;
  return {
    printer: status(has(printer, AsbBit.offline) ? StatusBit.offline : 0),
    offlineCause: status(
      (has(printer, AsbBit.coverOpen) ? StatusBit.coverOpen : 0) |
        (paperEnd ? StatusBit.stoppedByPaperEnd : 0) |
        (anyError ? StatusBit.errorOccurred : 0),
    ),
    error: status(
      (has(errors, AsbBit.mechanicalError) ? StatusBit.mechanicalError : 0) |
        (has(errors, AsbBit.cutterError) ? StatusBit.cutterError : 0) |
        (has(errors, AsbBit.unrecoverableError) ? StatusBit.unrecoverableError : 0) |
        (has(errors, AsbBit.autoRecoverableError) ? StatusBit.autoRecoverableError : 0),
    ),
    paperRoll: status(
      (has(paper, AsbBit.paperNearEnd) ? StatusBit.paperNearEnd : 0) |
        (paperEnd ? StatusBit.paperEnd : 0),
    ),
  };
}
