/**
 * The ticket journal's fold on a full disk (issue 7; src/store/ticket-journal-fold.ts): tickets
 * reserved and issued on a healthy disk wait in the journal, the disk fills, and a reader folds.
 * The fold is refused: the reader throws SQLite's own "disk is full", the space watch says at
 * once that the store cannot take work (the next customer is told before choosing), and nothing
 * moved by halves: the journal holds every row, tickets and outbox are as they were. Once space
 * returns, the next fold moves every row: each issued ticket reaches the outbox once, and no
 * number is handed out twice, also across a restart.
 *
 * A real small file system, as in ./space-watch.test.ts (test/support/full-disk.ts): a tmpfs
 * mounted by root, filled with a file until it refuses (skipped with the reason when the tests do
 * not run as root).
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Ticket } from '../../../src/domain/ticket.js';
import { openStore, StoreError } from '../../../src/store/index.js';
import type { KioskStore, StoreProblem } from '../../../src/store/index.js';
import { IS_ROOT, Tmpfs, fillDisk, freeDisk, whyNotRoot } from '../../support/full-disk.js';
import { BUSINESS, PERSONAL, cleanUp, open, rawDb } from './support.js';

const tmpfs = new Tmpfs();
afterEach(() => {
  cleanUp(); // closes the stores first, so the mounts are no longer busy
  tmpfs.unmountAll();
});

/** What `work` threw (the test fails when it throws nothing). */
function thrownBy(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

const clock = new Date(2025, 2, 4, 9, 30); // local: service day 2025-03-04
const now = () => clock;

/** The journal, tickets, outbox and quarantine as a technician's sqlite3 reads them (no fold). */
const tablesOf = (dataDir: string) =>
  rawDb(dataDir, (db) => ({
    journal: db
      .prepare('SELECT rowid, kind, body, payload FROM ticket_journal ORDER BY rowid')
      .all(),
    tickets: db.prepare('SELECT * FROM tickets ORDER BY id').all(),
    outbox: db.prepare('SELECT * FROM outbox ORDER BY seq').all(),
    quarantined: db.prepare('SELECT count(*) FROM outbox_quarantine').pluck().get(),
  }));

/** How many outbox rows of kind ticket.issued each ticket id has. */
const issuedItemsPerTicket = (dataDir: string) =>
  Object.fromEntries(
    rawDb(dataDir, (db) =>
      db
        .prepare(
          `SELECT json_extract(payload, '$.id') AS ticket, count(*) AS n FROM outbox
           WHERE kind = 'ticket.issued' GROUP BY ticket`,
        )
        .all(),
    ).map((row) => {
      const { ticket, n } = row as { ticket: string; n: number };
      return [ticket, n];
    }),
  );

const numbersOf = (dataDir: string) =>
  rawDb(dataDir, (db) => db.prepare('SELECT number FROM tickets ORDER BY number').pluck().all());

const issueOne = (store: KioskStore, businessType = PERSONAL): Ticket =>
  store.issueTicket(store.reserveTicket({ businessType }).id, { delivery: 'printed' });

/**
 * A kiosk on a 2 MiB tmpfs whose journal holds work: two tickets already folded (the sync worker
 * read them), then four issued and one reserved (printing) that only the journal holds.
 */
function kioskWithUnfoldedJournal() {
  const mount = tmpfs.mount(2048);
  const dataDir = join(mount, 'data');
  mkdirSync(dataDir, { mode: 0o700 });
  const options = {
    dataDir,
    now,
    // No tick of the watch and no idle fold during the test: what the watch knows, the refused
    // fold told it.
    spaceWatch: { minFreeBytes: 256 * 1024, intervalMs: 3_600_000 },
    idleCheckpoint: { idleMs: 3_600_000 },
  };
  const store = open(options);
  const folded = [issueOne(store), issueOne(store, BUSINESS)];
  store.foldTicketJournal();
  const unfolded = [issueOne(store), issueOne(store, BUSINESS), issueOne(store), issueOne(store)];
  const printing = store.reserveTicket({ businessType: PERSONAL });
  const before = tablesOf(dataDir);
  expect(before.journal.map((r) => (r as { kind: string }).kind)).toEqual([
    ...Array(4).fill(['reserve', 'issue']).flat(),
    'reserve',
  ]);
  expect(before.tickets).toHaveLength(2);
  expect(before.outbox).toHaveLength(2);
  return { mount, dataDir, options, store, folded, unfolded, printing, before };
}

const NUMBERS = ['A0001', 'A0002', 'A0003', 'A0004', 'A0005', 'B0001', 'B0002'];

describe('ticket journal on a full disk', () => {
  it.skipIf(!IS_ROOT)(
    `a refused fold loses nothing, moves nothing by halves and tells the space watch at once; once space returns every row is folded, each ticket delivered once, no number reused${whyNotRoot}`,
    () => {
      const { mount, dataDir, options, store, folded, unfolded, printing, before } =
        kioskWithUnfoldedJournal();
      const problems: (StoreProblem | null)[] = [];
      store.space.onChange((health) => problems.push(health.problem));

      fillDisk(join(mount, 'filler'));
      // Not seen yet: the watch's tick is an hour away.
      expect(store.space.current()).toBeNull();

      // The sync worker's read folds first, and the disk refuses the fold's commit.
      const refused = thrownBy(() => store.nextOutboxBatch({ maxItems: 100, maxBytes: 1e9 }));
      expect(refused).toBeInstanceOf(Database.SqliteError);
      expect(refused).toMatchObject({ code: 'SQLITE_FULL', message: 'database or disk is full' });
      // At once, not at the next tick: the next customer is told before choosing.
      expect(store.space.current()).toBe('diskFull');
      expect(store.space.health().freeBytes).toBeLessThan(256 * 1024);
      expect(problems).toEqual(['diskFull']);
      // Every reader that folds is refused the same way, and tries again each time…
      expect(thrownBy(() => store.getTicket(unfolded[0]!.id))).toMatchObject({
        code: 'SQLITE_FULL',
      });
      // …but the backlog the technician reads counts the issued tickets only the journal holds.
      const pendingBefore = store.featureStore(({ db }) =>
        db.prepare(`SELECT min(created_at) FROM outbox WHERE state = 'pending'`).pluck().get(),
      );
      expect(store.outboxStats()).toMatchObject({
        pending: folded.length + unfolded.length,
        oldestPendingAt: pendingBefore,
      });

      // Nothing lost, nothing moved by halves: the journal whole, tickets and outbox unchanged,
      // nothing quarantined, the file sound.
      expect(tablesOf(dataDir)).toEqual(before);
      expect(rawDb(dataDir, (db) => db.pragma('integrity_check', { simple: true }))).toBe('ok');

      // Space returns. The next read folds every row, without waiting for the watch.
      freeDisk(join(mount, 'filler'));
      const items = store.nextOutboxBatch({ maxItems: 100, maxBytes: 1e9 });
      expect(items.map((i) => [i.kind, (i.payload as Ticket).id])).toEqual(
        [...folded, ...unfolded].map((t) => ['ticket.issued', t.id]),
      );
      const after = tablesOf(dataDir);
      expect(after.journal).toEqual([]);
      expect(after.quarantined).toBe(0);
      expect(after.outbox.slice(0, 2)).toEqual(before.outbox);
      for (const ticket of [...folded, ...unfolded]) {
        expect(store.getTicket(ticket.id)).toEqual(ticket);
      }
      expect(store.getTicket(printing.id)).toEqual(printing);
      expect(store.space.check().problem).toBeNull();
      expect(problems).toEqual(['diskFull', null]);

      // The customer whose ticket was printing gets it issued, once; the next numbers go on.
      const printed = store.issueTicket(printing.id, { delivery: 'printed' });
      expect(printed).toMatchObject({ id: printing.id, number: 'A0005', status: 'issued' });
      const next = [issueOne(store), issueOne(store, BUSINESS)];
      expect(next.map((t) => t.number)).toEqual(['A0006', 'B0003']);
      store.foldTicketJournal();
      const all = [...folded, ...unfolded, printed, ...next];
      expect(issuedItemsPerTicket(dataDir)).toEqual(Object.fromEntries(all.map((t) => [t.id, 1])));
      expect(numbersOf(dataDir)).toEqual([...NUMBERS, 'A0006', 'B0003'].sort());

      // And after a restart: the same items, once, and the numbers go on from there.
      store.close();
      const reopened = open(options);
      expect(reopened.outboxStats()).toMatchObject({ pending: all.length });
      expect(reopened.reserveTicket({ businessType: PERSONAL }).number).toBe('A0007');
      expect(reopened.reserveTicket({ businessType: BUSINESS }).number).toBe('B0004');
      expect(issuedItemsPerTicket(dataDir)).toEqual(Object.fromEntries(all.map((t) => [t.id, 1])));
    },
  );

  it.skipIf(!IS_ROOT)(
    `a reservation or an issue the disk refuses (each its own commit) tells the space watch at once, keeps nothing half-done and skips the number${whyNotRoot}`,
    () => {
      const { mount, dataDir, store, printing, before } = kioskWithUnfoldedJournal();
      fillDisk(join(mount, 'filler'));
      expect(thrownBy(() => store.issueTicket(printing.id, { delivery: 'printed' }))).toMatchObject(
        { code: 'SQLITE_FULL' },
      );
      expect(store.space.current()).toBe('diskFull');
      expect(thrownBy(() => store.reserveTicket({ businessType: PERSONAL }))).toMatchObject({
        code: 'SQLITE_FULL',
      });
      expect(tablesOf(dataDir)).toEqual(before);

      freeDisk(join(mount, 'filler'));
      // The print is retried: issued once; the refused reservation's number (A0006) skipped.
      expect(store.issueTicket(printing.id, { delivery: 'printed' }).status).toBe('issued');
      expect(store.reserveTicket({ businessType: PERSONAL }).number).toBe('A0007');
      store.foldTicketJournal();
      expect(issuedItemsPerTicket(dataDir)[printing.id]).toBe(1);
    },
  );

  it.skipIf(!IS_ROOT)(
    `all or nothing, whatever room the disk has left: a fold that does not fit moves no row, and the next one moves them all${whyNotRoot}`,
    () => {
      // The fold of these nine rows writes nine WAL pages: with less room it is refused at some
      // page of its commit, with more it fits. A fold that committed row by row would leave
      // some rows moved and others not with 4 to 8 pages of room (checked).
      const outcomes = new Map<number, string>();
      for (const roomPages of [0, 1, 2, 4, 6, 8, 9, 10, 12, 16, 32]) {
        const { mount, dataDir, store, folded, unfolded, printing, before } =
          kioskWithUnfoldedJournal();
        fillDisk(join(mount, 'filler'), roomPages);
        let outcome = 'folded';
        try {
          store.foldTicketJournal();
        } catch (error) {
          outcome = (error as { code?: string }).code ?? String(error);
          expect(outcome, `${roomPages} pages of room`).toBe('SQLITE_FULL');
          expect(tablesOf(dataDir), `${roomPages} pages of room`).toEqual(before);
          expect(store.space.current(), `${roomPages} pages of room`).toBe('diskFull');
        }
        outcomes.set(roomPages, outcome);
        freeDisk(join(mount, 'filler'));
        store.foldTicketJournal();
        const after = tablesOf(dataDir);
        expect(after.journal, `${roomPages} pages of room`).toEqual([]);
        expect(after.quarantined).toBe(0);
        expect(after.tickets).toHaveLength(7);
        expect(issuedItemsPerTicket(dataDir), `${roomPages} pages of room`).toEqual(
          Object.fromEntries([...folded, ...unfolded].map((t) => [t.id, 1])),
        );
        expect(store.getTicket(printing.id)).toEqual(printing);
        expect(numbersOf(dataDir)).toEqual(NUMBERS);
        store.close();
      }
      // Both sides of the edge were met: refused with no room and with room for part of the
      // fold (where a fold by halves would show), folded with enough.
      expect(outcomes.get(0)).toBe('SQLITE_FULL');
      expect(
        [...outcomes].filter(([room, outcome]) => room >= 4 && outcome === 'SQLITE_FULL'),
      ).not.toEqual([]);
      expect(outcomes.get(32)).toBe('folded');
    },
  );

  it.skipIf(!IS_ROOT)(
    `closing on a full disk keeps the journal (the close's fold is refused quietly); the next open folds it${whyNotRoot}`,
    () => {
      const { mount, dataDir, options, store, folded, unfolded, printing, before } =
        kioskWithUnfoldedJournal();
      fillDisk(join(mount, 'filler'));
      expect(() => store.close()).not.toThrow();
      expect(tablesOf(dataDir)).toEqual(before);

      freeDisk(join(mount, 'filler'));
      const reopened = open(options);
      expect(tablesOf(dataDir).journal).toEqual([]);
      expect(reopened.unissuedTickets().map((t) => t.id)).toEqual([printing.id]);
      expect(issuedItemsPerTicket(dataDir)).toEqual(
        Object.fromEntries([...folded, ...unfolded].map((t) => [t.id, 1])),
      );
      expect(reopened.reserveTicket({ businessType: PERSONAL }).number).toBe('A0006');
      expect(reopened.reserveTicket({ businessType: BUSINESS }).number).toBe('B0003');
    },
  );

  it(
    `a ticket reader's refused fold (getTicket) tells the space watch at once, as the outbox's does${whyNotRoot}`,
    // tickets.ts folds with the context's foldJournal (src/store/store.ts), as the outbox does.
    { skip: !IS_ROOT },
    () => {
      const { mount, dataDir, store, unfolded, before } = kioskWithUnfoldedJournal();
      fillDisk(join(mount, 'filler'));
      expect(thrownBy(() => store.getTicket(unfolded[0]!.id))).toMatchObject({
        code: 'SQLITE_FULL',
      });
      expect(store.space.current()).toBe('diskFull');
      expect(tablesOf(dataDir)).toEqual(before);
    },
  );

  it(
    `a kiosk restarted on a full disk with its journal unfolded is out of service for DISK_FULL (retried), not a crash; once space returns it folds everything${whyNotRoot}`,
    // The boot fold's SQLITE_FULL becomes the store's DISK_FULL (src/store/open.ts), which the
    // host (main/kiosk.ts startKioskHost) shows as out of service and retries; SQLite's raw
    // error made the shell exit into a restart loop with nothing on screen.
    { skip: !IS_ROOT },
    () => {
      const { mount, dataDir, store, folded, unfolded, printing } = kioskWithUnfoldedJournal();
      // The process killed (SIGKILL, the watchdog): its files as they are, -shm included,
      // opened by the next process. A copy, as this process still holds the originals.
      const restarted = join(mount, 'restarted');
      mkdirSync(restarted, { mode: 0o700 });
      for (const name of ['kiosk.db', 'kiosk.db-wal', 'kiosk.db-shm', 'personal-data.key']) {
        copyFileSync(join(dataDir, name), join(restarted, name));
      }
      store.close();
      fillDisk(join(mount, 'filler'));
      const options = { dataDir: restarted, kioskId: 'kiosk-1', now };
      const refused = thrownBy(() => openStore(options));
      expect(refused).toBeInstanceOf(StoreError);
      expect(refused).toMatchObject({ code: 'DISK_FULL' });
      expect(tablesOf(restarted).journal).toHaveLength(9);

      freeDisk(join(mount, 'filler'));
      const reopened = open({ dataDir: restarted, now });
      expect(tablesOf(restarted).journal).toEqual([]);
      expect(reopened.settleInterruptedReservations().map((v) => v.ticketId)).toEqual([
        printing.id,
      ]);
      expect(issuedItemsPerTicket(restarted)).toEqual(
        Object.fromEntries([...folded, ...unfolded].map((t) => [t.id, 1])),
      );
      expect(reopened.reserveTicket({ businessType: PERSONAL }).number).toBe('A0006');
    },
  );
});
