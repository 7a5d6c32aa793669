/**
 * What a branch tells its customers through the kiosk's self-service queries (design.md §6):
 * branch information, deposit and exchange rates with the fee schedule, and frequent questions.
 * Optional parts of the branch configuration (GET /v1/config); every list and text is bounded so
 * a mistyped configuration cannot fill the kiosk's screen or memory.
 *
 * No Node and no DOM here: the renderer, the kiosk and the branch service all load it.
 */
import { z } from 'zod';
import { LocalizedTextSchema } from '../domain/business-type.js';
import { Instant, nonEmptyText, say, type Immutable } from './fields.js';

/** Longest answer to a frequent question, in each language. */
export const MAX_ANSWER_LENGTH = 1000;
/** More rows than this would not fit a kiosk screen; a branch shows the rest at the counter. */
export const MAX_QUERY_ROWS = 30;

/** A longer text in every language (an answer to a frequent question). */
export const LocalizedAnswerSchema = z.object(
  { 'zh-CN': nonEmptyText(MAX_ANSWER_LENGTH), en: nonEmptyText(MAX_ANSWER_LENGTH) },
  { error: say('must be an object with zh-CN and en') },
);

const rows = <T extends z.ZodType>(item: T) =>
  z
    .array(item, { error: say('must be an array') })
    .max(MAX_QUERY_ROWS, { error: `must list at most ${MAX_QUERY_ROWS} entries` });

const Percent = z
  .number({ error: say('must be a number') })
  .min(0, { error: 'must be between 0 and 100' })
  .max(100, { error: 'must be between 0 and 100' });

const Price = z
  .number({ error: say('must be a number') })
  .positive({ error: 'must be a positive number' })
  .max(1_000_000, { error: 'must be at most 1000000' });

export const BranchInfoSchema = z.object(
  {
    address: LocalizedTextSchema,
    phone: nonEmptyText(40).optional(),
    /** e.g. { days: "Monday to Friday", time: "09:00–17:00" }. */
    hours: rows(z.object({ days: LocalizedTextSchema, time: nonEmptyText(40) })),
    services: rows(LocalizedTextSchema),
    /** Ramps, counters for wheelchairs, hearing loops, reading glasses… */
    accessibility: rows(LocalizedTextSchema),
  },
  { error: say('must be an object') },
);
export type BranchInfo = Immutable<z.infer<typeof BranchInfoSchema>>;

export const RatesSchema = z.object(
  {
    /** When the bank set these rates (not when the kiosk fetched them). */
    asOf: Instant,
    deposit: rows(z.object({ term: LocalizedTextSchema, ratePercent: Percent })),
    exchange: rows(
      z.object({
        /** ISO 4217 code, e.g. USD. */
        currency: z
          .string({ error: say('must be a three-letter currency code') })
          .regex(/^[A-Z]{3}$/, { error: 'must be a three-letter currency code' }),
        name: LocalizedTextSchema,
        /** Price in CNY of `per` units of the currency. */
        per: z
          .int({ error: say('must be a positive integer') })
          .min(1)
          .max(10_000),
        buy: Price,
        sell: Price,
      }),
    ),
    fees: rows(z.object({ service: LocalizedTextSchema, fee: LocalizedTextSchema })),
  },
  { error: say('must be an object') },
);
export type Rates = Immutable<z.infer<typeof RatesSchema>>;

export const FaqSchema = rows(
  z.object({ question: LocalizedTextSchema, answer: LocalizedAnswerSchema }),
);
export type Faq = Immutable<z.infer<typeof FaqSchema>>;
