// The inputs and properties of `npm run fuzz` (scripts/fuzz.mjs runs them): how each input is
// generated, how it becomes a chunked byte stream, and what must hold for it. Needs dist/.
import fc from 'fast-check';
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
/** escpos-parser.ts MAX_BUFFERED_BLOCK: the longest GS ( k block kept whole. */
const ESCPOS_MAX_PENDING = 0xffff + 5;
/** line-composer.ts MAX_LINE_BYTES: "Longest line kept … this bounds memory under garbage". */
const ESCPOS_MAX_LINE = 1024;

// ---------------------------------------------------------------------------------------------
// Inputs

const concat = (parts) => Uint8Array.from(parts.flatMap((part) => [...part]));
const fromHex = (text) => Uint8Array.from(Buffer.from(text, 'hex'));
export const hex = (bytes) =>
  Buffer.from(bytes)
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1 ');

/** Chunk boundaries: random cut offsets, or a fixed chunk size (1 byte at a time included). */
const chunkingArb = fc.oneof(
  fc.record({ cuts: fc.array(fc.nat(), { maxLength: 24 }) }),
  fc.record({ size: fc.integer({ min: 1, max: 64 }) }),
);

export function chunksOf(stream, chunking) {
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

export const PROPERTIES = [
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

/** The chunking record among an input's arguments. */
export function chunkingOf(args) {
  return (
    args.find((a) => a && typeof a === 'object' && ('cuts' in a || 'size' in a)) ?? { cuts: [] }
  );
}
