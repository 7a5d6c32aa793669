/**
 * The message catalogue: every string a customer or technician reads comes from here, in every
 * supported language. The host sends keys and parameters (see bridge/contract.ts); the renderer
 * formats them. Parameters are written {name}.
 *
 * This file is imported by the renderer: no Node, no DOM.
 */
import type { Language } from '../domain/business-type.js';

import { appointmentMessages } from './messages/appointment.js';
import { counterMessages } from './messages/counter.js';
import type { FeatureMessages } from './messages/define.js';
import { feedbackMessages } from './messages/feedback.js';
import { followMessages } from './messages/follow.js';
import { guideMessages } from './messages/guide.js';
import { identifyMessages } from './messages/identify.js';
import { queryMessages } from './messages/query.js';
import { reminderMessages } from './messages/reminder.js';
import { sessionMessages } from './messages/session.js';
import { ticketMessages } from './messages/ticket.js';

/** Every feature's words; a feature adds its file in ./messages/ and one entry here. */
const FEATURE_MESSAGES = [
  sessionMessages,
  ticketMessages,
  identifyMessages,
  appointmentMessages,
  queryMessages,
  feedbackMessages,
  guideMessages,
  reminderMessages,
  followMessages,
  counterMessages,
] as const;

type FeatureKeys<F> = F extends FeatureMessages<infer K> ? K : never;
export type MessageKey = FeatureKeys<(typeof FEATURE_MESSAGES)[number]>;

/** Merges one language of every feature, refusing a key two features define. */
function combine(
  pick: (
    feature: FeatureMessages<string>,
  ) => Readonly<Record<string, string | undefined>> | undefined,
): Record<string, string> {
  const combined: Record<string, string> = {};
  const owner = new Map<string, number>();
  FEATURE_MESSAGES.forEach((feature: FeatureMessages<string>, index) => {
    for (const [key, text] of Object.entries(pick(feature) ?? {})) {
      if (owner.has(key)) throw new Error(`message key ${key} is defined by two features`);
      owner.set(key, index);
      if (text !== undefined) combined[key] = text;
    }
  });
  return combined;
}

export const MESSAGES: Record<Language, Record<MessageKey, string>> = {
  'zh-CN': combine((f) => f['zh-CN']) as Record<MessageKey, string>,
  en: combine((f) => f.en) as Record<MessageKey, string>,
};

/**
 * Plainer words for elder mode (design.md §7): where a key has a variant, elder mode shows and
 * speaks it instead. Short sentences, everyday words, one instruction each.
 */
export const ELDER_MESSAGES: Record<Language, Partial<Record<MessageKey, string>>> = {
  'zh-CN': combine((f) => f.elder?.['zh-CN']),
  en: combine((f) => f.elder?.en),
};

/** A message in the words of the session's mode: elder mode's plainer variant where there is one. */
export function formatMessageInMode(
  mode: { readonly language: Language; readonly elder: boolean },
  key: MessageKey,
  params: Readonly<Record<string, string | number>> = {},
): string {
  const variant = mode.elder ? ELDER_MESSAGES[mode.language][key] : undefined;
  if (variant === undefined) return formatMessage(mode.language, key, params);
  return variant.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** Formats a message; unknown parameters stay visible as {name} so a missing one is noticed. */
export function formatMessage(
  language: Language,
  key: MessageKey,
  params: Readonly<Record<string, string | number>> = {},
): string {
  return MESSAGES[language][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}
