import type Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BusinessType } from '../../../src/domain/business-type.js';
import { StoreError, openStore, serviceDayOf } from '../../../src/store/index.js';
import type { KioskStore } from '../../../src/store/index.js';
import { BUSINESS, PERSONAL, grantNumbers, inspectDb, outboxRowsOf } from './support.js';
import { removeTempDir, tempDir } from '../../support/temp-dir.js';

let dataDir: string;
let clock: Date;
let store: KioskStore;

beforeEach(() => {
  dataDir = tempDir('kiosk-tickets');
  clock = new Date(2025, 2, 4, 9, 30); // local time: the service day is 2025-03-04
  store = openStore({ dataDir, kioskId: 'kiosk-1', now: () => clock });
  grantNumbers(store, '2025-03-04');
});

afterEach(() => {
  store.close();
  removeTempDir(dataDir);
});

const inspect = <T>(work: (db: Database.Database) => T): T => inspectDb(dataDir, work);
const outboxRows = () => outboxRowsOf(dataDir);

function issueOne(type: BusinessType = PERSONAL, delivery: 'printed' | 'screen' = 'printed') {
  return store.issueTicket(store.reserveTicket({ businessType: type }).id, { delivery });
}

describe('ticket numbers', () => {
  it('numbers from the leased blocks per business type and day: A0001, A0002, B0001, A0003', () => {
    expect(store.reserveTicket({ businessType: PERSONAL }).number).toBe('A0001');
    expect(store.reserveTicket({ businessType: PERSONAL }).number).toBe('A0002');
    expect(store.reserveTicket({ businessType: BUSINESS }).number).toBe('B0001');
    expect(store.reserveTicket({ businessType: PERSONAL }).number).toBe('A0003');

    // Blocks expire with their day: tomorrow needs tomorrow's block.
    clock = new Date(2025, 2, 5, 8, 0);
    expect(() => store.reserveTicket({ businessType: PERSONAL })).toThrow(
      expect.objectContaining({ code: 'NO_NUMBERS_LEFT' }),
    );
    grantNumbers(store, '2025-03-05');
    expect(store.reserveTicket({ businessType: PERSONAL }).number).toBe('A0001');
    expect(store.reserveTicket({ businessType: BUSINESS }).number).toBe('B0001');
    expect(store.dropExpiredBlocks('2025-03-05')).toBe(2);
    expect(store.numbersLeft('2025-03-04', PERSONAL.id)).toBe(0);
  });

  it('uses the local calendar day, and survives a restart without reusing a number', () => {
    expect(serviceDayOf(new Date(2025, 11, 31, 23, 59))).toBe('2025-12-31');
    store.reserveTicket({ businessType: PERSONAL });
    store.close();
    store = openStore({ dataDir, kioskId: 'kiosk-1', now: () => clock });
    expect(store.reserveTicket({ businessType: PERSONAL }).number).toBe('A0002');
  });

  it('reserves a ticket with the fields the machines need, marked offline when from a block', () => {
    const ticket = store.reserveTicket({ businessType: PERSONAL, waitingAhead: 7 });
    expect(ticket).toEqual({
      id: expect.stringMatching(
        /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      ),
      number: 'A0001',
      businessTypeId: 'personal',
      status: 'reserved',
      delivery: null,
      waitingAhead: 7,
      reservedAt: clock.toISOString(),
      issuedAt: null,
      kioskId: 'kiosk-1',
      issuedOffline: true,
    });
    expect(store.getTicket(ticket.id)).toEqual(ticket);
    expect(store.getTicket('no-such-ticket')).toBeUndefined();
  });

  it('takes the branch’s number online: the requested ticket id, not marked offline', () => {
    const request = store.requestNumber({ businessType: PERSONAL });
    expect(request.serviceDay).toBe('2025-03-04');
    // Recorded without its own fsync, and customer work is FULL again right after (2 = FULL).
    expect(store.featureStore(({ db }) => db.pragma('synchronous', { simple: true }))).toBe(2);
    const ticket = store.reserveTicket({
      businessType: PERSONAL,
      branchNumber: { ...request, sequence: 412, number: 'A0412' },
      waitingAhead: 3,
    });
    expect(ticket).toMatchObject({
      id: request.ticketId,
      number: 'A0412',
      waitingAhead: 3,
      issuedOffline: false,
    });
    // The request is settled: once issued, nothing is left for the boot to void.
    store.issueTicket(ticket.id, { delivery: 'printed' });
    expect(store.settleInterruptedReservations()).toEqual([]);
    // The block was not touched.
    expect(store.numbersLeft('2025-03-04', PERSONAL.id)).toBe(999);
  });

  it('voids an unanswered request when it numbers offline, in the same transaction', () => {
    const request = store.requestNumber({ businessType: PERSONAL });
    const ticket = store.reserveTicket({
      businessType: PERSONAL,
      unansweredRequest: { ticketId: request.ticketId, mayHaveReachedBranch: true },
    });
    expect(ticket.id).not.toBe(request.ticketId);
    const rows = outboxRows();
    expect(rows.map((r) => r.kind)).toEqual(['ticket.voided']);
    expect(JSON.parse(rows[0]!.payload)).toMatchObject({
      ticketId: request.ticketId,
      number: null,
      sequence: null,
      issuedOffline: false,
      reason: 'interruptedBeforeIssue',
    });
  });

  it('drops, without a voided item, a request that cannot have reached the branch', () => {
    const request = store.requestNumber({ businessType: PERSONAL });
    const ticket = store.reserveTicket({
      businessType: PERSONAL,
      unansweredRequest: { ticketId: request.ticketId, mayHaveReachedBranch: false },
    });
    expect(ticket.issuedOffline).toBe(true);
    expect(outboxRows()).toEqual([]);
    store.issueTicket(ticket.id, { delivery: 'printed' });
    expect(store.settleInterruptedReservations()).toEqual([]);
  });

  it('uses only the numbers of its blocks, each once, and stops at the end of them', () => {
    clock = new Date(2025, 5, 1, 9, 0);
    const day = '2025-06-01';
    const block = (requestId: string, first: number, last: number) =>
      store.addNumberBlock({
        requestId,
        serviceDay: day,
        businessTypeId: PERSONAL.id,
        prefix: 'A',
        firstSequence: first,
        lastSequence: last,
      });
    expect(block('01970000-0000-7000-8000-000000000002', 9998, 9999)).toBe(true);
    expect(block('01970000-0000-7000-8000-000000000001', 10, 11)).toBe(true);
    // The same grant twice (a retried lease) is kept once.
    expect(block('01970000-0000-7000-8000-000000000001', 10, 11)).toBe(false);
    expect(store.numbersLeft(day, PERSONAL.id)).toBe(4);
    const numbers = Array.from(
      { length: 4 },
      () => store.reserveTicket({ businessType: PERSONAL }).number,
    );
    expect(numbers).toEqual(['A0010', 'A0011', 'A9998', 'A9999']);
    expect(() => store.reserveTicket({ businessType: PERSONAL })).toThrow(
      expect.objectContaining({ code: 'NO_NUMBERS_LEFT' }),
    );
    // Nothing past the day's range is accepted as a block.
    expect(() => block('01970000-0000-7000-8000-000000000003', 9999, 10000)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  it('never hands out the same number twice in a queue (any interleaving of queues)', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 40 }), (picks) => {
        const seen = new Map<string, string[]>();
        clock = new Date(clock.getTime() + 86_400_000); // a fresh day per run
        grantNumbers(store, serviceDayOf(clock));
        for (const pickPersonal of picks) {
          const type = pickPersonal ? PERSONAL : BUSINESS;
          const numbers = seen.get(type.id) ?? [];
          numbers.push(store.reserveTicket({ businessType: type }).number);
          seen.set(type.id, numbers);
        }
        for (const [id, numbers] of seen) {
          const prefix = id === PERSONAL.id ? 'A' : 'B';
          expect(numbers).toEqual(
            numbers.map((_, i) => `${prefix}${String(i + 1).padStart(4, '0')}`),
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

describe('reservations interrupted by a crash', () => {
  it('are voided at boot with a ticket.voided item each, never reused, never issued', () => {
    const unanswered = store.requestNumber({ businessType: BUSINESS });
    const reserved = store.reserveTicket({ businessType: PERSONAL });
    issueOne(PERSONAL);
    store.close();
    // The next start: the kiosk stopped between reserving and issuing.
    store = openStore({ dataDir, kioskId: 'kiosk-1', now: () => clock });
    expect(store.unissuedTickets().map((t) => t.id)).toEqual([reserved.id]);
    const voided = store.settleInterruptedReservations();
    expect(voided).toEqual([
      expect.objectContaining({ ticketId: unanswered.ticketId, number: null }),
      expect.objectContaining({
        ticketId: reserved.id,
        number: 'A0001',
        sequence: 1,
        issuedOffline: true,
        businessTypeId: 'personal',
        serviceDay: '2025-03-04',
        reason: 'interruptedBeforeIssue',
      }),
    ]);
    const kinds = outboxRows().map((r) => r.kind);
    expect(kinds).toEqual(['ticket.issued', 'ticket.voided', 'ticket.voided']);
    expect(store.unissuedTickets()).toEqual([]);
    expect(store.settleInterruptedReservations()).toEqual([]); // settled once
    expect(() => store.issueTicket(reserved.id, { delivery: 'printed' })).toThrow(
      expect.objectContaining({ code: 'TICKET_NOT_FOUND' }),
    );
    expect(store.reserveTicket({ businessType: PERSONAL }).number).toBe('A0003');
  });
});

describe('issuing', () => {
  it('records a reprint of a ticket issued on screen once, stating the ticket again', () => {
    const onScreen = issueOne(PERSONAL, 'screen');
    const before = outboxRows().length;
    const printed = store.recordReprint(onScreen.id);
    expect(printed).toEqual({ ...onScreen, delivery: 'printed' });
    expect(store.getTicket(onScreen.id)?.delivery).toBe('printed');
    // A second tap's record (or a retry) appends nothing more.
    expect(store.recordReprint(onScreen.id)).toEqual(printed);
    const rows = outboxRows().slice(before);
    expect(rows.map((r) => r.kind)).toEqual(['ticket.issued']);
    expect(JSON.parse(rows[0]!.payload)).toMatchObject({ id: onScreen.id, delivery: 'printed' });
    // Only an issued ticket has a reprint to record.
    const reserved = store.reserveTicket({ businessType: PERSONAL });
    expect(() => store.recordReprint(reserved.id)).toThrow(StoreError);
  });

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

  // The issue's commit is one row of the ticket journal (src/store/ticket-journal.ts) that holds
  // the status change and the outbox item together: when it fails, neither is written.
  it('writes ticket and outbox row in one transaction: if the outbox write fails, the ticket stays reserved', () => {
    const reserved = store.reserveTicket({ businessType: PERSONAL });
    inspect((db) =>
      db.exec(`CREATE TRIGGER fail_outbox BEFORE INSERT ON ticket_journal WHEN NEW.kind = 'issue'
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

describe('the service day', () => {
  it('is the local calendar day, across midnight forwards and with the clock set back', () => {
    const local = (d: Date) =>
      `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    const times = [
      new Date(2025, 2, 4, 9, 30),
      new Date(2025, 2, 4, 23, 59, 59, 999),
      new Date(2025, 2, 5, 0, 0, 0, 0),
      new Date(2025, 2, 5, 0, 0, 0, 1),
      new Date(2025, 2, 4, 23, 59, 59, 999), // the clock set back over midnight
      new Date(2025, 2, 4, 0, 0, 0, 0),
      new Date(2025, 2, 3, 23, 59, 59, 999),
      new Date(2025, 11, 31, 23, 59, 59, 999),
      new Date(2026, 0, 1, 0, 0, 0, 0),
    ];
    // A year below 100 (a clock gone wrong) neither fails nor leaves a wrong day behind.
    const early = new Date(2000, 0, 1, 12);
    early.setFullYear(50);
    times.push(early, new Date(1950, 0, 1, 12), new Date(1950, 0, 1, 23, 59));
    expect(times.map(serviceDayOf)).toEqual(times.map(local));
    expect(times.map(serviceDayOf).slice(0, 7)).toEqual([
      '2025-03-04',
      '2025-03-04',
      '2025-03-05',
      '2025-03-05',
      '2025-03-04',
      '2025-03-04',
      '2025-03-03',
    ]);
  });
});
