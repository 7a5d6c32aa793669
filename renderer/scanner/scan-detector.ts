/**
 * Tells a lobby barcode scanner's typing from a person's. A 2D scanner on a self-service
 * terminal is a USB keyboard ("keyboard wedge"): it types the code's text a few milliseconds per
 * character and ends with Enter. A person needs 100 ms or more per key (on a kiosk there is no
 * keyboard but the scanner anyway), so a burst of at least `minLength` characters, each within
 * `maxGapMs` of the one before, ended by Enter within `maxGapMs` too, is a scan.
 *
 * Pure: characters and their times in (KeyboardEvent.key and .timeStamp), the scanned text out.
 */

export interface ScanDetectorOptions {
  /** The longest pause inside a scan (ms). Scanners take 1–20 ms; people 100 ms and more. */
  readonly maxGapMs?: number;
  /** Shorter bursts are not scans: a ticket number has five characters or more. */
  readonly minLength?: number;
  /** Characters past this are dropped: the host refuses a code that long with words anyway. */
  readonly maxLength: number;
}

export const SCAN_MAX_GAP_MS = 60;
/** A ticket number is a prefix letter and four digits (A0023). */
export const SCAN_MIN_LENGTH = 5;

export interface ScanDetector {
  /** One printable character typed at `at` (ms). */
  character(char: string, at: number): void;
  /** Enter typed at `at`: the scanned text when a scan just ended, else null. Starts afresh. */
  enter(at: number): string | null;
}

export function createScanDetector(options: ScanDetectorOptions): ScanDetector {
  const maxGapMs = options.maxGapMs ?? SCAN_MAX_GAP_MS;
  const minLength = options.minLength ?? SCAN_MIN_LENGTH;
  let burst = '';
  let length = 0;
  let last = Number.NEGATIVE_INFINITY;
  return {
    character(char, at) {
      // A pause: whatever came before was a person's (or a scan cut short); start over here.
      if (at - last > maxGapMs) {
        burst = '';
        length = 0;
      }
      if (length < options.maxLength) burst += char;
      length++;
      last = at;
    },
    enter(at) {
      const scanned = at - last <= maxGapMs && length >= minLength ? burst : null;
      burst = '';
      length = 0;
      last = Number.NEGATIVE_INFINITY;
      return scanned;
    },
  };
}
