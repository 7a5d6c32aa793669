/** One damaged outbox row is moved to the quarantine and reported; the rest is served. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { OutboxQueue } from '../../../src/store/outbox.js';
import type { QuarantinedOutboxItem } from '../../../src/store/index.js';
import { PERSONAL, cleanUp, inspectDb, open, outboxRowsOf, tempDir } from './support.js';

afterEach(cleanUp);

function storeWithIssued(count: number) {
  const dataDir = tempDir('quarantine');
  const store = open({ dataDir });
  for (let i = 0; i < count; i++) {
    store.issueTicket(store.reserveTicket({ businessType: PERSONAL }).id, { delivery: 'printed' });
  }
  return { dataDir, store };
}

describe('outbox quarantine', () => {
  it('moves a row whose payload is not JSON aside, reports it, and serves the rows behind it', () => {
    const { dataDir, store } = storeWithIssued(4);
    inspectDb(dataDir, (db) => {
      db.pragma('ignore_check_constraints = ON');
      db.prepare('UPDATE outbox SET payload = \'{"number": \' WHERE seq = 2').run();
    });
    const reported: QuarantinedOutboxItem[] = [];
    store.onOutboxQuarantined((item) => reported.push(item));

    const batch = store.nextOutboxBatch({ maxItems: 3, maxBytes: 1e6 });
    expect(batch.map((i) => i.seq)).toEqual([1, 3, 4]);
    expect(reported).toEqual([
      expect.objectContaining({
        seq: 2,
        origin: 'outbox',
        reason: expect.stringMatching(/not JSON/),
      }),
    ]);
    expect(store.quarantinedOutbox()).toEqual([
      expect.objectContaining({ seq: 2, id: reported[0]!.id }),
    ]);
    // Moved, not copied: the outbox no longer holds it, the quarantine keeps the raw bytes.
    expect(outboxRowsOf(dataDir).map((r) => r.seq)).toEqual([1, 3, 4]);
    const raw = inspectDb(dataDir, (db) =>
      db.prepare('SELECT payload FROM outbox_quarantine WHERE seq = 2').get(),
    );
    expect(raw).toEqual({ payload: '{"number": ' });
    expect(store.outboxStats().pending).toBe(3);
  });

  it('sends a readable row that breaks the contract: the branch rejects that one item', () => {
    const { dataDir, store } = storeWithIssued(2);
    inspectDb(dataDir, (db) => {
      db.prepare(
        "UPDATE outbox SET payload = json_set(payload, '$.number', '') WHERE seq = 1",
      ).run();
    });
    const batch = store.nextOutboxBatch({ maxItems: 10, maxBytes: 1e6 });
    expect(batch.map((i) => i.seq)).toEqual([1, 2]);
    expect(store.quarantinedOutbox()).toEqual([]);
  });

  it('sends a kind this software does not know as it is (the service decides)', () => {
    const { dataDir, store } = storeWithIssued(1);
    inspectDb(dataDir, (db) => db.prepare("UPDATE outbox SET kind = 'form.submitted'").run());
    expect(store.nextOutboxBatch({ maxItems: 10, maxBytes: 1e6 })).toHaveLength(1);
    expect(store.quarantinedOutbox()).toEqual([]);
  });
});

describe('outbox quarantine on a damaged page', () => {
  it('reads the rows one by one when a page cannot be read, and serves the others', () => {
    const { dataDir, store } = storeWithIssued(300);
    store.close();
    const file = join(dataDir, 'kiosk.db');
    const page = inspectDb(dataDir, (db) => {
      db.pragma('wal_checkpoint(TRUNCATE)');
      const leaves = db
        .prepare(
          "SELECT pageno FROM dbstat WHERE name = 'outbox' AND pagetype = 'leaf' ORDER BY pageno",
        )
        .all() as { pageno: number }[];
      return leaves[1]!.pageno;
    });
    const bytes = readFileSync(file);
    bytes.fill(0x5a, (page - 1) * 4096 + 8, page * 4096);
    writeFileSync(file, bytes);

    // A connection that did not run the boot's quick_check (the damage came while running).
    const db = new Database(file);
    const queue = new OutboxQueue(db, () => new Date());
    const reported: QuarantinedOutboxItem[] = [];
    queue.onQuarantined((item) => reported.push(item));
    const batch = queue.nextBatch({ maxItems: 1_000, maxBytes: 1e9 });
    expect(reported.length).toBeGreaterThan(0);
    expect(batch.length + reported.length).toBe(300);
    expect(batch[0]!.seq).toBe(1);
    expect(batch.at(-1)!.seq).toBe(300);
    expect(reported.every((r) => /unreadable/.test(r.reason))).toBe(true);
    queue.close();
    db.close();
  });
});
