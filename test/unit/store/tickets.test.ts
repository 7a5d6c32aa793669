import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BusinessType } from '../../../src/domain/business-type.js';
import { StoreError, openStore, serviceDayOf } from '../../../src/store/index.js';
import type { KioskStore } from '../../../src/store/index.js';
import { BUSINESS, PERSONAL, inspectDb, outboxRowsOf } from './support.js';

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

const inspect = <T>(work: (db: Database.Database) => T): T => inspectDb(dataDir, work);
const outboxRows = () => outboxRowsOf(dataDir);

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
