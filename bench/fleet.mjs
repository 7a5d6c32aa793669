// 6. Fleet (issue 7, a first cut): simulated kiosks in a few processes asking for numbers
//    (POST /v1/numbers) through two branch-service instances on one real PostgreSQL, all at
//    once. Latency p50/p99 per allocation, throughput, and zero duplicates: every answered
//    number is checked to be unique per queue across all kiosks, and the database to hold as
//    many allocations as were answered. Not yet measured here: outbox ingest from the fleet,
//    and one instance against two (see BENCHMARKS.md).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startBranchService, silentLogger } from '../dist/branch-service/server.js';
import { serviceDayOf } from '../dist/src/store/index.js';
import { startBenchPostgres } from './postgres.mjs';
import { round, summarize } from './stats.mjs';
import { withScope } from './scope.mjs';

const CHILD = fileURLToPath(new URL('./fleet-child.mjs', import.meta.url));
const run = promisify(execFile);
const TOKEN = 'fleet-token';
const BUSINESS_TYPES = ['personal', 'business', 'wealth'];

export async function benchFleet({ quick, log }) {
  const kiosks = quick ? 40 : 300;
  const processes = 3;
  const perKiosk = quick ? 5 : 10;
  return withScope('fleet', async (scope) => {
    const url = await startBenchPostgres(scope);
    const ids = Array.from({ length: kiosks }, (_, i) => `fleet-${String(i).padStart(4, '0')}`);
    const credentials = Object.fromEntries(ids.map((id) => [id, TOKEN]));
    const instances = [];
    for (let i = 0; i < 2; i++) {
      const service = await startBranchService({
        port: 0,
        database: { kind: 'postgres', url, maxConnections: 10 },
        // The first instance provisions the fleet; the second finds it in the database.
        kiosks: i === 0 ? credentials : {},
        logger: silentLogger,
      });
      scope.add(`stop branch service instance ${i + 1}`, () => service.close());
      instances.push(service);
    }
    log(
      `fleet: ${kiosks} kiosks in ${processes} processes, two instances, ${perKiosk} numbers each`,
    );
    const serviceDay = serviceDayOf(new Date());
    const start = performance.now();
    const outputs = await Promise.all(
      Array.from({ length: processes }, (_, p) =>
        run(
          process.execPath,
          [
            CHILD,
            JSON.stringify({
              urls: instances.map((s) => s.url),
              kiosks: ids.filter((_, i) => i % processes === p),
              token: TOKEN,
              perKiosk,
              businessTypes: BUSINESS_TYPES,
              serviceDay,
            }),
          ],
          { maxBuffer: 64 * 1024 * 1024, timeout: 300_000 },
        ).then(({ stdout }) => JSON.parse(stdout.trim().split('\n').at(-1))),
      ),
    );
    const wallMs = performance.now() - start;
    const numbers = outputs.flatMap((o) => o.numbers);
    const failures = outputs.flatMap((o) => o.failures);
    const duplicates = numbers.length - new Set(numbers).size;
    const [{ n: held }] = await instances[0].query(
      'SELECT count(*)::int AS n FROM number_allocations WHERE service_day = $1',
      [serviceDay],
    );
    if (duplicates !== 0) throw new Error(`fleet: ${duplicates} duplicate numbers`);
    if (held !== numbers.length) {
      throw new Error(`fleet: the database holds ${held} allocations, ${numbers.length} answered`);
    }
    const latency = outputs.flatMap((o) => o.latencyMs);
    log(`fleet: ${numbers.length} numbers in ${Math.round(wallMs)} ms, ${failures.length} failed`);
    return {
      what:
        'simulated kiosks (BranchServiceClient) in child processes, each asking its instance for ' +
        'numbers one after the other, all kiosks at once; two Fastify instances in the bench ' +
        'process on one PostgreSQL 15 (durable defaults), pools of 10 connections',
      kiosks,
      processes,
      perKiosk,
      allocationMs: summarize(latency),
      p99Ms: round(percentile99(latency), 1),
      targetP99Ms: 200,
      allocationsPerSecond: round((numbers.length / wallMs) * 1000, 1),
      answered: numbers.length,
      failed: failures.length,
      firstFailure: failures[0] ?? null,
      duplicates,
      heldByDatabase: held,
    };
  });
}

function percentile99(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] ?? NaN;
}
