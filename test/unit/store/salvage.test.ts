/**
 * A corrupt database is set aside and what it still holds is carried into the new one: the
 * unsent outbox (ids and seqs kept), today's tickets (ids and numbers kept), and the number
 * blocks leased for today, retired: numbers come from the branch, and none of an old block's
 * numbers is issued again (its unused ones become gaps); the kiosk leases fresh ones.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { BusinessType } from '../../../src/domain/business-type.js';
import { storeBootEvents } from '../../../src/store/index.js';
import type { KioskStore } from '../../../src/store/index.js';
import { BUSINESS, PERSONAL, cleanUp, grantNumbers, inspectDb, open, tempDir } from './support.js';

afterEach(cleanUp);

const clock = new Date(2025, 2, 4, 9, 30); // local: service day 2025-03-04
const now = () => clock;
const TODAY = '2025-03-04';

/** A fresh lease, as the lease keeper gets it: the branch takes it after all it leased before. */
function leaseAfterOldBlocks(store: KioskStore, type: BusinessType, requestId: string) {
  store.addNumberBlock({
    requestId,
    serviceDay: TODAY,
    businessTypeId: type.id,
    prefix: type.prefix,
    firstSequence: 1000,
    lastSequence: 1099,
  });
}

/** A closed database with `count` issued tickets, all still pending in the outbox. */
function databaseWithPending(count: number) {
  const dataDir = tempDir('salvage');
  const store = open({ dataDir, now });
  const issued = [];
  for (let i = 0; i < count; i++) {
    const type = i % 3 === 2 ? BUSINESS : PERSONAL;
    const ticket = store.reserveTicket({ businessType: type });
    issued.push(store.issueTicket(ticket.id, { delivery: 'printed' }));
  }
  const outbox = store.nextOutboxBatch({ maxItems: 10_000, maxBytes: 1e9 });
  store.close();
  return { dataDir, issued, outbox };
}

/** The leaf pages of a table, from SQLite's own page map (after folding the WAL in). */
function leafPagesOf(dataDir: string, table: string): number[] {
  return inspectDb(dataDir, (db) => {
    db.pragma('wal_checkpoint(TRUNCATE)');
    return (
      db
        .prepare("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno")
        .all(table) as { pageno: number }[]
    ).map((r) => r.pageno);
  });
}

function corruptPages(dataDir: string, pages: readonly number[]): void {
  const file = join(dataDir, 'kiosk.db');
  const bytes = readFileSync(file);
  const pageSize = bytes.readUInt16BE(16) || 65536;
  for (const page of pages) randomBytes(pageSize).copy(bytes, (page - 1) * pageSize);
  writeFileSync(file, bytes);
}

describe('salvage of a corrupt database', () => {
  it('carries all 600 pending items and today’s tickets, and never reissues an old number, when ticket pages are damaged', () => {
    const { dataDir, issued, outbox } = databaseWithPending(600);
    const ticketPages = leafPagesOf(dataDir, 'tickets');
    expect(ticketPages.length).toBeGreaterThan(4);
    corruptPages(dataDir, [ticketPages[1]!, ticketPages[3]!]);

    const store = open({ dataDir, now });
    expect(store.boot.corruptFileMovedTo).not.toBeNull();
    const salvage = store.boot.salvaged[0]!;
    expect(salvage).toMatchObject({
      schemaReadable: true,
      outboxCarried: 600,
      outboxUnreadable: 0,
      outboxQuarantined: 0,
      error: null,
    });
    expect(salvage.ticketsUnreadable).toBeGreaterThan(0);
    expect(salvage.ticketsCarried + salvage.ticketsUnreadable).toBe(600);
    // The readable tickets keep their ids and numbers.
    const kept = issued.filter((t) => store.getTicket(t.id) !== undefined);
    expect(kept).toHaveLength(salvage.ticketsCarried);
    for (const ticket of kept) expect(store.getTicket(ticket.id)?.number).toBe(ticket.number);
    // The blocks leased for today come along retired: the lost ticket pages may have held any
    // of their numbers, so none of them is issued again.
    expect(salvage.blocksRetired).toEqual([
      { businessTypeId: 'business', serviceDay: TODAY, first: 'B0001', last: 'B0999' },
      { businessTypeId: 'personal', serviceDay: TODAY, first: 'A0001', last: 'A0999' },
    ]);
    expect(salvage.blocksUnreadable).toBe(0);

    // The same items, same ids and seqs, pending again: the branch's idempotency by id makes a
    // redelivery of one it already holds harmless.
    const pending = store.nextOutboxBatch({ maxItems: 10_000, maxBytes: 1e9 });
    expect(pending.map(({ id, seq, payload }) => ({ id, seq, payload }))).toEqual(
      outbox.map(({ id, seq, payload }) => ({ id, seq, payload })),
    );
    expect(store.outboxStats().pending).toBe(600);

    // Branch numbering: no old number again, even when the same grants arrive once more (a
    // retried lease request; open() just did that). Numbers go on from a fresh lease, after
    // the old blocks: today's numbers never repeat, with gaps where old ones went unused.
    grantNumbers(store, TODAY);
    expect(store.numbersLeft(TODAY, 'personal')).toBe(0);
    expect(store.numbersLeft(TODAY, 'business')).toBe(0);
    expect(() => store.reserveTicket({ businessType: PERSONAL })).toThrow(
      expect.objectContaining({ code: 'NO_NUMBERS_LEFT' }),
    );
    leaseAfterOldBlocks(store, PERSONAL, '00000000-0000-7000-8000-00000000000a');
    leaseAfterOldBlocks(store, BUSINESS, '00000000-0000-7000-8000-00000000000b');
    expect(store.reserveTicket({ businessType: PERSONAL }).number).toBe('A1000');
    const next = store.reserveTicket({ businessType: BUSINESS });
    expect(next.number).toBe('B1000');
    // New outbox items come after every old seq.
    store.issueTicket(next.id, { delivery: 'screen' });
    const newest = store.nextOutboxBatch({ maxItems: 10_000, maxBytes: 1e9 }).at(-1)!;
    expect(newest.seq).toBe(601);

    const events = storeBootEvents(store.boot);
    expect(events.map((e) => e.event)).toEqual(
      expect.arrayContaining([
        'store.corruptFileMovedAside',
        'store.salvaged',
        'store.salvageIncomplete',
      ]),
    );
    expect(events.find((e) => e.event === 'store.salvaged')!.fields).toMatchObject({
      outboxCarried: 600,
      blocksRetired: `business ${TODAY}:B0001–B0999, personal ${TODAY}:A0001–A0999`,
    });
    expect(events.find((e) => e.event === 'store.salvageIncomplete')!.fields).toMatchObject({
      outboxUnreadable: 0,
      ticketsUnreadable: salvage.ticketsUnreadable,
    });
  });

  it('saves the readable outbox rows around a damaged outbox page and counts the lost ones', () => {
    const { dataDir, issued, outbox } = databaseWithPending(300);
    const outboxPages = leafPagesOf(dataDir, 'outbox');
    corruptPages(dataDir, [outboxPages[2]!]);

    const store = open({ dataDir, now });
    const salvage = store.boot.salvaged[0]!;
    expect(salvage.outboxUnreadable).toBeGreaterThan(0);
    expect(salvage.outboxCarried + salvage.outboxUnreadable).toBe(300);
    // Rows on both sides of the damaged page are saved.
    const carried = store.nextOutboxBatch({ maxItems: 10_000, maxBytes: 1e9 });
    const seqs = carried.map((i) => i.seq);
    expect(seqs[0]).toBe(1);
    expect(seqs.at(-1)).toBe(300);
    const original = new Map(outbox.map((i) => [i.seq, i.id]));
    for (const item of carried) expect(item.id).toBe(original.get(item.seq));
    // The ticket table was intact: every ticket is carried with its number, and the numbers
    // after the last one are not issued again (the block's pointer is not trusted).
    expect(salvage.ticketsCarried).toBe(300);
    expect(store.getTicket(issued.at(-1)!.id)?.number).toBe('B0100');
    expect(store.numbersLeft(TODAY, 'personal')).toBe(0);
    leaseAfterOldBlocks(store, PERSONAL, '00000000-0000-7000-8000-00000000000a');
    expect(store.reserveTicket({ businessType: PERSONAL }).number).toBe('A1000');
  });

  it('quarantines a salvaged row that belongs to another kiosk or whose payload is garbled', () => {
    const { dataDir } = databaseWithPending(5);
    inspectDb(dataDir, (db) => {
      db.pragma('ignore_check_constraints = ON');
      db.prepare("UPDATE outbox SET kiosk_id = 'kiosk-9' WHERE seq = 2").run();
      db.prepare("UPDATE outbox SET payload = '{not json' WHERE seq = 4").run();
    });
    corruptPages(dataDir, [leafPagesOf(dataDir, 'tickets')[0]!]);

    const store = open({ dataDir, now });
    expect(store.boot.salvaged[0]).toMatchObject({ outboxCarried: 3, outboxQuarantined: 2 });
    expect(store.quarantinedOutbox().map((q) => [q.seq, q.origin, q.reason])).toEqual([
      [4, 'salvage', expect.stringMatching(/not JSON/)],
      [2, 'salvage', expect.stringMatching(/kiosk kiosk-9/)],
    ]);
  });

  it('reports a file whose schema cannot be read, and still starts fresh', () => {
    const dataDir = tempDir('garbage');
    writeFileSync(join(dataDir, 'kiosk.db'), randomBytes(8192));
    const store = open({ dataDir, now });
    expect(store.boot.salvaged[0]).toMatchObject({ schemaReadable: false, outboxCarried: 0 });
    expect(storeBootEvents(store.boot).map((e) => e.event)).toContain('store.salvageIncomplete');
    expect(store.boot.salvaged[0]).toMatchObject({ blocksRetired: [] });
    expect(store.reserveTicket({ businessType: PERSONAL }).number).toBe('A0001');
  });

  it('carries a number request left unanswered, so that boot voids it', () => {
    const { dataDir } = databaseWithPending(50);
    const before = open({ dataDir, now });
    const request = before.requestNumber({ businessType: PERSONAL });
    before.close();
    corruptPages(dataDir, [leafPagesOf(dataDir, 'tickets')[0]!]);

    const store = open({ dataDir, now });
    expect(store.boot.salvaged[0]).toMatchObject({ requestsCarried: 1, error: null });
    expect(store.settleInterruptedReservations()).toEqual([
      expect.objectContaining({ ticketId: request.ticketId, number: null }),
    ]);
  });

  it('leaves the set-aside file unchanged', () => {
    const { dataDir } = databaseWithPending(50);
    corruptPages(dataDir, [leafPagesOf(dataDir, 'tickets')[0]!]);
    const before = readFileSync(join(dataDir, 'kiosk.db'));
    const store = open({ dataDir, now });
    expect(readFileSync(store.boot.corruptFileMovedTo!)).toEqual(before);
    const reread = new Database(store.boot.corruptFileMovedTo!, { readonly: true });
    reread.close();
  });
});

describe('salvage of files set aside earlier', () => {
  it('salvages, once, a file that older software set aside without salvaging', () => {
    const { dataDir, outbox } = databaseWithPending(20);
    renameSync(
      join(dataDir, 'kiosk.db'),
      join(dataDir, 'kiosk.db.corrupt-2025-03-01T00-00-00-000Z'),
    );
    // The data folder as older software left it: a fresh database already in use.
    const fresh = open({ dataDir, now, kioskId: 'kiosk-1' });
    expect(fresh.boot.salvaged).toHaveLength(1); // this software finds the file at once
    fresh.close();

    const reopened = open({ dataDir, now });
    expect(reopened.boot.salvaged).toEqual([]);
    const pending = reopened.nextOutboxBatch({ maxItems: 100, maxBytes: 1e9 });
    expect(pending.map((i) => i.id)).toEqual(outbox.map((i) => i.id));
  });

  it('gives a salvaged item a new seq when its old one is taken, keeping its id', () => {
    const old = databaseWithPending(3);
    const dataDir = tempDir('later');
    const store = open({ dataDir, now });
    store.issueTicket(store.reserveTicket({ businessType: PERSONAL }).id, { delivery: 'printed' });
    store.close();
    writeFileSync(
      join(dataDir, 'kiosk.db.corrupt-2025-03-01T00-00-00-000Z'),
      readFileSync(join(old.dataDir, 'kiosk.db')),
    );
    const reopened = open({ dataDir, now });
    expect(reopened.boot.salvaged[0]).toMatchObject({ outboxCarried: 3, outboxQuarantined: 0 });
    const items = reopened.nextOutboxBatch({ maxItems: 100, maxBytes: 1e9 });
    expect(items.map((i) => i.seq)).toEqual([1, 2, 3, 4]);
    expect(new Set(items.slice(1).map((i) => i.id))).toEqual(new Set(old.outbox.map((i) => i.id)));
  });
});
