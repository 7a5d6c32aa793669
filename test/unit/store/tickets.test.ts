import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BusinessType } from '../../../src/domain/business-type.js';
import { StoreError, openStore, serviceDayOf } from '../../../src/store/index.js';
import type { KioskStore } from '../../../src/store/index.js';

const PERSONAL: BusinessType = {
  id: 'personal',
  prefix: 'A',
  name: { 'zh-CN': '个人业务', en: 'Personal banking' },
};
const BUSINESS: BusinessType = {
  id: 'business',
  prefix: 'B',
  name: { 'zh-CN': '对公业务', en: 'Business banking' },
};

let dataDir: string;
let clock: Date;
let store: KioskStore;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'kiosk-tickets-'));
  clock = new Date(2025, 2, 4, 9, 30); // local time: the service day is 2025-03-04
  store = openStore({ dataDir, kioskId: 'kiosk-1', now: () => clock });
});

afterEach(() => {
  store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A second connection, as a technician's sqlite3 would have: to look and to inject faults. */
function inspect<T>(work: (db: Database.Database) => T): T {
  const db = new Database(join(dataDir, 'kiosk.db'));
  try {
    return work(db);
  } finally {
    db.close();
  }
}

const outboxRows = () =>
  inspect(
    (db) =>
      db.prepare('SELECT id, seq, kind, payload, state FROM outbox ORDER BY seq').all() as {
        id: string;
        seq: number;
        kind: string;
        payload: string;
        state: string;
      }[],
  );

function issueOne(type: BusinessType = PERSONAL, delivery: 'printed' | 'screen' = 'printed') {
  return store.issueTicket(store.reserveTicket({ businessType: type }).id, { delivery });
}

describe('ticket numbers', () => {
  it('counts per business type and per service day: A001, A002, B001, then A001 tomorrow', () => {
    expect(store.reserveTicket({ businessType: PERSONAL }).number).toBe('A001');
    expect(store.reserveTicket({ businessType: PERSONAL }).number).toBe('A002');
    expect(store.reserveTicket({ businessType: BUSINESS }).number).toBe('B001');
    expect(store.reserveTicket({ businessType: PERSONAL }).number).toBe('A003');

    clock = new Date(2025, 2, 5, 8, 0);
    expect(store.reserveTicket({ businessType: PERSONAL }).number).toBe('A001');
    expect(store.reserveTicket({ businessType: BUSINESS }).number).toBe('B001');
  });

  it('uses the local calendar day, and survives a restart without reusing a number', () => {
    expect(serviceDayOf(new Date(2025, 11, 31, 23, 59))).toBe('2025-12-31');
    store.reserveTicket({ businessType: PERSONAL });
    store.close();
    store = openStore({ dataDir, kioskId: 'kiosk-1', now: () => clock });
    expect(store.reserveTicket({ businessType: PERSONAL }).number).toBe('A002');
  });

  it('reserves a ticket with the fields the machines need', () => {
    const ticket = store.reserveTicket({ businessType: PERSONAL });
    expect(ticket).toEqual({
      id: expect.stringMatching(
        /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      ),
      number: 'A001',
      businessTypeId: 'personal',
      status: 'reserved',
      delivery: null,
      waitingAhead: 0,
      reservedAt: clock.toISOString(),
      issuedAt: null,
      kioskId: 'kiosk-1',
    });
    expect(store.getTicket(ticket.id)).toEqual(ticket);
    expect(store.getTicket('no-such-ticket')).toBeUndefined();
  });

  it('counts waitingAhead as the tickets of that queue issued today at this kiosk', () => {
    issueOne(PERSONAL);
    issueOne(PERSONAL);
    store.reserveTicket({ businessType: PERSONAL }); // reserved only: not ahead of anyone
    issueOne(BUSINESS);
    expect(store.reserveTicket({ businessType: PERSONAL }).waitingAhead).toBe(2);
    expect(store.reserveTicket({ businessType: BUSINESS }).waitingAhead).toBe(1);
  });

  it('never hands out the same number twice in a queue (any interleaving of queues)', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 40 }), (picks) => {
        const seen = new Map<string, string[]>();
        clock = new Date(clock.getTime() + 86_400_000); // a fresh day per run
        for (const pickPersonal of picks) {
          const type = pickPersonal ? PERSONAL : BUSINESS;
          const numbers = seen.get(type.id) ?? [];
          numbers.push(store.reserveTicket({ businessType: type }).number);
          seen.set(type.id, numbers);
        }
        for (const [id, numbers] of seen) {
          const prefix = id === PERSONAL.id ? 'A' : 'B';
          expect(numbers).toEqual(
            numbers.map((_, i) => `${prefix}${String(i + 1).padStart(3, '0')}`),
          );
        }
      }),
      { numRuns: 25 },
    );
  });

  it('refuses a business type without id or prefix', () => {
    expect(() => store.reserveTicket({ businessType: { ...PERSONAL, prefix: '' } })).toThrow(
      StoreError,
    );
  });
});

describe('issuing', () => {
  it('marks the ticket issued and writes exactly one ticket.issued outbox row', () => {
    const reserved = store.reserveTicket({ businessType: PERSONAL });
    clock = new Date(clock.getTime() + 4_000); // printing took 4 s
    const issued = store.issueTicket(reserved.id, { delivery: 'printed' });

    expect(issued).toEqual({
      ...reserved,
      status: 'issued',
      delivery: 'printed',
      issuedAt: clock.toISOString(),
    });
    expect(store.getTicket(reserved.id)).toEqual(issued);
    const rows = outboxRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'ticket.issued', seq: 1, state: 'pending' });
    expect(JSON.parse(rows[0]!.payload)).toEqual({ ...issued, serviceDay: '2025-03-04' });
  });

  it('is idempotent: issuing again returns the issued ticket and writes no second row', () => {
    const reserved = store.reserveTicket({ businessType: PERSONAL });
    const first = store.issueTicket(reserved.id, { delivery: 'printed' });
    clock = new Date(clock.getTime() + 1_000);
    const second = store.issueTicket(reserved.id, { delivery: 'screen' });
    expect(second).toEqual(first);
    expect(outboxRows()).toHaveLength(1);
    expect(store.outboxStats()).toMatchObject({ pending: 1, acked: 0, rejected: 0 });
  });

  it('writes ticket and outbox row in one transaction: if the outbox write fails, the ticket stays reserved', () => {
    const reserved = store.reserveTicket({ businessType: PERSONAL });
    inspect((db) =>
      db.exec(`CREATE TRIGGER fail_outbox BEFORE INSERT ON outbox
               BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END`),
    );
    expect(() => store.issueTicket(reserved.id, { delivery: 'printed' })).toThrow(/simulated/);
    expect(store.getTicket(reserved.id)?.status).toBe('reserved');
    expect(outboxRows()).toHaveLength(0);

    inspect((db) => db.exec('DROP TRIGGER fail_outbox'));
    expect(store.issueTicket(reserved.id, { delivery: 'printed' }).status).toBe('issued');
    expect(outboxRows()).toHaveLength(1);
  });

  it('tells what to do for an unknown ticket or a bad delivery', () => {
    expect(() => store.issueTicket('missing', { delivery: 'printed' })).toThrow(
      expect.objectContaining({ code: 'TICKET_NOT_FOUND' }),
    );
    const reserved = store.reserveTicket({ businessType: PERSONAL });
    expect(() =>
      store.issueTicket(reserved.id, { delivery: 'email' as unknown as 'printed' }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('notifies outbox listeners after the commit, once per new row', () => {
    const seen: number[] = [];
    const unsubscribe = store.onOutboxAppended(() => seen.push(store.outboxStats().pending));
    const reserved = store.reserveTicket({ businessType: PERSONAL });
    expect(seen).toEqual([]);
    store.issueTicket(reserved.id, { delivery: 'printed' });
    store.issueTicket(reserved.id, { delivery: 'printed' });
    expect(seen).toEqual([1]); // the row was already committed and visible
    unsubscribe();
    issueOne();
    expect(seen).toEqual([1]);
  });
});

describe('outbox for the sync worker', () => {
  it('hands out pending items in seq order, limited by count', () => {
    const tickets = [issueOne(PERSONAL), issueOne(BUSINESS), issueOne(PERSONAL)];
    const batch = store.nextOutboxBatch({ maxItems: 2, maxBytes: 1_000_000 });
    expect(batch.map((item) => item.seq)).toEqual([1, 2]);
    expect(batch.map((item) => (item.payload as { id: string }).id)).toEqual([
      tickets[0]!.id,
      tickets[1]!.id,
    ]);
    expect(batch[0]).toMatchObject({ kioskId: 'kiosk-1', kind: 'ticket.issued', attempts: 0 });
  });

  it('limits a batch by serialised bytes, but always hands out at least one item', () => {
    for (let i = 0; i < 4; i++) issueOne();
    const all = store.nextOutboxBatch({ maxItems: 10, maxBytes: 1_000_000 });
    const [a, b] = all;
    expect(a!.bytes).toBe(
      Buffer.byteLength(
        JSON.stringify({
          id: a!.id,
          seq: a!.seq,
          kioskId: a!.kioskId,
          kind: a!.kind,
          createdAt: a!.createdAt,
          payload: a!.payload,
        }),
      ),
    );
    expect(store.nextOutboxBatch({ maxItems: 10, maxBytes: a!.bytes + b!.bytes })).toHaveLength(2);
    expect(store.nextOutboxBatch({ maxItems: 10, maxBytes: a!.bytes + b!.bytes - 1 })).toHaveLength(
      1,
    );
    expect(store.nextOutboxBatch({ maxItems: 10, maxBytes: 1 })).toHaveLength(1);
    expect(() => store.nextOutboxBatch({ maxItems: 0, maxBytes: 1 })).toThrow(StoreError);
  });

  it('acks and rejects: neither comes back in a batch; the items behind move up', () => {
    const [one, two, three] = [issueOne(), issueOne(), issueOne()];
    const batch = store.nextOutboxBatch({ maxItems: 10, maxBytes: 1_000_000 });
    const byTicket = (id: string) =>
      batch.find((item) => (item.payload as { id: string }).id === id)!;

    expect(store.markOutboxAcked([byTicket(one.id).id])).toBe(1);
    expect(store.markOutboxAcked([byTicket(one.id).id])).toBe(0); // already acked
    expect(
      store.markOutboxRejected(byTicket(two.id).id, 'payload.number must be a non-empty string'),
    ).toBe(true);
    expect(store.markOutboxRejected(byTicket(one.id).id, 'too late')).toBe(false); // not pending

    const rest = store.nextOutboxBatch({ maxItems: 10, maxBytes: 1_000_000 });
    expect(rest.map((item) => (item.payload as { id: string }).id)).toEqual([three.id]);
    expect(store.outboxStats()).toEqual({
      pending: 1,
      acked: 1,
      rejected: 1,
      oldestPendingAt: rest[0]!.createdAt,
    });
    expect(store.outboxRejections()).toEqual([
      expect.objectContaining({
        id: byTicket(two.id).id,
        kind: 'ticket.issued',
        reason: 'payload.number must be a non-empty string',
      }),
    ]);
  });

  it('records failed attempts and the last error on pending items', () => {
    issueOne();
    const [item] = store.nextOutboxBatch({ maxItems: 10, maxBytes: 1_000_000 });
    store.recordOutboxAttempt([item!.id], 'branch service refused the connection');
    store.recordOutboxAttempt([item!.id], 'timeout');
    const [again] = store.nextOutboxBatch({ maxItems: 10, maxBytes: 1_000_000 });
    expect(again).toMatchObject({ id: item!.id, attempts: 2, lastError: 'timeout' });
  });

  it('keeps pending items across a restart (nothing is lost before the ack)', () => {
    const ticket = issueOne();
    store.close();
    store = openStore({ dataDir, kioskId: 'kiosk-1', now: () => clock });
    const [item] = store.nextOutboxBatch({ maxItems: 10, maxBytes: 1_000_000 });
    expect((item!.payload as { id: string }).id).toBe(ticket.id);
    expect(issueOne().number).toBe('A002');
    expect(store.nextOutboxBatch({ maxItems: 10, maxBytes: 1_000_000 }).map((i) => i.seq)).toEqual([
      1, 2,
    ]);
  });
});

describe('config cache', () => {
  it('stores value, etag and fetch time; a 304 refreshes the time only', () => {
    expect(store.getCachedConfig('branch')).toBeUndefined();
    store.cacheConfig('branch', { businessTypes: [PERSONAL] }, '"v1"');
    expect(store.getCachedConfig('branch')).toEqual({
      value: { businessTypes: [PERSONAL] },
      etag: '"v1"',
      fetchedAt: clock.toISOString(),
    });
    clock = new Date(clock.getTime() + 60_000);
    expect(store.touchCachedConfig('branch')).toBe(true);
    expect(store.getCachedConfig('branch')).toMatchObject({
      etag: '"v1"',
      fetchedAt: clock.toISOString(),
    });
    expect(store.touchCachedConfig('other')).toBe(false);
    store.cacheConfig('branch', { businessTypes: [] }, null);
    expect(store.getCachedConfig('branch')?.etag).toBeNull();
  });
});
