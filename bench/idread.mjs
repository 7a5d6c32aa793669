// ID-card read over a real pseudo-terminal pair (socat), through the real serialport binding on
// both ends: IdCardReader (driver) ↔ VirtualIdReader (simulator) with a resident ID card on it.
// readCard() runs find (20 01) → select (20 02) → read text+photo (30 01) and resolves with the
// parsed identity; timed from the call until it resolves.
import { IdCardReader, wipeCardRead } from '../dist/devices/idcard/index.js';
import { TEST_CARDS, VirtualIdReader } from '../dist/devices/sim/index.js';
import { openPtyPair, SerialTransport } from '../dist/devices/transport/index.js';
import { withCheckCharacter } from '../dist/src/domain/id-number.js';
import { wireMs } from './printer.mjs';
import { round, since, summarize } from './stats.mjs';
import { withScope } from './scope.mjs';

const BAUD = 115200;
/** design.md §8: host overhead beyond wire time per read. */
const TARGET_OVERHEAD_MS = 10;

/** The card the simulator holds (virtual-id-reader-cards.ts RESIDENT_CARD) and what it says. */
const CARD = TEST_CARDS[0];
const EXPECTED = { name: '王𠀀', idNumber: withCheckCharacter('11010119900307787') };

export async function benchIdRead({ quick, log }) {
  const warmup = quick ? 5 : 20;
  const runs = quick ? 30 : 300;

  return withScope('idread', async (scope) => {
    const pair = await openPtyPair();
    scope.add('stop socat', () => pair.close());
    const readerEnd = new SerialTransport({ path: pair.a, baudRate: BAUD });
    const hostEnd = new SerialTransport({ path: pair.b, baudRate: BAUD });
    const sim = new VirtualIdReader(readerEnd);
    const reader = new IdCardReader(hostEnd);
    scope.add('close the virtual reader', () => sim.close());
    scope.add('close the driver', () => reader.close());

    // Count the bytes that actually cross the line in each direction.
    let toReader = 0;
    let toHost = 0;
    readerEnd.onData((chunk) => (toReader += chunk.length));
    hostEnd.onData((chunk) => (toHost += chunk.length));

    await sim.open();
    await reader.open();
    sim.placeCard(CARD);
    log(`idread: socat pty pair ${pair.a} ↔ ${pair.b}; ${warmup} warm-up + ${runs} reads`);

    const readOne = async () => {
      const before = { toReader, toHost, commands: sim.commands().length };
      const start = performance.now();
      const outcome = await reader.readCard();
      const ms = since(start);
      if (outcome.outcome !== 'read') throw new Error(`read ended ${JSON.stringify(outcome)}`);
      const { identity } = outcome.card;
      if (
        !identity.ok ||
        identity.identity.name !== EXPECTED.name ||
        identity.identity.idNumber !== EXPECTED.idNumber ||
        outcome.card.photo.length !== CARD.photo.length ||
        !outcome.card.photo.every((byte, i) => byte === CARD.photo[i])
      ) {
        throw new Error('the card read did not come back as the card on the reader');
      }
      const commands = sim.commands().slice(before.commands);
      if (commands.join() !== 'findCard,selectCard,readText') {
        throw new Error(`the reader saw ${commands.join(', ')}`);
      }
      wipeCardRead(outcome.card);
      return { ms, hostToReader: toReader - before.toReader, readerToHost: toHost - before.toHost };
    };

    for (let i = 0; i < warmup; i++) await readOne();
    const samples = [];
    for (let i = 0; i < runs; i++) samples.push(await readOne());

    const ms = summarize(samples.map((s) => s.ms));
    const hostToReader = summarize(
      samples.map((s) => s.hostToReader),
      0,
    );
    const readerToHost = summarize(
      samples.map((s) => s.readerToHost),
      0,
    );
    const lineBytes = hostToReader.median + readerToHost.median;
    if (hostToReader.min !== hostToReader.max || readerToHost.min !== readerToHost.max) {
      throw new Error('the bytes on the line differ between reads');
    }
    const wire = round(wireMs(lineBytes, BAUD), 2);
    // A pty ignores the baud rate: what it measures is the host's path alone (driver, serialport,
    // kernel pty, simulator), i.e. the overhead a real line adds its wire time to.
    const overhead = { median: ms.median, p95: ms.p95 };
    const met = ms.p95 <= TARGET_OVERHEAD_MS;
    log(
      `idread: ${lineBytes} B on the line per read (wire ${wire} ms @${BAUD}); measured median ` +
        `${ms.median} ms, p95 ${ms.p95} ms = host overhead; target ≤ ${TARGET_OVERHEAD_MS} ms ` +
        `${met ? 'met' : 'NOT met'}; expected on a real line ≈ ${round(wire + ms.median, 1)} ms`,
    );

    return {
      what:
        'readCard() (find → select → read text+photo) from call until the parsed identity, ' +
        'socat pty pair, SerialTransport on both ends, IdCardReader ↔ VirtualIdReader',
      warmup,
      ms,
      bytes: { hostToReader, readerToHost, onTheLinePerRead: lineBytes },
      wireMs115200: wire,
      hostOverheadMs: overhead,
      targetOverheadMs: TARGET_OVERHEAD_MS,
      targetMet: met,
      expectedOnRealLineMs: round(wire + ms.median, 2),
      discardedUnits: reader.discardedCount,
      rejectedRequests: sim.rejectedRequestCount,
    };
  });
}
