/**
 * A business type is what a customer queues for (cash, account opening, wealth management...).
 * The branch service owns the list; the kiosk caches it. `prefix` starts every ticket number of
 * that queue ("A" → A023), so tellers and customers can tell the queues apart at a glance.
 *
 * Defined as schemas (zod), because business types arrive from the branch service in its
 * configuration (src/contract/sync.ts); the types are inferred from them.
 */
import { z } from 'zod';
import { Identifier, nonEmptyText, say, type Immutable } from '../contract/fields.js';
import { OpeningHoursSchema } from './business-hours.js';

export const LanguageSchema = z.enum(['zh-CN', 'en'], { error: "must be 'zh-CN' or 'en'" });
export type Language = z.infer<typeof LanguageSchema>;
export const LANGUAGES: readonly Language[] = LanguageSchema.options;

/** A text in every language the kiosk speaks. */
export const LocalizedTextSchema = z
  .object({ 'zh-CN': nonEmptyText(), en: nonEmptyText() }, { error: say('must be an object') })
  .meta({ description: 'The same text in every language the kiosk speaks.' });
export type LocalizedText = Immutable<z.infer<typeof LocalizedTextSchema>>;

export const BusinessTypeSchema = z.object(
  {
    id: Identifier,
    /** One or two capital letters: what every ticket number of this queue starts with. */
    prefix: z
      .string({ error: say('must be one or two capital letters') })
      .regex(/^[A-Z]{1,2}$/, { error: 'must be one or two capital letters' }),
    name: LocalizedTextSchema,
    /** Shown under the name on the kiosk; optional. */
    description: LocalizedTextSchema.optional(),
    /** false: switched off (for the day); still listed, greyed, "not available today". */
    enabled: z.boolean({ error: say('must be true or false') }).optional(),
    /** Local hours per weekday; outside them still listed, greyed, "opens at 09:00". */
    openingHours: OpeningHoursSchema.optional(),
  },
  { error: say('must be an object') },
);
export type BusinessType = Immutable<z.infer<typeof BusinessTypeSchema>>;

export function businessTypeName(type: BusinessType, language: Language): string {
  return type.name[language];
}
