/**
 * The sync worker against the REAL reference branch service (PGlite in memory) while the kiosk's
 * disk is full and its tickets are still in the ticket journal (issue 7): the worker's read
 * folds first, the disk refuses the fold, and the worker backs off as from a network error, the
 * items kept. Once space returns it delivers every ticket, once. The store lies on a small tmpfs
 * mounted by root (test/support/full-disk.ts; skipped, saying why, otherwise).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { BranchServiceClient, SyncWorker } from '../../src/sync/index.js';
import { IS_ROOT, Tmpfs, fillDisk, freeDisk, whyNotRoot } from '../support/full-disk.js';
import { Cleanup, KIOSK_ID, TOKEN, branchService, countRows, issueTicket } from './harness.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

describe('sync while the disk refuses the ticket journal’s fold', () => {
  it.skipIf(!IS_ROOT)(
    `the worker backs off with the items kept, and delivers every ticket once when space returns${whyNotRoot}`,
    async () => {
      const service = await branchService(cleanup);
      const tmpfs = new Tmpfs();
      cleanup.add(() => tmpfs.unmountAll()); // after the store is closed (last in, first out)
      const mount = tmpfs.mount(2048);
      const dataDir = join(mount, 'data');
      mkdirSync(dataDir, { mode: 0o700 });
      const store = openStore({
        dataDir,
        kioskId: KIOSK_ID,
        // No tick of the watch and no idle fold: the reads fold, and are refused.
        spaceWatch: { minFreeBytes: 256 * 1024, intervalMs: 3_600_000 },
        idleCheckpoint: { idleMs: 3_600_000 },
      });
      cleanup.add(() => store.close());
      const tickets = Array.from({ length: 5 }, () => issueTicket(store));
      fillDisk(join(mount, 'filler'));

      const worker = new SyncWorker({
        store,
        client: new BranchServiceClient({
          baseUrl: service.url,
          kioskId: KIOSK_ID,
          token: TOKEN,
          timeoutMs: 5_000,
        }),
        baseDelayMs: 20,
        maxDelayMs: 100,
        pollIntervalMs: 0,
      });
      cleanup.add(() => worker.stop());
      const refused = await worker.syncNow();
      expect(refused).toMatchObject({
        outcome: 'retry-later',
        acked: 0,
        cause: { code: 'unexpectedFailure', fields: { error: 'database or disk is full' } },
      });
      expect(store.space.current()).toBe('diskFull');

      worker.start();
      await vi.waitFor(() => expect(worker.status().consecutiveFailures).toBeGreaterThan(2), {
        timeout: 10_000,
        interval: 10,
      });
      expect(worker.status()).toMatchObject({ state: 'backing-off', lastSuccessAt: null });
      expect(await countRows(service, 'kiosk_items')).toBe(0);

      freeDisk(join(mount, 'filler'));
      await vi.waitFor(() => expect(store.outboxStats()).toMatchObject({ pending: 0, acked: 5 }), {
        timeout: 10_000,
        interval: 20,
      });
      expect(await countRows(service, 'kiosk_items')).toBe(5);
      for (const ticket of tickets) expect(await countRows(service, 'tickets', ticket.id)).toBe(1);
      const numbers = await service.query<{ number: string }>(
        'SELECT number FROM tickets ORDER BY number',
      );
      expect(numbers.map((row) => row.number)).toEqual(tickets.map((t) => t.number));
    },
  );
});
