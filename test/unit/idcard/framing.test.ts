/**
 * SAM framing (design.md §4.2): golden bytes, a real-size answer split at every offset, garbage
 * before and inside frames, and typed rejections.
 */
import { describe, expect, it } from 'vitest';
import { MAX_FRAME_BYTES, SamFrameParser, buildFrame } from '../../../devices/idcard/framing.js';
import type { SamUnit } from '../../../devices/idcard/framing.js';
import { cardData, requestFrame, responseBody } from '../../../devices/idcard/protocol.js';
import { fromHex as bytes, hex } from '../devices/hex.js';

/** A 1295-byte `30 01` answer with recognisable text and photo bytes. */
function readAnswer(): Uint8Array {
  const text = Uint8Array.from({ length: 256 }, (_, i) => (i * 7) & 0xff);
  const photo = Uint8Array.from({ length: 1024 }, (_, i) => (i * 13 + 5) & 0xff);
  return buildFrame(responseBody('ok', cardData({ text, photo }, false)));
}

const frames = (units: readonly SamUnit[]): string[] =>
  units.flatMap((u) => (u.kind === 'frame' ? [hex(u.body)] : []));

describe('SAM frame builder', () => {
  it('builds the golden request frames', () => {
    expect(hex(requestFrame('findCard'))).toBe('AA AA AA 96 69 00 03 20 01 22');
    expect(hex(requestFrame('selectCard'))).toBe('AA AA AA 96 69 00 03 20 02 21');
    expect(hex(requestFrame('readText'))).toBe('AA AA AA 96 69 00 03 30 01 32');
    expect(hex(requestFrame('readTextFingerprint'))).toBe('AA AA AA 96 69 00 03 30 10 23');
    expect(hex(requestFrame('resetSam'))).toBe('AA AA AA 96 69 00 03 10 FF EC');
    expect(hex(requestFrame('samStatus'))).toBe('AA AA AA 96 69 00 03 11 FF ED');
    expect(hex(requestFrame('samId'))).toBe('AA AA AA 96 69 00 03 12 FF EE');
  });

  it('builds the golden answers: card found, no card, select ok', () => {
    // Captured shape of a CVR-100D "card found": SW 00 00 9F and four zero bytes.
    expect(hex(buildFrame(responseBody('cardFound', new Uint8Array(4))))).toBe(
      'AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97',
    );
    expect(hex(buildFrame(responseBody('noCard')))).toBe('AA AA AA 96 69 00 04 00 00 80 84');
    expect(hex(buildFrame(responseBody('ok', new Uint8Array(8))))).toBe(
      'AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C',
    );
  });

  it('lays out the 1295-byte read answer as design.md §4.2 says', () => {
    const frame = readAnswer();
    expect(frame.length).toBe(1295);
    expect(hex(frame.subarray(5, 7))).toBe('05 08');
    expect(frame[9]).toBe(0x90); // SW3 at offset 7 + 2
    expect(hex(frame.subarray(10, 14))).toBe('01 00 04 00');
    expect(frame[14]).toBe(0); // text from 14
    expect(frame[15]).toBe(7);
    expect(frame[270]).toBe(5); // photo from 270
  });

  it('refuses a body it cannot frame', () => {
    expect(() => buildFrame([0x20])).toThrow(RangeError);
    expect(() => buildFrame(new Uint8Array(3000))).toThrow(RangeError);
  });
});

describe('SAM frame parser', () => {
  it('finds a golden frame', () => {
    const parser = new SamFrameParser();
    expect(parser.push(bytes('AA AA AA 96 69 00 03 20 01 22'))).toEqual([
      { kind: 'frame', body: bytes('20 01') },
    ]);
    expect(parser.bufferedBytes).toBe(0);
  });

  it('finds a real-size answer split at every offset, and at every pair of offsets', () => {
    const frame = readAnswer();
    const body = hex(frame.subarray(7, frame.length - 1));
    for (let cut = 0; cut <= frame.length; cut += 1) {
      const parser = new SamFrameParser();
      const units = [...parser.push(frame.subarray(0, cut)), ...parser.push(frame.subarray(cut))];
      expect(frames(units)).toEqual([body]);
      expect(parser.bufferedBytes).toBe(0);
    }
    for (let a = 0; a < frame.length; a += 37) {
      for (let b = a; b <= frame.length; b += 11) {
        const parser = new SamFrameParser();
        const units = [
          ...parser.push(frame.subarray(0, a)),
          ...parser.push(frame.subarray(a, b)),
          ...parser.push(frame.subarray(b)),
        ];
        expect(units).toHaveLength(1);
      }
    }
  });

  it('finds frames byte by byte and several frames in one chunk', () => {
    const stream = new Uint8Array([...requestFrame('findCard'), ...requestFrame('selectCard')]);
    const parser = new SamFrameParser();
    const units = [...stream].flatMap((b) => parser.push(Uint8Array.of(b)));
    expect(frames(units)).toEqual(['20 01', '20 02']);
    expect(frames(new SamFrameParser().push(stream))).toEqual(['20 01', '20 02']);
  });

  it('skips garbage before a frame, including preamble look-alikes', () => {
    const parser = new SamFrameParser();
    const garbage = bytes('00 FF AA AA 96 AA AA AA AA 96 68 AA');
    const units = parser.push(new Uint8Array([...garbage, ...requestFrame('findCard')]));
    expect(units).toEqual([{ kind: 'frame', body: bytes('20 01') }]);
    expect(parser.skippedBytes).toBe(garbage.length);
  });

  it('finds a frame that starts inside a fake frame with a bad checksum', () => {
    // A preamble in the garbage claims 10 bytes; the real frame starts inside them.
    const fake = bytes('AA AA AA 96 69 00 0A 01');
    const units = new SamFrameParser().push(
      new Uint8Array([...fake, ...requestFrame('findCard'), ...requestFrame('selectCard')]),
    );
    expect(units[0]).toEqual({ kind: 'rejected', reason: 'badChecksum', lengthField: 10 });
    expect(frames(units)).toEqual(['20 01', '20 02']);
  });

  it('rejects a bad checksum with a typed reason, then resynchronises', () => {
    const bad = requestFrame('findCard');
    bad[9] = 0x22 ^ 0x01;
    const parser = new SamFrameParser();
    const units = parser.push(new Uint8Array([...bad, ...requestFrame('selectCard')]));
    expect(units).toEqual([
      { kind: 'rejected', reason: 'badChecksum', lengthField: 3 },
      { kind: 'frame', body: bytes('20 02') },
    ]);
  });

  it('rejects an impossible length at once instead of waiting for it', () => {
    const parser = new SamFrameParser();
    expect(parser.push(bytes('AA AA AA 96 69 FF FF 00'))).toEqual([
      { kind: 'rejected', reason: 'impossibleLength', lengthField: 0xffff },
    ]);
    expect(parser.push(bytes('AA AA AA 96 69 00 02 20 01'))).toEqual([
      { kind: 'rejected', reason: 'impossibleLength', lengthField: 2 },
    ]);
    expect(parser.bufferedBytes).toBeLessThan(7);
  });

  it('holds at most one maximal frame, whatever arrives', () => {
    const parser = new SamFrameParser();
    // A plausible length with a body that never ends: held until it is complete, then refused.
    parser.push(bytes('AA AA AA 96 69 09 60'));
    for (let i = 0; i < 10; i += 1) {
      parser.push(new Uint8Array(1000).fill(0x55));
      expect(parser.bufferedBytes).toBeLessThanOrEqual(MAX_FRAME_BYTES);
    }
    parser.push(requestFrame('findCard'));
    expect(frames(parser.push(requestFrame('selectCard')))).toEqual(['20 02']);
  });

  it('forgets a partial frame on reset', () => {
    const parser = new SamFrameParser();
    parser.push(requestFrame('findCard').subarray(0, 6));
    parser.reset();
    expect(parser.bufferedBytes).toBe(0);
    expect(frames(parser.push(requestFrame('selectCard')))).toEqual(['20 02']);
  });
});
