import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BusinessType } from '../../../src/domain/business-type.js';
import { StoreError, openStore } from '../../../src/store/index.js';
import type { KioskStore } from '../../../src/store/index.js';
import { BUSINESS, PERSONAL, grantNumbers } from './support.js';
import { removeTempDir, tempDir } from '../../support/temp-dir.js';

let dataDir: string;
let clock: Date;
let store: KioskStore;

beforeEach(() => {
  dataDir = tempDir('kiosk-outbox');
  clock = new Date(2025, 2, 4, 9, 30); // local time: the service day is 2025-03-04
  store = openStore({ dataDir, kioskId: 'kiosk-1', now: () => clock });
  grantNumbers(store, '2025-03-04');
});

afterEach(() => {
  store.close();
  removeTempDir(dataDir);
});

function issueOne(type: BusinessType = PERSONAL, delivery: 'printed' | 'screen' = 'printed') {
  return store.issueTicket(store.reserveTicket({ businessType: type }).id, { delivery });
}

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

  it('acks and records attempts for a whole batch of ids at once, pending items only', () => {
    for (let i = 0; i < 5; i++) issueOne();
    const batch = store.nextOutboxBatch({ maxItems: 10, maxBytes: 1_000_000 });
    const ids = batch.map((item) => item.id);
    expect(store.markOutboxRejected(ids[4]!, 'bad')).toBe(true);
    store.recordOutboxAttempt(ids, 'timeout');
    // Twice the same id, one unknown id and one rejected item: only the pending ones count.
    expect(store.markOutboxAcked([ids[0]!, ids[1]!, ids[1]!, ids[4]!, 'no-such-id'])).toBe(2);
    expect(store.markOutboxAcked([])).toBe(0);
    const rest = store.nextOutboxBatch({ maxItems: 10, maxBytes: 1_000_000 });
    expect(rest.map((item) => item.id)).toEqual([ids[2], ids[3]]);
    expect(rest.map((item) => item.attempts)).toEqual([1, 1]);
    expect(store.outboxRejections()[0]).toMatchObject({ id: ids[4], attempts: 0 });
    expect(store.outboxStats()).toMatchObject({ pending: 2, acked: 2, rejected: 1 });
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
    expect(issueOne().number).toBe('A0002');
    expect(store.nextOutboxBatch({ maxItems: 10, maxBytes: 1_000_000 }).map((i) => i.seq)).toEqual([
      1, 2,
    ]);
  });
});
