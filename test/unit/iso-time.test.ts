import { describe, expect, it } from 'vitest';
import { isoTimestamp } from '../../src/iso-time.js';

describe('isoTimestamp', () => {
  it('is toISOString: every millisecond of the day’s edges, across days, years and back in time', () => {
    const times = [
      Date.UTC(2026, 10, 27, 0, 0, 0, 0),
      Date.UTC(2026, 10, 27, 0, 0, 0, 1),
      Date.UTC(2026, 10, 27, 9, 5, 7, 89),
      Date.UTC(2026, 10, 27, 23, 59, 59, 999),
      Date.UTC(2026, 10, 28, 0, 0, 0, 0),
      Date.UTC(2026, 10, 27, 12, 0, 0, 0), // the clock set back a day
      Date.UTC(2026, 11, 31, 23, 59, 59, 999),
      Date.UTC(2027, 0, 1, 0, 0, 0, 0),
      Date.UTC(2024, 1, 29, 13, 14, 15, 16),
      0,
      -1,
      Date.UTC(1969, 11, 31, 23, 0, 0, 0),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
      Date.UTC(10000, 0, 1, 0, 0, 0, 0), // six-digit years: toISOString's own form
      Date.UTC(10000, 0, 1, 0, 0, 1, 0),
      Date.UTC(-1, 0, 1, 0, 0, 0, 0),
    ];
    for (const at of times) {
      const date = new Date(at);
      expect(isoTimestamp(date), String(at)).toBe(date.toISOString());
    }
    // A walk through two days in uneven steps, as a kiosk's commits come.
    for (let at = Date.UTC(2026, 10, 27, 22); at < Date.UTC(2026, 10, 29, 2); at += 7_777_777) {
      for (const step of [0, 1, 999, 1000, 59_999, 60_000]) {
        const date = new Date(at + step);
        expect(isoTimestamp(date)).toBe(date.toISOString());
      }
    }
  });

  it('refuses an invalid date as toISOString does', () => {
    expect(() => isoTimestamp(new Date(Number.NaN))).toThrow(RangeError);
  });
});
