// The branch link (client + sync worker + configuration poller) against the REAL reference
// branch service on loopback: configuration at start, delivery, and the technician's events on
// both sides.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BranchService } from '../../branch-service/server.js';
import { createMemoryLog } from '../../src/log/index.js';
import { BRANCH_CONFIG_KEY, createBranchLink } from '../../src/sync/index.js';
import { Cleanup, KIOSK_ID, TOKEN, branchService, issueTicket, tempStore } from './harness.js';

const cleanup = new Cleanup();
const serviceLog = createMemoryLog();
let service: BranchService;

beforeAll(async () => {
  service = await branchService(cleanup, { logger: serviceLog.logger });
});
afterAll(() => cleanup.run());

describe('branch link', () => {
  it('fetches the configuration at start, caches it, and delivers the outbox', async () => {
    const local = new Cleanup();
    try {
      const { store } = tempStore(local);
      const log = createMemoryLog();
      const link = createBranchLink({
        baseUrl: service.url,
        kioskId: KIOSK_ID,
        token: TOKEN,
        store,
        logger: log.logger,
        syncIntervalMs: 60_000,
      });
      local.add(() => link.stop());
      expect(link.config.current()).toBeNull();
      const heard: string[] = [];
      link.config.onChange((config) => heard.push(config.branch.id));

      await link.start();
      expect(link.config.current()?.businessTypes.map((t) => t.prefix)).toEqual(['A', 'B', 'V']);
      expect(heard).toEqual(['branch-dev']);
      expect(store.getCachedConfig(BRANCH_CONFIG_KEY)?.etag).toMatch(/^".+"$/);

      const ticket = issueTicket(store);
      await vi.waitFor(() => expect(store.outboxStats()).toMatchObject({ pending: 0, acked: 1 }), {
        timeout: 10_000,
        interval: 20,
      });
      expect(link.sync.status().state).toBe('idle');
      expect(log.named('sync.configUpdated')).toHaveLength(1);
      expect(log.named('sync.deliveryFailing')).toEqual([]);
      await vi.waitFor(() =>
        expect(serviceLog.named('branchService.batchApplied')).toContainEqual(
          expect.objectContaining({ level: 'info', kiosk: KIOSK_ID, inserted: 1, rejected: 0 }),
        ),
      );
      expect(JSON.stringify(serviceLog.events())).not.toContain(TOKEN);
      expect(ticket.status).toBe('issued');
    } finally {
      await local.run();
    }
  });

  it('a kiosk the service refuses: blocked once, with the address to check; the cached configuration stays', async () => {
    const local = new Cleanup();
    try {
      const { store } = tempStore(local);
      const log = createMemoryLog();
      const link = createBranchLink({
        baseUrl: service.url,
        kioskId: KIOSK_ID,
        token: 'not-the-token',
        store,
        logger: log.logger,
        syncIntervalMs: 60_000,
      });
      local.add(() => link.stop());
      issueTicket(store);
      await link.start();
      expect(link.config.current()).toBeNull();
      expect(log.named('sync.configUnavailable')).toEqual([
        expect.objectContaining({ level: 'warn', cachedAt: 'never' }),
      ]);
      await vi.waitFor(() => expect(log.named('sync.blocked')).toHaveLength(1), {
        timeout: 10_000,
      });
      expect(log.named('sync.blocked')[0]).toMatchObject({
        level: 'error',
        backlog: 1,
        url: service.url,
        code: 'kioskRefused',
      });
      expect(log.named('sync.kioskRefused')[0]).toMatchObject({ status: 401, kioskId: KIOSK_ID });
      expect(JSON.stringify(log.events())).not.toContain('not-the-token');
    } finally {
      await local.run();
    }
  });
});
