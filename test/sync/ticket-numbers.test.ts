// Where a kiosk's numbers come from, on a real store and the real branch service: the branch's
// number online; a leased block when the service refuses, is down or does not answer in time;
// nothing at all when neither. Plus the lease keeper and the queue-status copy ("as of" or
// "wait unknown").
import { createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { localDay } from '../../src/domain/local-time.js';
import { createMemoryLog } from '../../src/log/index.js';
import { BranchServiceClient, type AllocatedNumber } from '../../src/sync/index.js';
import { SyncError } from '../../src/sync/errors.js';
import { NumberLeaseKeeper } from '../../src/sync/lease-keeper.js';
import { QueueStatusPoller } from '../../src/sync/queue-status.js';
import { TicketNumbers } from '../../src/sync/ticket-numbers.js';
import type { KioskStore } from '../../src/store/index.js';
import {
  Cleanup,
  KIOSK_ID,
  PERSONAL,
  TOKEN,
  branchService,
  freePort,
  tempStore,
} from './harness.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

const client = (baseUrl: string) =>
  new BranchServiceClient({ baseUrl, kioskId: KIOSK_ID, token: TOKEN, timeoutMs: 2_000 });

function numbersFor(store: KioskStore, baseUrl: string, allocationTimeoutMs = 1_000) {
  const log = createMemoryLog();
  const queue = new QueueStatusPoller({ client: client(baseUrl), store, logger: log.logger });
  const leases = new NumberLeaseKeeper({
    client: client(baseUrl),
    store,
    businessTypes: () => [PERSONAL],
    logger: log.logger,
    blockSize: 5,
    lowWater: 2,
  });
  // What the branch allocated, as told to the queue-status copy (the ticket feature's wiring).
  const branchNumbers: AllocatedNumber[] = [];
  const numbers = new TicketNumbers({
    client: client(baseUrl),
    store,
    estimate: (id, priority) => queue.estimate(id, priority),
    onBranchNumber: (number) => branchNumbers.push(number),
    logger: log.logger,
    allocationTimeoutMs,
  });
  return { log, queue, leases, numbers, branchNumbers };
}

const outboxKinds = (store: KioskStore) =>
  store.nextOutboxBatch({ maxItems: 100, maxBytes: 1e7 }).map((item) => item.kind);

describe('ticket numbers', () => {
  it('online: a priority ticket asks with its priority and is told only who is called first', async () => {
    const service = await branchService(cleanup);
    const { store } = tempStore(cleanup);
    // A generous deadline: this is about the count, not the fallback (a shared, busy machine).
    const { numbers, branchNumbers } = numbersFor(store, service.url, 15_000);
    await numbers.reserve(PERSONAL);
    await numbers.reserve(PERSONAL);
    const senior = await numbers.reserve(PERSONAL, { priority: 'senior' });
    // The copy is told each number with its priority, to count it for the right customers.
    expect(branchNumbers.map((n) => n.priority)).toEqual([undefined, undefined, 'senior']);
    expect(branchNumbers[2]).toMatchObject({
      ticketId: senior.ticket.id,
      businessTypeId: 'personal',
    });
    // The two walk-ins are called after it: none ahead, on the screen and in the store (the
    // "my ticket" query reads the stored count).
    expect(senior.queue).toMatchObject({ waitingAhead: 0 });
    expect(senior.ticket).toMatchObject({
      priority: 'senior',
      waitingAhead: 0,
      issuedOffline: false,
    });
    expect(store.getTicket(senior.ticket.id)).toMatchObject({ waitingAhead: 0 });
    const walkIn = await numbers.reserve(PERSONAL);
    expect(walkIn.ticket.waitingAhead).toBe(3);
  });

  it('online: the branch’s number and count; refused (409): the block, nothing voided', async () => {
    const service = await branchService(cleanup);
    const { store } = tempStore(cleanup);
    const { numbers, leases, queue, log } = numbersFor(store, service.url);
    await leases.refill();
    expect(store.numbersLeft(localDay(new Date()), PERSONAL.id)).toBe(5);
    expect(log.named('numbers.blockLeased')).toEqual([
      expect.objectContaining({ first: 9995, last: 9999 }),
    ]);

    const online = await numbers.reserve(PERSONAL);
    expect(online.ticket).toMatchObject({ number: 'A0001', issuedOffline: false });
    expect(online.queue).toMatchObject({ waitingAhead: 0, estimatedWaitMinutes: null });

    await queue.refresh();
    expect(queue.estimate(PERSONAL.id)).toMatchObject({ waitingAhead: 1 });
    // The day's range is used up online: the service answers 409, the block still serves.
    await service.query(
      `UPDATE number_sequences SET last_sequence = lowest_leased - 1 WHERE business_type_id = 'personal'`,
    );
    const refused = await numbers.reserve(PERSONAL);
    expect(refused.ticket).toMatchObject({ number: 'A9995', issuedOffline: true });
    expect(refused.queue).toMatchObject({ waitingAhead: 1 }); // the service is there
    expect(outboxKinds(store)).toEqual([]); // a refusal allocated nothing: no void
    expect(log.named('numbers.issuedOffline')).toEqual([
      expect.objectContaining({ ticket: 'A9995', reason: expect.stringContaining('409') }),
    ]);
  });

  it('refused (409): a priority ticket from the block is told only the served-first ahead', async () => {
    const service = await branchService(cleanup);
    const { store } = tempStore(cleanup);
    const { numbers, leases, queue } = numbersFor(store, service.url, 15_000);
    await leases.refill();
    await numbers.reserve(PERSONAL);
    await numbers.reserve(PERSONAL, { priority: 'vip' });
    await numbers.reserve(PERSONAL);
    await queue.refresh();
    await service.query(
      `UPDATE number_sequences SET last_sequence = lowest_leased - 1 WHERE business_type_id = 'personal'`,
    );
    // Numbered offline, as the branch would have answered: the VIP is ahead of the senior,
    // the two walk-ins are not; on the screen, in the store and so on the paper.
    const senior = await numbers.reserve(PERSONAL, { priority: 'senior' });
    expect(senior.ticket).toMatchObject({
      issuedOffline: true,
      priority: 'senior',
      waitingAhead: 1,
    });
    expect(senior.queue).toMatchObject({ waitingAhead: 1 });
    expect(store.getTicket(senior.ticket.id)).toMatchObject({ waitingAhead: 1 });
    const walkIn = await numbers.reserve(PERSONAL);
    expect(walkIn.ticket).toMatchObject({ issuedOffline: true, waitingAhead: 3 });
    expect(walkIn.queue).toMatchObject({ waitingAhead: 3 });
  });

  it('service down: the block, "wait unknown", and no second wait for the next customer', async () => {
    const service = await branchService(cleanup);
    const { store } = tempStore(cleanup);
    await numbersFor(store, service.url).leases.refill();
    const down = `http://127.0.0.1:${await freePort()}`;
    const { numbers, log, queue } = numbersFor(store, down);
    await queue.refresh();
    const first = await numbers.reserve(PERSONAL);
    const second = await numbers.reserve(PERSONAL);
    expect([first.ticket.number, second.ticket.number]).toEqual(['A9995', 'A9996']);
    expect([first.queue, second.queue]).toEqual([null, null]);
    expect(outboxKinds(store)).toEqual([]); // refused connections carried nothing
    const reasons = log.named('numbers.issuedOffline').map((e) => String(e.reason));
    expect(reasons[1]).toContain('not asked');
    expect(log.named('numbers.queueStatusUnavailable')).toHaveLength(1);
  });

  it('no answer in time: the block, and the request voided (the branch may have allocated)', async () => {
    const service = await branchService(cleanup);
    const { store } = tempStore(cleanup);
    await numbersFor(store, service.url).leases.refill();
    // A service that takes the request and never answers.
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanup.add(
      () =>
        new Promise<void>((resolve) => {
          for (const socket of sockets) socket.destroy();
          silent.close(() => resolve());
        }),
    );
    const { port } = silent.address() as { port: number };
    const { numbers } = numbersFor(store, `http://127.0.0.1:${port}`, 200);
    const reserved = await numbers.reserve(PERSONAL);
    expect(reserved.ticket.issuedOffline).toBe(true);
    expect(outboxKinds(store)).toEqual(['ticket.voided']);
  });

  it('with no block and no branch: refused, and the technician told', async () => {
    const { store } = tempStore(cleanup);
    const { numbers, log } = numbersFor(store, `http://127.0.0.1:${await freePort()}`);
    await expect(numbers.reserve(PERSONAL)).rejects.toMatchObject({ code: 'NO_NUMBERS_LEFT' });
    expect(log.named('numbers.noNumbersLeft')).toHaveLength(1);
  });
});

describe('lease keeper', () => {
  it('does not report a service asking to wait once (the embedded one starting); twice in a row it does', async () => {
    const { store } = tempStore(cleanup);
    const log = createMemoryLog();
    const answers: Array<() => Promise<never>> = [
      () => Promise.reject(busy()),
      () => Promise.reject(busy()),
    ];
    const leases = new NumberLeaseKeeper({
      client: { leaseNumbers: () => answers.shift()!() },
      store,
      businessTypes: () => [PERSONAL],
      logger: log.logger,
    });
    await leases.refill();
    expect(log.named('numbers.leaseFailed')).toHaveLength(0);
    expect(log.named('numbers.leaseDeferred')).toHaveLength(1);
    await leases.refill();
    expect(log.named('numbers.leaseFailed')).toHaveLength(1);
  });

  it('refills below the low-water mark only, and logs a failing service once', async () => {
    const service = await branchService(cleanup);
    const { store } = tempStore(cleanup);
    const { leases } = numbersFor(store, service.url);
    await leases.refill();
    await leases.refill(); // 5 left ≥ 2: nothing asked
    const day = localDay(new Date());
    expect(store.numbersLeft(day, PERSONAL.id)).toBe(5);
    const off = numbersFor(store, `http://127.0.0.1:${await freePort()}`);
    for (let i = 0; i < 4; i++) await off.numbers.reserve(PERSONAL);
    expect(store.numbersLeft(day, PERSONAL.id)).toBe(1);
    await off.leases.refill();
    await off.leases.refill();
    expect(off.log.named('numbers.leaseFailed')).toHaveLength(1);
    await leases.refill();
    expect(store.numbersLeft(day, PERSONAL.id)).toBe(6);
    const rows = await service.query<{ first: number; last: number }>(
      'SELECT first_sequence AS first, last_sequence AS last FROM number_leases ORDER BY 1',
    );
    expect(rows).toEqual([
      { first: 9990, last: 9994 },
      { first: 9995, last: 9999 },
    ]);
  });
});

describe('queue status copy', () => {
  it('is "as of" its fetch while fresh and the service answers; unknown when stale', async () => {
    const service = await branchService(cleanup);
    const { store } = tempStore(cleanup);
    let now = new Date();
    const log = createMemoryLog();
    const poller = new QueueStatusPoller({
      client: client(service.url),
      store,
      logger: log.logger,
      now: () => now,
      staleAfterMs: 60_000,
    });
    expect(poller.estimate(PERSONAL.id)).toBeNull(); // never fetched
    await poller.refresh();
    const fetched = poller.cached()!;
    expect(poller.estimate(PERSONAL.id)).toEqual({
      waitingAhead: 0,
      estimatedWaitMinutes: null,
      asOf: fetched.fetchedAt,
    });
    // Unchanged: a 304 only moves the "as of" time.
    now = new Date(now.getTime() + 30_000);
    await poller.refresh();
    expect(poller.cached()!.etag).toBe(fetched.etag);
    expect(poller.estimate(PERSONAL.id)).not.toBeNull();
    now = new Date(now.getTime() + 10 * 60_000);
    expect(poller.estimate(PERSONAL.id)).toBeNull(); // stale
  });
});

/** A 503 with Retry-After, as the embedded service answers while it starts. */
function busy(): SyncError {
  return new SyncError('retryable', 'serviceUnavailable', { status: 503 }, 503, {
    retryAfterMs: 1000,
  });
}
