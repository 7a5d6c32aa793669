/**
 * POST /v1/batches: a kiosk's outbox items, stored in one transaction (./ingest.ts). The body is
 * checked as an envelope first (a body the service cannot answer item by item is refused, 400),
 * then each item with the contract's schemas: a bad item is rejected with its reason while the
 * others are stored, and an item already held is answered as accepted without being applied
 * twice.
 */
import { checkOutboxItem } from '../src/contract/sync.js';
import type {
  BatchEnvelope,
  BatchRejection,
  BatchResponse,
  KnownOutboxItem,
} from '../src/contract/sync.js';
import { logEvent } from '../src/log/index.js';
import { HttpError } from './http.js';
import { ingestBatch } from './ingest.js';
import { evaluateReminders } from './reminders.js';
import type { RouteContext, RouteReply, RouteRequest } from './route.js';

/** The handler of POST /v1/batches. */
export function batchHandler({ db, log, reminders }: RouteContext) {
  return async (request: RouteRequest<BatchEnvelope, string>): Promise<RouteReply> => {
    const { kioskId, body: batch } = request;
    if (batch.kioskId !== kioskId) {
      throw new HttpError(
        403,
        'KIOSK_MISMATCH',
        `Authenticated as kiosk ${kioskId} but the batch is for kiosk ${batch.kioskId}.`,
      );
    }
    const valid: KnownOutboxItem[] = [];
    const rejected: BatchRejection[] = [];
    for (const raw of batch.items) {
      const checked = checkOutboxItem(raw, kioskId);
      if (checked.ok) valid.push(checked.item);
      else rejected.push({ id: (raw as { id: string }).id, reason: checked.reason });
    }

    const stored = await ingestBatch(db, kioskId, valid);
    const refusedIds = new Set(stored.refused.map((r) => r.id));
    const accepted = [...new Set(valid.map((item) => item.id))].filter((id) => !refusedIds.has(id));
    logEvent(log, 'branchService.batchApplied', {
      kiosk: kioskId,
      items: batch.items.length,
      inserted: stored.inserted,
      duplicates: stored.duplicates,
      rejected: rejected.length + stored.refused.length,
      itemByItem: stored.itemByItem,
    });
    for (const { id, reason } of rejected) {
      logEvent(log, 'branchService.itemRejected', { kiosk: kioskId, id, reason });
    }
    for (const { id, reason, log: fields } of stored.refused) {
      logEvent(log, 'branchService.itemRejected', { kiosk: kioskId, id, reason, ...fields });
    }
    // A reminder whose ticket is already near the front goes out now, not at the next call.
    if (stored.inserted > 0 && valid.some((item) => item.kind === 'reminder.requested')) {
      await evaluateReminders(reminders, log);
    }
    const response: BatchResponse = {
      accepted,
      rejected: [...rejected, ...stored.refused.map(({ id, reason }) => ({ id, reason }))],
    };
    return { status: 200, body: response };
  };
}
