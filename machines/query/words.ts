/** Catalogue words in every language, for what the providers add (headings, labels, notes). */
import type { LocalizedText } from '../../src/contract/sync.js';
import { formatMessage, type MessageKey } from '../../src/i18n/messages.js';

/** A catalogue message in every language, for the headings the providers add. */
export function words(
  key: MessageKey,
  params: Record<string, string | number> = {},
): LocalizedText {
  return { 'zh-CN': formatMessage('zh-CN', key, params), en: formatMessage('en', key, params) };
}
