// 3. Backlog drain rate (issue 7): an outbox holding N issued tickets (the branch service was
//    down for a while), then SyncWorker.syncNow() until the backlog is 0, against the reference
//    branch service in-process on a loopback port, on PGlite (in memory) and on a real
//    PostgreSQL server (durable defaults, bench/postgres.mjs). The same drain with one request
//    per item (maxItems 1) on a smaller backlog gives the per-item rate the batches are
//    compared with, in the same run.
import { startBranchService, silentLogger } from '../dist/branch-service/server.js';
import { openStore } from '../dist/src/store/index.js';
import { BranchServiceClient, SyncWorker } from '../dist/src/sync/index.js';
import { commitTicket } from './outbox.mjs';
import { startBenchPostgres } from './postgres.mjs';
import { round, since, summarize } from './stats.mjs';
import { withScope } from './scope.mjs';

const TOKEN = 'bench-token';

/** One backend: batched rounds, then the one-request-per-item drain. */
async function drainOn(scope, { name, database, kioskId, quick, log }) {
  const backlog = quick ? 1_000 : 10_000;
  const rounds = quick ? 1 : 3;
  const perItemBacklog = quick ? 100 : 1_000;
  const warmupItems = quick ? 50 : 200;

  const serviceStart = performance.now();
  const service = await startBranchService({
    port: 0,
    database,
    kiosks: { [kioskId]: TOKEN },
    logger: silentLogger,
  });
  scope.add(`stop the branch service (${name})`, () => service.close());
  const serviceStartMs = since(serviceStart);
  log(
    `drain/${name}: branch service on ${service.url} (started in ${Math.round(serviceStartMs)} ms)`,
  );

  const store = openStore({ dataDir: scope.tempDir(`drain-${name}`), kioskId });
  scope.add(`close the store (${name})`, () => store.close());
  const client = new BranchServiceClient({ baseUrl: service.url, kioskId, token: TOKEN });
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
  const batched = new SyncWorker({ store, client: timedClient });
  const perItem = new SyncWorker({ store, client, maxItems: 1 });
  scope.add(`stop the sync workers (${name})`, async () => {
    await batched.stop();
    await perItem.stop();
  });

  const fill = (n) => {
    for (let i = 0; i < n; i++) commitTicket(store);
  };
  const retried = [];
  const drain = async (worker, items) => {
    const start = performance.now();
    let acked = 0;
    let retries = 0;
    for (let calls = 1; ; calls++) {
      const result = await worker.syncNow();
      acked += result.acked;
      // A keep-alive connection the service closed while the outbox was being filled (a fill
      // can take over a minute on a loaded disk) ends a run with ECONNRESET; the worker would
      // try again after its back-off, so the bench tries again at once (timed, and counted).
      if (result.outcome === 'retry-later' && retries < 3) {
        retries += 1;
        retried.push(result.error);
        log(`drain/${name}: run ended retry-later (${result.error}); again`);
        continue;
      }
      if (result.outcome !== 'delivered' && result.outcome !== 'idle') {
        throw new Error(`sync ended ${result.outcome}: ${result.error}`);
      }
      if (result.backlog === 0) break;
      if (calls > 20_000) throw new Error('the backlog does not go down');
    }
    const ms = since(start);
    if (acked !== items) throw new Error(`drained ${acked} of ${items} items`);
    return { items, ms: round(ms, 1), itemsPerSecond: round((items / ms) * 1000, 1) };
  };

  // Warm-up: JIT, the HTTP keep-alive connection, the database's first inserts.
  fill(warmupItems);
  await drain(batched, warmupItems);
  fill(Math.min(warmupItems, 50));
  await drain(perItem, Math.min(warmupItems, 50));
  batchMs.length = 0;
  batchItems.length = 0;

  const results = [];
  for (let r = 0; r < rounds; r++) {
    const fillStart = performance.now();
    fill(backlog);
    const fillMs = since(fillStart);
    // The ticket journal's fold, timed apart: the tickets become outbox items. A kiosk folds
    // while idle (3 s after its last write) and at every read, so a backlog built over an
    // offline hour is in the outbox when the link returns; this fill is back to back, and its
    // fold would otherwise land in the drain's first batch. Reported beside the drain, and
    // the rate with it counted too.
    const foldStart = performance.now();
    store.foldTicketJournal();
    const foldMs = since(foldStart);
    const result = await drain(batched, backlog);
    results.push({
      ...result,
      fillMs: round(fillMs, 1),
      foldMs: round(foldMs, 1),
      itemsPerSecondWithFold: round((result.items / (result.ms + foldMs)) * 1000, 1),
    });
    log(`drain/${name}: round ${r + 1}/${rounds}: ${backlog} items in ${Math.round(result.ms)} ms`);
  }
  fill(perItemBacklog);
  store.foldTicketJournal(); // as above
  const single = await drain(perItem, perItemBacklog);
  log(
    `drain/${name}: one request per item: ${perItemBacklog} items in ${Math.round(single.ms)} ms`,
  );

  const [{ n: held }] = await service.query('SELECT count(*)::int AS n FROM kiosk_items');
  const expected = warmupItems + Math.min(warmupItems, 50) + backlog * rounds + perItemBacklog;
  if (held !== expected)
    throw new Error(`${name}: the service holds ${held} items, not ${expected}`);
  const stats = store.outboxStats();
  if (stats.pending !== 0 || stats.rejected !== 0) {
    throw new Error(`${name}: outbox after the drain: ${JSON.stringify(stats)}`);
  }
  const itemsPerSecond = summarize(
    results.map((r) => r.itemsPerSecond),
    1,
  );
  const itemsPerSecondWithFold = summarize(
    results.map((r) => r.itemsPerSecondWithFold),
    1,
  );
  const foldMs = summarize(results.map((r) => r.foldMs));
  return {
    backlog,
    rounds: results,
    itemsPerSecond,
    itemsPerSecondWithFold,
    foldMs,
    perItem: single,
    batchedOverPerItem: round(itemsPerSecond.median / single.itemsPerSecond, 1),
    batchMs: summarize(batchMs),
    batchItems: summarize(batchItems, 0),
    msPerItemInBatch: summarize(batchMs.map((ms, i) => ms / batchItems[i])),
    branchServiceStartMs: round(serviceStartMs, 1),
    retriedRuns: retried,
    itemsHeldByService: held,
  };
}

export async function benchDrain({ quick, log, kioskId }) {
  const out = {
    what:
      'SyncWorker.syncNow() until the backlog is 0; batches of up to 500 items / 768 KiB over ' +
      'loopback HTTP to the reference branch service (Fastify), on PGlite in memory and on a ' +
      'real PostgreSQL 15 (durable defaults); the same with maxItems 1 (one request per item)',
    targets: { itemsPerSecond: 10_000, batchedOverPerItem: 20 },
  };
  out.pglite = await withScope('drain-pglite', (scope) =>
    drainOn(scope, { name: 'pglite', database: { kind: 'pglite' }, kioskId, quick, log }),
  );
  try {
    out.postgres = await withScope('drain-postgres', async (scope) => {
      const url = await startBenchPostgres(scope);
      return drainOn(scope, {
        name: 'postgres',
        database: { kind: 'postgres', url },
        kioskId,
        quick,
        log,
      });
    });
  } catch (error) {
    // PGlite's figures stand on their own; say why the server's are missing.
    out.postgresError = String(error?.message ?? error);
    log(`drain/postgres: not measured: ${out.postgresError}`);
  }
  return out;
}
