/**
 * The body of POST /v1/batches, built from the outbox's stored texts without parsing and
 * re-serialising each item: the store hands each item's JSON text (its envelope written by
 * JSON.stringify around the stored payload text, which the store has read as JSON; a row that
 * is not JSON is quarantined, src/store/outbox.ts), and the items are joined as they are. The
 * body means exactly what `JSON.stringify(request)` would (test/unit/sync/batch-body.test.ts);
 * an item without its text is serialised as before.
 */
import type { BatchRequest, OutboxItemWire } from '../contract/sync.js';

/**
 * A wire item that also holds its JSON text. The text is a private field, so the item is the
 * plain wire item to everything else (its keys, equality, JSON.stringify).
 */
export class OutboxWireItem implements OutboxItemWire {
  readonly id: string;
  readonly seq: number;
  readonly kioskId: string;
  readonly kind: string;
  readonly createdAt: string;
  readonly payload: unknown;
  readonly #json: string | undefined;

  constructor(item: OutboxItemWire & { readonly itemJson?: string | undefined }) {
    // The order of the keys is the order on the wire (as the plain object literal had it).
    this.id = item.id;
    this.seq = item.seq;
    this.kioskId = item.kioskId;
    this.kind = item.kind;
    this.createdAt = item.createdAt;
    this.payload = item.payload;
    this.#json = item.itemJson;
  }

  /** The item's JSON text, or undefined when it was not given one. */
  static json(item: OutboxItemWire): string | undefined {
    return item instanceof OutboxWireItem ? item.#json : undefined;
  }
}

/** The JSON text of a batch request: what JSON.stringify(request) gives, made cheaper. */
export function batchRequestBody(request: BatchRequest): string {
  let items = '';
  for (const item of request.items) {
    const json = OutboxWireItem.json(item) ?? JSON.stringify(item);
    items = items === '' ? json : `${items},${json}`;
  }
  return `{"kioskId":${JSON.stringify(request.kioskId)},"items":[${items}]}`;
}
