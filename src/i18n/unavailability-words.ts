/**
 * Why a business type cannot be taken now, in the customer's words: one table for every screen
 * that says it (the ticket flow's list and refusal, the queue-status query), so one state reads
 * the same everywhere, in both languages and in elder mode. A new reason
 * (src/domain/business-hours.ts) fails the type check here until it has its words.
 * Imported by the renderer: no Node, no DOM.
 */
import type { Unavailability } from '../domain/business-hours.js';
import type { Language } from '../domain/business-type.js';
import { formatMessage, type MessageKey } from './messages.js';

export const UNAVAILABILITY_WORDS: Readonly<Record<Unavailability['reason'], MessageKey>> = {
  // Switched off by the branch (enabled: false): suspended for now, not "not offered today".
  disabled: 'businessType.disabled',
  // The opening hours have no hours for this weekday.
  notToday: 'businessType.notToday',
  opensAt: 'businessType.opensAt',
  closedAt: 'businessType.closesAt',
};

/** "Opens at 09:00", "Suspended today"…: why, in `language` (elder mode uses the same words). */
export function unavailabilityText(language: Language, why: Unavailability): string {
  return formatMessage(
    language,
    UNAVAILABILITY_WORDS[why.reason],
    'time' in why ? { time: why.time } : {},
  );
}
