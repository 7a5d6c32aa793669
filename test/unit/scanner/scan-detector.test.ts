/**
 * The renderer's scanner detector (renderer/scanner/scan-detector.ts): a keyboard wedge's burst
 * ended by Enter is a scan; a person's keys, a short burst, a pause inside the burst or a late
 * Enter are not.
 */
import { describe, expect, it } from 'vitest';
import {
  SCAN_MAX_AVERAGE_MS,
  SCAN_MAX_PAUSE_MS,
  createScanDetector,
} from '../../../renderer/scanner/scan-detector.js';

/** Types `text` from `start`, one character every `gapMs`; returns the time of the last. */
function type(
  detector: ReturnType<typeof createScanDetector>,
  text: string,
  start: number,
  gapMs: number,
): number {
  let at = start;
  for (const char of text) {
    detector.character(char, at);
    at += gapMs;
  }
  return at - gapMs;
}

const URL = 'https://queue.example.cn/t/01890000-0000-7000-8000-00000000abcd?n=A0023&k=abc';

describe('scan detector', () => {
  it('a burst of a few ms per character ended by Enter is one scan, then it starts afresh', () => {
    const detector = createScanDetector({ maxLength: 512 });
    const last = type(detector, URL, 1000, 4);
    expect(detector.enter(last + 4)).toBe(URL);
    expect(detector.enter(last + 8)).toBeNull();
    const next = type(detector, 'A0023', last + 2000, 2);
    expect(detector.enter(next + 1)).toBe('A0023');
  });

  it("a person's typing is not a scan, nor a burst a person's keys came before", () => {
    const detector = createScanDetector({ maxLength: 512 });
    const last = type(detector, 'A0023', 0, 150);
    expect(detector.enter(last + 150)).toBeNull();
    // Two keys in a rollover, then a pause: not five in a burst.
    type(detector, 'A0', 5000, 20);
    const slow = type(detector, '023', 5500, 20);
    expect(detector.enter(slow + 10)).toBeNull();
    // Rollovers between a person's keys: pairs 30 ms apart, 200 ms between pairs.
    const rollover = [7000, 7030, 7230, 7260, 7460];
    [...'A0023'].forEach((char, k) => detector.character(char, rollover[k]!));
    expect(detector.enter(7560)).toBeNull();
    // Slow keys, then a scanner's burst: the burst alone.
    type(detector, 'XY', 9000, 300);
    const burst = type(detector, 'B0107', 10_000, 3);
    expect(detector.enter(burst + 3)).toBe('B0107');
  });

  it('a short burst, a pause inside it, or a late Enter is not a scan', () => {
    const detector = createScanDetector({ maxLength: 512 });
    expect(detector.enter(type(detector, 'A002', 0, 3) + 3)).toBeNull();
    const paused = type(detector, 'A00', 1000, 3);
    const rest = type(detector, '23', paused + SCAN_MAX_PAUSE_MS + 1, 3);
    expect(detector.enter(rest + 3)).toBeNull();
    const late = type(detector, 'A0023', 5000, 3);
    expect(detector.enter(late + SCAN_MAX_PAUSE_MS + 1)).toBeNull();
    // Every key within the pause, but at a person's pace on average.
    const steady = type(detector, 'A0023', 9000, SCAN_MAX_AVERAGE_MS + 10);
    expect(detector.enter(steady + SCAN_MAX_AVERAGE_MS + 10)).toBeNull();
    expect(detector.enter(5000)).toBeNull(); // Enter alone
  });

  it('a scanner character held back by a busy page (one gap of tens of ms) is still a scan', () => {
    const detector = createScanDetector({ maxLength: 512 });
    const head = type(detector, URL.slice(0, 40), 0, 8);
    const tail = type(detector, URL.slice(40), head + 70, 8);
    expect(detector.enter(tail + 20)).toBe(URL);
  });

  it('keeps at most maxLength characters of an overlong burst (the host refuses it in words)', () => {
    const detector = createScanDetector({ maxLength: 8 });
    const last = type(detector, 'X'.repeat(100), 0, 1);
    expect(detector.enter(last + 1)).toBe('XXXXXXXX');
  });
});
