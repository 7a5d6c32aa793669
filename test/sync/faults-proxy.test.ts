// Issue 7, "Faults, tested against the real service through a fault-injecting proxy": the kiosk's
// real client, store and sync worker talk to the REAL branch service (PGlite, and a real
// PostgreSQL 15 server) through test/support/fault-proxy.ts, which does one fault per request.
// After each fault and the recovery, every issued ticket and every voided number is held by the
// service exactly once and the kiosk and the service agree on every number
// (test/support/exactly-once.ts).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BranchService } from '../../branch-service/server.js';
import { SYNC_PATHS } from '../../src/contract/sync.js';
import { NUMBER_PATHS } from '../../src/contract/numbers.js';
import { createMemoryLog } from '../../src/log/index.js';
import { serviceDayOf } from '../../src/store/index.js';
import type { KioskStore } from '../../src/store/index.js';
import { BranchServiceClient, SyncWorker } from '../../src/sync/index.js';
import type { SyncWorkerOptions } from '../../src/sync/index.js';
import { TicketNumbers } from '../../src/sync/ticket-numbers.js';
import { uuidv7 } from '../../src/uuidv7.js';
import { assertExactlyOnce } from '../support/exactly-once.js';
import { FaultProxy } from '../support/fault-proxy.js';
import type { Fault } from '../support/fault-proxy.js';
import { databaseBackends, lazyPostgres } from '../support/postgres.js';
import { seeded } from '../support/seeded.js';
import { Cleanup, PERSONAL, branchService, tempStore } from './harness.js';

const KIOSKS = Array.from({ length: 24 }, (_, i) => `kiosk-fault-${i + 1}`);
const tokenOf = (kioskId: string) => `token-of-${kioskId}`;
const BATCH = 5;

const postgres = lazyPostgres();
afterAll(() => postgres.stop());

describe.each(databaseBackends(postgres))('faults through a proxy, service on $name', (backend) => {
  const suite = new Cleanup();
  const cleanup = new Cleanup();
  let service: BranchService;
  let proxy: FaultProxy;
  let nextKiosk = 0;

  beforeAll(async () => {
    service = await branchService(suite, {
      database: await backend.fresh(),
      kiosks: Object.fromEntries(KIOSKS.map((id) => [id, tokenOf(id)])),
    });
    proxy = await FaultProxy.start(service.url);
    suite.add(() => proxy.close());
  }, 120_000);
  afterAll(() => suite.run());
  afterEach(async () => {
    proxy.chaos();
    const unused = proxy.clearScripts();
    proxy.requests.length = 0;
    await proxy.up();
    expect(unused, 'every scripted fault was used').toBe(0);
    await cleanup.run();
  });

  /** A kiosk with a block of branch numbers, leased straight from the service. */
  async function kiosk(options: { timeoutMs?: number; maxResponseBytes?: number } = {}) {
    const kioskId = KIOSKS[nextKiosk++]!;
    const { store, dataDir } = tempStore(cleanup, kioskId);
    const direct = new BranchServiceClient({
      baseUrl: service.url,
      kioskId,
      token: tokenOf(kioskId),
    });
    const requestId = uuidv7();
    const serviceDay = serviceDayOf(new Date());
    const lease = await direct.leaseNumbers({
      requestId,
      serviceDay,
      businessTypeId: PERSONAL.id,
      size: 200,
    });
    store.addNumberBlock({ ...lease, requestId });
    const client = new BranchServiceClient({
      baseUrl: proxy.url,
      kioskId,
      token: tokenOf(kioskId),
      timeoutMs: options.timeoutMs ?? 5_000,
      ...(options.maxResponseBytes ? { maxResponseBytes: options.maxResponseBytes } : {}),
    });
    const worker = (extra: Partial<SyncWorkerOptions> = {}) => {
      const w = new SyncWorker({
        store,
        client,
        maxItems: BATCH,
        baseDelayMs: 20,
        maxDelayMs: 2_000,
        pollIntervalMs: 0,
        random: seeded(7),
        ...extra,
      });
      cleanup.add(() => w.stop());
      return w;
    };
    const issue = (n: number) => {
      for (let i = 0; i < n; i += 1) {
        const reserved = store.reserveTicket({ businessType: PERSONAL });
        store.issueTicket(reserved.id, { delivery: 'printed' });
      }
    };
    return { kioskId, store, dataDir, client, worker, issue };
  }

  /** Drains with the proxy passing everything, then checks exactly-once and agreement. */
  async function recover(k: { kioskId: string; dataDir: string; worker: () => SyncWorker }) {
    const w = k.worker();
    for (let i = 0; i < 20; i += 1) {
      const result = await w.syncNow();
      if (result.backlog === 0) break;
    }
    return assertExactlyOnce(service, k.dataDir, k.kioskId, backend.name);
  }

  const acked = (store: KioskStore) => store.outboxStats().acked;

  it('service down (connection refused): nothing is lost, all goes once it is back', async () => {
    const k = await kiosk();
    k.issue(12);
    await proxy.down();
    const result = await k.worker().syncNow();
    expect(result).toMatchObject({ outcome: 'retry-later', backlog: 12 });
    expect(result.cause?.code).toBe('connectionRefused');
    await proxy.up();
    expect(await recover(k)).toMatchObject({ issued: 12 });
  });

  it('slow service: the kiosk gives up, the service commits anyway, the retry doubles nothing', async () => {
    const k = await kiosk({ timeoutMs: 300 });
    k.issue(BATCH);
    proxy.script(SYNC_PATHS.batches, { kind: 'slow', delayMs: 900 });
    const result = await k.worker().syncNow();
    expect(result.cause?.code).toBe('timeout');
    expect(acked(k.store)).toBe(0);
    await expect
      .poll(() => proxy.on(SYNC_PATHS.batches)[0]?.upstreamStatus, { timeout: 5_000 })
      .toBe(200);
    expect(await recover(k)).toMatchObject({ issued: BATCH });
  });

  it.each([500, 503])('%i: retried later, items kept, then delivered once', async (status) => {
    const k = await kiosk();
    k.issue(7);
    proxy.script(SYNC_PATHS.batches, { kind: 'status', status });
    const result = await k.worker().syncNow();
    expect(result).toMatchObject({ outcome: 'retry-later', backlog: 7 });
    expect(result.cause).toMatchObject({ code: 'serviceUnavailable', fields: { status } });
    expect(await recover(k)).toMatchObject({ issued: 7 });
  });

  it('429 with Retry-After: the next try waits that long, not the short back-off', async () => {
    const k = await kiosk();
    k.issue(3);
    proxy.script(SYNC_PATHS.batches, { kind: 'status', status: 429, retryAfter: '1' });
    const w = k.worker({ baseDelayMs: 10 });
    w.start();
    await expect.poll(() => k.store.outboxStats().pending, { timeout: 5_000 }).toBe(0);
    const [refused, retried] = proxy.on(SYNC_PATHS.batches);
    expect(refused!.fault).toBe('status');
    expect(retried!.at - refused!.at).toBeGreaterThanOrEqual(950);
    await w.stop();
    expect(await recover(k)).toMatchObject({ issued: 3 });
  });

  it('429 with a Retry-After of an hour: capped at the back-off maximum', async () => {
    const k = await kiosk();
    k.issue(3);
    proxy.script(SYNC_PATHS.batches, { kind: 'status', status: 429, retryAfter: '3600' });
    const w = k.worker({ baseDelayMs: 10, maxDelayMs: 1_200 });
    w.start();
    await expect.poll(() => k.store.outboxStats().pending, { timeout: 5_000 }).toBe(0);
    const [refused, retried] = proxy.on(SYNC_PATHS.batches);
    const waited = retried!.at - refused!.at;
    expect(waited).toBeGreaterThanOrEqual(1_150);
    expect(waited).toBeLessThan(3_000);
    await w.stop();
    expect(await recover(k)).toMatchObject({ issued: 3 });
  });

  it("a 429's Retry-After is not carried over to a later failure that had none", async () => {
    const k = await kiosk();
    k.issue(3);
    proxy.script(
      SYNC_PATHS.batches,
      { kind: 'status', status: 429, retryAfter: '1' },
      // Answers for none of the batch (moves nothing): a plain back-off, tens of ms.
      { kind: 'rewrite', forward: false, rewrite: () => ({ accepted: [], rejected: [] }) },
    );
    const w = k.worker({ baseDelayMs: 10 });
    w.start();
    await expect.poll(() => k.store.outboxStats().pending, { timeout: 5_000 }).toBe(0);
    const [limited, answeredNone, delivered] = proxy.on(SYNC_PATHS.batches);
    expect(answeredNone!.at - limited!.at).toBeGreaterThanOrEqual(950);
    expect(delivered!.at - answeredNone!.at).toBeLessThan(500);
    await w.stop();
    expect(await recover(k)).toMatchObject({ issued: 3 });
  });

  it('connection reset before the request reaches the service: sent again, held once', async () => {
    const k = await kiosk();
    k.issue(BATCH);
    proxy.script(SYNC_PATHS.batches, { kind: 'reset-before' });
    const result = await k.worker().syncNow();
    expect(result.outcome).toBe('retry-later');
    expect(result.cause?.code).toBe('connectionCut');
    expect(proxy.on(SYNC_PATHS.batches)[0]!.forwarded).toBe(0);
    expect(await recover(k)).toMatchObject({ issued: BATCH });
  });

  it('answer lost after the service committed: the resend is answered from what it holds', async () => {
    const k = await kiosk();
    k.issue(BATCH);
    proxy.script(SYNC_PATHS.batches, { kind: 'lose-answer' });
    const result = await k.worker().syncNow();
    expect(result.outcome).toBe('retry-later');
    expect(acked(k.store)).toBe(0);
    const [lost] = proxy.on(SYNC_PATHS.batches);
    expect(lost).toMatchObject({ forwarded: 1, upstreamStatus: 200 });
    expect(await recover(k)).toMatchObject({ issued: BATCH });
    expect(proxy.on(SYNC_PATHS.batches)[1]!.ids).toEqual(lost!.ids);
  });

  it.each([true, false])(
    'the same batch delivered twice (concurrently: %s): held once, acked once',
    async (concurrent) => {
      const k = await kiosk();
      k.issue(2 * BATCH);
      proxy.script(
        SYNC_PATHS.batches,
        { kind: 'duplicate', concurrent },
        { kind: 'duplicate', concurrent },
      );
      const result = await k.worker().syncNow();
      expect(result).toMatchObject({ outcome: 'delivered', acked: 2 * BATCH, backlog: 0 });
      expect(proxy.on(SYNC_PATHS.batches).map((r) => r.upstreamStatus)).toEqual([200, 200]);
      expect(await recover(k)).toMatchObject({ issued: 2 * BATCH });
    },
  );

  it('a malformed answer marks nothing delivered', async () => {
    const k = await kiosk();
    k.issue(BATCH);
    proxy.script(SYNC_PATHS.batches, { kind: 'malformed' });
    const result = await k.worker().syncNow();
    expect(result).toMatchObject({ outcome: 'retry-later', acked: 0, backlog: BATCH });
    expect(result.cause?.code).toBe('badBatchAnswer');
    expect(await recover(k)).toMatchObject({ issued: BATCH });
  });

  it.each([true, false])(
    'an oversized answer (length declared: %s) is refused without reading it all',
    async (declared) => {
      const k = await kiosk({ maxResponseBytes: 256 * 1024 });
      k.issue(BATCH);
      const bytes = 512 * 1024 * 1024;
      proxy.script(SYNC_PATHS.batches, { kind: 'oversized', bytes, declared });
      const started = Date.now();
      const result = await k.worker().syncNow();
      expect(result).toMatchObject({ outcome: 'retry-later', acked: 0, backlog: BATCH });
      expect(result.cause).toMatchObject({
        code: 'answerTooLarge',
        fields: { limitBytes: 256 * 1024 },
      });
      expect(Date.now() - started).toBeLessThan(4_000);
      const [sent] = proxy.on(SYNC_PATHS.batches);
      await expect.poll(() => sent!.kioskHungUp).toBe(true);
      // The kiosk hung up after its limit plus what the sockets buffer, not 512 MiB later.
      expect(sent!.bytesToKiosk).toBeLessThan(16 * 1024 * 1024);
      expect(await recover(k)).toMatchObject({ issued: BATCH });
    },
  );

  it('an answer naming ids that were not sent is refused whole: nothing unsent is marked delivered', async () => {
    const k = await kiosk();
    k.issue(3 * BATCH);
    const pendingIds = () =>
      k.store.nextOutboxBatch({ maxItems: 100, maxBytes: 1 << 20 }).map((i) => i.id);
    const all = pendingIds();
    const unsent = all.slice(BATCH); // the outbox's later batches
    proxy.script(
      SYNC_PATHS.batches,
      // Not forwarded: "accepts" items of later batches that the service has never seen.
      { kind: 'rewrite', forward: false, rewrite: () => ({ accepted: unsent, rejected: [] }) },
      // Forwarded and committed, but the answer adds a stranger to the real ones.
      {
        kind: 'rewrite',
        forward: true,
        rewrite: (_sent, upstream) => {
          const answer = upstream as { accepted: string[]; rejected: unknown[] };
          return { ...answer, accepted: [...answer.accepted, uuidv7()] };
        },
      },
    );
    const w = k.worker();
    const first = await w.syncNow();
    expect(first).toMatchObject({ outcome: 'retry-later', acked: 0, backlog: 3 * BATCH });
    expect(first.cause?.code).toBe('badBatchAnswer');
    expect(pendingIds()).toEqual(all);
    const second = await w.syncNow();
    expect(second).toMatchObject({ outcome: 'retry-later', acked: 0, backlog: 3 * BATCH });
    expect(await recover(k)).toMatchObject({ issued: 3 * BATCH });
  });

  it('seeded chaos on numbers and batches while issuing: exactly once, numbers agree', async () => {
    const seed = Number(process.env.FAULT_SEED ?? Date.now() % 1_000_000);
    const random = seeded(seed);
    const k = await kiosk({ timeoutMs: 400 });
    const faults: { p: number; fault: Fault }[] = [
      { p: 0.08, fault: { kind: 'status', status: 503, retryAfter: '0' } },
      { p: 0.05, fault: { kind: 'status', status: 500 } },
      { p: 0.08, fault: { kind: 'reset-before' } },
      { p: 0.12, fault: { kind: 'lose-answer' } },
      { p: 0.08, fault: { kind: 'duplicate', concurrent: true } },
      { p: 0.05, fault: { kind: 'slow', delayMs: 600 } },
      { p: 0.04, fault: { kind: 'malformed' } },
    ];
    // 'slow' on number requests too: one the kiosk gave up on and voided may be allocated by the
    // branch after the void arrived; the branch voids it then (numbers-void-race.test.ts).
    proxy.chaos(
      { random, paths: [SYNC_PATHS.batches], faults },
      {
        random: seeded(seed + 1),
        paths: [NUMBER_PATHS.numbers],
        faults,
      },
    );
    const numbers = new TicketNumbers({
      client: k.client,
      store: k.store,
      estimate: () => null,
      logger: createMemoryLog().logger,
      allocationTimeoutMs: 400,
      offlineHoldMs: 50,
    });
    const w = k.worker({ maxDelayMs: 100 });
    w.start();
    try {
      for (let i = 0; i < 40; i += 1) {
        const { ticket } = await numbers.reserve(PERSONAL);
        // One customer in 8 walks away mid-print: the kiosk stops; at boot the number is voided.
        if (i % 8 === 7) continue;
        k.store.issueTicket(ticket.id, { delivery: 'printed' });
      }
      await w.stop();
      proxy.chaos();
      k.store.settleInterruptedReservations();
      const agreement = await recover(k);
      expect(agreement).toMatchObject({ issued: 35, voidedTickets: 5 });
    } catch (err) {
      console.error(`faults-proxy chaos: FAULT_SEED=${seed} repeats this run`);
      throw err;
    }
  });
});
