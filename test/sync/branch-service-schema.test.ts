// The branch service's schema.sql applied to a database made by an earlier version (issue 7, the
// drain's indexes), on PGlite and on a real PostgreSQL server: indexes no statement reads are
// dropped, the queue's two indexes become one, applying it again changes nothing, and the
// queue's reads can still use an index.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { BranchDatabase } from '../../branch-service/db.js';
import { openBranchDatabase } from '../../branch-service/server.js';
import { databaseBackends, lazyPostgres } from '../support/postgres.js';

const postgres = lazyPostgres();
afterAll(() => postgres.stop());

const SCHEMA = readFileSync('branch-service/schema.sql', 'utf8');

/** The indexes schema.sql created before the drain's change (2026-11-27). */
const EARLIER_INDEXES = `
  CREATE INDEX IF NOT EXISTS kiosk_items_kiosk_seq ON kiosk_items (kiosk_id, seq);
  CREATE INDEX IF NOT EXISTS tickets_day_type ON tickets (service_day, business_type_id);
  CREATE INDEX IF NOT EXISTS queue_entries_waiting
    ON queue_entries (service_day, business_type_id, queued_at) WHERE state = 'waiting';
  CREATE INDEX IF NOT EXISTS queue_entries_day_type_state
    ON queue_entries (service_day, business_type_id, state);`;

const INDEXES_NOW = {
  kiosk_items: ['kiosk_items_pkey', 'kiosk_items_voided_ticket'],
  tickets: ['tickets_pkey'],
  queue_entries: [
    'queue_entries_counter',
    'queue_entries_day_type_state_queued',
    'queue_entries_pkey',
  ],
};

async function indexes(db: BranchDatabase): Promise<Record<string, string[]>> {
  const rows = await db.query<{ tablename: string; indexname: string }>(
    `SELECT tablename, indexname FROM pg_indexes
     WHERE schemaname = current_schema() AND tablename = ANY($1::text[])
     ORDER BY tablename, indexname`,
    [Object.keys(INDEXES_NOW)],
  );
  const found: Record<string, string[]> = {};
  for (const { tablename, indexname } of rows) (found[tablename] ??= []).push(indexname);
  return found;
}

describe.each(databaseBackends(postgres))('schema.sql on an earlier database, $name', (backend) => {
  it('drops the indexes no statement reads, merges the queue indexes, and is idempotent', async () => {
    const db = await openBranchDatabase(await backend.fresh());
    try {
      await db.exec(SCHEMA);
      await db.exec(EARLIER_INDEXES);
      expect((await indexes(db)).queue_entries).toContain('queue_entries_waiting');

      await db.exec(SCHEMA);
      expect(await indexes(db)).toEqual(INDEXES_NOW);
      await db.exec(SCHEMA);
      expect(await indexes(db)).toEqual(INDEXES_NOW);
    } finally {
      await db.close();
    }
  });

  it("serves a queue's waiting line and its counts by state from one index", async () => {
    const db = await openBranchDatabase(await backend.fresh());
    try {
      await db.exec(SCHEMA);
      const plan = async (sql: string) => {
        // Tables this small are read whole; the question is whether an index can serve.
        const rows = await db.transaction(async (tx) => {
          await tx.query('SET LOCAL enable_seqscan = off');
          return tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`);
        });
        return rows.map((row) => row['QUERY PLAN']).join('\n');
      };
      // call next (./counter.ts): the first waiting entry in call order
      expect(
        await plan(`SELECT ticket_id FROM queue_entries
          WHERE service_day = '2026-11-27' AND business_type_id = 'personal' AND state = 'waiting'
          ORDER BY queued_at LIMIT 1`),
      ).toMatch(/Index (Only )?Scan using queue_entries_day_type_state_queued/);
      // the queue status's counts (./queue.ts)
      expect(
        await plan(`SELECT count(*) FROM queue_entries
          WHERE service_day = '2026-11-27' AND business_type_id = 'personal' AND state = 'served'`),
      ).toMatch(/queue_entries_day_type_state_queued/);
    } finally {
      await db.close();
    }
  });
});
