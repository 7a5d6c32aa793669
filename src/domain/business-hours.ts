/**
 * When a business type is offered: `enabled` (the branch switched a queue off for the day) and
 * `openingHours` per weekday in the kiosk's local time, "HH:MM"–"HH:MM". A closed or disabled
 * queue stays on the kiosk's list, greyed, with the reason ("opens at 09:00"), so a customer is
 * never left guessing why a service they came for is missing.
 *
 * No Node and no DOM: the renderer, the kiosk and the branch service all load it.
 */
import { z } from 'zod';
import { say } from '../contract/fields.js';

const HOUR_MINUTE = /^([01]\d|2[0-3]):[0-5]\d$/;
const HourMinuteSchema = z
  .string({ error: say('must be a local time "HH:MM"') })
  .regex(HOUR_MINUTE, { error: 'must be a local time "HH:MM" (00:00 to 23:59)' });

/** One weekday's hours; `closes` after `opens` (a queue open past midnight is not a thing here). */
export const DayHoursSchema = z
  .object(
    { opens: HourMinuteSchema, closes: HourMinuteSchema },
    { error: say('must be an object with "opens" and "closes"') },
  )
  .strict()
  .refine((d) => d.opens < d.closes, { error: '"closes" must be later than "opens"' });

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * Hours per weekday ("mon" … "sun"). A weekday left out is a day the queue is not offered;
 * no `openingHours` at all: offered whenever the kiosk is.
 */
export const OpeningHoursSchema = z
  .object(
    Object.fromEntries(WEEKDAYS.map((d) => [d, DayHoursSchema.optional()])) as Record<
      Weekday,
      z.ZodOptional<typeof DayHoursSchema>
    >,
    { error: say('must be an object of weekdays ("mon" … "sun")') },
  )
  .strict()
  .meta({ description: 'Local opening hours per weekday; a weekday left out is closed.' });
export type OpeningHours = z.infer<typeof OpeningHoursSchema>;

/** Why a business type cannot be chosen now; null: it can. */
export type Unavailability =
  | { readonly reason: 'disabled' }
  | { readonly reason: 'notToday' }
  | { readonly reason: 'opensAt'; readonly time: string }
  | { readonly reason: 'closedAt'; readonly time: string };

/** Whether a queue is offered at `at` (the kiosk's local time), and if not, why. */
export function unavailabilityAt(
  type: {
    readonly enabled?: boolean | undefined;
    readonly openingHours?: Readonly<OpeningHours> | undefined;
  },
  at: Date,
): Unavailability | null {
  if (type.enabled === false) return { reason: 'disabled' };
  if (type.openingHours === undefined) return null;
  const today = type.openingHours[WEEKDAYS[at.getDay()]!];
  if (today === undefined) return { reason: 'notToday' };
  const now = `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
  if (now < today.opens) return { reason: 'opensAt', time: today.opens };
  if (now >= today.closes) return { reason: 'closedAt', time: today.closes };
  return null;
}
