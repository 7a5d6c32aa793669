// Parser throughput, in process, no I/O:
// - the SAM frame parser (SamFrameParser, the ID-card driver's) on a stream of read answers
//   (30 01: text + photo, 1295 bytes a frame), fed in 64-byte chunks (what a USB-serial adapter
//   tends to deliver) and in 4 KiB chunks;
// - the virtual printer's ESC/POS parser (EscPosParser) on a stream of ticket jobs as the driver
//   renders them (renderTicketJob), in the same two chunk sizes.
// Each run checks what came out (every frame, every cut and QR code), so a fast figure from a
// parser that lost bytes fails instead of being reported.
import { SamFrameParser, buildFrame } from '../dist/devices/idcard/index.js';
import { cardData, responseBody } from '../dist/devices/idcard/protocol.js';
import { renderTicketJob } from '../dist/devices/printer/index.js';
import { EscPosParser, TEST_CARDS, parseReceipts } from '../dist/devices/sim/index.js';
import { ticketLayoutFor } from './printer.mjs';
import { round, since, summarize } from './stats.mjs';

const CHUNK_SIZES = [64, 4096];

function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function chunked(stream, size) {
  const chunks = [];
  for (let at = 0; at < stream.length; at += size) chunks.push(stream.subarray(at, at + size));
  return chunks;
}

/** Runs `once(chunks)` `runs` times per chunk size; MB/s (10^6 bytes) per run, summarized. */
function throughput(stream, runs, once) {
  const out = {};
  for (const size of CHUNK_SIZES) {
    const chunks = chunked(stream, size);
    once(chunks); // warm-up (and a first check)
    const mbPerS = [];
    for (let r = 0; r < runs; r++) {
      const start = performance.now();
      once(chunks);
      mbPerS.push(stream.length / 1e6 / (since(start) / 1000));
    }
    out[`chunk${size}`] = summarize(mbPerS, 1);
  }
  return out;
}

function benchSam(runs, answers) {
  const frames = TEST_CARDS.slice(0, 4).map((card) =>
    buildFrame(responseBody('ok', cardData(card, false))),
  );
  const stream = concat(Array.from({ length: answers }, (_, i) => frames[i % frames.length]));
  const once = (chunks) => {
    const parser = new SamFrameParser();
    let found = 0;
    let bytes = 0;
    for (const chunk of chunks) {
      for (const unit of parser.push(chunk)) {
        if (unit.kind !== 'frame') throw new Error(`SAM parser: ${unit.reason} in a clean stream`);
        // Body = the frame less its 7-byte header and checksum; compare the photo's last byte.
        const frame = frames[found % frames.length];
        if (
          unit.body.length !== frame.length - 8 ||
          unit.body[unit.body.length - 1] !== frame[frame.length - 2]
        ) {
          throw new Error(`SAM parser: frame ${found} came out wrong`);
        }
        found += 1;
        bytes += unit.body.length + 8;
      }
    }
    if (found !== answers || bytes !== stream.length || parser.bufferedBytes !== 0) {
      throw new Error(`SAM parser: ${found} of ${answers} frames found`);
    }
  };
  return {
    streamBytes: stream.length,
    frameBytes: frames[0].length,
    answers,
    ...throughput(stream, runs, once),
  };
}

function benchEscPos(runs, jobs) {
  const layouts = Array.from({ length: 16 }, (_, i) => ticketLayoutFor(i));
  const rendered = layouts.map((layout) => renderTicketJob(layout));
  const stream = concat(Array.from({ length: jobs }, (_, i) => rendered[i % rendered.length]));
  const once = (chunks) => {
    const parser = new EscPosParser();
    let cuts = 0;
    let qrs = 0;
    for (const chunk of chunks) {
      for (const event of parser.push(chunk)) {
        if (event.type === 'cut') cuts += 1;
        else if (event.type === 'qr') {
          if (event.payload !== layouts[qrs % layouts.length].qrPayload) {
            throw new Error(`ESC/POS parser: QR code ${qrs} came out wrong`);
          }
          qrs += 1;
        } else if (event.type === 'unknownCommand') {
          throw new Error(`ESC/POS parser: unknown command ${event.bytes} in a ticket job`);
        }
      }
    }
    if (cuts !== jobs || qrs !== jobs) {
      throw new Error(`ESC/POS parser: ${cuts} cuts, ${qrs} QR codes for ${jobs} tickets`);
    }
  };
  // The receipts themselves, once: every ticket's number is on its receipt.
  const receipts = parseReceipts(chunked(stream, 64));
  if (
    receipts.length !== jobs ||
    receipts.some(
      (receipt, i) => !receipt.lines.some((l) => l.text === layouts[i % layouts.length].number),
    )
  ) {
    throw new Error('ESC/POS parser: the receipts do not carry their ticket numbers');
  }
  return {
    streamBytes: stream.length,
    jobBytes: summarize(
      rendered.map((job) => job.length),
      0,
    ),
    jobs,
    ...throughput(stream, runs, once),
  };
}

export async function benchParsers({ quick, log }) {
  const runs = quick ? 3 : 9;
  const sam = benchSam(runs, quick ? 500 : 4000);
  log(
    `parsers: SAM ${round(sam.streamBytes / 1e6, 2)} MB of read answers: ` +
      `${sam.chunk64.median} MB/s in 64 B chunks, ${sam.chunk4096.median} MB/s in 4 KiB chunks`,
  );
  const escpos = benchEscPos(runs, quick ? 1000 : 8000);
  log(
    `parsers: ESC/POS ${round(escpos.streamBytes / 1e6, 2)} MB of ticket jobs: ` +
      `${escpos.chunk64.median} MB/s in 64 B chunks, ${escpos.chunk4096.median} MB/s in 4 KiB chunks`,
  );
  return {
    what:
      'MB/s (10^6 B/s) through SamFrameParser.push (read answers 30 01) and EscPosParser.push ' +
      `(ticket jobs), in ${CHUNK_SIZES.join(' and ')} byte chunks, median of ${runs} runs`,
    runs,
    sam,
    escpos,
  };
}
