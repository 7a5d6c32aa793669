// The queue-status copy's estimate for a ticket of a priority, on a real kiosk store: a
// served-first ticket (senior, disability, appointment, VIP) is told only the served-first
// waiting ahead of it and a wait to match, a walk-in everyone; an older service that does not
// count the served first gets every ticket estimated as a walk-in's; this kiosk's own numbers
// the copy lacks yet count with their priority. (Against the real branch service:
// test/sync/queue-status-copy.test.ts and test/host/ticket-confirm.test.ts.)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  QueueStatusSchema,
  type QueueStatus,
  type QueueSummary,
} from '../../../src/contract/numbers.js';
import { check } from '../../../src/contract/problems.js';
import { localDay } from '../../../src/domain/local-time.js';
import { SERVED_FIRST_PRIORITIES } from '../../../src/domain/ticket.js';
import { createMemoryLog } from '../../../src/log/index.js';
import { openStore, type KioskStore } from '../../../src/store/index.js';
import type { QueueStatusFetchResult } from '../../../src/sync/client.js';
import { QueueStatusPoller, estimateForAhead } from '../../../src/sync/index.js';
import { removeTempDir, tempDir } from '../../support/temp-dir.js';

const PERSONAL = 'personal';

/**
 * Answers getQueueStatus with `queues` as they are when it answers; between hold() and
 * release() it does not answer (a fetch in flight).
 */
class ScriptedQueueStatus {
  queues: QueueSummary[] = [];
  #held: Promise<void> | null = null;
  #release = () => {};
  constructor(private readonly now: () => Date) {}
  hold(): void {
    this.#held = new Promise((resolve) => (this.#release = resolve));
  }
  release(): void {
    this.#release();
    this.#held = null;
  }
  async getQueueStatus(serviceDay: string): Promise<QueueStatusFetchResult> {
    await this.#held;
    const queueStatus: QueueStatus = {
      serviceDay,
      asOf: this.now().toISOString(),
      queues: this.queues,
    };
    return { status: 'ok', queueStatus, etag: null };
  }
}

/** A queue of the copy: 6 waiting for 12 minutes (2 minutes each at one counter). */
function personal(fields: Partial<QueueSummary> = {}): QueueSummary {
  return {
    businessTypeId: PERSONAL,
    waiting: 6,
    called: 1,
    served: 3,
    averageServiceSeconds: 120,
    estimatedWaitMinutes: 12,
    lastCalledNumber: 'A0004',
    ...fields,
  };
}

let dataDir: string;
let store: KioskStore;
let fetcher: ScriptedQueueStatus;
let poller: QueueStatusPoller;
let serviceDay: string;

beforeEach(() => {
  const now = new Date();
  serviceDay = localDay(now);
  dataDir = tempDir('kiosk-queue-estimate');
  store = openStore({ dataDir, kioskId: 'kiosk-1', now: () => now });
  fetcher = new ScriptedQueueStatus(() => now);
  poller = new QueueStatusPoller({
    client: fetcher,
    store,
    logger: createMemoryLog().logger,
    now: () => now,
  });
});
afterEach(async () => {
  fetcher.release();
  await poller.stop();
  store.close();
  removeTempDir(dataDir);
});

describe('the estimate for a ticket of a priority', () => {
  it('a served-first ticket has only the served-first ahead and a wait to match; a walk-in all', async () => {
    fetcher.queues = [personal({ waitingServedFirst: 2 })];
    await poller.refresh();
    const walkIn = { waitingAhead: 6, estimatedWaitMinutes: 12 };
    expect(poller.estimate(PERSONAL)).toMatchObject(walkIn);
    expect(poller.estimate(PERSONAL, 'none')).toMatchObject(walkIn);
    for (const priority of SERVED_FIRST_PRIORITIES) {
      expect(poller.estimate(PERSONAL, priority), priority).toMatchObject({
        waitingAhead: 2,
        estimatedWaitMinutes: 4,
      });
    }
    // Nobody served first waiting: next, however long the ordinary queue.
    fetcher.queues = [personal({ waitingServedFirst: 0 })];
    await poller.refresh();
    expect(poller.estimate(PERSONAL, 'senior')).toMatchObject({
      waitingAhead: 0,
      estimatedWaitMinutes: 0,
    });
    expect(poller.estimate(PERSONAL)).toMatchObject(walkIn);
  });

  it('an older service without the served-first count: every ticket as a walk-in, as before', async () => {
    fetcher.queues = [personal()];
    await poller.refresh();
    for (const priority of [undefined, 'none', ...SERVED_FIRST_PRIORITIES] as const) {
      expect(poller.estimate(PERSONAL, priority), String(priority)).toMatchObject({
        waitingAhead: 6,
        estimatedWaitMinutes: 12,
      });
    }
  });

  it("counts this kiosk's numbers the copy lacks with their priority, until it has them", async () => {
    fetcher.queues = [personal({ waitingServedFirst: 2 })];
    await poller.refresh();
    // The fetch each allocation asks for does not answer yet: the copy still says 6 and 2.
    fetcher.hold();
    const number = (ticketId: string) => ({ ticketId, businessTypeId: PERSONAL, serviceDay });
    poller.noteAllocated(number('walk-in'));
    poller.noteAllocated({ ...number('senior'), priority: 'senior' });
    poller.noteAllocated({ ...number('appointment'), priority: 'appointment' });
    poller.noteAllocated({ ...number('other queue'), businessTypeId: 'business', priority: 'vip' });
    expect(poller.estimate(PERSONAL)).toMatchObject({ waitingAhead: 9, estimatedWaitMinutes: 18 });
    expect(poller.estimate(PERSONAL, 'vip')).toMatchObject({
      waitingAhead: 4,
      estimatedWaitMinutes: 8,
    });
    // The branch's count now has them: counted once, not twice.
    fetcher.queues = [personal({ waiting: 9, waitingServedFirst: 4, estimatedWaitMinutes: 18 })];
    fetcher.release();
    await poller.refreshAfterInFlight();
    expect(poller.estimate(PERSONAL)).toMatchObject({ waitingAhead: 9, estimatedWaitMinutes: 18 });
    expect(poller.estimate(PERSONAL, 'disability')).toMatchObject({
      waitingAhead: 4,
      estimatedWaitMinutes: 8,
    });
  });

  it("an older service: this kiosk's served-first numbers count for everyone, as a walk-in's", async () => {
    fetcher.queues = [personal()];
    await poller.refresh();
    fetcher.hold();
    poller.noteAllocated({ ticketId: 't1', businessTypeId: PERSONAL, serviceDay, priority: 'vip' });
    expect(poller.estimate(PERSONAL, 'senior')).toMatchObject({ waitingAhead: 7 });
    expect(poller.estimate(PERSONAL)).toMatchObject({ waitingAhead: 7 });
  });

  it('an empty queue: a priority number of this kiosk is one service time ahead', async () => {
    fetcher.queues = [
      personal({ waiting: 0, waitingServedFirst: 0, estimatedWaitMinutes: 0, called: 0 }),
    ];
    await poller.refresh();
    fetcher.hold();
    poller.noteAllocated({ ticketId: 't1', businessTypeId: PERSONAL, serviceDay, priority: 'vip' });
    poller.noteAllocated({ ticketId: 't2', businessTypeId: PERSONAL, serviceDay });
    expect(poller.estimate(PERSONAL, 'appointment')).toMatchObject({
      waitingAhead: 1,
      estimatedWaitMinutes: 2,
    });
    expect(poller.estimate(PERSONAL)).toMatchObject({ waitingAhead: 2, estimatedWaitMinutes: 4 });
  });
});

describe('estimateForAhead', () => {
  const queue = { waiting: 6, estimatedWaitMinutes: 12, averageServiceSeconds: 120 };
  it("is the branch's own for as many as it counted, scaled for fewer or more", () => {
    expect(estimateForAhead(queue, 6)).toBe(12);
    expect(estimateForAhead(queue, 2)).toBe(4);
    expect(estimateForAhead(queue, 0)).toBe(0);
    expect(estimateForAhead(queue, 9)).toBe(18);
    // Rounded up: never a shorter wait than the ratio says.
    expect(estimateForAhead({ ...queue, estimatedWaitMinutes: 5 }, 1)).toBe(1);
    expect(estimateForAhead({ ...queue, estimatedWaitMinutes: 13 }, 1)).toBe(3);
    expect(estimateForAhead({ ...queue, estimatedWaitMinutes: null }, 2)).toBeNull();
    expect(estimateForAhead({ ...queue, estimatedWaitMinutes: 1440 }, 60)).toBe(1440);
  });
});

describe('the queue status contract: waitingServedFirst', () => {
  const status = (queue: Record<string, unknown>) => ({
    serviceDay: '2026-11-27',
    asOf: '2026-11-27T09:00:00.000Z',
    queues: [{ ...personal(), ...queue }],
  });
  it('is optional, bounded like the others, and never more than the waiting', () => {
    expect(QueueStatusSchema.safeParse(status({})).success).toBe(true);
    expect(QueueStatusSchema.safeParse(status({ waitingServedFirst: 6 })).success).toBe(true);
    const above = check(QueueStatusSchema, status({ waitingServedFirst: 7 }));
    expect(above.ok).toBe(false);
    expect(above.ok ? '' : above.problem).toContain('queues[0].waitingServedFirst');
    expect(
      QueueStatusSchema.safeParse(status({ waiting: 99_999, waitingServedFirst: 100_000 })).success,
    ).toBe(false);
    expect(QueueStatusSchema.safeParse(status({ waitingServedFirst: -1 })).success).toBe(false);
    expect(QueueStatusSchema.safeParse(status({ waitingServedFirst: 1.5 })).success).toBe(false);
  });
});
