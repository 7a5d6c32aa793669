// The contract's instant and day fields accept exactly what they accepted before they read the
// digits in place (one pattern plus arithmetic, instead of pattern + Date.parse + a sliced
// year): the former schemas are kept here verbatim and both are run on generated valid and
// near-valid texts, comparing acceptance and the reasons given.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CalendarDay, Instant, MAX_YEAR, MIN_YEAR, say } from '../../../src/contract/fields.js';
import { check } from '../../../src/contract/problems.js';

// ---- The former validators, as they were in src/contract/fields.ts ----
const oldInYearRange = (value: string): boolean => {
  const year = Number(value.slice(0, 4));
  return year >= MIN_YEAR && year <= MAX_YEAR;
};
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-](0\d|1[0-4]):[0-5]\d)$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const OldInstant = z
  .string({ error: say('must be an ISO 8601 instant') })
  .regex(INSTANT, { error: 'must be an ISO 8601 instant', abort: true })
  .refine((value) => !Number.isNaN(Date.parse(value)), { error: 'must be an ISO 8601 instant' })
  .refine(oldInYearRange, { error: `must be an instant in the years ${MIN_YEAR}-${MAX_YEAR}` });
function oldIsCalendarDay(value: string): boolean {
  const match = DAY.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}
const OldCalendarDay = z
  .string({ error: say('must be a date YYYY-MM-DD') })
  .regex(DAY, { error: 'must be a date YYYY-MM-DD', abort: true })
  .refine(oldIsCalendarDay, { error: 'must be a date YYYY-MM-DD' })
  .refine(oldInYearRange, { error: `must be a day in the years ${MIN_YEAR}-${MAX_YEAR}` });

// ---- Generators: mostly well-formed texts with each part pushed to and past its limits ----
const digits = (n: number, max = 10 ** n - 1) =>
  fc.integer({ min: 0, max }).map((v) => String(v).padStart(n, '0'));
const year = fc.oneof(
  digits(4),
  fc.constantFrom('0000', '1969', '1970', '1900', '2000', '2024', '2100', '9999'),
);
const month = fc.oneof(digits(2, 14), fc.constantFrom('00', '01', '02', '12', '13', '99'));
const day = fc.oneof(digits(2, 33), fc.constantFrom('00', '28', '29', '30', '31', '32'));
const hour = fc.oneof(digits(2, 26), fc.constantFrom('00', '23', '24', '25', '99'));
const minuteOrSecond = fc.oneof(digits(2, 61), fc.constantFrom('00', '59', '60', '99'));
const fraction = fc.oneof(
  fc.constant(''),
  fc.integer({ min: 1, max: 11 }).chain((n) =>
    fc.oneof(
      fc.constant('.' + '0'.repeat(n)),
      digits(n).map((d) => '.' + d),
      fc.constant('.' + '0'.repeat(n - 1) + '1'),
    ),
  ),
);
const zone = fc.oneof(
  fc.constant('Z'),
  fc.constant('z'),
  fc.constant(''),
  fc
    .tuple(fc.constantFrom('+', '-'), digits(2, 17), digits(2, 61))
    .map(([sign, h, m]) => `${sign}${h}:${m}`),
);
/** A text changed slightly: a character replaced, inserted or removed (NUL, space, digit …). */
const mutated = (base: fc.Arbitrary<string>) =>
  fc
    .tuple(
      base,
      fc.nat(),
      fc.constantFrom('\u0000', ' ', '9', 'T', '-', ':', '.', '０', '\ud800'),
      fc.constantFrom('replace', 'insert', 'remove'),
    )
    .map(([text, at, char, how]) => {
      const i = at % (text.length + 1);
      if (how === 'insert') return text.slice(0, i) + char + text.slice(i);
      if (how === 'remove') return text.slice(0, i) + text.slice(i + 1);
      return text.slice(0, i) + char + text.slice(i + 1);
    });

const instantText = fc
  .tuple(year, month, day, hour, minuteOrSecond, minuteOrSecond, fraction, zone)
  .map(([y, mo, d, h, mi, s, f, z]) => `${y}-${mo}-${d}T${h}:${mi}:${s}${f}${z}`);
const dayText = fc.tuple(year, month, day).map(([y, mo, d]) => `${y}-${mo}-${d}`);
const anyInput = (text: fc.Arbitrary<string>) =>
  fc.oneof(
    { weight: 6, arbitrary: text },
    { weight: 3, arbitrary: mutated(text) },
    { weight: 1, arbitrary: text.map((t) => t + t) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, null, 20250101, {}, []) },
  );

/** What a schema says about a value: accepted, or the readable reasons as the service gives them. */
function verdict(schema: z.ZodType, value: unknown) {
  const parsed = schema.safeParse(value);
  return {
    ok: parsed.success,
    messages: parsed.success ? [] : parsed.error.issues.map((i) => [i.code, i.message]),
    problem: (() => {
      const checked = check(schema, value, 'the value');
      return checked.ok ? null : checked.problem;
    })(),
  };
}

const RUNS = 20_000;

describe('contract instants and days: the same acceptance set as before', () => {
  it('Instant accepts and refuses exactly as the Date.parse version did, with the same reasons', () => {
    fc.assert(
      fc.property(anyInput(instantText), (value) => {
        expect(verdict(Instant, value)).toEqual(verdict(OldInstant, value));
      }),
      { numRuns: RUNS },
    );
  });

  it('CalendarDay accepts and refuses exactly as the Date version did, with the same reasons', () => {
    fc.assert(
      fc.property(anyInput(dayText), (value) => {
        const now = verdict(CalendarDay, value);
        const before = verdict(OldCalendarDay, value);
        expect(now.ok).toBe(before.ok);
        // One deliberate difference in words, none in acceptance: Date.UTC reads years 0-99 as
        // 1900-1999, so the former check also called a real day of year 0000-0099 "not a date";
        // now such a day is only told its year is out of range.
        if (typeof value === 'string' && /^00\d{2}-\d{2}-\d{2}$/.test(value) && now.ok === false) {
          expect(now.messages).toContainEqual(['custom', 'must be a day in the years 1970-9999']);
          return;
        }
        expect(now).toEqual(before);
      }),
      { numRuns: RUNS },
    );
  });

  it('agrees on the edges named in the contract', () => {
    const instants = [
      '2024-02-29T00:00:00Z',
      '2023-02-29T00:00:00Z',
      '2023-02-31T23:59:59.999+08:00',
      '2023-01-01T24:00:00Z',
      '2023-01-01T24:00:00.000000000Z',
      '2023-01-01T24:00:00.000000001Z',
      '2023-01-01T24:00:01Z',
      '2023-01-01T23:60:00Z',
      '2023-13-01T00:00:00Z',
      '1969-12-31T23:59:59Z',
      '1970-01-01T00:00:00+14:00',
      '0000-01-01T00:00:00Z',
      '0000-13-01T00:00:00Z',
      '9999-12-31T23:59:59-12:00',
      '2025-01-01T00:00:00+15:00',
      '2025-01-01T00:00:00.1234567890Z',
      '2025-01-01T00:00:00Z\u0000',
      '2025-01-01T00:00:00Z'.repeat(100),
    ];
    for (const value of instants) {
      expect(verdict(Instant, value), value).toEqual(verdict(OldInstant, value));
    }
    const days = [
      '2024-02-29',
      '2023-02-29',
      '1900-02-29',
      '2000-02-29',
      '2025-04-31',
      '1969-12-31',
    ];
    expect(verdict(CalendarDay, '0000-01-28').problem).toBe(
      'the value must be a day in the years 1970-9999',
    );
    for (const value of days) {
      expect(verdict(CalendarDay, value), value).toEqual(verdict(OldCalendarDay, value));
    }
    // The sets are not empty or trivially equal: both accept and both refuse.
    expect(Instant.safeParse('2023-01-01T24:00:00Z').success).toBe(true);
    expect(Instant.safeParse('2023-01-01T24:00:00.001Z').success).toBe(false);
    expect(CalendarDay.safeParse('2024-02-29').success).toBe(true);
    expect(CalendarDay.safeParse('2023-02-29').success).toBe(false);
    expect(check(Instant, '0000-01-01T00:00:00Z', 'the value')).toMatchObject({ ok: false });
  });
});
