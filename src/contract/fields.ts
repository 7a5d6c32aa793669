/**
 * The building blocks of every message schema (zod 4): identifiers, instants, days, bounded text.
 * Each carries its own reason in words ("must be a lower-case UUID"), so a refused message names
 * the field and what is wrong with it (see ./problems.ts), and each emits a JSON Schema with its
 * bound (pattern, maxLength), so the OpenAPI document states the same limits the code enforces.
 *
 * No Node and no DOM here: the renderer, the kiosk and the branch service all load it.
 */
import { z } from 'zod';

/**
 * What `z.infer` gives, made read-only all the way down. zod's own `.readonly()` would also
 * freeze parsed values and mark the JSON Schema `readOnly` (in OpenAPI: "never sent in a
 * request"), which is wrong for requests; the types only need to say "do not mutate".
 */
export type Immutable<T> = T extends (infer U)[]
  ? readonly Immutable<U>[]
  : T extends object
    ? { readonly [K in keyof T]: Immutable<T[K]> }
    : T;

/** Longest identifier or short text accepted anywhere in the contract (kiosk ids, names). */
export const MAX_TEXT_LENGTH = 200;
/** Longest free text (a rejection reason, an error message). */
export const MAX_REASON_LENGTH = 2000;

/**
 * The reason for a value of the wrong type: "is missing" when there is none, else `text`.
 * (A schema's own error wins over the per-parse words of ./problems.ts, so it says both.)
 */
export const say =
  (text: string) =>
  (issue: { readonly input?: unknown }): string =>
    issue.input === undefined ? 'is missing' : text;

/**
 * What PostgreSQL cannot hold in `text` or `jsonb`: NUL, and a UTF-16 surrogate without its pair
 * (JSON can carry both as escapes). Refused at validation, so such an item is rejected with a
 * reason instead of failing the database statement it would be stored by.
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this finds
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether `value` is text PostgreSQL can store as sent (see UNSTORABLE). */
export const isStorableText = (value: string): boolean => !UNSTORABLE.test(value);

/**
 * The years an instant or a day may name: from the Unix epoch (a kiosk whose clock was reset
 * says 1970, and its work must still be recorded) to the last four-digit year. Year 0000, which
 * JavaScript parses but PostgreSQL does not know, is refused here.
 */
export const MIN_YEAR = 1970;
export const MAX_YEAR = 9999;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// Zone offsets run from -12:00 to +14:00 on Earth; PostgreSQL refuses beyond ±15:59.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-](0\d|1[0-4]):[0-5]\d)$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/*
 * The checks below run for every timestamp of every item the branch service ingests, so they
 * read the digits in place (char codes at the fixed positions the pattern guarantees) instead of
 * slicing strings, building a Date or calling Date.parse. They accept exactly what the former
 * checks accepted (test/unit/sync/contract-fields.test.ts compares both on generated inputs):
 *
 * - an instant: what Date.parse reads from a string of the INSTANT pattern, i.e. month 01-12,
 *   day 01-31 in every month (V8 does not compare the day with the month's length), hour 00-23,
 *   or 24 with zero minutes, seconds and fraction, minute and second 00-59;
 * - a day: a day that exists in the proleptic Gregorian calendar;
 * - both: a year from MIN_YEAR to MAX_YEAR, read from the text (not the UTC instant).
 */

/** The number written by the two digits at `at` (the pattern has checked they are digits). */
const twoDigits = (value: string, at: number): number =>
  (value.charCodeAt(at) - 48) * 10 + value.charCodeAt(at + 1) - 48;

/** The year written by the first four characters (already digits). */
const yearOf = (value: string): number => twoDigits(value, 0) * 100 + twoDigits(value, 2);

const inYearRange = (value: string): boolean => {
  const year = yearOf(value);
  return year >= MIN_YEAR && year <= MAX_YEAR;
};

/** Whether an INSTANT-shaped text names a time Date.parse reads (see above). */
function isReadableInstant(value: string): boolean {
  const month = twoDigits(value, 5);
  const day = twoDigits(value, 8);
  const hour = twoDigits(value, 11);
  const minute = twoDigits(value, 14);
  const second = twoDigits(value, 17);
  if (month < 1 || month > 12 || day < 1 || day > 31 || minute > 59 || second > 59) return false;
  if (hour < 24) return true;
  if (hour > 24 || minute !== 0 || second !== 0) return false;
  // 24:00:00 is the end of the day only with a fraction of zeros (".000"), if any.
  if (value.charCodeAt(19) !== 46 /* . */) return true;
  for (let at = 20; at < value.length; at += 1) {
    const code = value.charCodeAt(at);
    if (code < 48 || code > 57) break;
    if (code !== 48) return false;
  }
  return true;
}

const daysInMonth = (year: number, month: number): number =>
  month === 2
    ? year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
      ? 29
      : 28
    : month === 4 || month === 6 || month === 9 || month === 11
      ? 30
      : 31;

/** Whether a YYYY-MM-DD-shaped text names a day that exists (no 2025-02-30). */
function isCalendarDay(value: string): boolean {
  const month = twoDigits(value, 5);
  const day = twoDigits(value, 8);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(yearOf(value), month);
}

/**
 * One check for a date-like text whose shape a pattern has already confirmed: the reason it is
 * not a valid value and, independently (as two refinements would), the reason it is outside the
 * years. Nothing is allocated for a valid value.
 */
function datelike(valid: (value: string) => boolean, invalid: string, outOfYears: string) {
  return (context: { value: string; issues: z.core.$ZodRawIssue[] }): void => {
    const { value } = context;
    if (!valid(value)) {
      context.issues.push({ code: 'custom', message: invalid, input: value });
    }
    if (!inYearRange(value)) {
      context.issues.push({ code: 'custom', message: outOfYears, input: value });
    }
  };
}

/** A UUID in lower case (the kiosk makes UUIDv7s): outbox item and ticket ids. */
export const Uuid = z
  .string({ error: say('must be a lower-case UUID') })
  .regex(UUID, { error: 'must be a lower-case UUID', abort: true })
  .meta({ description: 'A UUID in lower case (the kiosk makes UUIDv7s).' });

/** An ISO 8601 instant with a zone (Z or ±hh:mm), e.g. 2025-03-04T01:30:04.000Z. */
export const Instant = z
  .string({ error: say('must be an ISO 8601 instant') })
  .regex(INSTANT, { error: 'must be an ISO 8601 instant', abort: true })
  .check(
    datelike(
      isReadableInstant,
      'must be an ISO 8601 instant',
      `must be an instant in the years ${MIN_YEAR}-${MAX_YEAR}`,
    ),
  )
  .meta({
    description:
      'An ISO 8601 instant with a zone, e.g. 2025-03-04T01:30:04.000Z, in the years ' +
      `${MIN_YEAR}-${MAX_YEAR}.`,
  });

/** A calendar day YYYY-MM-DD that exists (no 2025-02-30). */
export const CalendarDay = z
  .string({ error: say('must be a date YYYY-MM-DD') })
  .regex(DAY, { error: 'must be a date YYYY-MM-DD', abort: true })
  .check(
    datelike(
      isCalendarDay,
      'must be a date YYYY-MM-DD',
      `must be a day in the years ${MIN_YEAR}-${MAX_YEAR}`,
    ),
  )
  .meta({ description: `A calendar day, YYYY-MM-DD, in the years ${MIN_YEAR}-${MAX_YEAR}.` });

/** Text with something in it (not only spaces), at most `max` characters. */
export function nonEmptyText(max = MAX_TEXT_LENGTH) {
  return z
    .string({ error: say('must be a non-empty string') })
    .max(max, { error: `must be at most ${max} characters long` })
    .regex(/\S/, { error: 'must be a non-empty string' })
    .refine(isStorableText, { error: 'must not contain NUL or an unpaired surrogate character' });
}

/** Ids of kiosks, branches and business types: chosen by people, so only bounded. */
export const Identifier = nonEmptyText(MAX_TEXT_LENGTH);

/** The largest sequence a queue reaches in a day: prefix + 4 digits (A0001…A9999). */
export const MAX_QUEUE_SEQUENCE = 9999;
/** Digits after the prefix in a branch number. */
export const QUEUE_NUMBER_DIGITS = 4;

/** A position in one queue's numbering of one service day. */
export const QueueSequence = z
  .int({ error: say('must be an integer from 1 to 9999') })
  .min(1, { error: `must be an integer from 1 to ${MAX_QUEUE_SEQUENCE}` })
  .max(MAX_QUEUE_SEQUENCE, { error: `must be an integer from 1 to ${MAX_QUEUE_SEQUENCE}` });
