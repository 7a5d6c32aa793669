/**
 * How old the kiosk's copy of some information is, in the customer's words: "(12 minutes ago)",
 * or "just now" under a minute, never "0 minutes ago". Imported by the renderer: no Node, no DOM.
 */
import type { MessageKey } from './messages.js';

/** The message and its parameters for "information as of {time}" with its age. */
export function dataAgeMessage(
  time: string,
  ageMinutes: number | null,
): { readonly key: MessageKey; readonly params: Readonly<Record<string, string | number>> } {
  // Unknown age (not measured) reads as "as of {time}" with no age rather than a made-up one.
  if (ageMinutes === null) return { key: 'query.asOfTime', params: { time } };
  if (ageMinutes < 1) return { key: 'query.asOfJustNow', params: { time } };
  // "1 minute ago", not "1 minutes ago".
  if (ageMinutes === 1) return { key: 'query.asOfOneMinute', params: { time } };
  return { key: 'query.asOf', params: { time, minutes: ageMinutes } };
}
