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
import { MAX_FRAME_BYTES, SamFrameParser, buildFrame } from '../dist/devices/idcard/framing.js';
import { MAX_LENGTH_FIELD, MIN_LENGTH_FIELD, PREAMBLE } from '../dist/devices/idcard/framing.js';
import {
  SAM_COMMANDS,
  cardData,
  requestFrame,
  responseBody,
} from '../dist/devices/idcard/protocol.js';
import { renderTicketJob } from '../dist/devices/printer/index.js';
import { EscPosParser, TEST_CARDS, parseReceipts } from '../dist/devices/sim/index.js';

/** A generous bound per input: a parser taking this long on a few kB is stuck, not slow. */
const MAX_MS_PER_INPUT = 1000;
/** No progress for this long: a real hang; the watchdog prints the input and kills the run. */
const HANG_S = 30;
/** Inputs tried while shrinking a counterexample before settling for the smallest so far. */
const SHRINK_BUDGET = 20_000;
/** escpos-parser.ts MAX_BUFFERED_BLOCK: the longest GS ( k block kept whole. */
const ESCPOS_MAX_PENDING = 0xffff + 5;
/** line-composer.ts MAX_LINE_BYTES: "Longest line kept … this bounds memory under garbage". */
const ESCPOS_MAX_LINE = 1024;

// ---------------------------------------------------------------------------------------------
// Inputs

const concat = (parts) => Uint8Array.from(parts.flatMap((part) => [...part]));
const fromHex = (text) => Uint8Array.from(Buffer.from(text, 'hex'));
const hex = (bytes) =>
  Buffer.from(bytes)
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1 ');

/** Chunk boundaries: random cut offsets, or a fixed chunk size (1 byte at a time included). */
const chunkingArb = fc.oneof(
  fc.record({ cuts: fc.array(fc.nat(), { maxLength: 24 }) }),
  fc.record({ size: fc.integer({ min: 1, max: 64 }) }),
);

function chunksOf(stream, chunking) {
  if (chunking.size !== undefined) {
    const chunks = [];
    for (let at = 0; at < stream.length; at += chunking.size) {
      chunks.push(stream.subarray(at, at + chunking.size));
    }
    return chunks;
  }
  const points = [...new Set(chunking.cuts.map((c) => c % (stream.length + 1)))].sort(
    (a, b) => a - b,
  );
  const chunks = [];
  let from = 0;
  for (const point of [...points, stream.length]) {
    chunks.push(stream.subarray(from, point));
    from = point;
  }
  return chunks;
}

/** Edits applied in order to a valid stream: flips, overwrites, inserts, deletes, cuts, copies. */
const mutationArb = (insertable) =>
  fc.oneof(
    fc.record({ kind: fc.constant('flip'), at: fc.nat(), value: fc.integer({ min: 1, max: 255 }) }),
    fc.record({ kind: fc.constant('set'), at: fc.nat(), value: fc.nat({ max: 255 }) }),
    fc.record({
      kind: fc.constant('insert'),
      at: fc.nat(),
      bytes: fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 16 }), insertable),
    }),
    fc.record({
      kind: fc.constant('delete'),
      at: fc.nat(),
      length: fc.integer({ min: 1, max: 16 }),
    }),
    fc.record({ kind: fc.constant('truncate'), at: fc.nat() }),
    fc.record({
      kind: fc.constant('copy'),
      at: fc.nat(),
      length: fc.integer({ min: 1, max: 300 }),
    }),
  );

function mutate(base, mutations) {
  const bytes = [...base];
  for (const m of mutations) {
    const at = m.at % (bytes.length + 1);
    if (m.kind === 'flip' && bytes.length > 0) bytes[at % bytes.length] ^= m.value;
    else if (m.kind === 'set' && bytes.length > 0) bytes[at % bytes.length] = m.value;
    else if (m.kind === 'insert') bytes.splice(at, 0, ...m.bytes);
    else if (m.kind === 'delete') bytes.splice(at, m.length);
    else if (m.kind === 'truncate') bytes.length = at;
    else if (m.kind === 'copy') bytes.splice(at, 0, ...bytes.slice(at, at + m.length));
  }
  return Uint8Array.from(bytes);
}

// SAM: the kiosk's requests, short answers, and read answers of the virtual reader's cards.
const samRequests = Object.keys(SAM_COMMANDS).map((command) => requestFrame(command));
const samShortAnswers = [
  buildFrame(responseBody('ok')),
  buildFrame(responseBody('noCard')),
  buildFrame(responseBody('cardFound', new Uint8Array(4))),
  buildFrame(responseBody('ok', new Uint8Array(8))),
  buildFrame(
    responseBody(
      'ok',
      Uint8Array.from({ length: 16 }, (_, i) => i * 17),
    ),
  ),
  buildFrame(responseBody('readFailed')),
  buildFrame(responseBody('samSelfTestFailed')),
];
const samReadAnswers = TEST_CARDS.flatMap((card) => [
  buildFrame(responseBody('ok', cardData(card, false))),
  buildFrame(responseBody('ok', cardData(card, true))),
]);
const preambleBits = fc.constantFrom(
  Uint8Array.from(PREAMBLE),
  Uint8Array.from(PREAMBLE.slice(0, 3)),
  Uint8Array.from([...PREAMBLE, 0x00, 0x03]),
  Uint8Array.from([...PREAMBLE, 0x09, 0x60]), // the largest length the parser waits for
  Uint8Array.from([...PREAMBLE, 0x09, 0x61]), // one more: impossible
  Uint8Array.from([...PREAMBLE, 0xff, 0xff]),
);
const samNoiseArb = fc
  .array(
    fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 32 }),
      preambleBits,
      fc
        .tuple(fc.integer({ min: 0, max: 0x0a }), fc.nat({ max: 255 }))
        .map(([h, l]) => Uint8Array.from([...PREAMBLE, h, l])),
      fc.uint8Array({ minLength: 2, maxLength: 40 }).map((body) => buildFrame(body)),
    ),
    { maxLength: 24 },
  )
  .map(concat);

/**
 * Long noise (2–8 kB, longer than a maximal frame) with a preamble and a random length every few
 * hundred bytes: fills the parser's buffer to its bound. Drawn from a seeded xorshift so that
 * fast-check need not generate (or shrink) kilobytes byte by byte; it shrinks the length.
 */
const samLongNoiseArb = fc
  .record({
    seed: fc.integer({ min: 1 }),
    length: fc.integer({ min: 2 * 1024, max: 8 * 1024 }),
    preambleEvery: fc.integer({ min: 16, max: 1024 }),
  })
  .map(({ seed, length, preambleEvery }) => {
    let x = seed;
    const next = () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), x >>> 0);
    const bytes = Uint8Array.from({ length }, () => next() & 0xff);
    for (let at = next() % preambleEvery; at + 7 <= length; at += 1 + (next() % preambleEvery)) {
      bytes.set(PREAMBLE, at);
      bytes[at + 5] = next() % 0x0b; // LEN up to 0x0aff: possible, or just beyond 2400
    }
    return bytes;
  });

// ESC/POS: ticket jobs as the driver renders them, and the bytes that steer the parser.
const layout = (number, qrPayload, footer) => ({
  branchName: '中国XX银行 北京朝阳支行',
  businessTypeName: '个人业务',
  number,
  waitingAheadText: '前面还有 12 人等候',
  issuedAtText: '2025-03-01 09:30',
  qrPayload,
  footerLines: [footer, 'Please wait for your number'],
});
const ticketJobs = [
  renderTicketJob(
    layout('A023', 'https://queue.example-bank.cn/t/0190e8a2?n=A023', '请留意叫号 𠀀'),
  ),
  renderTicketJob(layout('B104', '', '请留意叫号，过号请重新取号')),
];
/** Command prefixes, whole and cut short: ESC, GS, FS, DLE, GS ( k with the longest length, … */
const escposPrefixes = fc.constantFrom(
  ...'1b 1d 1c 10 1b40 1c26 1c2e 1d286b 1d286bffff 1d763000 1d384c 1b2a21 1b44 1d6b49 1d5642 101408 100401 0a'
    .split(' ')
    .map(fromHex),
);
const interestingByte = fc.constantFrom(...fromHex('1b1d1c1004286b560a00ff'));
/** Lines built from text runs, Chinese mode switches and style commands, rarely ended. */
const lineFragmentArb = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.uint8Array({ minLength: 1, maxLength: 120, min: 0x20, max: 0xfe, size: 'max' }),
  },
  { weight: 2, arbitrary: fc.constantFrom(Uint8Array.of(0x1c, 0x26), Uint8Array.of(0x1c, 0x2e)) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom([0x1b, 0x21], [0x1d, 0x21], [0x1b, 0x61], [0x1b, 0x45]), fc.nat(255))
      .map(([command, n]) => Uint8Array.from([...command, n])),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(Uint8Array.of(0x0a), Uint8Array.of(0x09), Uint8Array.of(0x0d)),
  },
);

// ---------------------------------------------------------------------------------------------
// Checks

function check(condition, message) {
  if (!condition) throw new Error(message);
}

/** Feeds the SAM parser; the buffer bound after every chunk; then drains it as on a timeout. */
function feedSam(chunks) {
  const parser = new SamFrameParser();
  const units = [];
  const start = performance.now();
  for (const chunk of chunks) {
    for (const unit of parser.push(chunk)) units.push(unit);
    check(parser.bufferedBytes <= MAX_FRAME_BYTES, `SAM parser holds ${parser.bufferedBytes} B`);
  }
  // The line goes quiet: the driver gives up on what is held; each call must make progress.
  let rounds = 0;
  while (parser.bufferedBytes > 0) {
    const held = parser.bufferedBytes;
    for (const unit of parser.giveUpPartial()) units.push(unit);
    check(parser.bufferedBytes < held, `giveUpPartial() left ${held} B held`);
    check((rounds += 1) <= MAX_FRAME_BYTES, 'giveUpPartial() never empties the buffer');
  }
  const ms = performance.now() - start;
  check(ms <= MAX_MS_PER_INPUT, `SAM parser took ${ms.toFixed(0)} ms on one input`);
  return units;
}

/** No false frame: every frame has a possible length, and its re-encoding is in the stream. */
function checkSamFrames(stream, units) {
  const haystack = Buffer.from(stream.buffer, stream.byteOffset, stream.length);
  for (const unit of units) {
    if (unit.kind === 'rejected') {
      check(['badChecksum', 'impossibleLength'].includes(unit.reason), `rejection ${unit.reason}`);
      continue;
    }
    check(unit.kind === 'frame', `unit kind ${unit.kind}`);
    const lengthField = unit.body.length + 1;
    check(
      lengthField >= MIN_LENGTH_FIELD && lengthField <= MAX_LENGTH_FIELD,
      `frame with LEN ${lengthField}`,
    );
    const encoded = buildFrame(unit.body);
    check(haystack.includes(encoded), `frame ${hex(encoded)} is not in the stream`);
  }
}

function samProperty(chunks, stream) {
  checkSamFrames(stream, feedSam(chunks));
}

/** Feeds the ESC/POS parser; the documented bounds after every chunk; parseReceipts as well. */
function escposProperty(chunks, chineseByDefault) {
  const parser = new EscPosParser({ chineseByDefault });
  const start = performance.now();
  for (const chunk of chunks) {
    const events = parser.push(chunk);
    check(Array.isArray(events), 'push() did not return events');
    // TypeScript `private` fields are plain properties in the compiled code: the parser exposes
    // no size getter, so the fuzz reads what it holds directly.
    const pending = parser.pending.length;
    const line = parser.line.textBytes.length + parser.line.lineText.length;
    check(pending <= ESCPOS_MAX_PENDING, `ESC/POS parser holds ${pending} B of a command`);
    check(line <= ESCPOS_MAX_LINE, `ESC/POS parser holds a line of ${line} B/chars`);
  }
  parseReceipts(chunks, { chineseByDefault });
  const ms = performance.now() - start;
  check(ms <= MAX_MS_PER_INPUT, `ESC/POS parser took ${ms.toFixed(0)} ms on one input`);
}

// ---------------------------------------------------------------------------------------------
// Properties: name, runs (of 10^6), arbitrary, and how one input becomes a chunked stream.

const PROPERTIES = [
  {
    name: 'sam.random',
    runs: 200_000,
    arb: fc.tuple(
      fc.oneof(fc.uint8Array({ maxLength: 512, size: 'medium' }), samNoiseArb, samLongNoiseArb),
      chunkingArb,
    ),
    stream: ([bytes]) => bytes,
    run: samProperty,
  },
  {
    name: 'sam.mutatedFrames',
    runs: 200_000,
    arb: fc.tuple(
      fc.array(fc.constantFrom(...samRequests, ...samShortAnswers), { minLength: 1, maxLength: 8 }),
      fc.array(mutationArb(preambleBits), { minLength: 1, maxLength: 6 }),
      chunkingArb,
    ),
    stream: ([frames, mutations]) => mutate(concat(frames), mutations),
    run: samProperty,
  },
  {
    name: 'sam.mutatedReadAnswers',
    runs: 150_000,
    arb: fc.tuple(
      fc.array(fc.constantFrom(...samReadAnswers), { minLength: 1, maxLength: 2 }),
      fc.array(mutationArb(preambleBits), { minLength: 1, maxLength: 8 }),
      chunkingArb,
    ),
    stream: ([frames, mutations]) => mutate(concat(frames), mutations),
    run: samProperty,
  },
  {
    name: 'escpos.random',
    runs: 150_000,
    arb: fc.tuple(
      fc.oneof(
        fc.uint8Array({ maxLength: 1024, size: 'medium' }),
        fc
          .array(fc.oneof(interestingByte, fc.nat(255)), { maxLength: 600 })
          .map((v) => Uint8Array.from(v)),
        fc
          .array(fc.oneof(escposPrefixes, fc.uint8Array({ maxLength: 8 })), { maxLength: 40 })
          .map(concat),
      ),
      chunkingArb,
      fc.boolean(),
    ),
    stream: ([bytes]) => bytes,
    run: (chunks, stream, [, , chinese]) => escposProperty(chunks, chinese),
  },
  {
    name: 'escpos.mutatedTicket',
    runs: 200_000,
    arb: fc.tuple(
      fc.array(fc.constantFrom(...ticketJobs), { minLength: 1, maxLength: 3 }),
      fc.array(mutationArb(escposPrefixes), { minLength: 1, maxLength: 8 }),
      chunkingArb,
      fc.boolean(),
    ),
    stream: ([jobs, mutations]) => mutate(concat(jobs), mutations),
    run: (chunks, stream, [, , , chinese]) => escposProperty(chunks, chinese),
  },
  {
    name: 'escpos.longLines',
    runs: 100_000,
    arb: fc.tuple(
      fc.array(lineFragmentArb, { maxLength: 80, size: 'max' }),
      chunkingArb,
      fc.boolean(),
    ),
    stream: ([fragments]) => concat(fragments),
    run: (chunks, stream, [, , chinese]) => escposProperty(chunks, chinese),
  },
];

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

/** The chunking record among an input's arguments. */
function chunkingOf(args) {
  return (
    args.find((a) => a && typeof a === 'object' && ('cuts' in a || 'size' in a)) ?? { cuts: [] }
  );
}

main();
