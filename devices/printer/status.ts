import {
  CLEAR_BUFFER_DATA,
  CLEAR_BUFFER_FN,
  DC4,
  DLE,
  ENQ,
  EOT,
  GS,
  GsCommand,
  PAPER_SENSOR_N,
  PaperSensorBit,
  RealtimeRequest,
  StatusBit,
  isPaperSensorByte,
  isRealtimeStatusByte,
} from './framing.js';
import type { RealtimeStatusKind } from './framing.js';
import type { DeviceState, PaperState, PrinterStatus } from '../../src/domain/device-status.js';

export {
  CLEAR_RESPONSE,
  RealtimeStatus,
  isPaperSensorByte,
  isRealtimeStatusByte,
} from './framing.js';
export type { RealtimeStatusKind } from './framing.js';

/** The CEN/XFS vocabulary lives in one domain module; re-exported for the driver's users. */
export type { DeviceState, PaperState, PrinterStatus } from '../../src/domain/device-status.js';

/** What a printer that does not answer at all looks like. */
export const OFFLINE_STATUS: PrinterStatus = Object.freeze({
  device: 'offline',
  paper: 'unknown',
  coverOpen: false,
  cutterError: false,
});

/** Status of a printer whose port is not open: not configured, or the adapter is gone. */
export const NO_DEVICE_STATUS: PrinterStatus = Object.freeze({
  ...OFFLINE_STATUS,
  device: 'noDevice',
});

/** Raw reply bytes as read from the printer; a request that got no answer is left undefined. */
export interface RawPrinterStatus {
  /** DLE EOT 1. */
  readonly printer?: number | undefined;
  /** DLE EOT 2. */
  readonly offlineCause?: number | undefined;
  /** DLE EOT 3. */
  readonly error?: number | undefined;
  /** DLE EOT 4. */
  readonly paperRoll?: number | undefined;
  /** GS r 1. */
  readonly paperSensor?: number | undefined;
}

/** DLE EOT n (10 04 n): asks for one real-time status byte; answered even when the printer is busy. */
export function realtimeStatusRequest(n: RealtimeStatusKind): Uint8Array {
  return Uint8Array.of(DLE, EOT, n);
}

/**
 * GS r 1 (1D 72 01): paper sensor status. The printer answers only after it has processed every
 * byte sent before, so the answer means "the job before me is printed": a barrier.
 */
export function paperSensorRequest(): Uint8Array {
  return Uint8Array.of(GS, GsCommand.statusRequest, PAPER_SENSOR_N);
}

/**
 * The requests that make a printer drop a job it has (partly) received, for after a failed
 * ticket: otherwise the rest of it prints once the fault is fixed and the next customer takes it.
 *
 * Epson ESC/POS Command Reference (DLE ENQ; DLE DC4 fn = 8): DLE ENQ 2 (10 05 02) "recovers
 * from a recoverable error after clearing the receive and print buffers", but acts only while a
 * recoverable error (an auto-cutter error) is pending; a printer stopped by paper end or an open
 * cover has no such error and ignores it. DLE DC4 fn = 8 (10 14 08 01 03 14 01 06 02 08) "clears
 * all data stored in the receive buffer and the print buffer and transmits Clear response"
 * (37 25 00), with no such condition (TM-T20/T82/T88IV–VII, TM-m30, TM-U220 and others; on
 * TM-U590/TM-T81 it also recovers from a recoverable error). Both are real-time commands: acted on
 * when received, even while offline, on a serial interface. DLE ENQ 2 goes first for printers
 * (clones included) that know only it; a printer that knows neither ignores both, and then only
 * the missing Clear response tells us.
 */
export function clearJobRequests(): Uint8Array {
  return Uint8Array.of(
    DLE,
    ENQ,
    RealtimeRequest.recoverAndClear,
    DLE,
    DC4,
    CLEAR_BUFFER_FN,
    ...CLEAR_BUFFER_DATA,
  );
}

/**
 * The one place where ESC/POS status bits become CEN/XFS states (design.md §4). Throws a
 * RangeError for a byte whose fixed bits are wrong: it is not a status byte, and treating it as
 * one would make up a printer state from line noise.
 */
export function collapsePrinterStatus(raw: RawPrinterStatus): PrinterStatus {
  for (const key of ['printer', 'offlineCause', 'error', 'paperRoll'] as const) {
    const byte = raw[key];
    if (byte !== undefined && !isRealtimeStatusByte(byte)) {
      throw new RangeError(
        `${describeByte(byte)} is not a DLE EOT status byte (${key}): bits 1 and 4 must be set ` +
          'and bits 0 and 7 clear',
      );
    }
  }
  if (raw.paperSensor !== undefined && !isPaperSensorByte(raw.paperSensor)) {
    throw new RangeError(
      `${describeByte(raw.paperSensor)} is not a GS r 1 paper sensor byte: bits 4 and 7 must be clear`,
    );
  }
  // No answer to the first request: nothing else we hold can be trusted.
  if (raw.printer === undefined) return OFFLINE_STATUS;

  const has = (byte: number | undefined, mask: number): boolean =>
    byte !== undefined && (byte & mask) !== 0;

  const offline = has(raw.printer, StatusBit.offline);
  const coverOpen = has(raw.offlineCause, StatusBit.coverOpen);
  const stoppedByPaperEnd = has(raw.offlineCause, StatusBit.stoppedByPaperEnd);
  const errorOccurred = has(raw.offlineCause, StatusBit.errorOccurred);
  const jammed = has(raw.error, StatusBit.mechanicalError);
  const cutterError = has(raw.error, StatusBit.cutterError);
  const unrecoverable = has(raw.error, StatusBit.unrecoverableError);
  const autoRecoverable = has(raw.error, StatusBit.autoRecoverableError);

  // Either bit of a pair counts: some mechanisms wire only one sensor, and reporting "low" or
  // "out" a little early is cheaper than a half-printed ticket.
  const paperOut =
    stoppedByPaperEnd ||
    has(raw.paperRoll, StatusBit.paperEnd) ||
    has(raw.paperSensor, PaperSensorBit.end);
  const paperLow =
    has(raw.paperRoll, StatusBit.paperNearEnd) || has(raw.paperSensor, PaperSensorBit.nearEnd);
  const paperKnown = raw.paperRoll !== undefined || raw.paperSensor !== undefined;
  // A jam is what stops the paper now: it wins over what the roll sensors say about the roll.
  const paper: PaperState = jammed
    ? 'jammed'
    : paperOut
      ? 'out'
      : paperLow
        ? 'low'
        : paperKnown
          ? 'full'
          : 'unknown';

  // Precedence: what needs a technician, then what a person at the kiosk can fix, then what
  // clears by itself.
  let device: DeviceState;
  if (unrecoverable || cutterError) device = 'hardwareError';
  // A jam is cleared by a person at the kiosk (open the cover, pull the paper out).
  else if (coverOpen || paper === 'out' || paper === 'jammed') device = 'userError';
  else if (autoRecoverable) device = 'busy';
  else if (errorOccurred) device = 'hardwareError';
  else if (offline) device = 'offline';
  else device = 'online';

  return { device, paper, coverOpen, cutterError };
}

function describeByte(byte: number): string {
  return Number.isInteger(byte) && byte >= 0 && byte <= 0xff
    ? `0x${byte.toString(16).padStart(2, '0').toUpperCase()}`
    : String(byte);
}
