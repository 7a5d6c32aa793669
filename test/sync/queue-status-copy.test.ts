// The kiosk's copy of the branch's queue status against the real branch service (PGlite): a
// number this kiosk got from the branch is counted at once and only once, whether or not the
// copy has it yet; the whole copy for the queries, current or not; "wait unknown" when the
// service goes away.
import { afterEach, describe, expect, it } from 'vitest';
import { localDay } from '../../src/domain/local-time.js';
import type { ServedFirstPriority } from '../../src/domain/ticket.js';
import { createMemoryLog } from '../../src/log/index.js';
import { uuidv7 } from '../../src/uuidv7.js';
import { BranchServiceClient, QueueStatusPoller, estimateWithExtra } from '../../src/sync/index.js';
import { Cleanup, KIOSK_ID, PERSONAL, TOKEN, branchService, tempStore } from './harness.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

async function copyOnService() {
  const service = await branchService(cleanup);
  const { store } = tempStore(cleanup);
  const client = new BranchServiceClient({
    baseUrl: service.url,
    kioskId: KIOSK_ID,
    token: TOKEN,
    timeoutMs: 2_000,
  });
  const log = createMemoryLog();
  const poller = new QueueStatusPoller({ client, store, logger: log.logger });
  cleanup.add(() => poller.stop());
  // What the ticket feature does: ask the branch for a number, and tell the copy.
  const allocate = async (priority?: ServedFirstPriority) => {
    const answer = await client.allocateNumber({
      ticketId: uuidv7(),
      businessTypeId: PERSONAL.id,
      serviceDay: localDay(new Date()),
      ...(priority ? { priority } : {}),
    });
    poller.noteAllocated({ ...answer, ...(priority ? { priority } : {}) });
    return answer;
  };
  return { service, store, client, poller, allocate, log };
}

const waitingInCopy = (poller: QueueStatusPoller) =>
  poller.cached()?.status.queues.find((q) => q.businessTypeId === PERSONAL.id)?.waiting;

describe('queue status copy: this kiosk’s numbers', () => {
  it('counts a number at once, and once only when the copy has it', async () => {
    const { poller, allocate } = await copyOnService();
    await poller.refresh();
    expect(poller.estimate(PERSONAL.id)?.waitingAhead).toBe(0);

    await allocate();
    // The copy still says 0; the kiosk knows better.
    expect(waitingInCopy(poller)).toBe(0);
    expect(poller.estimate(PERSONAL.id)?.waitingAhead).toBe(1);
    expect(poller.copy()?.queues.find((q) => q.businessTypeId === PERSONAL.id)?.waiting).toBe(1);
    // The fetch asked for by the allocation: the copy has it, the kiosk no longer adds it.
    await poller.refreshAfterInFlight();
    expect(waitingInCopy(poller)).toBe(1);
    expect(poller.estimate(PERSONAL.id)?.waitingAhead).toBe(1);
    await poller.refresh();
    expect(poller.estimate(PERSONAL.id)?.waitingAhead).toBe(1);
  });

  it('a fetch begun before the allocation answered does not settle it; one begun after does', async () => {
    const { poller, allocate } = await copyOnService();
    await poller.refresh();
    // In flight while two numbers are allocated: its answer may or may not count them.
    const inFlight = poller.refresh();
    await allocate();
    await allocate();
    await inFlight;
    const afterInFlight = poller.estimate(PERSONAL.id)!.waitingAhead;
    // Never fewer than the branch holds; at most counted twice until the next fetch lands.
    expect(afterInFlight).toBeGreaterThanOrEqual(2);
    await poller.refreshAfterInFlight();
    expect(waitingInCopy(poller)).toBe(2);
    expect(poller.estimate(PERSONAL.id)?.waitingAhead).toBe(2);
  });

  it('counts a served-first number ahead of a served-first ticket only; a walk-in’s ahead of walk-ins', async () => {
    const { client, poller, allocate } = await copyOnService();
    await poller.refresh();
    const request = { businessTypeId: PERSONAL.id, serviceDay: localDay(new Date()) };
    const walkIn = await client.allocateNumber({ ...request, ticketId: uuidv7() });
    const senior = await client.allocateNumber({
      ...request,
      ticketId: uuidv7(),
      priority: 'senior',
    });
    poller.noteAllocated(walkIn);
    poller.noteAllocated({ ...senior, priority: 'senior' });
    // Not in the copy yet (the fetch each asks for takes a round trip): this kiosk's numbers
    // count, each with its priority.
    expect(waitingInCopy(poller)).toBe(0);
    expect(poller.estimate(PERSONAL.id)?.waitingAhead).toBe(2);
    expect(poller.estimate(PERSONAL.id, 'vip')?.waitingAhead).toBe(1);
    // In the copy: the branch's served-first count, and the same answers.
    await poller.refreshAfterInFlight();
    expect(
      poller.cached()?.status.queues.find((q) => q.businessTypeId === PERSONAL.id),
    ).toMatchObject({ waiting: 2, waitingServedFirst: 1 });
    expect(poller.estimate(PERSONAL.id)?.waitingAhead).toBe(2);
    expect(poller.estimate(PERSONAL.id, 'vip')?.waitingAhead).toBe(1);
    // What the branch answers the VIP is what the kiosk told them.
    expect((await allocate('vip')).waitingAhead).toBe(1);
  });

  it('the whole copy for a query: current while the service answers, not when it is gone', async () => {
    const { service, poller, allocate, log } = await copyOnService();
    expect(poller.copy()).toBeNull(); // never fetched
    await poller.refresh();
    await allocate();
    await poller.refreshAfterInFlight();
    const copy = poller.copy()!;
    expect(copy.current).toBe(true);
    expect(copy.asOf).toBe(poller.cached()!.fetchedAt);
    expect(copy.queues).toContainEqual({
      businessTypeId: PERSONAL.id,
      waiting: 1,
      estimatedWaitMinutes: null,
    });

    await service.close();
    await poller.refresh();
    expect(poller.estimate(PERSONAL.id)).toBeNull();
    expect(poller.copy()).toMatchObject({ current: false, asOf: copy.asOf });
    expect(log.named('numbers.queueStatusUnavailable')).toHaveLength(1);
  });
});

describe('estimateWithExtra', () => {
  it('scales the branch’s estimate, adds service times to an empty queue, keeps unknown', () => {
    const queue = { waiting: 4, estimatedWaitMinutes: 10, averageServiceSeconds: 300 };
    expect(estimateWithExtra(queue, 0)).toBe(10);
    expect(estimateWithExtra(queue, 2)).toBe(15);
    expect(estimateWithExtra({ ...queue, waiting: 0, estimatedWaitMinutes: 0 }, 2)).toBe(10);
    expect(estimateWithExtra({ ...queue, estimatedWaitMinutes: null }, 2)).toBeNull();
    expect(
      estimateWithExtra({ waiting: 0, estimatedWaitMinutes: 0, averageServiceSeconds: null }, 1),
    ).toBeNull();
    expect(estimateWithExtra({ ...queue, waiting: 1, estimatedWaitMinutes: 1400 }, 9)).toBe(
      estimateWithExtra({ ...queue, waiting: 1, estimatedWaitMinutes: 1400 }, 99),
    );
  });
});
