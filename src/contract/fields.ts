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
const inYearRange = (value: string): boolean => {
  const year = Number(value.slice(0, 4));
  return year >= MIN_YEAR && year <= MAX_YEAR;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// Zone offsets run from -12:00 to +14:00 on Earth; PostgreSQL refuses beyond ±15:59.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-](0\d|1[0-4]):[0-5]\d)$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A UUID in lower case (the kiosk makes UUIDv7s): outbox item and ticket ids. */
export const Uuid = z
  .string({ error: say('must be a lower-case UUID') })
  .regex(UUID, { error: 'must be a lower-case UUID', abort: true })
  .meta({ description: 'A UUID in lower case (the kiosk makes UUIDv7s).' });

/** An ISO 8601 instant with a zone (Z or ±hh:mm), e.g. 2025-03-04T01:30:04.000Z. */
export const Instant = z
  .string({ error: say('must be an ISO 8601 instant') })
  .regex(INSTANT, { error: 'must be an ISO 8601 instant', abort: true })
  .refine((value) => !Number.isNaN(Date.parse(value)), { error: 'must be an ISO 8601 instant' })
  .refine(inYearRange, { error: `must be an instant in the years ${MIN_YEAR}-${MAX_YEAR}` })
  .meta({
    description:
      'An ISO 8601 instant with a zone, e.g. 2025-03-04T01:30:04.000Z, in the years ' +
      `${MIN_YEAR}-${MAX_YEAR}.`,
  });

function isCalendarDay(value: string): boolean {
  const match = DAY.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/** A calendar day YYYY-MM-DD that exists (no 2025-02-30). */
export const CalendarDay = z
  .string({ error: say('must be a date YYYY-MM-DD') })
  .regex(DAY, { error: 'must be a date YYYY-MM-DD', abort: true })
  .refine(isCalendarDay, { error: 'must be a date YYYY-MM-DD' })
  .refine(inYearRange, { error: `must be a day in the years ${MIN_YEAR}-${MAX_YEAR}` })
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
