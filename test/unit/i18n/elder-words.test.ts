/**
 * Elder mode's plainer words (design.md §7): every customer-facing feature has them in both
 * languages, each variant says something different from the ordinary sentence, and it takes
 * exactly the ordinary sentence's parameters (a host formats either with the same ones).
 */
import { describe, expect, it } from 'vitest';
import type { Language } from '../../../src/domain/business-type.js';
import { appointmentMessages } from '../../../src/i18n/messages/appointment.js';
import type { FeatureMessages } from '../../../src/i18n/messages/define.js';
import { feedbackMessages } from '../../../src/i18n/messages/feedback.js';
import { guideMessages } from '../../../src/i18n/messages/guide.js';
import { identifyMessages } from '../../../src/i18n/messages/identify.js';
import { queryMessages } from '../../../src/i18n/messages/query.js';
import { sessionMessages } from '../../../src/i18n/messages/session.js';
import { ticketMessages } from '../../../src/i18n/messages/ticket.js';

const FEATURES: Record<string, FeatureMessages<string>> = {
  session: sessionMessages,
  ticket: ticketMessages,
  appointment: appointmentMessages,
  guide: guideMessages,
  identify: identifyMessages,
  query: queryMessages,
  feedback: feedbackMessages,
};
const LANGUAGES: readonly Language[] = ['zh-CN', 'en'];

const paramsOf = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('elder-mode words', () => {
  for (const [name, messages] of Object.entries(FEATURES)) {
    it(`${name}: plainer words in both languages, with the same parameters`, () => {
      for (const language of LANGUAGES) {
        const elder = messages.elder?.[language] ?? {};
        expect(Object.keys(elder).length, `${name} ${language}`).toBeGreaterThan(0);
        // The same keys in both languages: elder mode reads alike in either.
        const other = messages.elder?.[language === 'en' ? 'zh-CN' : 'en'] ?? {};
        expect(Object.keys(elder).sort()).toEqual(Object.keys(other).sort());
        for (const [key, text] of Object.entries(elder)) {
          const ordinary = messages[language][key];
          expect(ordinary, `${key} is a key of ${name}`).toBeDefined();
          expect(text, `${language} ${key} says the same as normal mode`).not.toBe(ordinary);
          expect(paramsOf(text!), `${language} ${key}`).toEqual(paramsOf(ordinary!));
        }
      }
    });
  }
});
