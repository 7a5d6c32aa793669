/**
 * Storing a batch of checked outbox items as set-based SQL: per batch, one ownership check
 * (`= ANY($1)`) and one statement that inserts every item and upserts every ticket from
 * `jsonb_to_recordset`, in one transaction. The cost no longer grows with statements per item.
 *
 * Idempotent by item id: an item the service already holds is not applied again. A ticket id
 * held by another kiosk refuses the item (a forged or copied id must not overwrite another
 * kiosk's ticket). When the database refuses a value (a number beyond its type, text it
 * cannot hold), the batch is stored again item by item so only that item is refused.
 */
import type { KnownOutboxItem } from '../src/contract/sync.js';
import { isDataRefusal, sqlState, type BranchDatabase, type SqlExecutor } from './db.js';

/** An item the service will not store, with the reason the kiosk is told. */
export interface ItemRefusal {
  readonly id: string;
  readonly reason: string;
  /** For the service's log only (e.g. the owner of a ticket: kiosks do not learn it). */
  readonly log: Record<string, unknown>;
}

export interface IngestOutcome {
  /** Items stored now. */
  readonly inserted: number;
  /** Items the service held already (a re-sent batch). */
  readonly duplicates: number;
  readonly refused: readonly ItemRefusal[];
  /** Whether the batch had to be stored item by item (the database refused a value). */
  readonly itemByItem: boolean;
}

/**
 * One line of the statement's input: the item as stored. Everything else the statement needs
 * is read from the payload or from the line's position (the ticket's columns and id, the
 * batch order), so each value travels once: the batch's JSON parameter is what PGlite spends
 * most on before the first row is written (its text, then its jsonb, then its records).
 */
interface ItemRow {
  readonly id: string;
  readonly seq: number;
  readonly kind: string;
  readonly created_at: string;
  readonly payload: unknown;
  /** A reminder's phone: kept out of the item's stored payload (see 'reminder.requested'). */
  readonly phone?: string;
}

/** A row to store, and the ticket it writes for the ownership check (not sent to the statement). */
interface BatchRow {
  readonly row: ItemRow;
  readonly ticketId: string | null;
}

function toRow(item: KnownOutboxItem): BatchRow {
  const row = {
    id: item.id,
    seq: item.seq,
    kind: item.kind,
    created_at: item.createdAt,
    payload: item.payload,
  };
  switch (item.kind) {
    case 'ticket.issued':
      // The ticket row is upserted from this payload (STORE_SQL's `written`, by payload.id).
      return { row, ticketId: item.payload.id };
    case 'ticket.voided':
      // Only the item: the queue learns the number was skipped from it (schema.sql's trigger
      // on kiosk_items), and the tickets table keeps tickets customers hold.
      return { row, ticketId: null };
    case 'feedback.submitted':
      // Only the item: the feedback report reads kiosk_items (./feedback.ts).
      return { row, ticketId: null };
    case 'guide.called':
    case 'guide.audit':
      // Only the item: the lobby's calls and the staff PIN's audit trail are read from kiosk_items.
      return { row, ticketId: null };
    case 'reminder.requested': {
      // The phone goes to sms_reminders only, where it is deleted once handed off or dropped
      // (./reminders.ts); the item kept for ever holds everything else.
      const { phone, ...payload } = item.payload;
      return { row: { ...row, payload, phone }, ticketId: null };
    }
    default: {
      // A new kind in the contract fails the type check here until it is stored.
      const unknown: never = item;
      throw new Error(`no storage for outbox kind ${(unknown as KnownOutboxItem).kind}`);
    }
  }
}

/** Tickets among `ticketIds` that another kiosk than `kioskId` wrote: ticket id → owner. */
const OWNERSHIP_SQL = `
  SELECT id::text AS id, kiosk_id FROM tickets WHERE id = ANY($1::uuid[]) AND kiosk_id <> $2`;

/**
 * Every item into kiosk_items (once per id), and for each ticket the last new item of the batch
 * upserted into tickets. Rows are written in key order (item id, then ticket id), so two
 * batches overlapping on a server with concurrent transactions wait for each other instead of
 * deadlocking. kiosk_id is always the authenticated kiosk ($2), never the payload's
 * claim. The upsert's WHERE keeps ownership atomic: a ticket another kiosk inserted since the
 * check is not overwritten, and shows as expected-but-not-written.
 */
const STORE_SQL = `
  WITH input AS (
    SELECT r.id AS item_id, r.seq, r.kind, r.created_at, r.payload, r.phone, r.ord,
      CASE WHEN r.kind = 'ticket.issued' THEN (r.payload->>'id')::uuid END AS ticket_id
    FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (
      id uuid, seq bigint, kind text, created_at timestamptz, payload jsonb, phone text))
      WITH ORDINALITY AS r(id, seq, kind, created_at, payload, phone, ord)
  ), held AS (
    INSERT INTO kiosk_items (id, kiosk_id, seq, kind, created_at, payload)
    SELECT item_id, $2, seq, kind, created_at, payload FROM input ORDER BY item_id
    ON CONFLICT (id) DO NOTHING
    RETURNING id
  ), latest AS (
    SELECT DISTINCT ON (input.ticket_id) input.ticket_id, input.item_id, input.payload AS p
    FROM input JOIN held ON held.id = input.item_id
    WHERE input.kind = 'ticket.issued'
    ORDER BY input.ticket_id, input.ord DESC
  ), written AS (
    INSERT INTO tickets (id, number, business_type_id, status, delivery, waiting_ahead,
      reserved_at, issued_at, kiosk_id, service_day, source_item_id)
    SELECT ticket_id, p->>'number', p->>'businessTypeId', p->>'status', p->>'delivery',
      (p->>'waitingAhead')::integer, (p->>'reservedAt')::timestamptz,
      (p->>'issuedAt')::timestamptz, $2, (p->>'serviceDay')::date, item_id FROM latest
    ON CONFLICT (id) DO UPDATE SET
      status = EXCLUDED.status, delivery = EXCLUDED.delivery,
      issued_at = EXCLUDED.issued_at, waiting_ahead = EXCLUDED.waiting_ahead,
      source_item_id = EXCLUDED.source_item_id, updated_at = now()
    WHERE tickets.kiosk_id = EXCLUDED.kiosk_id
    RETURNING id
  ), reminders AS (
    INSERT INTO sms_reminders (id, kiosk_id, item_id, ticket_id, ticket_number, business_type_id,
      service_day, phone, remind_when_ahead, language, requested_at)
    SELECT (payload->>'id')::uuid, $2, item_id, (payload->>'ticketId')::uuid,
      payload->>'ticketNumber', payload->>'businessTypeId', (payload->>'serviceDay')::date,
      phone, (payload->>'remindWhenAhead')::integer, payload->>'language',
      (payload->>'requestedAt')::timestamptz
    FROM input JOIN held ON held.id = input.item_id
    WHERE input.kind = 'reminder.requested'
    ORDER BY 1
    ON CONFLICT (id) DO NOTHING
  )
  SELECT (SELECT count(*)::int FROM held) AS held,
    ARRAY(SELECT ticket_id::text FROM latest EXCEPT SELECT id::text FROM written) AS lost`;

/** Ticket ids are kiosk-made UUIDs: a clash means a copied or forged id. */
function foreignTicket(itemId: string, ticketId: string, owner: string): ItemRefusal {
  return {
    id: itemId,
    // The owner's id stays in the service log: a kiosk has no business learning other kiosks'.
    reason:
      `ticket ${ticketId} belongs to another kiosk; a kiosk may only write its own tickets. ` +
      "This item cannot be applied: check this kiosk's ticket ids (they must be made here, " +
      'never copied from another kiosk or a backup of one).',
    log: { ticket: ticketId, owner },
  };
}

function unstorable(itemId: string, err: unknown): ItemRefusal {
  const detail = ((err as Error).message ?? String(err)).slice(0, 300);
  return {
    id: itemId,
    reason:
      `the branch database cannot store this item as sent (${detail}). Sending it again ` +
      'gives the same answer: correct the kiosk software that produced it.',
    log: { sqlState: sqlState(err) },
  };
}

/** The batch's rows in two statements; refusals for other kiosks' tickets. */
async function storeRows(
  tx: SqlExecutor,
  kioskId: string,
  rows: readonly BatchRow[],
): Promise<{ held: number; refused: ItemRefusal[] }> {
  const ticketIds = rows.flatMap(({ ticketId }) => (ticketId === null ? [] : [ticketId]));
  const owners = new Map<string, string>();
  if (ticketIds.length > 0) {
    const foreign = await tx.query<{ id: string; kiosk_id: string }>(OWNERSHIP_SQL, [
      ticketIds,
      kioskId,
    ]);
    for (const { id, kiosk_id } of foreign) owners.set(id, kiosk_id);
  }
  const refused: ItemRefusal[] = [];
  const allowed: ItemRow[] = [];
  for (const { row, ticketId } of rows) {
    const owner = ticketId === null ? undefined : owners.get(ticketId);
    if (owner === undefined) allowed.push(row);
    else refused.push(foreignTicket(row.id, ticketId!, owner));
  }
  if (allowed.length === 0) return { held: 0, refused };
  const [result] = await tx.query<{ held: number; lost: string[] }>(STORE_SQL, [
    JSON.stringify(allowed),
    kioskId,
  ]);
  if (result!.lost.length > 0) {
    // Another kiosk wrote this ticket id between the check and the insert. Failing the
    // transaction makes the kiosk send the batch again (500 is retryable), and then the check
    // refuses the item.
    throw new Error(
      `ticket ${result!.lost[0]} was written by another kiosk during this batch; the batch is ` +
        'rolled back and the kiosk will send it again',
    );
  }
  return { held: result!.held, refused };
}

/** Each row under its own savepoint: a row the database refuses is refused alone. */
async function storeItemByItem(
  tx: SqlExecutor,
  kioskId: string,
  rows: readonly BatchRow[],
): Promise<{ held: number; refused: ItemRefusal[] }> {
  let held = 0;
  const refused: ItemRefusal[] = [];
  for (const row of rows) {
    await tx.query('SAVEPOINT item');
    try {
      const one = await storeRows(tx, kioskId, [row]);
      held += one.held;
      refused.push(...one.refused);
      await tx.query('RELEASE SAVEPOINT item');
    } catch (err) {
      if (!isDataRefusal(err)) throw err;
      await tx.query('ROLLBACK TO SAVEPOINT item');
      refused.push(unstorable(row.row.id, err));
    }
  }
  return { held, refused };
}

/** Stores `items` (checked, all from `kioskId`) in one transaction. */
export async function ingestBatch(
  db: BranchDatabase,
  kioskId: string,
  items: readonly KnownOutboxItem[],
): Promise<IngestOutcome> {
  const seen = new Set<string>();
  const rows: BatchRow[] = [];
  for (const item of items) {
    if (seen.has(item.id)) continue; // the same item twice in a batch is stored once
    seen.add(item.id);
    rows.push(toRow(item));
  }
  const outcome = (stored: { held: number; refused: ItemRefusal[] }, itemByItem: boolean) => ({
    inserted: stored.held,
    duplicates: rows.length - stored.held - stored.refused.length,
    refused: stored.refused,
    itemByItem,
  });
  try {
    return outcome(await db.transaction((tx) => storeRows(tx, kioskId, rows)), false);
  } catch (err) {
    // Nothing of the batch was stored (the transaction rolled back): find the item at fault.
    if (!isDataRefusal(err)) throw err;
    return outcome(await db.transaction((tx) => storeItemByItem(tx, kioskId, rows)), true);
  }
}
