/**
 * What the virtual printer says about itself: its DLE EOT n answers and its Automatic Status
 * Back messages, built from one state with the bit tables shared with the driver (design.md
 * §4.1, devices/printer/framing.ts), so both always tell the same story.
 */
import {
  ASB_HEADER_FIXED_VALUE,
  AsbBit,
  AsbEnable,
  REALTIME_STATUS_FIXED_VALUE,
  RealtimeStatus,
  StatusBit,
} from '../printer/framing.js';

/** The faults and sensors a status reports. */
export interface VirtualPrinterSensors {
  readonly paper: 'full' | 'low' | 'out';
  readonly coverOpen: boolean;
  readonly cutterError: boolean;
  readonly unrecoverableError: boolean;
  readonly paperJam: boolean;
}

/** Like an Epson mechanism, it stops (goes offline) on an open cover, paper end or any error. */
export function stoppedBy(state: VirtualPrinterSensors): boolean {
  return (
    state.paper === 'out' ||
    state.coverOpen ||
    state.cutterError ||
    state.unrecoverableError ||
    state.paperJam
  );
}

/** The DLE EOT n answer, or undefined for an n the printer does not support (no answer). */
export function realtimeStatusByte(state: VirtualPrinterSensors, n: number): number | undefined {
  const out = state.paper === 'out';
  let bits: number;
  switch (n) {
    case RealtimeStatus.printer:
      bits = stoppedBy(state) ? StatusBit.offline : 0;
      break;
    case RealtimeStatus.offlineCause:
      bits =
        (state.coverOpen ? StatusBit.coverOpen : 0) |
        (out ? StatusBit.stoppedByPaperEnd : 0) |
        (state.cutterError || state.unrecoverableError || state.paperJam
          ? StatusBit.errorOccurred
          : 0);
      break;
    case RealtimeStatus.error:
      bits =
        (state.paperJam ? StatusBit.mechanicalError : 0) |
        (state.cutterError ? StatusBit.cutterError : 0) |
        (state.unrecoverableError ? StatusBit.unrecoverableError : 0);
      break;
    case RealtimeStatus.paperRoll:
      // The near-end sensor sits before the end sensor: an empty roll trips both.
      bits =
        state.paper === 'low'
          ? StatusBit.paperNearEnd
          : out
            ? StatusBit.paperNearEnd | StatusBit.paperEnd
            : 0;
      break;
    default:
      return undefined;
  }
  return REALTIME_STATUS_FIXED_VALUE | bits;
}

/** The four Automatic Status Back bytes of a state (Epson GS a). */
export function asbMessage(state: VirtualPrinterSensors): Uint8Array {
  const out = state.paper === 'out';
  const printer =
    ASB_HEADER_FIXED_VALUE |
    (stoppedBy(state) ? AsbBit.offline : 0) |
    (state.coverOpen ? AsbBit.coverOpen : 0);
  const errors =
    (state.paperJam ? AsbBit.mechanicalError : 0) |
    (state.cutterError ? AsbBit.cutterError : 0) |
    (state.unrecoverableError ? AsbBit.unrecoverableError : 0);
  const paper =
    state.paper === 'low' ? AsbBit.paperNearEnd : out ? AsbBit.paperNearEnd | AsbBit.paperEnd : 0;
  return Uint8Array.of(printer, errors, paper, 0x00);
}

/** The GS a n bits the virtual printer knows (drawer, online/offline, error, paper sensor). */
export const ASB_KNOWN_BITS =
  AsbEnable.drawer | AsbEnable.onlineOffline | AsbEnable.error | AsbEnable.paperSensor;

/**
 * The parts of an ASB message that GS a n asked to be told about, as a comparable key: the
 * printer sends a message when this differs from the last one it sent.
 */
export function asbChangeKey(message: Uint8Array, enabled: number): string {
  const [printer = 0, errors = 0, paper = 0] = message;
  const on = (bit: number): boolean => (enabled & bit) !== 0;
  return [
    on(AsbEnable.onlineOffline) ? printer & (AsbBit.offline | AsbBit.coverOpen) : 0,
    on(AsbEnable.error) ? errors : 0,
    on(AsbEnable.paperSensor) ? paper : 0,
  ].join(',');
}
