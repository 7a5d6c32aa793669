/**
 * "Queue status": per business type of the branch, the people waiting and the estimated wait
 * from the kiosk's copy of the branch's queue status, with the copy's "as of" time. When the
 * copy is not current (the service did not answer, the copy is stale or another day's) the
 * counts are not shown at all: "wait unknown", with the copy's age. A business type that is
 * switched off or outside its opening hours is listed apart with why, never left out.
 *
 * Pure, like every provider: the feature hands over the copy (src/sync/queue-status.ts).
 */
import type { LocalizedText } from '../../src/contract/sync.js';
import { unavailabilityAt, type Unavailability } from '../../src/domain/business-hours.js';
import type { QueueStatusCopy } from '../../src/domain/queue-estimate.js';
import { unavailabilityText } from '../../src/i18n/unavailability-words.js';
import type { QueryBlock, QueryProvider } from './provider.js';
import { words } from './words.js';

const same = (text: string): LocalizedText => ({ 'zh-CN': text, en: text });

/** Why a business type cannot be taken now, in the words the ticket flow's list uses. */
const whyUnavailable = (why: Unavailability): LocalizedText => ({
  'zh-CN': unavailabilityText('zh-CN', why),
  en: unavailabilityText('en', why),
});

/** The waiting count and the estimate of one open queue, or "unknown" for both. */
function waitCells(
  queue: QueueStatusCopy['queues'][number] | undefined,
): [LocalizedText, LocalizedText] {
  if (queue === undefined) return [words('query.waitUnknown'), words('query.waitUnknown')];
  const estimate =
    queue.estimatedWaitMinutes === null
      ? words('query.noEstimate')
      : words('query.waitMinutes', { minutes: queue.estimatedWaitMinutes });
  return [same(String(queue.waiting)), estimate];
}

export const queueStatusProvider: QueryProvider = {
  id: 'queueStatus',
  label: 'query.queueStatus',
  answer({ config, queueStatus, now }) {
    const types = config?.businessTypes ?? [];
    if (types.length === 0) return null;
    const current = queueStatus?.current === true ? queueStatus : null;
    const open: (readonly LocalizedText[])[] = [];
    const closed: { label: LocalizedText; value: LocalizedText }[] = [];
    for (const type of types) {
      const why = unavailabilityAt(type, now);
      if (why !== null) {
        closed.push({ label: type.name, value: whyUnavailable(why) });
        continue;
      }
      const queue = current?.queues.find((q) => q.businessTypeId === type.id);
      open.push([type.name, ...waitCells(queue)]);
    }
    const blocks: QueryBlock[] = [];
    if (current === null) blocks.push({ kind: 'text', text: words('query.queueNotCurrent') });
    if (open.length > 0) {
      blocks.push({
        kind: 'table',
        columns: [
          words('query.businessType'),
          words('query.waiting'),
          words('query.estimatedWait'),
        ],
        rows: open,
      });
    }
    if (closed.length > 0) {
      blocks.push({ kind: 'pairs', heading: words('query.notAvailableNow'), pairs: closed });
    }
    // The copy's age even when it is not current: the customer sees how old it is.
    return { blocks, asOf: queueStatus?.asOf ?? null };
  },
};
