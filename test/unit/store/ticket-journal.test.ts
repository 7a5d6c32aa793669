/**
 * The ticket journal (migrations/0012, src/store/ticket-journal.ts and ticket-journal-fold.ts):
 * reserve and issue append to it, the fold moves the rows into tickets and outbox. A power cut
 * is a copy of the database files taken while the store is open (what the disk holds after the
 * last durable commit), opened elsewhere without the first store ever closing.
 */
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTicketStore, storeBootEvents } from '../../../src/store/index.js';
import {
  BUSINESS,
  PERSONAL,
  cleanUp,
  copyOfMigrations,
  open,
  openError,
  rawDb,
  tempDir,
} from './support.js';

afterEach(cleanUp);

const clock = new Date(2025, 2, 4, 9, 30); // local: service day 2025-03-04
const now = () => clock;

/** The files as a power cut leaves them: the store that wrote them is never closed. */
function powerCut(dataDir: string): string {
  const copy = tempDir('journal-cut');
  for (const suffix of ['', '-wal']) {
    const file = join(dataDir, `kiosk.db${suffix}`);
    if (existsSync(file)) copyFileSync(file, join(copy, `kiosk.db${suffix}`));
  }
  return copy;
}

const journalRows = (dataDir: string) =>
  rawDb(dataDir, (db) =>
    db.prepare('SELECT kind, body, payload FROM ticket_journal ORDER BY rowid').all(),
  ) as { kind: string; body: string; payload: string | null }[];
const count = (dataDir: string, table: string) =>
  rawDb(dataDir, (db) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get()) as number;

describe('ticket journal', () => {
  it('reserve and issue write only the journal; a power cut before the fold loses nothing and doubles nothing', () => {
    const dataDir = tempDir('journal');
    const store = open({ dataDir, now });
    const a = store.issueTicket(store.reserveTicket({ businessType: PERSONAL }).id, {
      delivery: 'printed',
    });
    const b = store.issueTicket(store.reserveTicket({ businessType: BUSINESS }).id, {
      delivery: 'screen',
    });
    // The kiosk stops while the third ticket prints.
    const open3 = store.reserveTicket({ businessType: PERSONAL });
    expect(journalRows(dataDir).map((r) => r.kind)).toEqual([
      'reserve',
      'issue',
      'reserve',
      'issue',
      'reserve',
    ]);
    expect(count(dataDir, 'tickets')).toBe(0);
    expect(count(dataDir, 'outbox')).toBe(0);

    const after = open({ dataDir: powerCut(dataDir), now });
    // Folded at open, before anything read the tables.
    expect(journalRows(after.boot.dbPath.replace(/\/kiosk\.db$/, ''))).toEqual([]);
    expect(after.getTicket(a.id)).toEqual(a);
    expect(after.getTicket(b.id)).toEqual(b);
    const items = after.nextOutboxBatch({ maxItems: 10, maxBytes: 1e9 });
    expect(items.map((i) => [i.kind, (i.payload as { id: string }).id])).toEqual([
      ['ticket.issued', a.id],
      ['ticket.issued', b.id],
    ]);
    // The reservation the cut interrupted is voided at boot, with its number never reused.
    expect(after.unissuedTickets().map((t) => t.id)).toEqual([open3.id]);
    const voided = after.settleInterruptedReservations();
    expect(voided.map((v) => [v.ticketId, v.number])).toEqual([[open3.id, 'A0002']]);
    expect(after.outboxStats().pending).toBe(3);
    expect(after.reserveTicket({ businessType: PERSONAL }).number).toBe('A0003');
    expect(after.reserveTicket({ businessType: BUSINESS }).number).toBe('B0002');
  });

  it('numbers go on after unfolded reservations across a restart, and issue checks them from memory', () => {
    const dataDir = tempDir('journal-numbers');
    const store = open({ dataDir, now });
    const numbers = [];
    for (let i = 0; i < 5; i++) numbers.push(store.reserveTicket({ businessType: PERSONAL }));
    expect(numbers.map((t) => t.number)).toEqual(['A0001', 'A0002', 'A0003', 'A0004', 'A0005']);
    const issued = store.issueTicket(numbers[1]!.id, { delivery: 'printed' });
    // A retried "printed": the same answer, no second item.
    expect(store.issueTicket(numbers[1]!.id, { delivery: 'screen' })).toEqual(issued);
    expect(journalRows(dataDir).filter((r) => r.kind === 'issue')).toHaveLength(1);
    expect(() => store.issueTicket('missing', { delivery: 'printed' })).toThrow(
      expect.objectContaining({ code: 'TICKET_NOT_FOUND' }),
    );

    const after = open({ dataDir: powerCut(dataDir), now });
    expect(after.reserveTicket({ businessType: PERSONAL }).number).toBe('A0006');
    // A reservation folded at open is issued from the table, once.
    const fromTable = after.issueTicket(numbers[3]!.id, { delivery: 'printed' });
    expect(fromTable.status).toBe('issued');
    expect(after.issueTicket(numbers[3]!.id, { delivery: 'printed' })).toEqual(fromTable);
    expect(after.outboxStats().pending).toBe(2);
  });

  it('folding the same rows again changes nothing (the fold is idempotent)', () => {
    const dataDir = tempDir('journal-twice');
    const store = open({ dataDir, now });
    for (let i = 0; i < 3; i++) {
      store.issueTicket(store.reserveTicket({ businessType: PERSONAL }).id, {
        delivery: 'printed',
      });
    }
    const rows = journalRows(dataDir);
    store.foldTicketJournal();
    expect(journalRows(dataDir)).toEqual([]);
    const tickets = rawDb(dataDir, (db) => db.prepare('SELECT * FROM tickets').all());
    const outbox = rawDb(dataDir, (db) => db.prepare('SELECT * FROM outbox').all());
    // The same rows once more (as salvage of a copy would bring them).
    rawDb(dataDir, (db) => {
      const insert = db.prepare(
        'INSERT INTO ticket_journal (kind, body, payload) VALUES (?, ?, ?)',
      );
      for (const row of rows) insert.run(row.kind, row.body, row.payload);
    });
    const after = open({ dataDir: powerCut(dataDir), now });
    expect(after.quarantinedOutbox()).toEqual([]);
    const cut = after.boot.dbPath.replace(/\/kiosk\.db$/, '');
    expect(rawDb(cut, (db) => db.prepare('SELECT * FROM tickets').all())).toEqual(tickets);
    expect(rawDb(cut, (db) => db.prepare('SELECT * FROM outbox').all())).toEqual(outbox);
  });

  it('a reservation whose number is taken is quarantined with its issue, never dropped', () => {
    const dataDir = tempDir('journal-conflict');
    const store = open({ dataDir, now });
    const first = store.issueTicket(store.reserveTicket({ businessType: PERSONAL }).id, {
      delivery: 'printed',
    });
    store.foldTicketJournal();
    // A second reservation of A0001 under another id (a bug), and its issue.
    const copy = powerCut(dataDir);
    rawDb(copy, (db) => {
      const insert = db.prepare(
        'INSERT INTO ticket_journal (kind, body, payload) VALUES (?, ?, ?)',
      );
      insert.run(
        'reserve',
        JSON.stringify({
          id: 'dup-ticket',
          number: first.number,
          sequence: 1,
          businessTypeId: PERSONAL.id,
          waitingAhead: 0,
          reservedAt: clock.toISOString(),
          kioskId: 'kiosk-1',
          serviceDay: '2025-03-04',
          issuedOffline: 1,
          priority: 'none',
          customerKey: null,
          dropRequest: null,
        }),
        null,
      );
      insert.run(
        'issue',
        JSON.stringify({
          ticketId: 'dup-ticket',
          delivery: 'printed',
          issuedAt: clock.toISOString(),
          outboxId: 'dup-item',
          kind: 'ticket.issued',
          createdAt: clock.toISOString(),
          kioskId: 'kiosk-1',
        }),
        JSON.stringify({ id: 'dup-ticket', number: first.number }),
      );
    });
    const after = open({ dataDir: copy, now });
    const quarantined = after.quarantinedOutbox();
    expect(quarantined.map((q) => [q.id, q.kind])).toEqual([
      ['dup-item', 'ticket-journal.issue'],
      ['dup-ticket', 'ticket-journal.reserve'],
    ]);
    expect(quarantined[1]!.reason).toMatch(/^ticket journal: reservation not folded/);
    expect(after.getTicket('dup-ticket')).toBeUndefined();
    expect(after.getTicket(first.id)).toEqual(first);
    expect(journalRows(copy)).toEqual([]);
  });

  it('writes each record as a positional array; a row of another shape is quarantined, not dropped', () => {
    const dataDir = tempDir('journal-shape');
    const store = open({ dataDir, now });
    const ticket = store.reserveTicket({ businessType: PERSONAL, priority: 'senior' });
    const issued = store.issueTicket(ticket.id, { delivery: 'screen' });
    const [reserve, issue] = journalRows(dataDir).map((r) => JSON.parse(r.body) as unknown[]);
    expect(reserve).toEqual([
      ticket.id,
      'A0001',
      1,
      PERSONAL.id,
      0,
      ticket.reservedAt,
      'kiosk-1',
      '2025-03-04',
      1,
      'senior',
      null,
      null,
    ]);
    expect(issue).toEqual([
      ticket.id,
      'screen',
      issued.issuedAt,
      expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-7/),
      'ticket.issued',
      issued.issuedAt,
      'kiosk-1',
    ]);
    const copy = powerCut(dataDir);
    // Folded as written: the ticket, its priority, its outbox item with the id chosen at issue.
    expect(store.getTicket(ticket.id)).toEqual(issued);
    expect(store.nextOutboxBatch({ maxItems: 10, maxBytes: 1e9 })[0]?.id).toBe(issue![3]);

    // A row cut short (a bug, a damaged page) goes to the quarantine with its text.
    rawDb(copy, (db) => {
      db.prepare('INSERT INTO ticket_journal (kind, body, payload) VALUES (?, ?, ?)').run(
        'issue',
        JSON.stringify([ticket.id, 'screen']),
        null,
      );
    });
    const after = open({ dataDir: copy, now });
    expect(after.getTicket(ticket.id)).toEqual(issued);
    expect(after.quarantinedOutbox().map((q) => [q.kind, q.reason])).toEqual([
      ['ticket-journal.issue', 'ticket journal: issue entry is not a record'],
    ]);
    expect(after.outboxStats().pending).toBe(1);
  });

  it('a reservation or issue started inside a store write is refused: it would commit with that write', () => {
    const dataDir = tempDir('journal-nested');
    const store = open({ dataDir, now });
    const { write } = store.featureStore((context) => context);
    expect(() => write(() => store.reserveTicket({ businessType: PERSONAL }))).toThrow(
      expect.objectContaining({ code: 'NESTED_TRANSACTION' }),
    );
    const ticket = store.reserveTicket({ businessType: PERSONAL });
    // Refused before a number was taken: the next reservation has the first.
    expect(ticket.number).toBe('A0001');
    expect(() => write(() => store.issueTicket(ticket.id, { delivery: 'printed' }))).toThrow(
      expect.objectContaining({ code: 'NESTED_TRANSACTION' }),
    );
    expect(journalRows(dataDir).map((r) => r.kind)).toEqual(['reserve']);
    expect(store.issueTicket(ticket.id, { delivery: 'printed' }).status).toBe('issued');
    expect(store.outboxStats().pending).toBe(1);
  });

  it('salvage of a corrupt file carries its journal: an unfolded issued ticket is delivered once', () => {
    const dataDir = tempDir('journal-salvage');
    const store = open({ dataDir, now });
    for (let i = 0; i < 120; i++) {
      store.issueTicket(store.reserveTicket({ businessType: PERSONAL }).id, {
        delivery: 'printed',
      });
    }
    store.foldTicketJournal();
    const unfolded = store.issueTicket(store.reserveTicket({ businessType: BUSINESS }).id, {
      delivery: 'printed',
    });
    // The journal's rows into the main file (no fold), then a ticket page damaged there.
    rawDb(dataDir, (db) => db.pragma('wal_checkpoint(TRUNCATE)'));
    const copy = powerCut(dataDir);
    const leaves = rawDb(copy, (db) =>
      (
        db
          .prepare("SELECT pageno FROM dbstat WHERE name = 'tickets' AND pagetype = 'leaf'")
          .all() as { pageno: number }[]
      ).map((r) => r.pageno),
    );
    expect(leaves.length).toBeGreaterThan(2);
    const file = join(copy, 'kiosk.db');
    const bytes = readFileSync(file);
    const pageSize = bytes.readUInt16BE(16) || 65536;
    randomBytes(pageSize).copy(bytes, (leaves[1]! - 1) * pageSize);
    writeFileSync(file, bytes);

    const after = open({ dataDir: copy, now });
    expect(after.boot.corruptFileMovedTo).not.toBeNull();
    expect(after.boot.salvaged[0]).toMatchObject({ journalCarried: 2, error: null });
    // The technician reads how many journal records came over.
    expect(
      storeBootEvents(after.boot).find((e) => e.event === 'store.salvaged')?.fields,
    ).toMatchObject({
      journalCarried: 2,
    });
    expect(after.getTicket(unfolded.id)).toEqual(unfolded);
    const items = after
      .nextOutboxBatch({ maxItems: 1_000, maxBytes: 1e9 })
      .filter((i) => (i.payload as { id: string }).id === unfolded.id);
    expect(items).toHaveLength(1);
    expect(journalRows(copy)).toEqual([]);
  });

  it('a customer key in the journal is gone from the files once its ticket is purged', () => {
    const dataDir = tempDir('journal-purge');
    let clock2 = new Date('2026-11-27T02:30:00.000Z');
    const store = open({ dataDir, now: () => clock2, personalData: { purgeAfterMs: 3_600_000 } });
    const key = 'c'.repeat(64);
    const reserved = store.reserveTicket({ businessType: PERSONAL, customerKey: key });
    store.issueTicket(reserved.id, { delivery: 'printed' });
    // Written to the journal only, as the tickets table would have held it.
    expect(journalRows(dataDir)[0]!.body).toContain(key);
    const [item] = store.nextOutboxBatch({ maxItems: 10, maxBytes: 1e9 });
    expect(store.markOutboxAcked([item!.id])).toBe(1);
    clock2 = new Date(clock2.getTime() + 3_600_000);
    expect(store.personalDataPurge.runOnce()).toMatchObject({ customerKeys: 1 });
    expect(journalRows(dataDir)).toEqual([]);
    for (const suffix of ['', '-wal']) {
      const file = join(dataDir, `kiosk.db${suffix}`);
      if (existsSync(file)) expect(readFileSync(file).includes(key)).toBe(false);
    }
  });

  it('the fold builds an issued ticket’s outbox payload from its row; a row written with its payload keeps it', () => {
    const dataDir = tempDir('journal-payload');
    const store = open({ dataDir, now });
    const issued = store.issueTicket(store.reserveTicket({ businessType: PERSONAL }).id, {
      delivery: 'printed',
    });
    // The customer's commit writes no payload: the fold makes it.
    expect(journalRows(dataDir).map((r) => [r.kind, r.payload])).toEqual([
      ['reserve', null],
      ['issue', null],
    ]);
    const reserved = store.reserveTicket({ businessType: PERSONAL });
    const cut = powerCut(dataDir);
    const [item] = store.nextOutboxBatch({ maxItems: 10, maxBytes: 1e9 });
    expect(item?.payload).toEqual({ ...issued, serviceDay: '2025-03-04' });

    // An issue journaled by the build before (its payload in the row), folded at the next open.
    const outboxId = '0195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    const payload = { ...reserved, status: 'issued', written: 'by the build before' };
    rawDb(cut, (db) => {
      db.prepare('INSERT INTO ticket_journal (kind, body, payload) VALUES (?, ?, ?)').run(
        'issue',
        JSON.stringify({
          ticketId: reserved.id,
          delivery: 'screen',
          issuedAt: clock.toISOString(),
          outboxId,
          kind: 'ticket.issued',
          createdAt: clock.toISOString(),
          kioskId: reserved.kioskId,
        }),
        JSON.stringify(payload),
      );
    });
    const after = open({ dataDir: cut, now });
    expect(after.getTicket(reserved.id)).toMatchObject({ status: 'issued', delivery: 'screen' });
    const items = after.nextOutboxBatch({ maxItems: 10, maxBytes: 1e9 });
    expect(items.map((i) => i.id)).toContain(outboxId);
    expect(items.find((i) => i.id === outboxId)?.payload).toEqual(payload);
  });

  it('two ticket stores on one connection hand out one sequence, folds in between or not', () => {
    const dataDir = tempDir('journal-two-stores');
    const store = open({ dataDir, now });
    const second = store.featureStore(createTicketStore);
    const numbers: string[] = [];
    for (let i = 0; i < 6; i++) {
      const tickets = i % 2 === 0 ? store : second;
      const ticket = tickets.reserveTicket({ businessType: PERSONAL });
      numbers.push(ticket.number);
      tickets.issueTicket(ticket.id, { delivery: 'printed' });
      // The sync drain folds after some tickets, not after others.
      if (i % 3 === 1) store.foldTicketJournal();
    }
    expect(numbers).toEqual(['A0001', 'A0002', 'A0003', 'A0004', 'A0005', 'A0006']);
    expect(store.outboxStats().pending).toBe(6);
    expect(store.numbersLeft('2025-03-04', PERSONAL.id)).toBe(999 - 6);
  });
});

describe('ticket journal: damage, rollbacks and older software', () => {
  const reservationRow = (overrides: Record<number, unknown>) => {
    const row: unknown[] = [
      'b0b0b0b0-0000-7000-8000-000000000001',
      'A0009',
      9,
      PERSONAL.id,
      0,
      clock.toISOString(),
      'kiosk-1',
      '2025-03-04',
      1,
      'none',
      null,
      null,
    ];
    for (const [index, value] of Object.entries(overrides)) row[Number(index)] = value;
    return JSON.stringify(row);
  };

  it('a row of the right length with a value of the wrong type is put aside at open, the rest folded', () => {
    const dataDir = tempDir('journal-typed');
    const store = open({ dataDir, now });
    const kept = store.reserveTicket({ businessType: PERSONAL });
    const copy = powerCut(dataDir);
    rawDb(copy, (db) => {
      const insert = db.prepare(
        'INSERT INTO ticket_journal (kind, body, payload) VALUES (?, ?, ?)',
      );
      insert.run('reserve', reservationRow({ 0: {} }), null); // an id that is an object
      insert.run('reserve', reservationRow({ 2: 'nine' }), null); // a sequence that is text
      insert.run('reserve', reservationRow({ 8: 2 }), null); // issuedOffline neither 0 nor 1
    });
    const after = open({ dataDir: copy, now });
    expect(after.quarantinedOutbox().map((q) => q.reason)).toEqual([
      'ticket journal: reservation entry is not a record',
      'ticket journal: reservation entry is not a record',
      'ticket journal: reservation entry is not a record',
    ]);
    expect(after.getTicket(kept.id)).toEqual(kept);
    expect(journalRows(copy)).toEqual([]);
  });

  it('a row the tables refuse for a reason of its own is undone whole and put aside', () => {
    const dataDir = tempDir('journal-refused-row');
    const store = open({ dataDir, now });
    const kept = store.reserveTicket({ businessType: PERSONAL });
    const copy = powerCut(dataDir);
    rawDb(copy, (db) => {
      // A well-formed reservation whose insert a constraint of the tables refuses.
      db.exec(`CREATE TRIGGER refuse_a0009 BEFORE INSERT ON tickets WHEN NEW.number = 'A0009'
               BEGIN SELECT RAISE(ABORT, 'refused by a check'); END`);
      db.prepare('INSERT INTO ticket_journal (kind, body, payload) VALUES (?, ?, ?)').run(
        'reserve',
        reservationRow({ 11: 'a-request-it-answered' }),
        null,
      );
      db.prepare(
        `INSERT INTO number_requests (ticket_id, business_type_id, service_day, requested_at)
         VALUES ('a-request-it-answered', ?, '2025-03-04', ?)`,
      ).run(PERSONAL.id, clock.toISOString());
    });
    const after = open({ dataDir: copy, now });
    expect(after.quarantinedOutbox().map((q) => [q.kind, q.reason])).toEqual([
      ['ticket-journal.reserve', 'ticket journal: reservation not folded: refused by a check'],
    ]);
    // Undone whole: the request it would have dropped is still there for boot settlement.
    expect(
      rawDb(copy, (db) => db.prepare('SELECT ticket_id FROM number_requests').pluck().all()),
    ).toEqual(['a-request-it-answered']);
    expect(after.getTicket(kept.id)).toEqual(kept);
  });

  it('a fold inside a write that rolls back forgets nothing: the ticket is issued, no number twice', () => {
    const dataDir = tempDir('journal-rollback');
    const store = open({ dataDir, now });
    const { write } = store.featureStore((context) => context);
    const first = store.reserveTicket({ businessType: PERSONAL });
    // A reader inside a feature's write folds in that write, which then gives up.
    expect(() =>
      write(() => {
        expect(store.getTicket(first.id)).toEqual(first);
        throw new Error('gives up');
      }),
    ).toThrow('gives up');
    expect(journalRows(dataDir).map((r) => r.kind)).toEqual(['reserve']);
    expect(store.issueTicket(first.id, { delivery: 'printed' }).status).toBe('issued');
    expect(() =>
      write(() => {
        store.numbersLeft('2025-03-04', PERSONAL.id);
        throw new Error('gives up again');
      }),
    ).toThrow('gives up again');
    // The cursors are read again from the tables after a lease: they must see A0001.
    store.dropExpiredBlocks('2025-03-04');
    expect(store.reserveTicket({ businessType: PERSONAL }).number).toBe('A0002');
    expect(store.outboxStats().pending).toBe(1);
    expect(store.quarantinedOutbox()).toEqual([]);
  });

  it('a reservation row written as an object by the build before 0013 is folded as it was', () => {
    const dataDir = tempDir('journal-object-reservation');
    const store = open({ dataDir, now });
    store.reserveTicket({ businessType: PERSONAL });
    const copy = powerCut(dataDir);
    const id = 'b0b0b0b0-0000-7000-8000-0000000000aa';
    rawDb(copy, (db) => {
      db.prepare('INSERT INTO ticket_journal (kind, body, payload) VALUES (?, ?, ?)').run(
        'reserve',
        JSON.stringify({
          id,
          number: 'A0002',
          sequence: 2,
          businessTypeId: PERSONAL.id,
          waitingAhead: 3,
          reservedAt: clock.toISOString(),
          kioskId: 'kiosk-1',
          serviceDay: '2025-03-04',
          issuedOffline: 1,
          priority: 'senior',
          customerKey: null,
          dropRequest: null,
        }),
        null,
      );
    });
    const after = open({ dataDir: copy, now });
    expect(after.getTicket(id)).toMatchObject({
      number: 'A0002',
      waitingAhead: 3,
      priority: 'senior',
      status: 'reserved',
    });
    expect(after.reserveTicket({ businessType: PERSONAL }).number).toBe('A0003');
  });

  it('software from before 0013 refuses a database this version wrote, rather than misread its journal', () => {
    const dataDir = tempDir('journal-downgrade');
    const store = open({ dataDir, now });
    store.reserveTicket({ businessType: PERSONAL });
    store.close();
    const before0013 = copyOfMigrations();
    rmSync(join(before0013, '0013_ticket_journal_positional_rows.sql'));
    expect(openError({ dataDir, migrationsDir: before0013 }).code).toBe(
      'DATABASE_NEWER_THAN_SOFTWARE',
    );
  });
});
