// The lease keeper spreads a fleet's requests (issue 7, power back in a branch): its first
// refill waits a random time in [0, startJitterMs), a failed refill is tried again after a
// full-jitter back-off (at least the service's Retry-After), and a change during the start wait
// does not undo the spread. Fake timers and a fixed random source.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NumberLeaseAnswer, NumberLeaseRequest } from '../../../src/contract/numbers.js';
import type { BusinessType } from '../../../src/domain/business-type.js';
import { createMemoryLog } from '../../../src/log/index.js';
import { SyncError } from '../../../src/sync/errors.js';
import {
  DEFAULT_LEASE_RETRY,
  DEFAULT_LEASE_START_JITTER_MS,
  NumberLeaseKeeper,
  type LeaseClient,
  type NumberBlockPort,
} from '../../../src/sync/lease-keeper.js';

const PERSONAL: BusinessType = { id: 'personal', prefix: 'A', name: { 'zh-CN': '个人', en: 'P' } };

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date(2026, 10, 27, 9, 0));
});
afterEach(() => vi.useRealTimers());

/** A branch service answering leases (or failing them), recording when it was asked. */
function fakeBranch() {
  const asked: number[] = [];
  let failure: (() => Error) | null = null;
  let next = 9999;
  const client: LeaseClient = {
    leaseNumbers(request: NumberLeaseRequest): Promise<NumberLeaseAnswer> {
      asked.push(Date.now());
      if (failure) return Promise.reject(failure());
      const last = next;
      next -= request.size;
      return Promise.resolve({
        requestId: request.requestId,
        businessTypeId: request.businessTypeId,
        serviceDay: request.serviceDay,
        prefix: 'A',
        firstSequence: last - request.size + 1,
        lastSequence: last,
      });
    },
  };
  return {
    client,
    asked,
    fail: (make: (() => Error) | null) => {
      failure = make;
    },
  };
}

/** The store's blocks, in memory: how many numbers each queue holds. */
function memoryBlocks(): NumberBlockPort & { left: number } {
  const blocks = {
    left: 0,
    addNumberBlock(block: { firstSequence: number; lastSequence: number }) {
      blocks.left += block.lastSequence - block.firstSequence + 1;
      return true;
    },
    numbersLeft: () => blocks.left,
    dropExpiredBlocks: () => 0,
  };
  return blocks;
}

function keeper(options: { random: () => number; startJitterMs?: number }) {
  const branch = fakeBranch();
  const store = memoryBlocks();
  const keeper = new NumberLeaseKeeper({
    client: branch.client,
    store,
    businessTypes: () => [PERSONAL],
    logger: createMemoryLog().logger,
    blockSize: 50,
    lowWater: 20,
    random: options.random,
    ...(options.startJitterMs === undefined ? {} : { startJitterMs: options.startJitterMs }),
  });
  return { keeper, branch, store, started: Date.now() };
}

const refused = () => new SyncError('retryable', 'connectionRefused', { url: 'x' }, null);

describe('lease keeper: start jitter and retry back-off', () => {
  it('waits a random time in [0, startJitterMs) before its first request, then keeps its interval', async () => {
    const { keeper: k, branch, store, started } = keeper({ random: () => 0.25 });
    const { delayMs, firstRefill } = k.start(30_000);
    expect(delayMs).toBe(0.25 * DEFAULT_LEASE_START_JITTER_MS);
    let done = false;
    void firstRefill.then(() => (done = true));
    await vi.advanceTimersByTimeAsync(delayMs - 1);
    expect(branch.asked).toEqual([]);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(branch.asked).toEqual([started + delayMs]);
    expect(done).toBe(true);
    expect(store.left).toBe(50);
    // The interval counts from the first refill: a fleet's refills stay spread.
    store.left = 0;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(branch.asked).toEqual([started + delayMs, started + delayMs + 30_000]);
    await k.stop();
  });

  it('spreads a fleet started in the same second over the whole window', () => {
    let seed = 1;
    const random = () => {
      seed = (seed * 48_271) % 2_147_483_647; // a fixed sequence, one draw per kiosk
      return seed / 2_147_483_647;
    };
    const delays = Array.from({ length: 200 }, () => {
      const { keeper: k } = keeper({ random, startJitterMs: 10_000 });
      const { delayMs } = k.start(30_000);
      void k.stop();
      return delayMs;
    });
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThan(10_000);
    // Every second of the window gets some kiosks, none gets more than a fifth of them.
    const perSecond = new Map<number, number>();
    for (const d of delays)
      perSecond.set(Math.floor(d / 1000), (perSecond.get(Math.floor(d / 1000)) ?? 0) + 1);
    expect(perSecond.size).toBe(10);
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(40);
  });

  it('asks at once with no jitter (tests, the embedded service), and before start when asked', async () => {
    const { keeper: k, branch, started } = keeper({ random: () => 0.9, startJitterMs: 0 });
    const { delayMs, firstRefill } = k.start(30_000);
    expect(delayMs).toBe(0);
    await firstRefill;
    expect(branch.asked).toEqual([started]);
    await k.stop();
  });

  it('a change during the start wait does not ask early: the first refill reads it', async () => {
    const { keeper: k, branch, started } = keeper({ random: () => 0.5, startJitterMs: 8_000 });
    k.start(30_000);
    k.refillSoon(); // e.g. the configuration the fleet fetched at start
    await vi.advanceTimersByTimeAsync(3_999);
    expect(branch.asked).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(branch.asked).toEqual([started + 4_000]);
    // After the wait, a change asks at once (when a queue runs low).
    k.refillSoon();
    await vi.advanceTimersByTimeAsync(0);
    expect(branch.asked).toHaveLength(1); // 50 left, above the low-water mark: nothing to ask
    await k.stop();
  });

  it('tries a failed refill again after a full-jitter back-off, sooner than its interval', async () => {
    const { keeper: k, branch, store, started } = keeper({ random: () => 0.5, startJitterMs: 0 });
    branch.fail(refused);
    await k.start(60_000).firstRefill;
    expect(branch.asked).toEqual([started]);
    // Failure 1: uniform in [0, 2 s) → 1 s; failure 2: [0, 4 s) → 2 s; failure 3: 4 s.
    const steps = [0.5, 1, 2].map((f) => f * DEFAULT_LEASE_RETRY.initialMs);
    let at = started;
    for (const step of steps) {
      await vi.advanceTimersByTimeAsync(step - 1);
      expect(branch.asked.at(-1)).toBe(at);
      await vi.advanceTimersByTimeAsync(1);
      at += step;
      expect(branch.asked.at(-1)).toBe(at);
    }
    // The service is back: the retry gets the block, and no retry follows a success.
    branch.fail(null);
    await vi.advanceTimersByTimeAsync(0.5 * 8 * DEFAULT_LEASE_RETRY.initialMs);
    expect(store.left).toBe(50);
    const count = branch.asked.length;
    await vi.advanceTimersByTimeAsync(59_000);
    expect(branch.asked).toHaveLength(count);
    await k.stop();
  });

  it('draws the back-off at random (full jitter) and never sooner than the Retry-After', async () => {
    const draws = [0.1, 0.9];
    const {
      keeper: k,
      branch,
      started,
    } = keeper({
      random: () => draws.shift() ?? 0.5,
      startJitterMs: 0,
    });
    // The first refill: a failure without Retry-After; its retry draws 0.9 of [0, 2 s).
    branch.fail(refused);
    await k.start(600_000).firstRefill; // start draws 0.1 of a 0 ms window
    await vi.advanceTimersByTimeAsync(1_799);
    expect(branch.asked).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(branch.asked).toEqual([started, started + 1_800]);
    // Shedding load: 429 with Retry-After 30 s; the jittered 0.5 × 4 s would be sooner.
    branch.fail(
      () =>
        new SyncError('retryable', 'requestRefused', { status: 429 }, 429, {
          retryAfterMs: 30_000,
        }),
    );
    await vi.advanceTimersByTimeAsync(2_000); // the second retry (failure 2: 0.5 of [0, 4 s))
    expect(branch.asked).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(branch.asked).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(branch.asked).toHaveLength(4);
    await k.stop();
  });

  it('stops its start wait and its retry: nothing asks after stop', async () => {
    const waiting = keeper({ random: () => 0.5, startJitterMs: 10_000 });
    const { firstRefill } = waiting.keeper.start(30_000);
    await waiting.keeper.stop();
    await firstRefill; // settles, without a request
    const failing = keeper({ random: () => 0.5, startJitterMs: 0 });
    failing.branch.fail(refused);
    await failing.keeper.start(30_000).firstRefill;
    await failing.keeper.stop();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(waiting.branch.asked).toEqual([]);
    expect(failing.branch.asked).toHaveLength(1);
  });
});
