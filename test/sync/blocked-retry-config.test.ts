// The blocked-retry interval (how long delivery waits while the branch service refuses this
// kiosk) is part of the kiosk configuration: `sync.blockedRetryMs`, read and bounded by
// src/config.ts and handed to the sync worker by createBranchLink.
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_BLOCKED_RETRY_MS, parseConfig } from '../../src/config.js';
import { createMemoryLog } from '../../src/log/index.js';
import { createBranchLink } from '../../src/sync/index.js';
import { Cleanup, KIOSK_ID, branchService, issueTicket, tempStore } from './harness.js';

describe('sync.blockedRetryMs', () => {
  it('defaults to 5 minutes, reads a value and refuses one out of range', () => {
    expect(parseConfig({}, null, '/tmp').sync.blockedRetryMs).toBe(DEFAULT_BLOCKED_RETRY_MS);
    expect(DEFAULT_BLOCKED_RETRY_MS).toBe(300_000);
    const read = parseConfig({ sync: { blockedRetryMs: 60_000 } }, 'kiosk.config.json', '/tmp');
    expect(read.sync).toEqual({ intervalMs: 5_000, blockedRetryMs: 60_000 });
    expect(() =>
      parseConfig({ sync: { blockedRetryMs: 10 } }, 'kiosk.config.json', '/tmp'),
    ).toThrow(/sync\.blockedRetryMs/);
    expect(() =>
      parseConfig({ sync: { blockedRetryMs: 'soon' } }, 'kiosk.config.json', '/tmp'),
    ).toThrow(/sync\.blockedRetryMs/);
  });

  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  it('a kiosk the service refuses waits the configured interval, not the default', async () => {
    const service = await branchService(cleanup);
    const { store } = tempStore(cleanup);
    issueTicket(store);
    const blockedRetryMs = 4_000;
    const link = createBranchLink({
      baseUrl: service.url,
      kioskId: KIOSK_ID,
      token: 'a-revoked-token',
      store,
      logger: createMemoryLog().logger,
      syncIntervalMs: 60_000,
      blockedRetryMs,
    });
    cleanup.add(() => link.stop());
    const before = Date.now();
    await link.start();
    await expect.poll(() => link.sync.status().state).toBe('blocked');
    const next = Date.parse(link.sync.status().nextRetryAt!);
    // A draw from [½, 1] × blockedRetryMs after the refusal.
    expect(next - before).toBeGreaterThanOrEqual(blockedRetryMs / 2);
    expect(next - Date.now()).toBeLessThanOrEqual(blockedRetryMs);
    expect(store.outboxStats().pending).toBe(1);
  });
});
