// 3. Backlog drain rate: an outbox holding N issued tickets (the branch service was down for a
//    while), then SyncWorker.syncNow() against the reference branch service in-process
//    (node:http + PGlite in memory) on a loopback port, until the backlog is 0.
import { startBranchService, silentLogger } from '../dist/branch-service/server.js';
import { openStore } from '../dist/src/store/index.js';
import { BranchServiceClient, SyncWorker } from '../dist/src/sync/index.js';
import { commitTicket } from './outbox.mjs';
import { round, since, summarize } from './stats.mjs';
import { withScope } from './scope.mjs';

export async function benchDrain({ quick, log, kioskId }) {
  const backlog = quick ? 300 : 2000;
  const rounds = quick ? 1 : 3;
  const warmupItems = quick ? 50 : 200;
  const token = 'bench-token';

  return withScope('drain', async (scope) => {
    const dataDir = scope.tempDir('drain');
    const store = openStore({ dataDir, kioskId });
    scope.add('close the store', () => store.close());

    const serviceStart = performance.now();
    const service = await startBranchService({
      port: 0,
      database: { kind: 'pglite' },
      kiosks: { [kioskId]: token },
      logger: silentLogger,
    });
    scope.add('stop the branch service', () => service.close());
    const serviceStartMs = since(serviceStart);
    log(`drain: branch service on ${service.url} (started in ${Math.round(serviceStartMs)} ms)`);

    const client = new BranchServiceClient({ baseUrl: service.url, kioskId, token });
    // Times every POST /batches as the worker sends it.
    const batchMs = [];
    const batchItems = [];
    const timedClient = {
      async pushBatch(request) {
        const start = performance.now();
        const response = await client.pushBatch(request);
        batchMs.push(since(start));
        batchItems.push(request.items.length);
        return response;
      },
    };
    // Not start()ed: no timers, only the explicit syncNow() calls below.
    const worker = new SyncWorker({ store, client: timedClient });
    scope.add('stop the sync worker', () => worker.stop());

    const fill = (n) => {
      for (let i = 0; i < n; i++) commitTicket(store);
    };
    const drain = async () => {
      const start = performance.now();
      let calls = 0;
      let acked = 0;
      for (;;) {
        const result = await worker.syncNow();
        calls += 1;
        acked += result.acked;
        if (result.outcome !== 'delivered' && result.outcome !== 'idle') {
          throw new Error(`sync ended ${result.outcome}: ${result.error}`);
        }
        if (result.backlog === 0) break;
        if (calls > 1000) throw new Error('the backlog does not go down');
      }
      return { ms: since(start), calls, acked };
    };

    // Warm-up: JIT, the HTTP keep-alive connection, PGlite's first inserts.
    fill(warmupItems);
    await drain();
    batchMs.length = 0;
    batchItems.length = 0;

    const results = [];
    for (let r = 0; r < rounds; r++) {
      const fillStart = performance.now();
      fill(backlog);
      const fillMs = since(fillStart);
      if (store.outboxStats().pending !== backlog) throw new Error('the outbox was not filled');
      const { ms, calls, acked } = await drain();
      if (acked !== backlog) throw new Error(`drained ${acked} of ${backlog} items`);
      results.push({
        items: backlog,
        ms: round(ms, 1),
        itemsPerSecond: round((backlog / ms) * 1000, 1),
        syncNowCalls: calls,
        fillMs: round(fillMs, 1),
      });
      log(`drain: round ${r + 1}/${rounds}: ${backlog} items in ${Math.round(ms)} ms`);
    }

    const [{ n: held }] = await service.query('SELECT count(*)::int AS n FROM kiosk_items');
    const expected = warmupItems + backlog * rounds;
    if (held !== expected)
      throw new Error(`the branch service holds ${held} items, not ${expected}`);
    const stats = store.outboxStats();
    if (stats.pending !== 0 || stats.rejected !== 0) {
      throw new Error(`outbox after the drain: ${JSON.stringify(stats)}`);
    }

    const perItem = batchMs.map((ms, i) => ms / batchItems[i]);
    return {
      what:
        'SyncWorker.syncNow() until the backlog is 0; batches of up to 100 items / 256 KiB over ' +
        'loopback HTTP to the reference branch service (PGlite in memory)',
      backlog,
      rounds: results,
      itemsPerSecond: summarize(
        results.map((r) => r.itemsPerSecond),
        1,
      ),
      batchMs: summarize(batchMs),
      batchItems: summarize(batchItems, 0),
      msPerItemInBatch: summarize(perItem),
      branchServiceStartMs: round(serviceStartMs, 1),
      itemsHeldByService: held,
    };
  });
}
