/**
 * The virtual ID reader alone, spoken to in raw bytes (no driver): golden answers, the read
 * answer's layout, refusals of damaged and unknown requests, and what each fault does to bytes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SamFrameParser, buildFrame } from '../../../devices/idcard/framing.js';
import type { SamUnit } from '../../../devices/idcard/framing.js';
import { requestFrame } from '../../../devices/idcard/protocol.js';
import type { SamCommand } from '../../../devices/idcard/protocol.js';
import { RESIDENT_CARD } from '../../../devices/sim/virtual-id-reader-cards.js';
import { VirtualIdReader } from '../../../devices/sim/virtual-id-reader.js';
import type { ByteTransport } from '../../../devices/transport/byte-transport.js';
import { createInProcessTransportPair } from '../../../devices/transport/in-process.js';
import { fromHex, hex } from '../devices/hex.js';

let host: ByteTransport;
let sim: VirtualIdReader;
let received: Uint8Array[];

beforeEach(async () => {
  const [a, b] = createInProcessTransportPair({ maxChunkSize: 1 << 12 });
  host = a;
  sim = new VirtualIdReader(b, { splitPauseMs: 1 });
  received = [];
  host.onData((chunk) => received.push(chunk));
  await sim.open();
  await host.open();
});

afterEach(async () => {
  await host.close();
  await sim.close();
});

const allBytes = (): Uint8Array => Uint8Array.from(received.flatMap((c) => [...c]));

/** Sends raw bytes; resolves with what comes back once it holds `frames` units (frames or rejections). */
async function ask(bytes: Uint8Array, frames = 1): Promise<{ raw: Uint8Array; units: SamUnit[] }> {
  received = [];
  await host.write(bytes);
  for (;;) {
    const units = new SamFrameParser().push(allBytes());
    if (units.length >= frames) {
      return { raw: allBytes(), units };
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

const say = async (command: SamCommand): Promise<string> =>
  hex((await ask(requestFrame(command))).raw);

describe('virtual ID reader', () => {
  it('answers find card with the golden frames, with and without a card', async () => {
    expect(await say('findCard')).toBe('AA AA AA 96 69 00 04 00 00 80 84');
    sim.placeCard(RESIDENT_CARD);
    expect(await say('findCard')).toBe('AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97');
    expect(await say('selectCard')).toBe(
      'AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C',
    );
    expect(await say('samStatus')).toBe('AA AA AA 96 69 00 04 00 00 90 94');
  });

  it('answers 30 01 with the 1295-byte layout: SW, lengths, text at 14, photo at 270', async () => {
    sim.placeCard(RESIDENT_CARD);
    const { raw } = await ask(requestFrame('readText'));
    expect(raw.length).toBe(1295);
    expect(hex(raw.subarray(5, 14))).toBe('05 08 00 00 90 01 00 04 00');
    expect(raw.subarray(14, 270)).toEqual(RESIDENT_CARD.text);
    expect(raw.subarray(270, 1294)).toEqual(RESIDENT_CARD.photo);
  });

  it('answers 30 10 with the fingerprint length after the photo length', async () => {
    sim.placeCard(RESIDENT_CARD);
    const { raw } = await ask(requestFrame('readTextFingerprint'));
    expect(hex(raw.subarray(10, 16))).toBe('01 00 04 00 04 00');
    expect(raw.length).toBe(7 + 3 + 6 + 256 + 1024 + 1024 + 1);
  });

  it('refuses a damaged request (10) and an unknown command (21)', async () => {
    const damaged = requestFrame('findCard');
    damaged[9] = 0x23;
    expect(hex((await ask(damaged)).raw)).toBe('AA AA AA 96 69 00 04 00 00 10 14');
    expect(sim.rejectedRequestCount).toBe(1);
    expect(hex((await ask(buildFrame(fromHex('61 FF 50')))).raw)).toBe(
      'AA AA AA 96 69 00 04 00 00 21 25',
    );
  });

  it('faults: bad checksum, garbage, split, SAM', async () => {
    sim.setFault('badChecksum');
    expect((await ask(requestFrame('samStatus'))).units).toEqual([
      { kind: 'rejected', reason: 'badChecksum', lengthField: 4 },
    ]);
    sim.setFault('garbage');
    const garbage = await ask(requestFrame('samStatus'));
    expect(garbage.raw.length).toBeGreaterThan(11);
    expect(hex(garbage.raw.subarray(-11))).toBe('AA AA AA 96 69 00 04 00 00 90 94');
    sim.setFault('splitFrames');
    sim.placeCard(RESIDENT_CARD);
    const split = await ask(requestFrame('readText'));
    expect(split.raw.length).toBe(1295);
    expect(received.length).toBeGreaterThan(3);
    sim.setFault('samFailure');
    expect(await say('findCard')).toBe('AA AA AA 96 69 00 04 00 00 60 64');
    sim.setFault('samNotAuthorized');
    expect(await say('samStatus')).toBe('AA AA AA 96 69 00 04 00 00 66 62');
  });
});
