/**
 * A corrupt database is set aside and what it still holds is carried into the new one: the
 * unsent outbox (ids and seqs kept), today's tickets, and today's numbering per queue.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { storeBootEvents } from '../../../src/store/index.js';
import { BUSINESS, PERSONAL, cleanUp, inspectDb, open, tempDir } from './support.js';

afterEach(cleanUp);

const clock = new Date(2025, 2, 4, 9, 30); // local: service day 2025-03-04
const now = () => clock;

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
  it('carries all 600 pending items and today’s numbering when ticket pages are damaged', () => {
    const { dataDir, outbox } = databaseWithPending(600);
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
    expect(salvage.counters).toEqual([
      { businessTypeId: 'business', lastSequence: 200 },
      { businessTypeId: 'personal', lastSequence: 400 },
    ]);

    // The same items, same ids and seqs, pending again: the branch's idempotency by id makes a
    // redelivery of one it already holds harmless.
    const pending = store.nextOutboxBatch({ maxItems: 10_000, maxBytes: 1e9 });
    expect(pending.map(({ id, seq, payload }) => ({ id, seq, payload }))).toEqual(
      outbox.map(({ id, seq, payload }) => ({ id, seq, payload })),
    );
    expect(store.outboxStats().pending).toBe(600);

    // Numbering continues on the same day; new outbox items come after every old seq.
    expect(store.reserveTicket({ businessType: PERSONAL }).number).toBe('A401');
    const next = store.reserveTicket({ businessType: BUSINESS });
    expect(next.number).toBe('B201');
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
      counters: 'business:200, personal:400',
    });
    expect(events.find((e) => e.event === 'store.salvageIncomplete')!.fields).toMatchObject({
      outboxUnreadable: 0,
      ticketsUnreadable: salvage.ticketsUnreadable,
    });
  });

  it('saves the readable outbox rows around a damaged outbox page and counts the lost ones', () => {
    const { dataDir, outbox } = databaseWithPending(300);
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
    // The ticket table was intact: numbering goes on from it.
    expect(salvage.ticketsCarried).toBe(300);
    expect(store.reserveTicket({ businessType: PERSONAL }).number).toBe('A201');
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
    expect(store.reserveTicket({ businessType: PERSONAL }).number).toBe('A001');
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
