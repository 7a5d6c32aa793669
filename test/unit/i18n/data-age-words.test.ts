// The age of synced information in the customer's words: under a minute it is "just now",
// never "0 minutes ago", in both languages and in elder mode.
import { describe, expect, it } from 'vitest';
import { dataAgeMessage } from '../../../src/i18n/data-age-words.js';
import { formatMessageInMode } from '../../../src/i18n/messages.js';

const MODES = [
  { language: 'zh-CN', elder: false },
  { language: 'zh-CN', elder: true },
  { language: 'en', elder: false },
  { language: 'en', elder: true },
] as const;

function say(mode: (typeof MODES)[number], ageMinutes: number | null): string {
  const { key, params } = dataAgeMessage('11月27日 09:58', ageMinutes);
  return formatMessageInMode(mode, key, params);
}

describe('dataAgeMessage', () => {
  it.each(MODES)('says "just now" under a minute ($language, elder $elder)', (mode) => {
    const text = say(mode, 0);
    expect(text).toContain('11月27日 09:58');
    expect(text).not.toMatch(/\b0 (分钟|minutes)/);
    expect(text).toContain(mode.language === 'en' ? 'just now' : '刚刚更新');
  });

  it.each(MODES)('says the minutes from one minute on ($language, elder $elder)', (mode) => {
    expect(say(mode, 1)).toContain(mode.language === 'en' ? '(1 minute ago)' : '1 分钟前');
    expect(say(mode, 42)).toContain(mode.language === 'en' ? '42 minutes ago' : '42 分钟前');
  });

  it.each(MODES)('gives no age when it is unknown ($language, elder $elder)', (mode) => {
    const text = say(mode, null);
    expect(text).toContain('11月27日 09:58');
    expect(text).not.toMatch(/\d+ (分钟|minutes)|just now|刚刚/);
    expect(text).not.toContain('{');
  });
});
