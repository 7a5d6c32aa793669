/**
 * Ticket priorities as rows (migrations/0008): the rebuild keeps every ticket as it was, the
 * guide's 'disability' priority is stored and queued like 'senior', and a priority nobody
 * defined is refused by the database too, not only by the store's check.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/store/index.js';
import {
  PERSONAL,
  cleanUp,
  copyOfMigrations,
  inspectDb,
  open,
  outboxRowsOf,
  tempDir,
} from './support.js';

afterEach(cleanUp);

const KEY = 'ab'.repeat(32);

describe('ticket priorities (0008)', () => {
  it('holds the appointment and VIP priorities after 0009', () => {
    const store = open({ dataDir: tempDir('priorities-0009') });
    for (const priority of ['appointment', 'vip'] as const) {
      const ticket = store.reserveTicket({ businessType: PERSONAL, priority, customerKey: KEY });
      expect(store.issueTicket(ticket.id, { delivery: 'printed' }).priority).toBe(priority);
    }
  });

  it('keeps the tickets taken before it, and stores and queues a disability ticket after it', () => {
    const dataDir = tempDir('priorities');
    // The database as it was before 0008: the shipped files without it and those after it.
    const before = copyOfMigrations();
    for (const file of readdirSync(before)) {
      if (Number(file.slice(0, 4)) >= 8) rmSync(join(before, file));
    }
    const old = open({ dataDir, migrationsDir: before });
    const senior = old.issueTicket(
      old.reserveTicket({ businessType: PERSONAL, priority: 'senior', customerKey: KEY }).id,
      { delivery: 'printed' },
    );
    const plain = old.reserveTicket({ businessType: PERSONAL });
    const rowsBefore = inspectDb(dataDir, (db) =>
      db.prepare('SELECT * FROM tickets ORDER BY id').all(),
    );
    old.close();

    // Up to 0009: the indexes asserted below are 0008's (0010 changes one of them, see
    // ticket-index.test.ts).
    const upTo0009 = copyOfMigrations();
    for (const file of readdirSync(upTo0009)) {
      if (Number(file.slice(0, 4)) >= 10) rmSync(join(upTo0009, file));
    }
    const store = open({ dataDir, migrationsDir: upTo0009 });
    expect(store.boot.migrationsApplied).toContain('0008_ticket_priorities');
    expect(
      inspectDb(dataDir, (db) => db.prepare('SELECT * FROM tickets ORDER BY id').all()),
    ).toEqual(rowsBefore);
    expect(store.getTicket(senior.id)?.priority).toBe('senior');
    expect(store.getTicket(plain.id)).not.toHaveProperty('priority');

    const reserved = store.reserveTicket({
      businessType: PERSONAL,
      priority: 'disability',
      customerKey: KEY.replace('ab', 'cd'),
    });
    const issued = store.issueTicket(reserved.id, { delivery: 'printed' });
    expect(issued.priority).toBe('disability');
    expect(store.getTicket(issued.id)?.priority).toBe('disability');
    const queued = outboxRowsOf(dataDir)
      .map(
        (row) =>
          JSON.parse((row as { payload: string }).payload) as { id?: string; priority?: string },
      )
      .filter((payload) => payload.id === issued.id);
    expect(queued.at(-1)).toMatchObject({ priority: 'disability' });
    // The indexes came back with the table.
    const indexes = inspectDb(dataDir, (db) =>
      db
        .prepare(
          `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tickets' AND sql IS NOT NULL ORDER BY name`,
        )
        .all(),
    );
    expect(indexes).toEqual([
      { name: 'tickets_customer_day_type' },
      { name: 'tickets_day_type_sequence' },
      { name: 'tickets_day_type_status' },
      { name: 'tickets_unsettled' },
    ]);
  });

  it('refuses a priority nobody defined, in the store and in the database', () => {
    const dataDir = tempDir('priorities-refused');
    const store = open({ dataDir });
    expect(() =>
      store.reserveTicket({ businessType: PERSONAL, priority: 'gold' as never }),
    ).toThrow(StoreError);
    const ticket = store.reserveTicket({ businessType: PERSONAL });
    expect(() =>
      inspectDb(dataDir, (db) => {
        db.pragma('foreign_keys = ON');
        db.prepare(`UPDATE tickets SET priority = 'gold' WHERE id = ?`).run(ticket.id);
      }),
    ).toThrow(/FOREIGN KEY/);
  });
});
