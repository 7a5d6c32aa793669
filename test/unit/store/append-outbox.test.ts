/**
 * appendOutbox inside a feature's own transaction, shown with a small feature written the way
 * the next one (e-form, feedback) would be: its table in its own migration, its store module
 * built with store.featureStore, its outbox item appended inside its write.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError, appendOutbox } from '../../../src/store/index.js';
import type { KioskStore, StoreContext, StoreTx } from '../../../src/store/index.js';
import {
  PERSONAL,
  cleanUp,
  copyOfMigrations,
  inspectDb,
  laterMigration,
  open,
  tempDir,
} from './support.js';

interface Feedback {
  readonly id: string;
  readonly rating: number;
  readonly at: string;
}

/** The example feature's store module. */
function createFeedbackStore({ db, write }: StoreContext) {
  const insert = db.prepare('INSERT INTO sample_feedback (id, rating, at) VALUES (?, ?, ?)');
  return {
    submit(ratings: readonly number[], options: { failAfterAppend?: boolean } = {}) {
      return write((tx) =>
        ratings.map((rating, i): Feedback => {
          const feedback = { id: `fb-${tx.now.getTime()}-${i}`, rating, at: tx.now.toISOString() };
          insert.run(feedback.id, feedback.rating, feedback.at);
          appendOutbox(tx, 'feedback.submitted', feedback);
          if (options.failAfterAppend) throw new Error('printer jammed (simulated)');
          return feedback;
        }),
      );
    },
  };
}

let dataDir: string;
let clock: Date;
let store: KioskStore;
let feedback: ReturnType<typeof createFeedbackStore>;

beforeEach(() => {
  const migrationsDir = copyOfMigrations();
  writeFileSync(
    join(migrationsDir, `${laterMigration('feedback')}.sql`),
    'CREATE TABLE sample_feedback (id TEXT PRIMARY KEY, rating INTEGER NOT NULL, at TEXT NOT NULL) STRICT;\n',
  );
  dataDir = tempDir('feature');
  clock = new Date('2025-03-04T01:30:00.000Z');
  store = open({ dataDir, migrationsDir, now: () => clock });
  feedback = store.featureStore(createFeedbackStore);
});

afterEach(cleanUp);

const feedbackRows = () =>
  inspectDb(
    dataDir,
    (db) => db.prepare('SELECT id FROM sample_feedback').all() as { id: string }[],
  );

describe('appendOutbox in a feature transaction', () => {
  it("writes the feature's rows and its outbox items together, stamped with the write's time", () => {
    const [submitted] = feedback.submit([5]);
    expect(feedbackRows()).toEqual([{ id: submitted!.id }]);
    const batch = store.nextOutboxBatch({ maxItems: 10, maxBytes: 100_000 });
    expect(batch).toEqual([
      expect.objectContaining({
        seq: 1,
        kioskId: 'kiosk-1',
        kind: 'feedback.submitted',
        createdAt: clock.toISOString(),
        payload: submitted,
        attempts: 0,
      }),
    ]);
    expect(batch[0]!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
  });

  it('rolls back both when the feature fails after appending, and tells no listener', () => {
    const kicks: number[] = [];
    store.onOutboxAppended(() => kicks.push(store.outboxStats().pending));
    expect(() => feedback.submit([4], { failAfterAppend: true })).toThrow(/simulated/);
    expect(feedbackRows()).toEqual([]);
    expect(store.outboxStats()).toMatchObject({ pending: 0 });
    expect(kicks).toEqual([]);

    feedback.submit([1, 2, 3]); // three rows, one transaction: one kick, after the commit
    expect(kicks).toEqual([3]);
  });

  it('shares the outbox sequence with the ticket feature, in commit order', () => {
    store.issueTicket(store.reserveTicket({ businessType: PERSONAL }).id, { delivery: 'screen' });
    feedback.submit([5]);
    expect(
      store.nextOutboxBatch({ maxItems: 10, maxBytes: 100_000 }).map((i) => [i.seq, i.kind]),
    ).toEqual([
      [1, 'ticket.issued'],
      [2, 'feedback.submitted'],
    ]);
  });

  it('refuses an append outside a write, so no item is sent for a record that was rolled back', () => {
    let escaped: StoreTx | undefined;
    store.featureStore(({ write }) => write((tx) => (escaped = tx)));
    expect(() => appendOutbox(escaped!, 'feedback.submitted', { rating: 1 })).toThrow(
      expect.objectContaining({ code: 'NOT_IN_TRANSACTION' }),
    );
    expect(store.outboxStats().pending).toBe(0);
  });

  it('refuses a write inside a write, an empty kind and a payload that is not JSON', () => {
    const { write } = store.featureStore((context) => context);
    expect(() => write(() => write(() => 1))).toThrow(
      expect.objectContaining({ code: 'NESTED_TRANSACTION' }),
    );
    expect(() => write((tx) => appendOutbox(tx, ' ', {}))).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => write((tx) => appendOutbox(tx, 'feedback.submitted', undefined))).toThrow(
      StoreError,
    );
    expect(store.outboxStats().pending).toBe(0);
  });
});
