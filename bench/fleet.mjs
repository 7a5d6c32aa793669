// 6. Fleet (issue 7): 1,000 simulated kiosks in a few processes, 100 branches × 10 kiosks, each
//    branch with its three queues, taking numbers (POST /v1/numbers) and sending their issued
//    tickets (POST /v1/batches) through two branch-service instances (two processes) on one
//    real PostgreSQL with its durable defaults. Every branch has its own database, as a branch
//    service does: here a schema of the one server (bench/fleet-service.mjs).
//
//    Phases, one after the other in one run, on one service day:
//    - lease: every kiosk leases a block of 50 of each queue, all at once (the morning start);
//    - open ×1: open-loop arrivals at a busy branch's rate, a customer every 20–60 s per kiosk
//      (10 kiosks: one every 4 s per branch, 25 a second over the fleet), two instances;
//    - open ×10: ten times that rate (2–6 s per kiosk, 250/s), on one instance, then on two;
//    - closed: every kiosk asks again as soon as it is answered, on one instance, then on two.
//    Checked at the end: no number twice per branch + queue + day across all kiosks (answers
//    and leases), and per branch database the allocations, leases, queue entries and items
//    held match what was answered; leases are disjoint and hold no online number.
import { spawn, execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import os from 'node:os';
import pg from 'pg';
import { serviceDayOf } from '../dist/src/store/index.js';
import { startBenchPostgres } from './postgres.mjs';
import { percentile, round, summarize } from './stats.mjs';
import { withScope } from './scope.mjs';
import { checkFleetDatabases, checkFleetNumbers } from './fleet-check.mjs';

const KIOSK_CHILD = fileURLToPath(new URL('./fleet-child.mjs', import.meta.url));
const SERVICE_CHILD = fileURLToPath(new URL('./fleet-service.mjs', import.meta.url));
const run = promisify(execFile);
const TOKEN = 'fleet-token';
const BUSINESS_TYPES = ['personal', 'business', 'wealth'];
export const TARGET_P99_MS = 200;

/**
 * One service instance in its own process: its branch URLs once all answer, and `cpuMs()`, the
 * CPU time the process has used so far.
 */
async function startInstance(scope, job, label) {
  const child = spawn(process.execPath, [SERVICE_CHILD, JSON.stringify(job)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  scope.add(`stop ${label}`, async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  });
  const waiting = [];
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      out += chunk;
      for (let i = out.indexOf('\n'); i >= 0; i = out.indexOf('\n')) {
        const line = out.slice(0, i);
        out = out.slice(i + 1);
        if (!line.startsWith('{')) continue;
        const message = JSON.parse(line);
        if (message.urls) {
          resolve({
            urls: message.urls,
            cpuMs: () =>
              new Promise((answer) => {
                waiting.push(answer);
                child.stdin.write('cpu\n');
              }),
          });
        } else if (message.cpu) {
          waiting.shift()?.((message.cpu.user + message.cpu.system) / 1000);
        }
      }
    });
    child.once('exit', (code) => reject(new Error(`${label} exited (${code}) before answering`)));
  });
}

/** CPU time of the PostgreSQL server so far (postmaster, its live and its ended children), ms. */
async function postgresCpuMs(admin) {
  const { rows } = await admin.query('SHOW data_directory');
  const postmaster = Number(
    readFileSync(join(rows[0].data_directory, 'postmaster.pid'), 'utf8').split('\n')[0],
  );
  // /proc/<pid>/stat after the ")": state ppid … utime(14) stime(15) cutime(16) cstime(17).
  const fields = (pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    } catch {
      return null; // ended meanwhile: counted in the postmaster's cutime once reaped
    }
  };
  const own = fields(postmaster);
  let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    const f = fields(pid);
    if (f !== null && Number(f[1]) === postmaster) ticks += Number(f[11]) + Number(f[12]);
  }
  return ticks * 10; // USER_HZ = 100 on Linux
}

function perRequest(cpuMs, requests) {
  const each = (ms) => (requests === 0 ? null : round(ms / requests, 2));
  return {
    services: each(cpuMs.services[0] + cpuMs.services[1]),
    postgres: each(cpuMs.postgres),
    kiosks: each(cpuMs.kiosks),
  };
}

const p99 = (values) => round(percentile(values, 99), 1);
const withP99 = (values) => ({ ...summarize(values, 1), p99: p99(values) });

export async function benchFleet({ quick, log }) {
  const branches = quick ? 10 : 100;
  const kiosksPerBranch = 10;
  const processes = 4;
  const poolPerBranch = Number(process.env.KIOSK_FLEET_POOL ?? 5);
  const seconds = (full, short) => (quick ? short : full) * 1000;
  const phases = [
    {
      name: 'open ×1',
      mode: 'open',
      instances: 2,
      intervalMs: [20_000, 60_000],
      ms: seconds(60, 10),
    },
    {
      name: 'open ×10',
      mode: 'open',
      instances: 1,
      intervalMs: [2_000, 6_000],
      ms: seconds(20, 5),
    },
    {
      name: 'open ×10',
      mode: 'open',
      instances: 2,
      intervalMs: [2_000, 6_000],
      ms: seconds(20, 5),
    },
    { name: 'closed', mode: 'closed', instances: 1, ms: seconds(10, 3) },
    { name: 'closed', mode: 'closed', instances: 2, ms: seconds(10, 3) },
  ];
  return withScope('fleet', async (scope) => {
    const ids = Array.from({ length: branches }, (_, b) => `b${String(b).padStart(3, '0')}`);
    // Two instances × a pool per branch, plus the checks.
    const url = await startBenchPostgres(scope, {
      maxConnections: branches * 2 * poolPerBranch + 20,
    });
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    scope.add('close the admin connection', () => admin.end());
    for (const id of ids) await admin.query(`CREATE SCHEMA ${id}`);
    const kiosks = ids.flatMap((branch) =>
      Array.from({ length: kiosksPerBranch }, (_, k) => ({
        id: `${branch}-k${String(k).padStart(2, '0')}`,
        branch,
        slot: k,
      })),
    );
    const serviceJob = (provision) => ({
      url,
      maxConnections: poolPerBranch,
      provision,
      branches: ids.map((id) => ({
        id,
        schema: id,
        kiosks: Object.fromEntries(kiosks.filter((k) => k.branch === id).map((k) => [k.id, TOKEN])),
      })),
    });
    let started = performance.now();
    const instances = [
      await startInstance(scope, serviceJob(true), 'branch service instance A'),
      await startInstance(scope, serviceJob(false), 'branch service instance B'),
    ];
    const instanceUrls = instances.map((i) => i.urls);
    const cpuNow = async () => ({
      services: await Promise.all(instances.map((i) => i.cpuMs())),
      postgres: await postgresCpuMs(admin),
    });
    const setupMs = performance.now() - started;
    log(
      `fleet: ${kiosks.length} kiosks (${branches} branches × ${kiosksPerBranch}), ` +
        `${processes} processes, two instances up in ${Math.round(setupMs)} ms`,
    );

    const serviceDay = serviceDayOf(new Date());
    const runPhase = async (phase, index) => {
      const startAt = Date.now() + 3_000;
      const jobs = Array.from({ length: processes }, (_, p) => ({
        kiosks: kiosks
          .filter((_, i) => Math.floor((i * processes) / kiosks.length) === p)
          .map((k) => ({
            id: k.id,
            branch: k.branch,
            url: instanceUrls[phase.instances === 1 ? 0 : k.slot % 2][k.branch],
          })),
        token: TOKEN,
        businessTypes: BUSINESS_TYPES,
        serviceDay,
        seqBase: index * 1_000_000,
        startAt,
        mode: phase.mode,
        durationMs: phase.ms ?? 0,
        intervalMs: phase.intervalMs ?? [0, 0],
        leaseSize: 50,
      }));
      const load = [os.loadavg()[0]];
      const stopKiosks = new AbortController();
      scope.add('stop the kiosk processes', () => stopKiosks.abort());
      const cpuBefore = await cpuNow();
      const outputs = await Promise.all(
        jobs.map((job) =>
          run(process.execPath, [KIOSK_CHILD, JSON.stringify(job)], {
            maxBuffer: 256 * 1024 * 1024,
            timeout: 600_000,
            signal: stopKiosks.signal,
          }).then(({ stdout }) => JSON.parse(stdout.trim().split('\n').at(-1))),
        ),
      );
      const cpuAfter = await cpuNow();
      load.push(os.loadavg()[0]);
      const all = (key) => outputs.flatMap((o) => o[key]);
      const cpuMs = {
        services: cpuAfter.services.map((ms, i) => Math.round(ms - cpuBefore.services[i])),
        postgres: Math.round(cpuAfter.postgres - cpuBefore.postgres),
        kiosks: Math.round(all('cpuMs').reduce((a, b) => a + b, 0)),
      };
      return { outputs, all, load, cpuMs };
    };

    const leaseRun = await runPhase({ mode: 'lease', instances: 2 }, 0);
    const lease = {
      requests: kiosks.length * BUSINESS_TYPES.length,
      ms: withP99(leaseRun.all('leaseMs')),
      failed: leaseRun.all('failures').length,
      firstFailure: leaseRun.all('failures')[0] ?? null,
    };
    log(`fleet: lease ${lease.ms.n} blocks, p50 ${lease.ms.median} ms, p99 ${lease.ms.p99} ms`);
    const allNumbers = [];
    const leases = leaseRun.all('leases');
    let itemsAcked = 0;
    const results = [];
    for (const [i, phase] of phases.entries()) {
      started = performance.now();
      const { all, load, cpuMs } = await runPhase(phase, i + 1);
      const wallMs = performance.now() - started - 3_000;
      const numbers = all('numbers');
      allNumbers.push(...numbers);
      const acked = all('itemsAcked').reduce((a, b) => a + b, 0);
      itemsAcked += acked;
      const failures = all('failures');
      const meanInterval = phase.intervalMs ? (phase.intervalMs[0] + phase.intervalMs[1]) / 2 : 0;
      const result = {
        name: phase.name,
        mode: phase.mode,
        instances: phase.instances,
        durationS: phase.ms / 1000,
        intervalS: phase.intervalMs?.map((ms) => ms / 1000) ?? null,
        offeredPerSecond: phase.intervalMs ? round((kiosks.length * 1000) / meanInterval, 1) : null,
        allocationMs: withP99(all('allocationMs')),
        fromDueMs: phase.mode === 'open' ? withP99(all('fromDueMs')) : null,
        lagMs: phase.mode === 'open' ? withP99(all('lagMs')) : null,
        allocationsPerSecond: round((numbers.length * 1000) / phase.ms, 1),
        batchMs: withP99(all('batchMs')),
        itemsPerBatch: summarize(all('batchItems'), 1),
        itemsAcked: acked,
        ingestItemsPerSecond: round((acked * 1000) / wallMs, 1),
        failed: failures.length,
        firstFailure: failures[0] ?? null,
        loadAverage1m: load.map((l) => round(l, 2)),
        // CPU time per answered request (allocation or batch), by whom: what the phase cost
        // the two cores, whoever else was using them.
        cpuMs,
        cpuMsPerRequest: perRequest(cpuMs, numbers.length + all('batchMs').length),
      };
      results.push(result);
      log(
        `fleet: ${phase.name} on ${phase.instances}: ${numbers.length} numbers, ` +
          `p50 ${result.allocationMs.median} ms, p99 ${result.allocationMs.p99} ms, ` +
          `batches p99 ${result.batchMs.p99} ms, ${failures.length} failed`,
      );
    }

    const client = checkFleetNumbers(allNumbers, leases);
    const database = await checkFleetDatabases(admin, ids, serviceDay, {
      numbers: allNumbers,
      leases,
      itemsAcked,
    });
    log(
      `fleet: ${database.duplicates} duplicates in the databases, ` +
        `${database.mismatches.length} mismatches; ${client.duplicates} among the answers`,
    );
    const duplicates = client.duplicates + database.duplicates;
    if (duplicates !== 0 || database.mismatches.length > 0) {
      throw new Error(
        `fleet: ${duplicates} duplicate numbers; ${database.mismatches.slice(0, 3).join('; ')}`,
      );
    }
    return {
      what:
        `${kiosks.length} simulated kiosks (BranchServiceClient) in ${processes} child ` +
        `processes, ${branches} branches × ${kiosksPerBranch} kiosks × ${BUSINESS_TYPES.length} ` +
        'queues; two branch-service instances (one process each, one startBranchService per ' +
        'branch, each branch its own schema) on one PostgreSQL 15 (durable defaults)',
      kiosks: kiosks.length,
      branches,
      kiosksPerBranch,
      queuesPerBranch: BUSINESS_TYPES.length,
      processes,
      poolPerBranchPerInstance: poolPerBranch,
      setupMs: Math.round(setupMs),
      targetP99Ms: TARGET_P99_MS,
      lease,
      leaseCpuMs: leaseRun.cpuMs,
      phases: results,
      answered: allNumbers.length,
      clientCheck: client,
      databaseCheck: database,
      duplicates,
    };
  });
}
