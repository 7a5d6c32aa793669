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

/** Voice volume steps the header offers, in percent of the terminal's output. */
export const VOICE_VOLUMES = [20, 40, 60, 80, 100] as const;
export const DEFAULT_VOICE_VOLUME = 80;

/**
 * The customer's voice settings for this session: prompts spoken or not, how loud, and a counter
 * the renderer watches to speak the current prompt again ("repeat"). Reset for every customer.
 */
export const VoiceSettingsSchema = z.object({
  enabled: z.boolean(),
  volume: z.number().int().min(0).max(100),
  repeat: z.number().int().nonnegative(),
});
export type VoiceSettings = z.infer<typeof VoiceSettingsSchema>;

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
  /**
   * Elder mode (design.md §7): larger type and targets, plainer words, slower timeouts. For this
   * session only. Absent (a host older than the renderer) means off.
   */
  elder: z.boolean().optional(),
  /**
   * Ask the customer once whether to switch to elder mode: their ID card shows at least the
   * branch's `elderMode.offerFromAge`. Never forced; absent means no offer.
   */
  elderOffer: z.boolean().optional(),
  /** The session's voice settings; absent means voice off. */
  voice: VoiceSettingsSchema.optional(),
});
export type ViewBase = z.infer<typeof ViewBaseSchema>;
