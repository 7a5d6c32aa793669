#!/usr/bin/env node
// `npm run fuzz` (after `npm run build`): fast-check property runs against the compiled parsers
// in dist/, 10^6 inputs in total over both of them:
// - the ID-card SAM frame parser (devices/idcard/framing.ts, SamFrameParser);
// - the virtual printer's streaming ESC/POS parser (devices/sim/escpos-parser.ts, EscPosParser)
//   and parseReceipts on top of it.
// Inputs are random bytes and mutations of valid frames / of a real ticket job, fed in random
// chunks. Properties: no throw; no hang (each input is timed, and a watchdog thread kills the run
// and prints the input if one never returns); no false frame (every frame the SAM parser returns
// has a valid length and checksum, and re-encoding it gives bytes that are in the stream);
// memory bounded (what a parser holds never exceeds its documented bound, after every chunk).
// The inputs and the checks are in scripts/fuzz-properties.mjs; this file runs and reports them.
//
//   node scripts/fuzz.mjs                    10^6 inputs, a fresh seed (printed)
//   node scripts/fuzz.mjs --seed=123         the same inputs again
//   node scripts/fuzz.mjs --scale=0.01       1% of the inputs (a smoke run)
//   node scripts/fuzz.mjs --only=sam.random  some properties (names as printed)
//
// Exit status 0 when every property holds; 1 on a counterexample (printed shrunk, as hex, with
// its chunk sizes and the seed: the same seed and --scale replay it); 2 on bad arguments.
import fc from 'fast-check';
import { Worker } from 'node:worker_threads';

const { PROPERTIES, chunkingOf, chunksOf, hex } = await import('./fuzz-properties.mjs').catch(
  (error) => {
    console.error(
      `[fuzz] cannot load the compiled parsers in dist/ (${error.message}). ` +
        'Run `npm run build` first, or run `npm run fuzz`.',
    );
    process.exit(1);
  },
);

/** No progress for this long: a real hang; the watchdog prints the input and kills the run. */
const HANG_S = 30;
/** Inputs tried while shrinking a counterexample before settling for the smallest so far. */
const SHRINK_BUDGET = 20_000;

// ---------------------------------------------------------------------------------------------
// Watchdog: the input under test is copied into shared memory; a thread that does not depend on
// the (possibly stuck) main thread prints it and kills the process if no input finishes in time.

const SHARED_INPUT_BYTES = 1 << 20;
const shared = new SharedArrayBuffer(16 + SHARED_INPUT_BYTES);
const control = new Int32Array(shared, 0, 4); // [inputs finished, input length, property index]
const inputBytes = new Uint8Array(shared, 16);

function startWatchdog() {
  const source = `
    const { workerData } = require('node:worker_threads');
    const { writeSync } = require('node:fs');
    const control = new Int32Array(workerData.shared, 0, 4);
    const input = new Uint8Array(workerData.shared, 16);
    let last = -1, still = 0;
    setInterval(() => {
      const done = Atomics.load(control, 0);
      if (done !== last) { last = done; still = 0; return; }
      if ((still += 1) < workerData.hangS) return;
      const length = Atomics.load(control, 1);
      const name = workerData.names[Atomics.load(control, 2)];
      const bytes = Buffer.from(input.subarray(0, Math.min(length, input.length)));
      writeSync(2, '\\n[fuzz] ' + name + ': HANG, no input finished in ' + workerData.hangS +
        ' s; the input (' + length + ' B):\\n' + bytes.toString('hex').replace(/(..)(?!$)/g, '$1 ') + '\\n');
      process.kill(process.pid, 'SIGKILL');
    }, 1000);
  `;
  const worker = new Worker(source, {
    eval: true,
    workerData: { shared, hangS: HANG_S, names: PROPERTIES.map((p) => p.name) },
  });
  worker.unref();
  return worker;
}

// ---------------------------------------------------------------------------------------------

function parseArgs(argv) {
  const options = { seed: (Date.now() ^ (Math.random() * 0x7fffffff)) | 0, scale: 1, only: null };
  for (const arg of argv) {
    const [key, value] = arg.split('=', 2);
    if (key === '--seed' && /^-?\d+$/.test(value ?? '')) options.seed = Number(value);
    else if (key === '--scale' && Number(value) > 0) options.scale = Number(value);
    else if (key === '--only' && value) options.only = value.split(',');
    else {
      console.error(
        `fuzz: unknown argument ${arg}\nusage: node scripts/fuzz.mjs [--seed=N] [--scale=F] [--only=a,b]`,
      );
      process.exit(2);
    }
  }
  const unknown = (options.only ?? []).filter((name) => !PROPERTIES.some((p) => p.name === name));
  if (unknown.length > 0) {
    console.error(
      `fuzz: unknown property ${unknown.join(', ')}; known: ${PROPERTIES.map((p) => p.name).join(', ')}`,
    );
    process.exit(2);
  }
  return options;
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const selected = PROPERTIES.filter((p) => !options.only || options.only.includes(p.name));
  console.log(
    `[fuzz] seed ${options.seed}; node ${process.version}; replay with --seed=${options.seed}`,
  );
  const watchdog = startWatchdog();
  const failures = [];
  let total = 0;
  let shrinking = 0;
  const started = performance.now();
  for (const property of selected) {
    const index = PROPERTIES.indexOf(property);
    Atomics.store(control, 2, index);
    const runs = Math.max(1, Math.round(property.runs * options.scale));
    let inputs = 0;
    let shrinkInputs = -1; // -1 until the first failure, then inputs tried while shrinking
    const predicate = fc.property(property.arb, (args) => {
      // Past the budget every candidate "passes", so fast-check stops at the smallest failing
      // input found so far (shrinking a 5 kB stream byte by byte can otherwise take minutes).
      if (shrinkInputs >= SHRINK_BUDGET) return true;
      if (shrinkInputs >= 0) shrinkInputs += 1;
      const stream = property.stream(args);
      inputBytes.set(stream.subarray(0, SHARED_INPUT_BYTES));
      Atomics.store(control, 1, stream.length);
      inputs += 1;
      try {
        property.run(chunksOf(stream, chunkingOf(args)), stream, args);
      } catch (error) {
        if (shrinkInputs < 0) shrinkInputs = 0;
        throw error;
      } finally {
        Atomics.add(control, 0, 1);
      }
      return true;
    });
    const start = performance.now();
    const details = fc.check(predicate, { numRuns: runs, seed: options.seed });
    const seconds = (performance.now() - start) / 1000;
    total += inputs;
    shrinking += inputs - details.numRuns;
    const status = details.failed ? 'FAILED' : 'ok';
    console.log(
      `[fuzz] ${property.name.padEnd(24)} ${String(details.numRuns).padStart(7)} inputs ` +
        `(${inputs - details.numRuns} more shrinking) ${seconds.toFixed(1).padStart(6)} s  ${status}`,
    );
    if (details.failed) failures.push({ property, details });
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `[fuzz] ${total} inputs (${shrinking} of them shrinking) in ${seconds.toFixed(1)} s, ` +
      `seed ${options.seed}`,
  );
  for (const { property, details } of failures) report(property, details);
  void watchdog.terminate();
  process.exitCode = failures.length > 0 ? 1 : 0;
}

function report(property, details) {
  const args = details.counterexample;
  console.log(`\n[fuzz] counterexample for ${property.name} (shrunk ${details.numShrinks} times):`);
  console.log(`  ${details.errorInstance?.message ?? details.error}`);
  if (args) {
    const stream = property.stream(args[0]);
    const chunks = chunksOf(stream, chunkingOf(args[0]));
    console.log(`  input, ${stream.length} B:\n  ${hex(stream)}`);
    console.log(`  chunk sizes: ${chunks.map((c) => c.length).join(' ')}`);
    console.log(`  options: ${JSON.stringify(args[0].filter((a) => typeof a === 'boolean'))}`);
  }
  console.log(`  replay: node scripts/fuzz.mjs --only=${property.name} --seed=${details.seed}`);
}

main();
