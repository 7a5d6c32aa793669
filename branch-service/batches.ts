/**
 * POST /v1/batches: a kiosk's outbox items, applied in one transaction. Each item is checked with
 * the contract's schemas: a body the service cannot answer item by item is refused (400), a bad
 * item is rejected with its reason while the others are applied, and an item already held is
 * answered as accepted without being applied twice.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkBatchEnvelope, checkOutboxItem } from '../src/contract/sync.js';
import type { BatchRejection, BatchResponse, KnownOutboxItem } from '../src/contract/sync.js';
import { logEvent, type Logger } from '../src/log/index.js';
import type { KioskAuth } from './auth.js';
import type { BranchDatabase, SqlExecutor } from './db.js';
import { applyFeedbackSubmitted } from './feedback.js';
import { HttpError, readJsonBody, sendJson } from './http.js';

export interface BatchRouteOptions {
  readonly db: BranchDatabase;
  readonly auth: KioskAuth;
  readonly log: Logger;
  readonly maxBodyBytes: number;
}

/** The handler of POST /v1/batches. */
export function batchRoute(options: BatchRouteOptions) {
  const { db, auth, log, maxBodyBytes } = options;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const kioskId = auth.authenticate(req);
    const envelope = checkBatchEnvelope(await readJsonBody(req, maxBodyBytes));
    if (!envelope.ok) throw new HttpError(400, 'INVALID_BATCH', envelope.problem);
    const batch = envelope.value;
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

    const refused: BatchRejection[] = [];
    const { inserted, duplicates } = await db.transaction(async (tx) => {
      const counts = { inserted: 0, duplicates: 0 };
      for (const item of valid) {
        const outcome = await applyItem(tx, item, kioskId);
        if (outcome === 'inserted') counts.inserted += 1;
        else if (outcome === 'duplicate') counts.duplicates += 1;
        else if (!refused.some((r) => r.id === item.id)) {
          refused.push({ id: item.id, reason: outcome.reason });
          logEvent(log, 'branchService.itemRejected', {
            kiosk: kioskId,
            id: item.id,
            reason: outcome.reason,
            ...outcome.log,
          });
        }
      }
      return counts;
    });
    const refusedIds = new Set(refused.map((r) => r.id));
    const accepted = [...new Set(valid.map((item) => item.id))].filter((id) => !refusedIds.has(id));
    logEvent(log, 'branchService.batchApplied', {
      kiosk: kioskId,
      items: batch.items.length,
      inserted,
      duplicates,
      rejected: rejected.length + refused.length,
    });
    for (const { id, reason } of rejected) {
      logEvent(log, 'branchService.itemRejected', { kiosk: kioskId, id, reason });
    }
    const response: BatchResponse = { accepted, rejected: [...rejected, ...refused] };
    sendJson(res, 200, response);
  };
}

/** Why the service will not apply an otherwise valid item; `log` is for the service's log only. */
interface ItemRefusal {
  readonly reason: string;
  readonly log: Record<string, unknown>;
}

type ItemOutcome = 'inserted' | 'duplicate' | ItemRefusal;

/**
 * Applies one valid item of the authenticated kiosk: 'inserted' when it was new, 'duplicate'
 * when the service already held it, or a refusal to answer as that item's rejection.
 */
function applyItem(tx: SqlExecutor, item: KnownOutboxItem, kioskId: string): Promise<ItemOutcome> {
  switch (item.kind) {
    case 'ticket.issued':
      return applyTicketIssued(tx, item, kioskId);
    case 'feedback.submitted':
      return applyFeedbackSubmitted(tx, item);
    default: {
      // A new kind in the contract fails the type check here until it is applied.
      const unknown: never = item;
      throw new Error(`no handler for outbox kind ${String((unknown as { kind: unknown }).kind)}`);
    }
  }
}

async function applyTicketIssued(
  tx: SqlExecutor,
  item: Extract<KnownOutboxItem, { kind: 'ticket.issued' }>,
  kioskId: string,
): Promise<ItemOutcome> {
  const ticket = item.payload;
  // Checked before the item is stored, so a refused item is not held (and a resend gets the
  // same answer). Ticket ids are kiosk-made UUIDs: a clash means a copied or forged id, and
  // letting it through would let any authenticated kiosk overwrite another kiosk's ticket.
  const [existing] = await tx.query<{ kiosk_id: string }>(
    'SELECT kiosk_id FROM tickets WHERE id = $1',
    [ticket.id],
  );
  if (existing !== undefined && existing.kiosk_id !== kioskId) {
    return foreignTicket(ticket.id, existing.kiosk_id);
  }
  const inserted = await tx.query(
    `INSERT INTO kiosk_items (id, kiosk_id, seq, kind, created_at, payload)
     VALUES ($1, $2, $3, $4, $5::timestamptz, $6::jsonb)
     ON CONFLICT (id) DO NOTHING
     RETURNING id`,
    [item.id, item.kioskId, item.seq, item.kind, item.createdAt, JSON.stringify(item.payload)],
  );
  if (inserted.length === 0) return 'duplicate'; // already held: applied when it first arrived
  // kiosk_id is the authenticated kiosk, not the payload's claim (the check already makes them
  // equal; this does not rely on it). The WHERE keeps the owner check atomic: on a database
  // with concurrent transactions, another kiosk may insert this id after the SELECT above, and
  // then nothing is updated.
  const written = await tx.query(
    `INSERT INTO tickets (id, number, business_type_id, status, delivery, waiting_ahead,
       reserved_at, issued_at, kiosk_id, service_day, source_item_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7::timestamptz, $8::timestamptz, $9, $10::date, $11)
     ON CONFLICT (id) DO UPDATE SET
       status = EXCLUDED.status, delivery = EXCLUDED.delivery,
       issued_at = EXCLUDED.issued_at, waiting_ahead = EXCLUDED.waiting_ahead,
       source_item_id = EXCLUDED.source_item_id, updated_at = now()
     WHERE tickets.kiosk_id = EXCLUDED.kiosk_id
     RETURNING id`,
    [
      ticket.id,
      ticket.number,
      ticket.businessTypeId,
      ticket.status,
      ticket.delivery,
      ticket.waitingAhead,
      ticket.reservedAt,
      ticket.issuedAt,
      kioskId,
      ticket.serviceDay,
      item.id,
    ],
  );
  if (written.length === 0) {
    // Lost that race: the item row above must not stay either. Failing the transaction makes
    // the kiosk send the batch again (500 is retryable), and then the SELECT refuses the item.
    throw new Error(
      `ticket ${ticket.id} was written by another kiosk during this batch; the batch is rolled ` +
        'back and the kiosk will send it again',
    );
  }
  return 'inserted';
}

function foreignTicket(ticketId: string, owner: string): ItemRefusal {
  return {
    // The owner's id stays in the service log: a kiosk has no business learning other kiosks'.
    reason:
      `ticket ${ticketId} belongs to another kiosk; a kiosk may only write its own tickets. ` +
      "This item cannot be applied: check this kiosk's ticket ids (they must be made here, " +
      'never copied from another kiosk or a backup of one).',
    log: { ticket: ticketId, owner },
  };
}
