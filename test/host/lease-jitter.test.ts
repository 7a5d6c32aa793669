/**
 * The whole kiosk at a fleet's start (issue 7, power back in a branch): a kiosk with a remote
 * branch service asks for its offline number blocks only after its random start wait
 * (config sync.leaseStartJitterMs), and that wait holds up nobody: it starts, and its first
 * customer gets a ticket numbered by the branch, with no block at all for today. A kiosk with
 * the embedded service, which has no fleet, and a test's kiosk (jitter 0) lease at once.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { localDay } from '../../src/domain/local-time.js';
import { start, takeTicket } from './kiosk-helpers.js';

afterEach(() => vi.restoreAllMocks());

describe('offline number blocks at start (host)', () => {
  it("a remote kiosk's random start wait delays its lease, not its first ticket", async () => {
    // The branch: the embedded service of a first kiosk, which leases at once.
    const { kiosk: branchKiosk } = await start({
      sync: { intervalMs: 60_000, leaseStartJitterMs: 600_000 },
    });
    const today = localDay(new Date());
    expect(branchKiosk.store.numbersLeft(today, 'personal')).toBeGreaterThan(0);

    // The fleet's kiosk draws half the window: five minutes before it asks for a block.
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const { kiosk, log } = await start({
      branchService: { kind: 'remote', url: branchKiosk.branchServiceUrl },
      sync: { intervalMs: 60_000, leaseStartJitterMs: 600_000 },
    });
    vi.restoreAllMocks();
    expect(kiosk.store.numbersLeft(today, 'personal')).toBe(0);
    expect(log.named('numbers.blockLeased')).toEqual([]);

    const issued = await takeTicket(kiosk, 'personal');
    expect(issued.screen).toBe('ticketIssued');
    if (issued.screen !== 'ticketIssued') return;
    expect(issued.ticket.issuedOffline).not.toBe(true);
    expect(log.named('numbers.issuedOffline')).toEqual([]);
    expect(log.named('numbers.blockLeased')).toEqual([]);
  });
});
