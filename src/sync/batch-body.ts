/**
 * The body of POST /v1/batches, built from the outbox's stored payload texts without parsing
 * and re-serialising each payload: the store has read each text as JSON (a row that is not is
 * quarantined, src/store/outbox.ts), so it is spliced in as it is, and everything around it is
 * written by JSON.stringify. The body means exactly what `JSON.stringify(request)` would
 * (test/unit/sync/batch-body.test.ts); an item without its text is serialised as before.
 */
import type { BatchRequest, OutboxItemWire } from '../contract/sync.js';

/**
 * A wire item that also holds its payload's JSON text. The text is a private field, so the item
 * is the plain wire item to everything else (its keys, equality, JSON.stringify).
 */
export class OutboxWireItem implements OutboxItemWire {
  readonly id: string;
  readonly seq: number;
  readonly kioskId: string;
  readonly kind: string;
  readonly createdAt: string;
  readonly payload: unknown;
  readonly #payloadJson: string | undefined;

  constructor(item: OutboxItemWire & { readonly payloadJson?: string | undefined }) {
    // The order of the keys is the order on the wire (as the plain object literal had it).
    this.id = item.id;
    this.seq = item.seq;
    this.kioskId = item.kioskId;
    this.kind = item.kind;
    this.createdAt = item.createdAt;
    this.payload = item.payload;
    this.#payloadJson = item.payloadJson;
  }

  /** The item as JSON text, its payload spliced in; undefined when it has no payload text. */
  static json(item: OutboxItemWire): string | undefined {
    if (!(item instanceof OutboxWireItem) || item.#payloadJson === undefined) return undefined;
    return (
      `{"id":${JSON.stringify(item.id)},"seq":${JSON.stringify(item.seq)},` +
      `"kioskId":${JSON.stringify(item.kioskId)},"kind":${JSON.stringify(item.kind)},` +
      `"createdAt":${JSON.stringify(item.createdAt)},"payload":${item.#payloadJson}}`
    );
  }
}

/** The JSON text of a batch request: what JSON.stringify(request) gives, made cheaper. */
export function batchRequestBody(request: BatchRequest): string {
  const items = request.items.map((item) => OutboxWireItem.json(item) ?? JSON.stringify(item));
  return `{"kioskId":${JSON.stringify(request.kioskId)},"items":[${items.join(',')}]}`;
}
