// Batch ingest on the reference branch service, on PGlite and on a real PostgreSQL server:
// a fixed number of statements per batch, whatever its size; an item the database cannot hold
// is rejected alone (with a reason) while the rest of its batch is stored; other kiosks'
// tickets are refused item by item.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BranchDatabase, SqlExecutor } from '../../branch-service/db.js';
import { ingestBatch } from '../../branch-service/ingest.js';
import { openBranchDatabase } from '../../branch-service/server.js';
import type { BranchService } from '../../branch-service/server.js';
import type { KnownOutboxItem, OutboxItemWire } from '../../src/contract/sync.js';
import { createMemoryLog } from '../../src/log/index.js';
import { BranchServiceClient } from '../../src/sync/index.js';
import { databaseBackends, lazyPostgres } from '../support/postgres.js';
import { Cleanup, KIOSK_ID, TOKEN, branchService, countRows } from './harness.js';

const OTHER_KIOSK = 'kiosk-8';
const OTHER_TOKEN = 'token-for-kiosk-8';

const postgres = lazyPostgres();
afterAll(() => postgres.stop());

/** Counts the statements the service runs, inside transactions and outside. */
function counting(db: BranchDatabase) {
  const counts = { transactions: 0, inTransaction: 0 };
  const counted: BranchDatabase = {
    query: (sql, params) => db.query(sql, params),
    exec: (script) => db.exec(script),
    close: () => db.close(),
    transaction(work) {
      counts.transactions += 1;
      return db.transaction((tx) =>
        work({
          query(sql, params) {
            counts.inTransaction += 1;
            return tx.query(sql, params);
          },
        } as SqlExecutor),
      );
    },
  };
  return { db: counted, counts };
}

function ticketItem(kioskId = KIOSK_ID, payload: Record<string, unknown> = {}): OutboxItemWire {
  return {
    id: randomUUID(),
    seq: 1,
    kioskId,
    kind: 'ticket.issued',
    createdAt: '2025-03-04T01:30:04.000Z',
    payload: {
      id: randomUUID(),
      number: 'A001',
      businessTypeId: 'personal',
      status: 'issued',
      delivery: 'printed',
      waitingAhead: 2,
      reservedAt: '2025-03-04T01:30:00.000Z',
      issuedAt: '2025-03-04T01:30:04.000Z',
      kioskId,
      serviceDay: '2025-03-04',
      ...payload,
    },
  };
}

const withItem = (item: OutboxItemWire, fields: Partial<OutboxItemWire>): OutboxItemWire => ({
  ...item,
  ...fields,
});

describe.each(databaseBackends(postgres))('batch ingest on $name', (backend) => {
  const cleanup = new Cleanup();
  const log = createMemoryLog();
  let service: BranchService;
  let counts: ReturnType<typeof counting>['counts'];
  let kiosk7: BranchServiceClient;
  let kiosk8: BranchServiceClient;

  beforeAll(async () => {
    const wrapped = counting(await openBranchDatabase(await backend.fresh()));
    counts = wrapped.counts;
    service = await branchService(cleanup, {
      database: { kind: 'external', db: wrapped.db },
      kiosks: { [KIOSK_ID]: TOKEN, [OTHER_KIOSK]: OTHER_TOKEN },
      logger: log.logger,
    });
    kiosk7 = new BranchServiceClient({ baseUrl: service.url, kioskId: KIOSK_ID, token: TOKEN });
    kiosk8 = new BranchServiceClient({
      baseUrl: service.url,
      kioskId: OTHER_KIOSK,
      token: OTHER_TOKEN,
    });
  }, 60_000);
  afterAll(() => cleanup.run());

  it('stores a batch in one transaction of two statements, for 1 item as for 300', async () => {
    for (const size of [1, 300]) {
      const items = Array.from({ length: size }, () => ticketItem());
      const before = { ...counts };
      const answer = await kiosk7.pushBatch({ kioskId: KIOSK_ID, items });
      expect(answer).toEqual({ accepted: items.map((i) => i.id), rejected: [] });
      expect(counts.transactions - before.transactions).toBe(1);
      expect(counts.inTransaction - before.inTransaction).toBe(2);
    }
    const [row] = await service.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM tickets WHERE kiosk_id = $1 AND number = 'A001'",
      [KIOSK_ID],
    );
    expect(row!.n).toBe(301);
  });

  it('refuses at validation, with a reason, items the database could not hold; stores the rest', async () => {
    const good = [ticketItem(), ticketItem(), ticketItem()];
    const bad = {
      waitingAhead: ticketItem(KIOSK_ID, { waitingAhead: 2 ** 31 }),
      nul: ticketItem(KIOSK_ID, { number: 'A\u000001' }),
      surrogate: ticketItem(KIOSK_ID, { number: 'A\ud80001' }),
      year0: ticketItem(KIOSK_ID, { issuedAt: '0000-03-04T01:30:04.000Z' }),
      createdYear0: withItem(ticketItem(), { createdAt: '0000-01-01T00:00:00Z' }),
      offset: withItem(ticketItem(), { createdAt: '2025-03-04T01:30:04+23:00' }),
      day0: ticketItem(KIOSK_ID, { serviceDay: '0000-01-01' }),
      seq: withItem(ticketItem(), { seq: 2 ** 63 }),
    };
    const items = [good[0]!, ...Object.values(bad), good[1]!, good[2]!];
    for (let attempt = 0; attempt < 2; attempt++) {
      // The same answer when sent again: nothing here is a transient failure.
      const answer = await kiosk7.pushBatch({ kioskId: KIOSK_ID, items });
      expect(answer.accepted).toEqual(good.map((i) => i.id));
      expect(Object.fromEntries(answer.rejected.map((r) => [r.id, r.reason]))).toEqual({
        [bad.waitingAhead.id]: 'payload.waitingAhead must be at most 99999',
        [bad.nul.id]: 'payload.number must not contain NUL or an unpaired surrogate character',
        [bad.surrogate.id]:
          'payload.number must not contain NUL or an unpaired surrogate character',
        [bad.year0.id]: 'payload.issuedAt must be an instant in the years 1970-9999',
        [bad.createdYear0.id]: 'createdAt must be an instant in the years 1970-9999',
        [bad.offset.id]: 'createdAt must be an ISO 8601 instant',
        [bad.day0.id]: expect.stringMatching(/^payload\.serviceDay must be a (date|day)/),
        [bad.seq.id]: expect.stringMatching(/^seq must be/),
      });
    }
    for (const item of good) expect(await countRows(service, 'kiosk_items', item.id)).toBe(1);
    for (const item of Object.values(bad)) {
      expect(await countRows(service, 'kiosk_items', item.id)).toBe(0);
    }
  });

  it('an item the database refuses past validation is rejected alone; the rest is stored', async () => {
    // Fields this contract version does not know are kept as sent (a newer kiosk's additions):
    // no schema bounds them, so the database is the last judge of what they hold.
    const good = [ticketItem(), ticketItem()];
    const nulInExtra = ticketItem(KIOSK_ID, { note: 'a\u0000b' });
    const surrogateInExtra = ticketItem(KIOSK_ID, { note: '\udc00' });
    const items = [good[0]!, nulInExtra, surrogateInExtra, good[1]!];
    for (let attempt = 0; attempt < 2; attempt++) {
      const answer = await kiosk7.pushBatch({ kioskId: KIOSK_ID, items });
      expect(answer.accepted).toEqual(good.map((i) => i.id));
      expect(answer.rejected.map((r) => r.id)).toEqual([nulInExtra.id, surrogateInExtra.id]);
      for (const { reason } of answer.rejected) {
        expect(reason).toMatch(/^the branch database cannot store this item as sent \(.+\)/);
      }
    }
    for (const item of good) expect(await countRows(service, 'kiosk_items', item.id)).toBe(1);
    expect(await countRows(service, 'kiosk_items', nulInExtra.id)).toBe(0);
    const refused = log.named('branchService.itemRejected');
    expect(refused).toContainEqual(
      expect.objectContaining({ id: nulInExtra.id, sqlState: expect.stringMatching(/^22/) }),
    );
    expect(log.named('branchService.batchApplied')).toContainEqual(
      expect.objectContaining({ kiosk: KIOSK_ID, items: 4, itemByItem: true }),
    );
  });

  it('stays robust when values beyond the database reach it unchecked', async () => {
    // What a future schema change could let through: the service answers for each item.
    const valid = () => ticketItem() as unknown as KnownOutboxItem;
    const tweak = (payload: object, item: Partial<KnownOutboxItem> = {}) => {
      const base = valid();
      return { ...base, ...item, payload: { ...base.payload, ...payload } } as KnownOutboxItem;
    };
    const good = [valid(), valid()];
    const bad = [
      tweak({ waitingAhead: 2 ** 31 }),
      tweak({ number: 'A\u0000' }),
      tweak({ issuedAt: '0000-03-04T01:30:04.000Z' }),
      tweak({}, { createdAt: '0000-01-01T00:00:00Z' }),
      tweak({}, { createdAt: '2025-03-04T01:30:04+23:00' }),
      tweak({ serviceDay: '0000-01-01' }),
    ];
    const outcome = await ingestBatch(service.db, KIOSK_ID, [good[0]!, ...bad, good[1]!]);
    expect(outcome.itemByItem).toBe(true);
    expect(outcome.inserted).toBe(2);
    expect(outcome.refused.map((r) => r.id)).toEqual(bad.map((i) => i.id));
    for (const item of good) expect(await countRows(service, 'kiosk_items', item.id)).toBe(1);
  });

  it("refuses exactly the items naming other kiosks' tickets, in a large batch", async () => {
    const owned = Array.from({ length: 3 }, () => ticketItem());
    expect((await kiosk7.pushBatch({ kioskId: KIOSK_ID, items: owned })).rejected).toEqual([]);

    const own8 = Array.from({ length: 60 }, () => ticketItem(OTHER_KIOSK));
    const forged = owned.map((item) =>
      ticketItem(OTHER_KIOSK, { id: (item.payload as { id: string }).id, number: 'Z999' }),
    );
    const items = [
      ...own8.slice(0, 20),
      forged[0]!,
      ...own8.slice(20, 40),
      forged[1]!,
      forged[2]!,
    ].concat(own8.slice(40));
    for (let attempt = 0; attempt < 2; attempt++) {
      const answer = await kiosk8.pushBatch({ kioskId: OTHER_KIOSK, items });
      expect(answer.accepted).toEqual(own8.map((i) => i.id));
      expect(answer.rejected.map((r) => r.id)).toEqual(forged.map((i) => i.id));
      for (const { reason } of answer.rejected) expect(reason).toMatch(/belongs to another kiosk/);
    }
    const numbers = await service.query<{ number: string; kiosk_id: string }>(
      'SELECT number, kiosk_id FROM tickets WHERE id = ANY($1::uuid[])',
      [owned.map((i) => (i.payload as { id: string }).id)],
    );
    expect(numbers).toEqual(owned.map(() => ({ number: 'A001', kiosk_id: KIOSK_ID })));
  });

  it('holds every item of a batch that updates one ticket twice; the later one wins', async () => {
    const first = ticketItem(KIOSK_ID, { delivery: 'screen' });
    const ticketId = (first.payload as { id: string }).id;
    const second = ticketItem(KIOSK_ID, { id: ticketId, delivery: 'printed' });
    const answer = await kiosk7.pushBatch({ kioskId: KIOSK_ID, items: [first, second] });
    expect(answer).toEqual({ accepted: [first.id, second.id], rejected: [] });
    const rows = await service.query<{ delivery: string; source: string }>(
      'SELECT delivery, source_item_id::text AS source FROM tickets WHERE id = $1',
      [ticketId],
    );
    expect(rows).toEqual([{ delivery: 'printed', source: second.id }]);
  });
});
