/**
 * Schemas every screen and flow shares: the language, a catalogue message with parameters, and
 * the parts of a view that every screen carries. Imported by the renderer: no Node, no DOM.
 */
import { z } from 'zod';
import { MESSAGES, type MessageKey } from '../i18n/messages.js';

export const LanguageSchema = z.enum(['zh-CN', 'en']);

export const MessageKeySchema = z.custom<MessageKey>(
  (value) => typeof value === 'string' && Object.hasOwn(MESSAGES.en, value),
  { message: 'not a key of the message catalogue' },
);

/** A message from the catalogue with its parameters; the renderer formats it in the language. */
export const PromptSchema = z.object({
  key: MessageKeySchema,
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type Prompt = z.infer<typeof PromptSchema>;

/** What every screen carries besides its own data. */
export const ViewBaseSchema = z.object({
  language: LanguageSchema,
  /** What the customer must do next. */
  prompt: PromptSchema,
  /** A problem the customer must know about (printer failed, unknown business type...). */
  notice: PromptSchema.nullable(),
  /** Branch name for the header. */
  branchName: z.string(),
  /** Seconds left before the session resets for the next customer, when a warning is due. */
  inactivityWarningSeconds: z.number().int().nonnegative().nullable(),
});
export type ViewBase = z.infer<typeof ViewBaseSchema>;

/**
 * A refused message's reason, for a person: "command.language: expected one of zh-CN|en".
 * Parse with `{ reportInput: true }` so an unknown value can be named ("command.type: unknown
 * value "FORMAT_DISK""); values are cut short, since a refused frame is logged.
 */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      const where = issue.path.length > 0 ? issue.path.map(String).join('.') : 'message';
      const value = unknownDiscriminator(issue);
      if (value !== null) return `${where}: unknown value ${JSON.stringify(value.slice(0, 40))}`;
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}

/** The value of a discriminated union's key that matched no option, when zod reports it. */
function unknownDiscriminator(issue: z.core.$ZodIssue): string | null {
  if (issue.code !== 'invalid_union' || !('discriminator' in issue)) return null;
  const input: unknown = issue.input;
  const key = issue.discriminator;
  if (typeof key !== 'string' || typeof input !== 'object' || input === null) return null;
  const value: unknown = (input as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : null;
}
