/**
 * The ticket journal across a SIGKILL (src/store/ticket-journal.ts): a kiosk process that
 * reserved and issued tickets, and reserved one more, is killed before anything folded its
 * journal; the next open folds it first, so every issued ticket is delivered once, the
 * interrupted reservation is voided, and its number is never handed out again. Runs the compiled
 * store (dist/, `npm run build`), as the SIGKILL tests in test/sync do.
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { Ticket } from '../../../src/domain/ticket.js';
import { cleanUp, open, PERSONAL, rawDb, tempDir } from './support.js';

afterEach(cleanUp);

const CHILD = fileURLToPath(new URL('../../support/journal-kill-child.mjs', import.meta.url));
const DIST = fileURLToPath(new URL('../../../dist/src/store/ticket-journal.js', import.meta.url));

async function killedAfterIssuing(
  dataDir: string,
  count: number,
): Promise<{ issued: Ticket[]; open: Ticket }> {
  const child = fork(CHILD, [], {
    env: { ...process.env, JOURNAL_DATA_DIR: dataDir, JOURNAL_ISSUE: String(count) },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const report = await new Promise<{ issued: Ticket[]; open: Ticket }>((resolve, reject) => {
    child.once('message', (message) => resolve(message as { issued: Ticket[]; open: Ticket }));
    child.once('exit', (code) => reject(new Error(`journal-kill-child exited with ${code}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal)));
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  return report;
}

describe('ticket journal, kiosk killed with SIGKILL before a fold', () => {
  it('the next open folds first: issued tickets delivered once, the open one voided, no number reused', async () => {
    expect(existsSync(DIST), `${DIST} is missing: run \`npm run build\` first`).toBe(true);
    const dataDir = tempDir('journal-kill');
    const { issued, open: interrupted } = await killedAfterIssuing(dataDir, 5);
    // The killed process left its work in the journal only.
    const kinds = rawDb(dataDir, (db) =>
      db.prepare('SELECT kind FROM ticket_journal ORDER BY rowid').pluck().all(),
    );
    expect(kinds).toEqual([...Array(5).fill(['reserve', 'issue']).flat(), 'reserve']);
    expect(rawDb(dataDir, (db) => db.prepare('SELECT count(*) FROM tickets').pluck().get())).toBe(
      0,
    );

    const store = open({ dataDir });
    for (const ticket of issued) expect(store.getTicket(ticket.id)).toEqual(ticket);
    expect(store.unissuedTickets().map((t) => t.id)).toEqual([interrupted.id]);
    const voided = store.settleInterruptedReservations();
    expect(voided.map((v) => [v.ticketId, v.number])).toEqual([[interrupted.id, 'A0006']]);
    const items = store.nextOutboxBatch({ maxItems: 100, maxBytes: 1e9 });
    const ticketOf = (payload: unknown) => {
      const { id, ticketId } = payload as { id?: string; ticketId?: string };
      return ticketId ?? id; // a voided item names its ticket `ticketId`
    };
    expect(items.map((i) => [i.kind, ticketOf(i.payload)])).toEqual([
      ...issued.map((t) => ['ticket.issued', t.id]),
      ['ticket.voided', interrupted.id],
    ]);
    expect(store.reserveTicket({ businessType: PERSONAL }).number).toBe('A0007');
  });
});
