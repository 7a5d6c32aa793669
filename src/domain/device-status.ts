/**
 * The one status vocabulary for every device (design.md §4), in the CEN/XFS words bank IT knows.
 * Drivers collapse their raw status bits into these states, machines and customer messages read
 * them, and schemas and tests enumerate the `as const` arrays, so a state is named in one place.
 */

/** CEN/XFS device states, common to every device class. */
export const DEVICE_STATES = [
  'online',
  'offline',
  'powerOff',
  'noDevice',
  'hardwareError',
  'userError',
  'busy',
] as const;
export type DeviceState = (typeof DEVICE_STATES)[number];

/** CEN/XFS printer paper states. `jammed` is in the vocabulary though no ESC/POS bit reports it. */
export const PAPER_STATES = ['full', 'low', 'out', 'jammed', 'unknown'] as const;
export type PaperState = (typeof PAPER_STATES)[number];

/** A receipt printer's status: the device state, its paper, and the two faults XFS names apart. */
export interface PrinterStatus {
  readonly device: DeviceState;
  readonly paper: PaperState;
  readonly coverOpen: boolean;
  readonly cutterError: boolean;
}

/** CEN/XFS ID-card reader media states: no card, a card on the reader, read, or not readable. */
export const ID_READER_MEDIA_STATES = ['noCard', 'present', 'read', 'unreadable'] as const;
export type IdReaderMediaState = (typeof ID_READER_MEDIA_STATES)[number];

/** States of the ID reader's security module (SAM, design.md §4.2). */
export const SAM_STATES = ['ok', 'notAuthorized', 'selfTestFailed'] as const;
export type SamState = (typeof SAM_STATES)[number];

/** An ID-card reader's status. */
export interface IdReaderStatus {
  readonly device: DeviceState;
  readonly media: IdReaderMediaState;
  readonly sam: SamState;
}

/**
 * Why a ticket was not printed: the reason a print failure carries from the driver through the
 * ticket flow to the customer's message. `offline` covers offline, powerOff and noDevice.
 */
export const PRINT_FAILURE_REASONS = [
  'paperOut',
  'coverOpen',
  'cutterError',
  'offline',
  'hardwareError',
] as const;
export type PrintFailureReason = (typeof PRINT_FAILURE_REASONS)[number];

/** Device states in which the device answers nothing at all. */
const UNREACHABLE: ReadonlySet<DeviceState> = new Set<DeviceState>([
  'offline',
  'powerOff',
  'noDevice',
]);

/**
 * Which {@link PrintFailureReason} (if any) a printer status means for printing. `busy` (an
 * auto-recoverable error such as a hot head) and `low` paper still print.
 */
export function printFailureReason(status: PrinterStatus): PrintFailureReason | undefined {
  if (UNREACHABLE.has(status.device)) return 'offline';
  if (status.coverOpen) return 'coverOpen';
  if (status.paper === 'out') return 'paperOut';
  if (status.cutterError) return 'cutterError';
  if (status.paper === 'jammed') return 'hardwareError';
  if (status.device === 'hardwareError' || status.device === 'userError') return 'hardwareError';
  return undefined;
}

/** Whether two printer statuses differ in anything a person or a flow acts on. */
export function samePrinterStatus(a: PrinterStatus, b: PrinterStatus): boolean {
  return (
    a.device === b.device &&
    a.paper === b.paper &&
    a.coverOpen === b.coverOpen &&
    a.cutterError === b.cutterError
  );
}
