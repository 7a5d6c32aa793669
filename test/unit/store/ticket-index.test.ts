/**
 * The ticket table's indexes after 0010 (issue 7, durable enqueue): tickets_day_type_status is
 * gone (two page writes per ticket), the number lookup has its own (service_day, number) index,
 * every query on tickets still finds its rows through an index (EXPLAIN QUERY PLAN of each
 * statement the modules prepare), and a ticket writes fewer WAL pages than before.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createPersonalDataPurge,
  createReminderStore,
  createTicketCustomerStore,
  createTicketLookup,
  createTicketStore,
} from '../../../src/store/index.js';
import type { StoreContext } from '../../../src/store/index.js';
import { PERSONAL, cleanUp, copyOfMigrations, inspectDb, open, tempDir } from './support.js';

afterEach(cleanUp);

/** The SQL of every statement `create` prepares on the store's connection. */
function preparedBy(context: StoreContext, create: (context: StoreContext) => unknown): string[] {
  const seen: string[] = [];
  const db = new Proxy(context.db, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (property === 'prepare') {
        return (sql: string) => {
          seen.push(sql);
          return target.prepare(sql);
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  create({ ...context, db });
  return seen;
}

function planOf(db: Database.Database, sql: string): string[] {
  const statement = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
  const params = countParameters(sql);
  const args = Array.from({ length: params.positional }, () => 'x');
  const named = Object.fromEntries(params.named.map((name) => [name, 'x']));
  const rows = (
    params.named.length > 0 ? statement.all(...args, named) : statement.all(...args)
  ) as { detail: string }[];
  return rows.map((row) => row.detail);
}

function countParameters(sql: string): { positional: number; named: string[] } {
  const bare = sql.replace(/'[^']*'/g, "''");
  return {
    positional: (bare.match(/\?/g) ?? []).length,
    named: [...new Set([...bare.matchAll(/@(\w+)/g)].map((m) => m[1]!))],
  };
}

/** WAL frames written by `work` (the WAL folded in and emptied first). */
function walFramesOf(db: Database.Database, work: () => void): number {
  db.pragma('wal_checkpoint(TRUNCATE)');
  work();
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const bytes = readFileSync(`${db.name}-wal`).length;
  return (bytes - 32) / (pageSize + 24);
}

describe('ticket indexes (0010)', () => {
  it('replaces tickets_day_type_status with (service_day, number), keeping every ticket', () => {
    const dataDir = tempDir('index-0010');
    const before = copyOfMigrations();
    for (const file of readdirSync(before)) {
      if (Number(file.slice(0, 4)) >= 10) rmSync(join(before, file));
    }
    const old = open({ dataDir, migrationsDir: before });
    const issued = old.issueTicket(old.reserveTicket({ businessType: PERSONAL }).id, {
      delivery: 'printed',
    });
    const reserved = old.reserveTicket({ businessType: PERSONAL });
    const rows = inspectDb(dataDir, (db) => db.prepare('SELECT * FROM tickets ORDER BY id').all());
    old.close();

    // Up to 0010: the indexes asserted below are 0010's (0011 drops tickets_unsettled, see
    // ticket-settlement.test.ts).
    const upTo0010 = copyOfMigrations();
    for (const file of readdirSync(upTo0010)) {
      if (Number(file.slice(0, 4)) >= 11) rmSync(join(upTo0010, file));
    }
    const store = open({ dataDir, migrationsDir: upTo0010 });
    expect(store.boot.migrationsApplied).toEqual(['0010_ticket_day_number_index']);
    expect(
      inspectDb(dataDir, (db) => db.prepare('SELECT * FROM tickets ORDER BY id').all()),
    ).toEqual(rows);
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
      { name: 'tickets_unsettled' },
    ]);
    const lookup = store.featureStore(createTicketLookup);
    expect(lookup.ticketIdToday(issued.number)).toBe(issued.id);
    expect(lookup.ticketIdToday(reserved.number)).toBe(reserved.id);
  });

  it('finds the rows of every query on tickets through an index, never by reading the table', () => {
    const store = open({ dataDir: tempDir('index-plans') });
    const statements = store.featureStore((context) => [
      // With the statements it prepares at first use (the settlement mark's, migrations/0011).
      ...preparedBy(context, (c) => {
        const tickets = createTicketStore(c);
        tickets.unissuedTickets();
        tickets.advanceSettledMark();
      }),
      ...preparedBy(context, createTicketLookup),
      ...preparedBy(context, createTicketCustomerStore),
      ...preparedBy(context, createReminderStore),
      ...preparedBy(context, (c) => createPersonalDataPurge(c, { purgeAfterMs: 1 })),
    ]);
    const onTickets = statements.filter(
      (sql) => /\b(FROM|UPDATE)\s+tickets\b/i.test(sql) && !/^\s*INSERT/i.test(sql),
    );
    // getTicket, unissued, void, issue, reprint, lookup, live ticket, reminder, purge at least.
    expect(onTickets.length).toBeGreaterThanOrEqual(9);
    const db = store.featureStore((c) => c.db);
    for (const sql of onTickets) {
      const plan = planOf(db, sql).filter((line) => /\btickets\b/.test(line));
      expect(plan.length, sql).toBeGreaterThan(0);
      // Or the rowids from the settlement mark on (the tickets since it), or the last rowid
      // (a seek to the table's end): migrations/0011.
      for (const line of plan) {
        expect(line, sql).toMatch(
          /USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY \(rowid>\?\)|^SEARCH tickets$/,
        );
      }
    }
    const lookupPlan = planOf(
      db,
      preparedBy(
        store.featureStore((c) => c),
        createTicketLookup,
      )[0]!,
    );
    expect(lookupPlan.join(' ')).toMatch(
      /SEARCH tickets USING INDEX tickets_day_number \(service_day=\? AND number=\?\)/,
    );
  });

  it('writes 1 WAL page per commit, and one more for a page split (9 per ticket before 0012, 12 before 0011, 14.1 before 0010)', () => {
    const store = open({ dataDir: tempDir('index-pages') });
    const db = store.featureStore((c) => c.db);
    const issueOne = () =>
      store.issueTicket(store.reserveTicket({ businessType: PERSONAL }).id, {
        delivery: 'printed',
      });
    // Past the first pages of each tree, as on a kiosk that has been issuing for a while.
    for (let i = 0; i < 60; i++) issueOne();
    store.foldTicketJournal();
    for (let i = 0; i < 3; i++) issueOne();
    let id = '';
    const reserve = walFramesOf(db, () => {
      id = store.reserveTicket({ businessType: PERSONAL }).id;
    });
    const issue = walFramesOf(db, () => {
      store.issueTicket(id, { delivery: 'printed' });
    });
    // Each commit appends one row to the ticket journal (migrations/0012), an index-free table:
    // its last page, and its parent when that page splits. The ticket row with its id,
    // (day, type, sequence) and (day, number) entries, and the outbox row with its id and
    // (state, seq) entries and the outbox's sequence, are written by the fold, off the customer's
    // path (before 0012: 4 pages at reserve, 5 at issue).
    expect(reserve).toBeGreaterThanOrEqual(1);
    expect(reserve).toBeLessThanOrEqual(2);
    expect(issue).toBeGreaterThanOrEqual(1);
    expect(issue).toBeLessThanOrEqual(2);
    // On average over 15 tickets (fewer than the 256-frame checkpoint bound holds).
    const fifteen = walFramesOf(db, () => {
      for (let i = 0; i < 15; i++) issueOne();
    });
    expect(fifteen / 15).toBeLessThan(3);
    // …and the fold puts every ticket where the readers look.
    store.foldTicketJournal();
    const counts = db
      .prepare('SELECT (SELECT count(*) FROM tickets), (SELECT count(*) FROM outbox)')
      .raw()
      .get();
    expect(counts).toEqual([79, 79]);
  });
});
