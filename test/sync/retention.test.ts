// Personal data at the reference branch service is kept briefly: feedback comment texts and the
// appointments' customer keys are removed after the retention period, on PGlite and on a real
// PostgreSQL; the counts the reports need stay, and nothing younger is touched.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { feedbackReport } from '../../branch-service/feedback.js';
import { purgePersonalData } from '../../branch-service/retention.js';
import type { BranchService } from '../../branch-service/server.js';
import { createMemoryLog } from '../../src/log/index.js';
import { databaseBackends, lazyPostgres } from '../support/postgres.js';
import { Cleanup, KIOSK_ID, branchService } from './harness.js';

const postgres = lazyPostgres();
afterAll(() => postgres.stop());

const NOW = new Date('2026-11-27T08:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const KEY = 'ab'.repeat(32);

async function feedback(service: BranchService, comment: string | null, receivedAt: Date) {
  const payload = {
    id: randomUUID(),
    kioskId: KIOSK_ID,
    businessTypeId: 'personal',
    rating: 4,
    category: comment === null ? null : 'complaint',
    comment,
    submittedAt: receivedAt.toISOString(),
    serviceDay: receivedAt.toISOString().slice(0, 10),
  };
  await service.query(
    `INSERT INTO kiosk_items (id, kiosk_id, seq, kind, created_at, payload, received_at)
     VALUES ($1, $2, 1, 'feedback.submitted', $3, $4::jsonb, $3)`,
    [randomUUID(), KIOSK_ID, receivedAt.toISOString(), JSON.stringify(payload)],
  );
}

async function appointment(service: BranchService, code: string, serviceDay: string) {
  await service.query(
    `INSERT INTO appointments (code, business_type_id, service_day, time_slot, customer_key)
     VALUES ($1, 'personal', $2::date, '09:00-09:30', $3)`,
    [code, serviceDay, KEY],
  );
}

describe.each(databaseBackends(postgres))('personal data retention on $name', (backend) => {
  const cleanup = new Cleanup();
  afterAll(() => cleanup.run());

  it('removes comment texts and customer keys past the period, keeps the rest', async () => {
    const service = await branchService(cleanup, { database: await backend.fresh() });
    await feedback(
      service,
      'Call me on 13800138000 about the queue',
      new Date(NOW.getTime() - 31 * DAY),
    );
    await feedback(service, 'Recent complaint', new Date(NOW.getTime() - 2 * DAY));
    await feedback(service, null, new Date(NOW.getTime() - 40 * DAY));
    await appointment(service, '123456', '2026-10-20');
    await appointment(service, '234567', '2026-11-26');

    const before = await feedbackReport(service, {});
    const purged = await purgePersonalData(service.db, { personalDataDays: 30 }, NOW);
    expect(purged).toEqual({ feedbackComments: 1, appointmentKeys: 1 });

    const texts = await service.query<{ text: string }>(
      `SELECT payload::text AS text FROM kiosk_items WHERE kind = 'feedback.submitted'`,
    );
    const all = texts.map((t) => t.text).join('\n');
    expect(all).not.toContain('13800138000');
    expect(all).toContain('Recent complaint');
    expect(all).toContain('commentPurgedAt');
    const keys = await service.query<{ code: string; customer_key: string | null }>(
      'SELECT code, customer_key FROM appointments ORDER BY code',
    );
    expect(keys).toEqual([
      { code: '123456', customer_key: null },
      { code: '234567', customer_key: KEY },
    ]);
    // The branch's report is unchanged: the purged comment is still counted as a comment.
    expect(await feedbackReport(service, {})).toEqual(before);
    // Idempotent: a second run (or a second instance) finds nothing more.
    expect(await purgePersonalData(service.db, { personalDataDays: 30 }, NOW)).toEqual({
      feedbackComments: 0,
      appointmentKeys: 0,
    });
  });

  it('purges when the service starts, and says so in its log', async () => {
    // An in-memory PGlite does not outlive its service: the embedded one gets a folder.
    const fresh = await backend.fresh();
    const database =
      fresh.kind === 'pglite'
        ? { kind: 'pglite' as const, dataDir: mkdtempSync(join(tmpdir(), 'retention-')) }
        : fresh;
    if (database.kind === 'pglite') {
      const dir = database.dataDir;
      cleanup.add(() => rmSync(dir, { recursive: true, force: true }));
    }
    const first = await branchService(cleanup, { database });
    await feedback(first, 'Old comment with a name in it', new Date(NOW.getTime() - 10 * DAY));
    await first.close();
    const log = createMemoryLog();
    await branchService(cleanup, {
      database,
      logger: log.logger,
      now: () => NOW,
      retention: { personalDataDays: 7 },
    });
    expect(log.named('branchService.personalDataPurged')).toEqual([
      expect.objectContaining({ feedbackComments: 1, appointmentKeys: 0, days: 7 }),
    ]);
  });

  it('refuses a period that is not a whole number of days', async () => {
    const service = await branchService(cleanup, { database: await backend.fresh() });
    await expect(purgePersonalData(service.db, { personalDataDays: 0 }, NOW)).rejects.toThrow(
      /whole number of days/,
    );
  });
});
