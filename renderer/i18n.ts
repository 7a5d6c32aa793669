/**
 * Formatting helpers over the one message catalogue (src/i18n/messages.ts). Every string the
 * renderer shows goes through here, in the language of the view.
 */
import type { Language } from '../src/domain/business-type.js';
import type { Prompt } from '../src/bridge/contract.js';
import { MESSAGES, formatMessageInMode } from '../src/i18n/messages.js';
import type { MessageKey } from '../src/i18n/messages.js';

export type Params = Readonly<Record<string, string | number>>;
export type Translate = (key: MessageKey, params?: Params) => string;

export function isMessageKey(value: string): value is MessageKey {
  return Object.hasOwn(MESSAGES.en, value);
}

/**
 * Formats a prompt from the host. A string parameter that is itself a catalogue key (for example
 * `{ reason: 'printerReason.paperOut' }`) is formatted in the same language first, so the host can
 * send translatable parts without knowing the language.
 */
export function formatPrompt(language: Language, prompt: Prompt, elder = false): string {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(prompt.params ?? {})) {
    params[name] =
      typeof value === 'string' && isMessageKey(value)
        ? formatMessageInMode({ language, elder }, value)
        : value;
  }
  return formatMessageInMode({ language, elder }, prompt.key, params);
}

/** The catalogue in the session's language, in elder mode's plainer words where it has them. */
export function translator(language: Language, elder = false): Translate {
  return (key, params) => formatMessageInMode({ language, elder }, key, params);
}

export function otherLanguage(language: Language): Language {
  return language === 'zh-CN' ? 'en' : 'zh-CN';
}
