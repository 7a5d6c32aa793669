/**
 * A counter as customers read it ("3号窗口" / "Counter 3"), never the raw id its terminal calls
 * with ("counter-3"): the name the branch configuration gives it (BranchConfig.counters), else a
 * label made from the id — its trailing number when it has one ("counter-3", "w03", "3" → 3),
 * else the id as the counter's name. One place for the kiosk's "my ticket" and the branch
 * service's follow page. Pure; imported by the kiosk and the branch service.
 */
import type { CounterName } from '../contract/branch-config.js';
import type { Language } from '../domain/business-type.js';
import { formatMessage } from './messages.js';

/** The counter's name in `language`. */
export function counterLabel(
  counterId: string,
  counters: readonly CounterName[] | undefined,
  language: Language,
): string {
  const named = counters?.find((c) => c.id === counterId);
  if (named) return named.name[language];
  const number = /(\d+)$/.exec(counterId)?.[1];
  return number === undefined
    ? formatMessage(language, 'counter.named', { name: counterId })
    : formatMessage(language, 'counter.numbered', { number: Number(number) });
}
