import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BatchRequest, BatchResponse } from '../../../src/contract/sync.js';
import type { BusinessType } from '../../../src/domain/business-type.js';
import { openStore, serviceDayOf } from '../../../src/store/index.js';
import { grantNumbers } from '../store/support.js';
import type { KioskStore } from '../../../src/store/index.js';
import { SyncError, SyncWorker } from '../../../src/sync/index.js';
import type { SyncWorkerOptions } from '../../../src/sync/index.js';
import { removeTempDir, tempDir } from '../../support/temp-dir.js';

const PERSONAL: BusinessType = {
  id: 'personal',
  prefix: 'A',
  name: { 'zh-CN': '个人业务', en: 'Personal banking' },
};

/** Timers under test control: nothing fires unless the test says so. */
class ManualTimers {
  pending: { id: number; callback: () => void; ms: number }[] = [];
  scheduled: number[] = [];
  #next = 1;
  setTimeout = (callback: () => void, ms: number): unknown => {
    const id = this.#next++;
    this.pending.push({ id, callback, ms });
    this.scheduled.push(ms);
    return id;
  };
  clearTimeout = (handle: unknown): void => {
    this.pending = this.pending.filter((t) => t.id !== handle);
  };
  /** Fires the earliest-scheduled timer. */
  fire(): number {
    const timer = this.pending.shift();
    if (!timer) throw new Error('no timer pending');
    timer.callback();
    return timer.ms;
  }
}

/** Answers pushBatch from a script; records what it was sent. */
class ScriptedClient {
  sent: BatchRequest[] = [];
  handler: (request: BatchRequest) => Promise<BatchResponse> = async (request) => ({
    accepted: request.items.map((item) => item.id),
    rejected: [],
  });
  pushBatch(request: BatchRequest): Promise<BatchResponse> {
    this.sent.push(request);
    return this.handler(request);
  }
}

let dataDir: string;
let store: KioskStore;
let client: ScriptedClient;
let timers: ManualTimers;
let workers: SyncWorker[];

beforeEach(() => {
  dataDir = tempDir('kiosk-worker');
  store = openStore({ dataDir, kioskId: 'kiosk-1' });
  grantNumbers(store, serviceDayOf(new Date()));
  client = new ScriptedClient();
  timers = new ManualTimers();
  workers = [];
});

afterEach(async () => {
  for (const worker of workers) await worker.stop();
  store.close();
  removeTempDir(dataDir);
});

function worker(options: Partial<SyncWorkerOptions> = {}): SyncWorker {
  const w = new SyncWorker({
    store,
    client,
    baseDelayMs: 1_000,
    maxDelayMs: 30_000,
    pollIntervalMs: 0,
    random: () => 0.5,
    setTimeout: timers.setTimeout,
    clearTimeout: timers.clearTimeout,
    ...options,
  });
  workers.push(w);
  return w;
}

function issue(count = 1): string[] {
  return Array.from({ length: count }, () => {
    const ticket = store.reserveTicket({ businessType: PERSONAL });
    return store.issueTicket(ticket.id, { delivery: 'printed' }).id;
  });
}

const down = () => {
  client.handler = async () => {
    throw new SyncError('retryable', 'connectionRefused', { url: 'http://branch.test' }, null);
  };
};

/** Lets queued promise callbacks run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('SyncWorker', () => {
  it('sends pending items in seq order, in batches, and acks what the service holds', async () => {
    issue(5);
    const result = await worker({ maxItems: 2 }).syncNow();
    expect(result).toEqual({
      outcome: 'delivered',
      acked: 5,
      rejected: 0,
      backlog: 0,
      error: null,
      cause: null,
    });
    expect(client.sent.map((r) => r.items.map((i) => i.seq))).toEqual([[1, 2], [3, 4], [5]]);
    expect(client.sent[0]!.kioskId).toBe('kiosk-1');
    expect(Object.keys(client.sent[0]!.items[0]!).sort()).toEqual(
      ['createdAt', 'id', 'kind', 'kioskId', 'payload', 'seq'].sort(),
    );
  });

  it('backs off with full jitter, doubling per failure and capped at maxDelayMs', async () => {
    down();
    issue();
    const w = worker({ random: () => 0.999 });
    w.start();
    expect(timers.fire()).toBe(0); // start() sends at once
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      await settle();
      expect(w.status().state).toBe('backing-off');
      delays.push(timers.fire());
    }
    // random 0.999 → just under each cap: 1 s, 2 s, 4 s, 8 s, 16 s, then maxDelayMs (30 s)
    expect(delays).toEqual([999, 1998, 3996, 7992, 15984, 29970, 29970]);
    await settle();
    const status = w.status();
    expect(status).toMatchObject({
      state: 'backing-off',
      backlog: 1,
      consecutiveFailures: 8,
      lastError:
        'The branch service at http://branch.test refused the connection: is it running, and ' +
        'is the URL right?',
      lastCause: {
        code: 'connectionRefused',
        event: 'sync.connectionRefused',
        fields: { url: 'http://branch.test' },
      },
    });
    expect(status.nextRetryAt).not.toBeNull();
    expect(store.nextOutboxBatch({ maxItems: 1, maxBytes: 1e6 })[0]?.attempts).toBe(8);
  });

  it('draws each delay uniformly from the window, with a small floor against ~0 draws', async () => {
    down();
    issue();
    const draws = [0.25, 0];
    const w = worker({ random: () => draws.shift() ?? 0.5 });
    w.start();
    timers.fire();
    await settle();
    expect(timers.pending.map((t) => t.ms)).toEqual([250]); // 0.25 · 1 s
    timers.fire();
    await settle();
    expect(timers.pending.map((t) => t.ms)).toEqual([100]); // 0 · 2 s, raised to the floor
  });

  it('honours Retry-After from a 429 as the minimum wait', async () => {
    client.handler = async () => {
      throw new SyncError('retryable', 'serviceUnavailable', { status: 429, said: '—' }, 429, {
        retryAfterMs: 7_000,
      });
    };
    issue();
    const w = worker({ random: () => 0 });
    w.start();
    await settle();
    timers.fire();
    await settle();
    expect(timers.pending.map((t) => t.ms)).toEqual([7_000]);
  });

  it('marks items the service rejects, with its reason, and carries on with the next', async () => {
    const [bad, good] = issue(2).map(
      (ticketId) =>
        store
          .nextOutboxBatch({ maxItems: 10, maxBytes: 1e6 })
          .find((item) => (item.payload as { id: string }).id === ticketId)!.id,
    );
    client.handler = async (request) => ({
      accepted: request.items.filter((i) => i.id !== bad).map((i) => i.id),
      rejected: request.items
        .filter((i) => i.id === bad)
        .map((i) => ({ id: i.id, reason: 'payload.number must be a non-empty string' })),
    });
    const result = await worker().syncNow();
    expect(result).toMatchObject({ outcome: 'delivered', acked: 1, rejected: 1, backlog: 0 });
    expect(store.outboxRejections()).toEqual([
      expect.objectContaining({
        id: bad,
        reason: 'The branch service rejected it: payload.number must be a non-empty string',
      }),
    ]);
    expect(store.outboxStats()).toMatchObject({ acked: 1, rejected: 1, pending: 0 });
    expect(good).toBeDefined();
  });

  it('halves a batch the service refuses as a whole (400) until the culprit is alone', async () => {
    issue(8);
    const items = store.nextOutboxBatch({ maxItems: 10, maxBytes: 1e6 });
    const culprit = items[5]!.id;
    client.handler = async (request) => {
      if (request.items.some((i) => i.id === culprit)) {
        throw new SyncError('rejected', 'requestRefused', { status: 400, said: 'bad' }, 400);
      }
      return { accepted: request.items.map((i) => i.id), rejected: [] };
    };
    const result = await worker().syncNow();
    expect(result).toMatchObject({ outcome: 'delivered', acked: 7, rejected: 1, backlog: 0 });
    expect(store.outboxRejections().map((r) => r.id)).toEqual([culprit]);
    // 8 → 4 ok → 4 refused → 2 refused → 1 ok → 1 refused, empty-batch probe ok → rejected → 2 ok
    expect(client.sent.length).toBeLessThanOrEqual(10);
  });

  it('does not reject items one by one when the service refuses even an empty batch', async () => {
    issue(2);
    client.handler = async () => {
      throw new SyncError('rejected', 'requestRefused', { status: 400, said: 'kioskId' }, 400);
    };
    const result = await worker().syncNow();
    expect(result.outcome).toBe('blocked');
    expect(store.outboxStats()).toMatchObject({ pending: 2, rejected: 0 });
  });

  const refuseKiosk = () => {
    client.handler = async () => {
      throw new SyncError(
        'rejected',
        'kioskRefused',
        { kioskId: 'kiosk-1', status: 401, said: '—' },
        401,
      );
    };
  };
  const acceptAll = () => {
    client.handler = async (request) => ({
      accepted: request.items.map((i) => i.id),
      rejected: [],
    });
  };

  it('a refused credential (401) blocks, retries on the long blocked interval, and resumes by itself', async () => {
    refuseKiosk();
    issue();
    const w = worker(); // default blockedRetryMs: 5 min; random 0.5 → ¾ of it
    w.start();
    timers.fire();
    await settle();
    expect(w.status()).toMatchObject({ state: 'blocked', backlog: 1, rejected: 0 });
    expect(w.status().lastError).toContain('401');
    expect(w.status().nextRetryAt).not.toBeNull();
    expect(timers.pending.map((t) => t.ms)).toEqual([225_000]);

    issue(); // new work while blocked neither sends nor moves the blocked retry earlier
    w.kick();
    await settle();
    expect(timers.pending.map((t) => t.ms)).toEqual([225_000]);
    expect(client.sent).toHaveLength(1);

    timers.fire(); // the blocked retry, still refused: blocked again, on the same long interval
    await settle();
    expect(client.sent).toHaveLength(2);
    expect(w.status().state).toBe('blocked');
    expect(timers.pending.map((t) => t.ms)).toEqual([225_000]);

    acceptAll(); // e.g. the new token was provisioned on the service
    timers.fire();
    await settle();
    expect(store.outboxStats()).toMatchObject({ acked: 2, pending: 0 });
    expect(w.status().state).toBe('idle');
    expect(w.status().nextRetryAt).toBeNull();
  });

  it('draws the blocked retry from [½, 1] × blockedRetryMs, so a fleet does not retry in step', async () => {
    refuseKiosk();
    issue();
    const draws = [0, 0.999];
    const w = worker({ blockedRetryMs: 10_000, random: () => draws.shift() ?? 0.5 });
    w.start();
    timers.fire();
    await settle();
    expect(timers.pending.map((t) => t.ms)).toEqual([5_000]);
    timers.fire();
    await settle();
    expect(timers.pending.map((t) => t.ms)).toEqual([9_995]);
  });

  it('a blocked retry that meets an outage backs off as usual instead of staying blocked', async () => {
    refuseKiosk();
    issue();
    const w = worker({ blockedRetryMs: 10_000 });
    w.start();
    timers.fire();
    await settle();
    down();
    timers.fire();
    await settle();
    expect(w.status().state).toBe('backing-off');
    expect(timers.pending.map((t) => t.ms)).toEqual([500]); // 0.5 · baseDelayMs
  });

  it('syncNow() while blocked tries at once (the technician after fixing the token)', async () => {
    refuseKiosk();
    issue();
    const w = worker();
    w.start();
    timers.fire();
    await settle();
    acceptAll();
    expect((await w.syncNow()).acked).toBe(1);
    expect(w.status().state).toBe('idle');
    expect(timers.pending).toEqual([]);
  });

  it('stop() during the blocked retry wait clears that timer', async () => {
    refuseKiosk();
    issue();
    const w = worker({ blockedRetryMs: 10_000 });
    w.start();
    timers.fire();
    await settle();
    expect(timers.pending).toHaveLength(1);
    await w.stop();
    expect(timers.pending).toEqual([]);
    expect(w.status()).toMatchObject({ state: 'stopped', nextRetryAt: null });
    issue(); // no subscription left either
    expect(timers.pending).toEqual([]);
  });

  it('with real timers, stop() while blocked leaves no retry running', async () => {
    refuseKiosk();
    issue();
    const w = new SyncWorker({ store, client, pollIntervalMs: 0, blockedRetryMs: 40 });
    workers.push(w);
    w.start();
    await vi.waitFor(() => expect(w.status().state).toBe('blocked'), { interval: 1 });
    const sentBefore = client.sent.length;
    await w.stop();
    await new Promise((resolve) => setTimeout(resolve, 150)); // several blocked intervals
    expect(client.sent.length).toBe(sentBefore);
  });

  it('a new outbox row kicks an idle worker; during back-off it waits for the timer', async () => {
    const w = worker();
    w.start();
    await settle();
    timers.fire();
    await settle();
    expect(w.status().state).toBe('idle');
    expect(timers.pending).toEqual([]);

    issue(); // store notifies → kick → immediate run
    expect(timers.pending.map((t) => t.ms)).toEqual([0]);
    timers.fire();
    await settle();
    expect(store.outboxStats().acked).toBe(1);

    down();
    issue();
    timers.fire();
    await settle();
    expect(w.status().state).toBe('backing-off');
    const before = timers.pending.length;
    issue();
    w.kick();
    expect(timers.pending.length).toBe(before);
    expect(timers.pending[0]!.ms).toBeGreaterThan(0);
  });

  it('stop() waits for the batch in flight, records its ack, and leaves no timer', async () => {
    issue();
    let answer: (value: BatchResponse) => void = () => undefined;
    client.handler = (request) =>
      new Promise((resolve) => {
        answer = () => resolve({ accepted: request.items.map((i) => i.id), rejected: [] });
      });
    const w = worker();
    w.start();
    timers.fire();
    await settle();
    expect(w.status().state).toBe('syncing');

    let stopped = false;
    const stopping = w.stop().then(() => (stopped = true));
    await settle();
    expect(stopped).toBe(false);
    answer({ accepted: [], rejected: [] });
    await stopping;
    expect(store.outboxStats()).toMatchObject({ acked: 1, pending: 0 });
    expect(timers.pending).toEqual([]);
    expect(w.status().state).toBe('stopped');
    issue(); // no subscription left
    expect(timers.pending).toEqual([]);
  });

  it('with real timers, a stopped worker leaves nothing scheduled', async () => {
    const w = new SyncWorker({ store, client, pollIntervalMs: 50 });
    workers.push(w);
    w.start();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await w.stop();
    const sentBefore = client.sent.length;
    issue();
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(client.sent.length).toBe(sentBefore);
    expect(store.outboxStats().pending).toBe(1);
  });

  it('a run started by a timer never rejects, even when the store and the scheduling fail', async () => {
    issue();
    let scheduled = 0;
    const w = worker({
      setTimeout: (callback, ms) => {
        scheduled += 1;
        if (scheduled > 1) throw new Error('no timer available');
        return timers.setTimeout(callback, ms);
      },
    });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      w.start();
      // A real database failure inside the run, then a failure scheduling the back-off.
      store.close();
      timers.fire();
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
    expect(w.status().lastError).toMatch(/scheduling failed: no timer available/);
    expect(w.status().consecutiveFailures).toBe(1);
  });

  it('an answer that moves nothing is a retryable failure, not a hot loop', async () => {
    issue();
    client.handler = async () => ({ accepted: [], rejected: [] });
    const result = await worker().syncNow();
    expect(result.outcome).toBe('retry-later');
    expect(client.sent).toHaveLength(1);
    expect(store.nextOutboxBatch({ maxItems: 1, maxBytes: 1e6 })[0]?.lastError).toMatch(
      /did not answer|not for this item/,
    );
  });

  it('validates its limits', () => {
    expect(() => worker({ maxItems: 0 })).toThrow(RangeError);
    expect(() => worker({ blockedRetryMs: 0 })).toThrow(/blockedRetryMs/);
  });
});
