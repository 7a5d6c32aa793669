// Two instances of the reference branch service on one PostgreSQL database, with a kiosk
// pointed at both (its batches alternate between them): the same answers and the same rows as
// one instance, every item stored once even when both get the same batch at the same moment,
// one configuration tag, and credentials known to both.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionKiosk } from '../../branch-service/credentials.js';
import type { BranchService } from '../../branch-service/server.js';
import type { BatchRequest, BatchResponse, OutboxItemWire } from '../../src/contract/sync.js';
import { BranchServiceClient, SyncWorker } from '../../src/sync/index.js';
import { lazyPostgres } from '../support/postgres.js';
import { Cleanup, KIOSK_ID, TOKEN, branchService, issueTicket, tempStore } from './harness.js';

const OTHER_KIOSK = 'kiosk-8';
const OTHER_TOKEN = 'token-for-kiosk-8';
const KIOSKS = { [KIOSK_ID]: TOKEN, [OTHER_KIOSK]: OTHER_TOKEN };

const postgres = lazyPostgres();
const cleanup = new Cleanup();
afterAll(async () => {
  await cleanup.run();
  await postgres.stop();
});

let alone: BranchService;
let first: BranchService;
let second: BranchService;
beforeAll(async () => {
  const server = await postgres.get();
  alone = await branchService(cleanup, {
    database: { kind: 'postgres', url: await server.createDatabase() },
    kiosks: KIOSKS,
  });
  const shared = await server.createDatabase();
  // Started together: the schema is applied by one while the other waits.
  [first, second] = await Promise.all([
    branchService(cleanup, { database: { kind: 'postgres', url: shared }, kiosks: KIOSKS }),
    branchService(cleanup, { database: { kind: 'postgres', url: shared }, kiosks: KIOSKS }),
  ]);
}, 90_000);

const clientOf = (service: BranchService, kioskId = KIOSK_ID, token = TOKEN) =>
  new BranchServiceClient({ baseUrl: service.url, kioskId, token });

/** A kiosk's sender that alternates between the two instances, batch by batch. */
function alternating(kioskId = KIOSK_ID, token = TOKEN) {
  const clients = [clientOf(first, kioskId, token), clientOf(second, kioskId, token)];
  let next = 0;
  return {
    pushBatch(request: BatchRequest): Promise<BatchResponse> {
      const client = clients[next % 2]!;
      next += 1;
      return client.pushBatch(request);
    },
  };
}

function ticketItem(kioskId: string, payload: Record<string, unknown> = {}): OutboxItemWire {
  return {
    id: randomUUID(),
    seq: 1,
    kioskId,
    kind: 'ticket.issued',
    createdAt: '2025-03-04T01:30:04.000Z',
    payload: {
      id: randomUUID(),
      number: 'B017',
      businessTypeId: 'business',
      status: 'issued',
      delivery: 'screen',
      waitingAhead: 4,
      reservedAt: '2025-03-04T01:30:00.000Z',
      issuedAt: '2025-03-04T01:30:04.000Z',
      kioskId,
      serviceDay: '2025-03-04',
      ...payload,
    },
  };
}

/** What the branch holds, without the times it was received. */
async function contents(service: BranchService) {
  const items = await service.query(
    'SELECT id::text, kiosk_id, seq::int, kind, payload FROM kiosk_items ORDER BY id',
  );
  const tickets = await service.query(
    `SELECT id::text, number, business_type_id, status, delivery, waiting_ahead, kiosk_id,
       service_day::text, source_item_id::text FROM tickets ORDER BY id`,
  );
  return { items, tickets };
}

describe('two service instances on one PostgreSQL database', () => {
  it('give the same answers and rows as one instance, batch by batch', async () => {
    const mine = Array.from({ length: 6 }, () => ticketItem(KIOSK_ID));
    const theirs = ticketItem(OTHER_KIOSK);
    const forged = ticketItem(KIOSK_ID, { id: (theirs.payload as { id: string }).id });
    const update = ticketItem(KIOSK_ID, {
      id: (mine[0]!.payload as { id: string }).id,
      delivery: 'printed',
    });
    const invalid = ticketItem(KIOSK_ID, { waitingAhead: -1 });
    const script: { kioskId: string; items: OutboxItemWire[] }[] = [
      { kioskId: OTHER_KIOSK, items: [theirs] },
      { kioskId: KIOSK_ID, items: mine.slice(0, 3) },
      { kioskId: KIOSK_ID, items: mine.slice(0, 3) }, // re-sent: an ack was lost
      { kioskId: KIOSK_ID, items: [forged, ...mine.slice(3), invalid] },
      { kioskId: KIOSK_ID, items: [update, mine[5]!] },
    ];
    const tokens: Record<string, string> = KIOSKS;
    const both: Record<string, ReturnType<typeof alternating>> = {
      [KIOSK_ID]: alternating(),
      [OTHER_KIOSK]: alternating(OTHER_KIOSK, OTHER_TOKEN),
    };
    for (const batch of script) {
      const one = await clientOf(alone, batch.kioskId, tokens[batch.kioskId]).pushBatch(batch);
      const two = await both[batch.kioskId]!.pushBatch(batch);
      expect(two).toEqual(one);
    }
    const expected = await contents(alone);
    expect(expected.tickets).toHaveLength(7);
    expect(await contents(first)).toEqual(expected);
    expect(await contents(second)).toEqual(expected);
  });

  it("deliver a kiosk's outbox exactly once when its batches alternate between them", async () => {
    const local = new Cleanup();
    try {
      const { store } = tempStore(local);
      const issued = Array.from({ length: 25 }, () => issueTicket(store));
      const worker = new SyncWorker({ store, client: alternating(), maxItems: 4 });
      local.add(() => worker.stop());
      for (let round = 0; round < 20 && store.outboxStats().pending > 0; round++) {
        expect((await worker.syncNow()).outcome).toBe('delivered');
      }
      expect(store.outboxStats().pending).toBe(0);
      const ids = issued.map((t) => t.id);
      const rows = await first.query<{ id: string; n: number }>(
        'SELECT id::text, count(*)::int AS n FROM tickets WHERE id = ANY($1::uuid[]) GROUP BY id',
        [ids],
      );
      expect(rows.map((r) => r.n)).toEqual(ids.map(() => 1));
      expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    } finally {
      await local.run();
    }
  });

  it('store a batch sent to both at the same moment once, and both answer that they hold it', async () => {
    const items = Array.from({ length: 40 }, () => ticketItem(KIOSK_ID));
    const batch = { kioskId: KIOSK_ID, items };
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => clientOf(i % 2 ? first : second).pushBatch(batch)),
    );
    for (const answer of answers) {
      expect(answer).toEqual({ accepted: items.map((i) => i.id), rejected: [] });
    }
    const [row] = await second.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM kiosk_items WHERE id = ANY($1::uuid[])',
      [items.map((i) => i.id)],
    );
    expect(row!.n).toBe(40);
  });

  it('refuse a ticket id two kiosks race for, for one of them, on either instance', async () => {
    for (let round = 0; round < 5; round++) {
      const ticketId = randomUUID();
      const a = ticketItem(KIOSK_ID, { id: ticketId });
      const b = ticketItem(OTHER_KIOSK, { id: ticketId });
      // A kiosk that lost the race gets a 500 (retryable) or, once the winner committed, a
      // rejection; its retry is then a rejection. Either way one kiosk owns the ticket.
      const send = async (
        service: BranchService,
        kioskId: string,
        token: string,
        item: OutboxItemWire,
      ) => {
        for (let attempt = 0; ; attempt++) {
          try {
            return await clientOf(service, kioskId, token).pushBatch({ kioskId, items: [item] });
          } catch (err) {
            if (attempt > 3) throw err;
          }
        }
      };
      const [forA, forB] = await Promise.all([
        send(first, KIOSK_ID, TOKEN, a),
        send(second, OTHER_KIOSK, OTHER_TOKEN, b),
      ]);
      const accepted = [forA.accepted.length, forB.accepted.length].sort();
      expect(accepted).toEqual([0, 1]);
      const owners = await first.query<{ kiosk_id: string }>(
        'SELECT kiosk_id FROM tickets WHERE id = $1',
        [ticketId],
      );
      expect(owners).toEqual([{ kiosk_id: forA.accepted.length === 1 ? KIOSK_ID : OTHER_KIOSK }]);
    }
  });

  it('serve one configuration tag, and know the same kiosks', async () => {
    const fromFirst = await clientOf(first).getConfig();
    if (fromFirst.status !== 'ok') throw new Error('expected a configuration');
    expect(await clientOf(second).getConfig(fromFirst.etag)).toEqual({
      status: 'not-modified',
      etag: fromFirst.etag,
    });
    const token = await provisionKiosk(first.db, 'kiosk-40');
    expect(await clientOf(second, 'kiosk-40', token).health()).toMatchObject({
      kioskId: 'kiosk-40',
    });
  });
});
