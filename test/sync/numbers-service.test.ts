// The branch service's numbers, leases, queue status and counter handlers, called directly on
// an in-memory PGlite with the service's schema (no HTTP: the routes are a thin shell).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { callNext, markNoShow, markServed, recall } from '../../branch-service/counter.js';
import { openPglite, type BranchDatabase } from '../../branch-service/db.js';
import { DEFAULT_BUSINESS_TYPES } from '../../branch-service/defaults.js';
import { HttpError } from '../../branch-service/http.js';
import { allocateNumber, leaseNumbers } from '../../branch-service/numbers.js';
import { estimateWaitMinutes, queueStatus } from '../../branch-service/queue.js';
import { uuidv7 } from '../../src/uuidv7.js';

const DAY = '2026-11-27';
const options = { businessTypes: DEFAULT_BUSINESS_TYPES };
let db: BranchDatabase;

// One database for the file (creating one costs seconds); each test starts from empty tables.
beforeAll(async () => {
  db = await openPglite();
  await db.exec(readFileSync('branch-service/schema.sql', 'utf8'));
});
afterAll(() => db.close());
beforeEach(() =>
  db.exec(
    'TRUNCATE number_sequences, number_allocations, number_leases, queue_entries, tickets, kiosk_items CASCADE',
  ),
);

const allocate = (kiosk: string, businessTypeId = 'personal', ticketId = uuidv7()) =>
  allocateNumber(db, kiosk, { ticketId, businessTypeId, serviceDay: DAY }, options);

async function refusal(work: Promise<unknown>): Promise<HttpError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HttpError);
  return error as HttpError;
}

/** Delivers an item as the batch ingest stores it (the queue follows by trigger). */
async function ingest(kiosk: string, kind: string, payload: Record<string, unknown>) {
  await db.query(
    `INSERT INTO kiosk_items (id, kiosk_id, seq, kind, created_at, payload)
     VALUES ($1, $2, 1, $3, now(), $4::jsonb)`,
    [uuidv7(), kiosk, kind, JSON.stringify(payload)],
  );
}

function issuedPayload(kiosk: string, id: string, number: string, offline = false) {
  return {
    id,
    number,
    businessTypeId: 'personal',
    status: 'issued',
    delivery: 'printed',
    waitingAhead: 0,
    reservedAt: new Date().toISOString(),
    issuedAt: new Date().toISOString(),
    kioskId: kiosk,
    serviceDay: DAY,
    issuedOffline: offline,
  };
}

describe('number allocation', () => {
  it('shares one sequence per queue and day between kiosks: prefix and four digits', async () => {
    expect((await allocate('kiosk-1')).number).toBe('A0001');
    expect((await allocate('kiosk-2')).number).toBe('A0002');
    expect((await allocate('kiosk-1', 'business')).number).toBe('B0001');
    const other = await allocateNumber(
      db,
      'kiosk-1',
      { ticketId: uuidv7(), businessTypeId: 'personal', serviceDay: '2026-11-28' },
      options,
    );
    expect(other.number).toBe('A0001');
  });

  it('is idempotent by ticket id, and refuses another kiosk’s ticket id', async () => {
    const ticketId = uuidv7();
    const first = await allocate('kiosk-1', 'personal', ticketId);
    const again = await allocate('kiosk-1', 'personal', ticketId);
    expect(again).toMatchObject({ number: first.number, sequence: first.sequence });
    expect((await allocate('kiosk-1')).sequence).toBe(first.sequence + 1);
    const foreign = await refusal(allocate('kiosk-2', 'personal', ticketId));
    expect([foreign.status, foreign.code]).toEqual([409, 'TICKET_ID_IN_USE']);
  });

  it('gives concurrent requests of many kiosks distinct numbers', async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => allocate(`kiosk-${i % 4}`)),
    );
    const numbers = answers.map((a) => a.number);
    expect(new Set(numbers).size).toBe(40);
    expect(Math.max(...answers.map((a) => a.sequence))).toBe(40);
  });

  it('refuses an unknown business type with 422', async () => {
    const error = await refusal(allocate('kiosk-1', 'nope'));
    expect([error.status, error.code]).toEqual([422, 'UNKNOWN_BUSINESS_TYPE']);
  });
});

describe('number leases', () => {
  it('takes blocks from the top of the same range as online numbers, so they never overlap', async () => {
    await allocate('kiosk-1');
    const requestId = uuidv7();
    const request = { requestId, businessTypeId: 'personal', serviceDay: DAY, size: 50 };
    const lease = await leaseNumbers(db, 'kiosk-2', request, options);
    expect(lease).toMatchObject({ prefix: 'A', firstSequence: 9950, lastSequence: 9999 });
    // A retry (lost answer) gets the same block, not a second one.
    expect(await leaseNumbers(db, 'kiosk-2', request, options)).toEqual(lease);
    // Online numbers stay dense from the bottom.
    expect((await allocate('kiosk-1')).sequence).toBe(2);
    const second = await leaseNumbers(
      db,
      'kiosk-3',
      { ...request, requestId: uuidv7(), size: 10 },
      options,
    );
    expect([second.firstSequence, second.lastSequence]).toEqual([9940, 9949]);
    const stolen = await refusal(leaseNumbers(db, 'kiosk-3', request, options));
    expect(stolen.code).toBe('REQUEST_ID_IN_USE');
  });
});

describe('end of the range', () => {
  it('ends where online numbers meet the leased blocks: no wrap, 409 NUMBERS_EXHAUSTED', async () => {
    // 9980 numbers handed out online, 10 leased from the top: 9 values are left (9981–9989).
    await db.query(`INSERT INTO number_sequences VALUES ($1::date, 'personal', 9980, 9990)`, [DAY]);
    expect((await allocate('kiosk-1')).number).toBe('A9981');
    const lease = await leaseNumbers(
      db,
      'kiosk-2',
      { requestId: uuidv7(), businessTypeId: 'personal', serviceDay: DAY, size: 50 },
      options,
    );
    // Near the end a block is smaller: what is left between the two ends.
    expect([lease.firstSequence, lease.lastSequence]).toEqual([9982, 9989]);
    const online = await refusal(allocate('kiosk-1'));
    expect([online.status, online.code]).toEqual([409, 'NUMBERS_EXHAUSTED']);
    const block = await refusal(
      leaseNumbers(
        db,
        'kiosk-2',
        { requestId: uuidv7(), businessTypeId: 'personal', serviceDay: DAY, size: 5 },
        options,
      ),
    );
    expect(block.code).toBe('NUMBERS_EXHAUSTED');
    // The other queues and the next day are untouched.
    expect((await allocate('kiosk-1', 'business')).number).toBe('B0001');
  });

  it('hands out A9999 as the last online number when nothing was leased', async () => {
    await db.query(`INSERT INTO number_sequences VALUES ($1::date, 'personal', 9998, 10000)`, [
      DAY,
    ]);
    expect((await allocate('kiosk-1')).number).toBe('A9999');
    expect((await refusal(allocate('kiosk-1'))).code).toBe('NUMBERS_EXHAUSTED');
  });

  it('answers a retry with its number after the queue has run out', async () => {
    await db.query(`INSERT INTO number_sequences VALUES ($1::date, 'personal', 9998, 10000)`, [
      DAY,
    ]);
    const last = await allocate('kiosk-1');
    expect(last.number).toBe('A9999');
    // The answer was lost; the kiosk asks again with the same ticket id.
    const retry = await allocate('kiosk-1', 'personal', last.ticketId);
    expect([retry.number, retry.sequence]).toEqual(['A9999', 9999]);
    const held = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM number_allocations');
    expect(held).toEqual([{ n: 1 }]);
  });
});

describe('queue status and the counter', () => {
  it('counts waiting, called and served tickets from allocations and ingest', async () => {
    const a1 = await allocate('kiosk-1');
    expect(a1).toMatchObject({ waitingAhead: 0, estimatedWaitMinutes: null });
    const a2 = await allocate('kiosk-2');
    expect(a2.waitingAhead).toBe(1);
    // An offline ticket arrives by ingest only; its issue confirms an allocated one too.
    const offlineId = uuidv7();
    await ingest('kiosk-2', 'ticket.issued', issuedPayload('kiosk-2', offlineId, 'A0100', true));
    await ingest('kiosk-1', 'ticket.issued', issuedPayload('kiosk-1', a1.ticketId, a1.number));

    let { status, etag } = await queueStatus(db, 'kiosk-1', { serviceDay: DAY }, ['personal']);
    expect(status.queues[0]).toMatchObject({ waiting: 3, called: 0, served: 0 });

    const call = (counterId: string) =>
      callNext(db, 'counter-1', { counterId, businessTypeIds: ['personal'], serviceDay: DAY });
    const first = await call('window-1');
    expect(first).toMatchObject({ called: { number: 'A0001', state: 'called' }, completed: null });
    const second = await call('window-2');
    expect(second.called?.number).toBe('A0002');
    // "Next" at window 1 finishes its customer as served and calls the offline ticket.
    const third = await call('window-1');
    expect(third.completed).toMatchObject({ number: 'A0001', state: 'served' });
    expect(third.called).toMatchObject({ number: 'A0100', issuedOffline: true });
    expect((await call('window-3')).called).toBeNull();

    const request = { counterId: 'window-2', ticketId: a2.ticketId };
    expect((await recall(db, 'counter-1', request)).state).toBe('called');
    expect((await markNoShow(db, 'counter-1', request)).state).toBe('noShow');
    const notHere = await refusal(markServed(db, 'counter-1', request));
    expect(notHere.code).toBe('NOT_CALLED_HERE');
    await markServed(db, 'counter-1', { counterId: 'window-1', ticketId: offlineId });

    const before = etag;
    ({ status, etag } = await queueStatus(db, 'kiosk-1', { serviceDay: DAY }, ['personal']));
    expect(etag).not.toBe(before);
    expect(status.queues[0]).toMatchObject({
      waiting: 0,
      called: 0,
      served: 2,
      // The recall of A0002 is the latest call.
      lastCalledNumber: 'A0002',
    });
    expect(status.queues[0]!.averageServiceSeconds).not.toBeNull();
    expect(status.queues[0]!.estimatedWaitMinutes).toBe(0);
    // Unchanged counts, unchanged ETag (asOf is not part of it).
    expect((await queueStatus(db, 'kiosk-1', { serviceDay: DAY }, ['personal'])).etag).toBe(etag);
  });

  it('calls a served-first ticket that arrived by ingest (offline) before the walk-ins', async () => {
    const walkIn = await allocate('kiosk-1');
    const vipId = uuidv7();
    await ingest('kiosk-2', 'ticket.issued', {
      ...issuedPayload('kiosk-2', vipId, 'A0200', true),
      priority: 'vip',
    });
    // Its issue item confirms the walk-in's allocation without changing its place.
    await ingest('kiosk-1', 'ticket.issued', issuedPayload('kiosk-1', walkIn.ticketId, 'A0001'));
    const call = () =>
      callNext(db, 'counter-1', {
        counterId: 'w1',
        businessTypeIds: ['personal'],
        serviceDay: DAY,
      });
    expect((await call()).called).toMatchObject({ ticketId: vipId, number: 'A0200' });
    expect((await call()).called).toMatchObject({ ticketId: walkIn.ticketId });
  });

  it('takes a voided number out of the queue, or records it as skipped', async () => {
    const allocated = await allocate('kiosk-1');
    const voided = (ticketId: string, number: string | null, offline: boolean) => ({
      ticketId,
      kioskId: 'kiosk-1',
      businessTypeId: 'personal',
      serviceDay: DAY,
      number,
      sequence: null,
      issuedOffline: offline,
      reservedAt: new Date().toISOString(),
      voidedAt: new Date().toISOString(),
      reason: 'interruptedBeforeIssue',
    });
    // The kiosk never heard the answer: no number in the item, the branch finds it by ticket id.
    await ingest('kiosk-1', 'ticket.voided', voided(allocated.ticketId, null, false));
    const blockId = uuidv7();
    await ingest('kiosk-1', 'ticket.voided', voided(blockId, 'A0042', true));
    const rows = await db.query<{ number: string; state: string }>(
      'SELECT number, state FROM queue_entries ORDER BY number',
    );
    expect(rows).toEqual([
      { number: 'A0001', state: 'voided' },
      { number: 'A0042', state: 'voided' },
    ]);
    const { status } = await queueStatus(db, 'k', { serviceDay: DAY }, ['personal']);
    expect(status.queues[0]!.waiting).toBe(0);
  });

  it('makes one queue entry per ticket from a set that holds several items of it', async () => {
    // The set-based ingest stores a batch in one statement: its trigger sees every item at once.
    const issuedId = uuidv7();
    const voidedId = uuidv7();
    const voided = {
      ticketId: voidedId,
      kioskId: 'kiosk-1',
      businessTypeId: 'personal',
      serviceDay: DAY,
      number: 'A0043',
      sequence: 43,
      issuedOffline: true,
      reservedAt: new Date().toISOString(),
      voidedAt: new Date().toISOString(),
      reason: 'interruptedBeforeIssue',
    };
    const items = [
      ['ticket.issued', issuedPayload('kiosk-1', issuedId, 'A0041', true)],
      [
        'ticket.issued',
        { ...issuedPayload('kiosk-1', issuedId, 'A0041', true), delivery: 'screen' },
      ],
      ['ticket.voided', voided],
      ['ticket.voided', voided],
    ] as const;
    await db.query(
      `INSERT INTO kiosk_items (id, kiosk_id, seq, kind, created_at, payload)
       SELECT i.id, 'kiosk-1', i.seq, i.kind, now(), i.payload
       FROM jsonb_to_recordset($1::jsonb) AS i(id uuid, seq bigint, kind text, payload jsonb)`,
      [
        JSON.stringify(
          items.map(([kind, payload], n) => ({ id: uuidv7(), seq: n + 1, kind, payload })),
        ),
      ],
    );
    const rows = await db.query<{ number: string; state: string }>(
      'SELECT number, state FROM queue_entries ORDER BY number',
    );
    expect(rows).toEqual([
      { number: 'A0041', state: 'waiting' },
      { number: 'A0043', state: 'voided' },
    ]);
  });

  it('estimates from recent service times and the counters serving the queue', () => {
    expect(estimateWaitMinutes(5, null, 1)).toBeNull();
    expect(estimateWaitMinutes(0, 300, 1)).toBe(0);
    expect(estimateWaitMinutes(5, 300, 1)).toBe(25);
    expect(estimateWaitMinutes(5, 300, 2)).toBe(13);
    expect(estimateWaitMinutes(100_000, 3600, 1)).toBe(24 * 60);
  });
});
