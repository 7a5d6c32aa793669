#!/usr/bin/env node
// `npm run bench` (after `npm run build`): the benchmarks of design.md §8 against the compiled
// host code in dist/. Prints a table and writes .bench/results.json.
//
//   node scripts/bench.mjs            full run (under a minute on 2 cores)
//   node scripts/bench.mjs --quick    smoke run (a few seconds of each benchmark)
//   node scripts/bench.mjs --only=soak,printer,idread,parsers,outbox,ticketDay,drain,startup,fleet,tap,heap
//   node scripts/bench.mjs --only=tap,heap --quick   the renderer in Chromium, reduced (a few minutes)
//   node scripts/bench.mjs --only=tap --rounds=30 --journeys=ticketAndFeedback,guide --loop-delay
//       some of the tap journeys, fewer rounds (n per transition ≥ rounds), with the host's
//       event-loop delay per tap (bench/tap.mjs; journey names in bench/journeys.mjs)
//
// Memory figures need a forced GC, so without --expose-gc the script runs itself again with it.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
// The soak runs first, so its RSS figures are not inflated by what earlier benchmarks left
// behind (PGlite's WebAssembly memory is not returned to the OS when it closes).
const SECTIONS = [
  'soak',
  'printer',
  'idread',
  'parsers',
  'outbox',
  'ticketDay',
  'drain',
  'startup',
  'fleet',
  // The renderer in Chromium against the browser shell (needs dist/renderer and /usr/bin/chromium).
  'tap',
  'heap',
];

if (typeof globalThis.gc !== 'function' && process.env.KIOSK_BENCH_CHILD !== '1') {
  const child = spawn(
    process.execPath,
    [...process.execArgv, '--expose-gc', fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    { stdio: 'inherit', env: { ...process.env, KIOSK_BENCH_CHILD: '1' } },
  );
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => {
    process.off('SIGINT', forward);
    process.off('SIGTERM', forward);
    if (signal) process.kill(process.pid, signal);
    else process.exitCode = code ?? 1;
  });
} else {
  await main();
}

function parseArgs(argv) {
  const options = { quick: false, only: SECTIONS, tap: {} };
  for (const arg of argv) {
    if (arg === '--quick') options.quick = true;
    else if (arg.startsWith('--rounds=')) {
      const rounds = Number(arg.slice('--rounds='.length));
      if (!Number.isInteger(rounds) || rounds < 1) usage(`--rounds takes a whole number: ${arg}`);
      options.tap.rounds = rounds;
      options.tap.minTaps = rounds;
    } else if (arg.startsWith('--journeys=')) {
      options.tap.journeys = arg.slice('--journeys='.length).split(',').filter(Boolean);
    } else if (arg === '--loop-delay') options.tap.loopDelay = true;
    else if (arg.startsWith('--only=')) {
      options.only = arg.slice('--only='.length).split(',').filter(Boolean);
      const unknown = options.only.filter((name) => !SECTIONS.includes(name));
      if (unknown.length > 0) usage(`unknown benchmark ${unknown.join(', ')}`);
    } else if (arg === '--help' || arg === '-h') usage();
    else usage(`unknown argument ${arg}`);
  }
  return options;
}

function usage(problem) {
  if (problem) console.error(`bench: ${problem}`);
  console.error(
    `usage: node scripts/bench.mjs [--quick] [--only=${SECTIONS.join(',')}]\n` +
      '  tap only: [--rounds=N] [--journeys=name,name] [--loop-delay]\n' +
      'Run `npm run build` first (or use `npm run bench`, which does).',
  );
  process.exit(problem ? 2 : 0);
}

function machine() {
  const cpus = os.cpus();
  // The build takes the working tree as it is: record the commit and what differs from it.
  let commit = null;
  let uncommittedSourceFiles = null;
  try {
    const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });
    commit = git('rev-parse', '--short', 'HEAD').trim();
    const sources = ['src', 'devices', 'machines', 'main', 'branch-service', 'migrations'];
    uncommittedSourceFiles = git('status', '--porcelain', '--', ...sources)
      .split('\n')
      .filter(Boolean).length;
  } catch {
    // not a git checkout: leave them out
  }
  return {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${process.arch}`,
    cpus: os.availableParallelism(),
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGiB: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
    loadAverage1m: Number(os.loadavg()[0].toFixed(2)),
    tmpdir: os.tmpdir(),
    commit,
    uncommittedSourceFiles,
  };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const { closeAllScopes } = await import('../bench/scope.mjs');
  // A Ctrl-C reaches this process twice (from the terminal and forwarded by the parent): the
  // first one cleans up and exits, the others are ignored.
  let stopping = false;
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    console.error(`\n[bench] ${signal}: cleaning up`);
    void closeAllScopes().finally(() => process.exit(130));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  let modules;
  try {
    modules = {
      printer: (await import('../bench/printer.mjs')).benchPrinter,
      idread: (await import('../bench/idread.mjs')).benchIdRead,
      parsers: (await import('../bench/parsers.mjs')).benchParsers,
      outbox: (await import('../bench/outbox.mjs')).benchOutbox,
      drain: (await import('../bench/drain.mjs')).benchDrain,
      ticketDay: (await import('../bench/ticket-day.mjs')).benchTicketDay,
      startup: (await import('../bench/startup.mjs')).benchStartup,
      fleet: (await import('../bench/fleet.mjs')).benchFleet,
      soak: (await import('../bench/soak.mjs')).benchSoak,
      tap: (await import('../bench/tap.mjs')).benchTap,
      heap: (await import('../bench/heap.mjs')).benchHeap,
    };
  } catch (error) {
    console.error(
      `[bench] cannot load the compiled code in dist/ (${error.message}). ` +
        'Run `npm run build` first, or run `npm run bench`.',
    );
    process.exitCode = 1;
    return;
  }

  const log = (message) => console.log(`[bench] ${message}`);
  const results = {
    machine: machine(),
    mode: options.quick ? 'quick' : 'full',
    command:
      `node ${relative(root, fileURLToPath(import.meta.url))} ${process.argv.slice(2).join(' ')}`.trim(),
    gcExposed: typeof globalThis.gc === 'function',
    durationsS: {},
    errors: {},
  };
  log(
    `${results.mode} run on ${results.machine.cpus} × ${results.machine.cpuModel}, node ${results.machine.node}`,
  );

  const started = performance.now();
  for (const name of options.only) {
    if (stopping) return;
    const sectionStart = performance.now();
    try {
      results[name] = await modules[name]({
        quick: options.quick,
        log,
        kioskId: 'kiosk-bench',
        ...(name === 'tap' ? options.tap : {}),
      });
    } catch (error) {
      results.errors[name] = error?.stack ?? String(error);
      console.error(`[bench] ${name} failed: ${error?.stack ?? error}`);
      process.exitCode = 1;
    }
    results.durationsS[name] = Number(((performance.now() - sectionStart) / 1000).toFixed(1));
  }
  results.durationsS.total = Number(((performance.now() - started) / 1000).toFixed(1));

  const { report } = await import('../bench/report.mjs');
  console.log(`\n${report(results)}\n`);
  const outDir = join(root, '.bench');
  mkdirSync(outDir, { recursive: true });
  const outFile = join(outDir, 'results.json');
  writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`);
  log(`results written to ${relative(process.cwd(), outFile) || outFile}`);

  // Everything was closed above, so the process should end by itself. If a handle leaked,
  // say which instead of hanging (the timer does not keep the process alive on its own).
  setTimeout(() => {
    console.error(
      `[bench] still running 10 s after the last benchmark; open resources: ` +
        `${process.getActiveResourcesInfo().join(', ')}`,
    );
    process.exit(1);
  }, 10_000).unref();
}
