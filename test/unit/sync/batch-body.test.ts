// The batch body is built from the outbox's stored payload texts (spliced in, not parsed and
// serialised again): it must mean exactly what JSON.stringify of the request meant, and a stored
// payload that is not JSON must still be quarantined and reported, never sent.
import { afterEach, describe, expect, it } from 'vitest';
import type { BatchRequest, OutboxItemWire } from '../../../src/contract/sync.js';
import type { QuarantinedOutboxItem } from '../../../src/store/index.js';
import { OutboxWireItem, batchRequestBody } from '../../../src/sync/batch-body.js';
import { BranchServiceClient } from '../../../src/sync/client.js';
import { DeliveryLedger, OutboxDrain } from '../../../src/sync/drain.js';
import { PERSONAL, cleanUp, inspectDb, open, tempDir } from '../store/support.js';

afterEach(cleanUp);

/** The body as it was built before: the plain wire item of each row, JSON.stringify'd. */
const formerBody = (request: BatchRequest): string =>
  JSON.stringify({
    kioskId: request.kioskId,
    items: request.items.map((item): OutboxItemWire => ({
      id: item.id,
      seq: item.seq,
      kioskId: item.kioskId,
      kind: item.kind,
      createdAt: item.createdAt,
      payload: item.payload,
    })),
  });

const TRICKY = [
  '张三 排队 “引号”',
  'quote " backslash \\ slash / tab \t newline \n',
  'line separators \u2028 \u2029, emoji 😀, control \u0001',
  '\u00e9\u0301 combining; 🏦 ＡＢＣ',
];

/** A store holding tickets, a feedback item and items with CJK and escaped text, one corrupt. */
function storeWithMixedOutbox() {
  const dataDir = tempDir('batch-body');
  const store = open({ dataDir });
  for (let i = 0; i < 6; i++) {
    store.issueTicket(store.reserveTicket({ businessType: PERSONAL }).id, { delivery: 'printed' });
  }
  inspectDb(dataDir, (db) => {
    const set = db.prepare('UPDATE outbox SET kind = ?, payload = ? WHERE seq = ?');
    // Written the way appendOutbox writes (JSON.stringify), and once by SQLite's own JSON (other
    // spacing and escapes), which the body must carry as the same value.
    set.run('feedback.submitted', JSON.stringify({ rating: 5, comment: TRICKY[0] }), 2);
    set.run('ticket.issued', JSON.stringify({ note: TRICKY[1], nested: [{ a: TRICKY[2] }] }), 3);
    set.run(
      'guide.called',
      `{ "text" : "\\u5f20\\u4e09 \\ud83d\\ude00 ${TRICKY[3]}" ,"n":1e2 }`,
      4,
    );
    db.pragma('ignore_check_constraints = ON');
    db.prepare('UPDATE outbox SET payload = \'{"number": \' WHERE seq = 5').run();
  });
  return store;
}

describe('batch body from stored payload texts', () => {
  it('means exactly what JSON.stringify of the request meant, for a mix of kinds and texts', () => {
    const store = storeWithMixedOutbox();
    const items = store.nextOutboxBatch({ maxItems: 10, maxBytes: 1e6 });
    expect(items.map((i) => i.seq)).toEqual([1, 2, 3, 4, 6]);
    const request: BatchRequest = {
      kioskId: store.kioskId,
      items: items.map((item) => new OutboxWireItem(item)),
    };
    const body = batchRequestBody(request);
    expect(JSON.parse(body)).toEqual(JSON.parse(formerBody(request)));
    // The stored text of each item is what travels, character for character.
    for (const item of items) expect(body).toContain(item.itemJson);
    expect(JSON.parse(body).items[3].payload.text).toBe(`张三 😀 ${TRICKY[3]}`);
    // Where the texts are JSON.stringify's own, the body is the former body byte for byte.
    const plain = items.filter((i) => i.seq !== 4).map((item) => new OutboxWireItem(item));
    const plainRequest = { kioskId: store.kioskId, items: plain };
    expect(batchRequestBody(plainRequest)).toBe(formerBody(plainRequest));
    // The batch's byte count is still that of the stored text.
    for (const item of items) {
      expect(item.bytes).toBe(Buffer.byteLength(OutboxWireItem.json(new OutboxWireItem(item))!));
      expect(item.itemJson).toMatch(/^\{"id":.*"payload":/);
    }
    store.close();
  });

  it('serialises an item without its payload text as before', () => {
    const plain: OutboxItemWire = {
      id: '01950000-0000-7000-8000-000000000001',
      seq: 1,
      kioskId: 'kiosk-1',
      kind: 'ticket.issued',
      createdAt: '2025-03-04T01:30:04.000Z',
      payload: { name: TRICKY[0] },
    };
    const request = { kioskId: 'kiosk-1', items: [plain, new OutboxWireItem(plain)] };
    expect(batchRequestBody(request)).toBe(JSON.stringify(request));
    expect(batchRequestBody({ kioskId: 'kiosk-1', items: [] })).toBe(
      JSON.stringify({ kioskId: 'kiosk-1', items: [] }),
    );
  });

  it('quarantines and reports a stored payload that is not JSON instead of sending it', async () => {
    const store = storeWithMixedOutbox();
    const reported: QuarantinedOutboxItem[] = [];
    store.onOutboxQuarantined((item) => reported.push(item));
    const bodies: string[] = [];
    const client = new BranchServiceClient({
      baseUrl: 'http://branch.test/api/',
      kioskId: store.kioskId,
      token: 'token',
      fetch: async (input, init) => {
        const body = await new Request(input, init).text();
        bodies.push(body);
        const ids = (JSON.parse(body) as BatchRequest).items.map((i) => i.id);
        return new Response(JSON.stringify({ accepted: ids, rejected: [] }), { status: 200 });
      },
    });
    const drain = new OutboxDrain({
      store,
      client,
      maxItems: 10,
      maxBytes: 1e6,
      ledger: new DeliveryLedger(() => new Date()),
    });
    const result = await drain.run(() => true);
    expect(result).toMatchObject({ outcome: 'delivered', acked: 5, rejected: 0, backlog: 0 });
    expect(reported).toEqual([
      expect.objectContaining({
        seq: 5,
        origin: 'outbox',
        reason: expect.stringMatching(/not JSON/),
      }),
    ]);
    expect(bodies).toHaveLength(1);
    const sent = JSON.parse(bodies[0]!) as BatchRequest;
    expect(sent.items.map((i) => i.seq)).toEqual([1, 2, 3, 4, 6]);
    expect(bodies[0]).not.toContain('{"number": ');
    store.close();
  });
});
