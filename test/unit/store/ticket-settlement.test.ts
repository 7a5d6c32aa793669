/**
 * The settlement mark (migrations/0011, src/store/ticket-settlement.ts): boot finds the
 * reservations a crash left open by reading the tickets above the kiosk's mark instead of a
 * partial index written on both of a ticket's commits. The upgrade keeps every row and every open
 * reservation; the mark never passes a reservation still open; boot and the idle checkpoint move
 * it; and a block's next number comes from its tickets (src/store/number-blocks.ts).
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { KioskStore } from '../../../src/store/index.js';
import {
  BUSINESS,
  PERSONAL,
  cleanUp,
  copyOfMigrations,
  inspectDb,
  open,
  tempDir,
} from './support.js';

afterEach(cleanUp);

const DAY = '2025-03-04';
const now = () => new Date('2025-03-04T09:30:00+08:00');

const issueOne = (store: KioskStore, businessType = PERSONAL) =>
  store.issueTicket(store.reserveTicket({ businessType }).id, { delivery: 'printed' });

const everyRow = (dataDir: string) =>
  inspectDb(dataDir, (db) =>
    Object.fromEntries(
      ['tickets', 'outbox', 'number_blocks', 'number_requests', 'sqlite_sequence'].map((table) => [
        table,
        db.prepare(`SELECT rowid AS _rowid, * FROM ${table} ORDER BY 1, 2`).all(),
      ]),
    ),
  );

const marks = (dataDir: string) =>
  inspectDb(dataDir, (db) => db.prepare('SELECT * FROM ticket_settlement ORDER BY kiosk_id').all());

const rowidOf = (dataDir: string, id: string) =>
  inspectDb(
    dataDir,
    (db) => db.prepare('SELECT rowid FROM tickets WHERE id = ?').pluck().get(id) as number,
  );

const lastRowid = (dataDir: string) =>
  inspectDb(dataDir, (db) => db.prepare('SELECT max(rowid) FROM tickets').pluck().get() as number);

describe('ticket settlement mark (0011)', () => {
  it('upgrades a database with tickets, outbox rows, blocks and open reservations, losing none', () => {
    const dataDir = tempDir('settlement-0011');
    const upTo0010 = copyOfMigrations();
    for (const file of readdirSync(upTo0010)) {
      if (Number(file.slice(0, 4)) >= 11) rmSync(join(upTo0010, file));
    }
    const old = open({ dataDir, migrationsDir: upTo0010, now });
    const acked = issueOne(old);
    const rejected = issueOne(old, BUSINESS);
    issueOne(old);
    const open1 = old.reserveTicket({ businessType: PERSONAL });
    issueOne(old);
    const open2 = old.reserveTicket({ businessType: BUSINESS });
    // An online request never answered (number_requests), as a crash leaves it.
    const request = old.requestNumber({ businessType: PERSONAL });
    const batch = old.nextOutboxBatch({ maxItems: 10, maxBytes: 1_000_000 });
    expect(
      old.markOutboxAcked([batch.find((i) => (i.payload as { id: string }).id === acked.id)!.id]),
    ).toBe(1);
    const rejectedItem = batch.find((i) => (i.payload as { id: string }).id === rejected.id)!;
    expect(old.markOutboxRejected(rejectedItem.id, 'unknown queue')).toBe(true);
    old.close();
    // The blocks as the code before 0011 left them: next_sequence advanced per ticket.
    inspectDb(dataDir, (db) => {
      db.prepare(
        `UPDATE number_blocks SET next_sequence = 1 + (SELECT max(sequence) FROM tickets
           WHERE tickets.business_type_id = number_blocks.business_type_id)`,
      ).run();
    });
    const before = everyRow(dataDir);
    expect(before.tickets).toHaveLength(6);
    expect(before.outbox!.map((r) => (r as { state: string }).state).sort()).toEqual([
      'acked',
      'pending',
      'pending',
      'rejected',
    ]);
    expect(before.number_requests).toHaveLength(1);

    const store = open({ dataDir, now });
    expect(store.boot.migrationsApplied).toEqual([
      '0011_ticket_settlement_mark',
      '0012_ticket_journal',
      '0013_ticket_journal_positional_rows',
    ]);
    expect(everyRow(dataDir)).toEqual(before);
    const indexes = inspectDb(dataDir, (db) =>
      db
        .prepare(
          `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tickets' AND sql IS NOT NULL ORDER BY name`,
        )
        .all(),
    );
    expect(indexes).toEqual([
      { name: 'tickets_customer_day_type' },
      { name: 'tickets_day_number' },
      { name: 'tickets_day_type_sequence' },
    ]);
    // The mark stops below the first open reservation: both are still found.
    expect(marks(dataDir)).toEqual([
      { kiosk_id: 'kiosk-1', settled_through: rowidOf(dataDir, open1.id) - 1 },
    ]);
    expect(store.unissuedTickets().map((t) => t.id)).toEqual([open1.id, open2.id]);
    expect(store.numbersLeft(DAY, PERSONAL.id)).toBe(995);
    expect(store.numbersLeft(DAY, BUSINESS.id)).toBe(997);

    const voided = store.settleInterruptedReservations();
    expect(voided.map((v) => v.ticketId).sort()).toEqual(
      [open1.id, open2.id, request.ticketId].sort(),
    );
    expect(store.unissuedTickets()).toEqual([]);
    expect(marks(dataDir)).toEqual([{ kiosk_id: 'kiosk-1', settled_through: lastRowid(dataDir) }]);
    // Numbering goes on after the last one taken; a voided number is never taken again.
    expect(issueOne(store).number).toBe('A0005');
    expect(issueOne(store, BUSINESS).number).toBe('B0003');
    expect(store.settleInterruptedReservations()).toEqual([]);
  });

  it('never passes a reservation still open, and finds one a crash left after it moved', () => {
    const dataDir = tempDir('settlement-mark');
    const store = open({ dataDir, now });
    expect(store.settleInterruptedReservations()).toEqual([]);
    expect(marks(dataDir)).toEqual([{ kiosk_id: 'kiosk-1', settled_through: 0 }]);
    issueOne(store);
    const printing = store.reserveTicket({ businessType: PERSONAL });
    issueOne(store);
    expect(store.advanceSettledMark()).toBe(true);
    expect(marks(dataDir)).toEqual([
      { kiosk_id: 'kiosk-1', settled_through: rowidOf(dataDir, printing.id) - 1 },
    ]);
    expect(store.unissuedTickets().map((t) => t.id)).toEqual([printing.id]);
    // Nothing settled since: the mark stays (and nothing is written).
    expect(store.advanceSettledMark()).toBe(false);
    store.issueTicket(printing.id, { delivery: 'printed' });
    expect(store.advanceSettledMark()).toBe(true);
    expect(marks(dataDir)).toEqual([{ kiosk_id: 'kiosk-1', settled_through: lastRowid(dataDir) }]);
    expect(store.unissuedTickets()).toEqual([]);
    // Inside another transaction it does nothing.
    expect(store.featureStore((c) => c.write(() => store.advanceSettledMark()))).toBe(false);

    const cut = store.reserveTicket({ businessType: PERSONAL });
    store.close();
    const again = open({ dataDir, now });
    expect(again.unissuedTickets().map((t) => t.id)).toEqual([cut.id]);
    expect(again.settleInterruptedReservations().map((v) => v.number)).toEqual([cut.number]);
    expect(again.unissuedTickets()).toEqual([]);
    expect(issueOne(again).number).toBe('A0005');
  });

  it('moves with the idle checkpoint, after it', async () => {
    const dataDir = tempDir('settlement-idle');
    const store = open({ dataDir, now, idleCheckpoint: { idleMs: 20, minCommits: 1 } });
    issueOne(store);
    issueOne(store);
    await sleep(120);
    expect(marks(dataDir)).toEqual([{ kiosk_id: 'kiosk-1', settled_through: lastRowid(dataDir) }]);
  });

  it('keeps each kiosk id its own mark: another id’s open reservation is left to it', () => {
    const dataDir = tempDir('settlement-kiosks');
    const first = open({ dataDir, now });
    const left = first.reserveTicket({ businessType: PERSONAL });
    first.close();
    const renamed = open({ dataDir, now, kioskId: 'kiosk-2' });
    issueOne(renamed);
    expect(renamed.settleInterruptedReservations()).toEqual([]);
    expect(renamed.unissuedTickets()).toEqual([]);
    // Delivered, so the folder may be opened under the first id again.
    const sent = renamed.nextOutboxBatch({ maxItems: 10, maxBytes: 1_000_000 });
    expect(renamed.markOutboxAcked(sent.map((item) => item.id))).toBe(sent.length);
    renamed.close();
    const back = open({ dataDir, now });
    expect(back.unissuedTickets().map((t) => t.id)).toEqual([left.id]);
  });

  it('takes a block’s next number past its last offline ticket, at least its next_sequence', () => {
    const dataDir = tempDir('settlement-blocks');
    const store = open({ dataDir, now });
    expect(issueOne(store).number).toBe('A0001');
    // A number from the branch (online) is not one of the block's.
    const request = store.requestNumber({ businessType: PERSONAL });
    store.reserveTicket({
      businessType: PERSONAL,
      branchNumber: { ...request, sequence: 500, number: 'A0500' },
    });
    expect(store.numbersLeft(DAY, PERSONAL.id)).toBe(998);
    expect(issueOne(store).number).toBe('A0002');
    // The block itself is not written per ticket: its next_sequence stays a floor…
    const floor = () =>
      inspectDb(dataDir, (db) =>
        db
          .prepare('SELECT next_sequence FROM number_blocks WHERE business_type_id = ?')
          .pluck()
          .get(PERSONAL.id),
      );
    expect(floor()).toBe(1);
    // …which holds when it is ahead of the tickets (salvage retires a block that way, at open;
    // a running kiosk reads a queue's blocks once and counts on in memory, so the edit is made
    // between two runs).
    store.close();
    inspectDb(dataDir, (db) => {
      db.prepare('UPDATE number_blocks SET next_sequence = 10 WHERE business_type_id = ?').run(
        PERSONAL.id,
      );
    });
    const reopened = open({ dataDir, now });
    expect(reopened.numbersLeft(DAY, PERSONAL.id)).toBe(990);
    expect(issueOne(reopened).number).toBe('A0010');
    expect(reopened.numbersLeft(DAY, PERSONAL.id)).toBe(989);
  });
});
