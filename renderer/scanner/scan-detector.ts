/**
 * Tells a lobby barcode scanner's typing from a person's. A 2D scanner on a self-service
 * terminal is a USB keyboard ("keyboard wedge"): it types the code's text a few milliseconds per
 * character and ends with Enter. A person needs 100 ms or more per key on average (and on a
 * kiosk there is no keyboard but the scanner anyway). So: a burst of at least `minLength`
 * characters, none more than `maxPauseMs` after the one before, at most `maxAverageMs` apart on
 * average, ended by Enter within `maxPauseMs`, is a scan. The average (not each gap) is held to
 * the scanner's pace because a scanner's characters reach the page unevenly: USB polling, a busy
 * renderer or the browser's input queue can hold one back for tens of milliseconds.
 *
 * The bounds lean towards "a scan": a person fast enough to pass for one (at 80 ms a key, on a
 * keyboard a kiosk does not have) only gets their text read like a scanned one, a ticket number
 * answered as if typed on the keypad; a scan taken for a person's typing would be lost.
 *
 * Pure: characters and their times in (KeyboardEvent.key and .timeStamp), the scanned text out.
 */

export interface ScanDetectorOptions {
  /** The longest pause inside a scan (ms); a longer one starts a new burst. */
  readonly maxPauseMs?: number;
  /** The slowest average pace of a scan (ms per character). Scanners: 1–20; people: 100+; a busy page stretches a scan by a few. */
  readonly maxAverageMs?: number;
  /** Shorter bursts are not scans. */
  readonly minLength?: number;
  /** Characters past this are dropped: the host refuses a code that long with words anyway. */
  readonly maxLength: number;
}

export const SCAN_MAX_PAUSE_MS = 250;
export const SCAN_MAX_AVERAGE_MS = 80;
/** A ticket number is a prefix letter and four digits (A0023). */
export const SCAN_MIN_LENGTH = 5;

export interface ScanDetector {
  /** One printable character typed at `at` (ms). */
  character(char: string, at: number): void;
  /** Enter typed at `at`: the scanned text when a scan just ended, else null. Starts afresh. */
  enter(at: number): string | null;
}

export function createScanDetector(options: ScanDetectorOptions): ScanDetector {
  const maxPauseMs = options.maxPauseMs ?? SCAN_MAX_PAUSE_MS;
  const maxAverageMs = options.maxAverageMs ?? SCAN_MAX_AVERAGE_MS;
  const minLength = options.minLength ?? SCAN_MIN_LENGTH;
  let burst = '';
  let length = 0;
  let first = Number.NEGATIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  const restart = () => {
    burst = '';
    length = 0;
    first = last = Number.NEGATIVE_INFINITY;
  };
  return {
    character(char, at) {
      // A pause: whatever came before was a person's (or a scan cut short); start over here.
      if (at - last > maxPauseMs) {
        restart();
        first = at;
      }
      if (length < options.maxLength) burst += char;
      length++;
      last = at;
    },
    enter(at) {
      // The pace over the characters and the Enter: `length` gaps from the first to the Enter.
      const scanned =
        at - last <= maxPauseMs && length >= minLength && (at - first) / length <= maxAverageMs
          ? burst
          : null;
      restart();
      return scanned;
    },
  };
}
