/**
 * Automatic Status Back (GS a, design.md §4.1): the bytes of the request, the split of ASB
 * messages from replies at every chunk boundary, and what each message means in CEN/XFS words.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ASB_GAP_MS,
  AsbSplitter,
  automaticStatusBackRequest,
  rawStatusFromAsb,
} from '../../../devices/printer/asb.js';
import { isRealtimeStatusByte } from '../../../devices/printer/framing.js';
import { collapsePrinterStatus } from '../../../devices/printer/status.js';
import { asbMessage } from '../../../devices/sim/virtual-printer-status.js';
import type { VirtualPrinterSensors } from '../../../devices/sim/virtual-printer-status.js';
import { hex } from './hex.js';

const READY: VirtualPrinterSensors = {
  paper: 'full',
  coverOpen: false,
  cutterError: false,
  unrecoverableError: false,
  paperJam: false,
};

function splitAll(splitter: AsbSplitter, chunks: readonly Uint8Array[]): number[] {
  return chunks.flatMap((chunk) => [...splitter.split(chunk)]);
}

describe('GS a n', () => {
  it('asks for online/offline, error and paper sensor changes: 1D 61 0E', () => {
    expect(hex(automaticStatusBackRequest())).toBe('1D 61 0E');
    expect(hex(automaticStatusBackRequest(0))).toBe('1D 61 00');
    expect(() => automaticStatusBackRequest(256)).toThrow(RangeError);
  });
});

describe('AsbSplitter', () => {
  // Paper near end: header 0x10, no error, near-end bits, reserved.
  const message = [0x10, 0x00, 0x03, 0x00];
  // A DLE EOT 4 reply (0x12), a GS r 1 reply (0x00) and an XOFF-like byte around it.
  const stream = [0x12, ...message, 0x00, 0x1e];

  it('takes a message out whole and passes every other byte, at every chunk boundary', () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      for (let cut2 = cut; cut2 <= stream.length; cut2++) {
        const messages: string[] = [];
        const splitter = new AsbSplitter((m) => messages.push(hex(m)));
        const out = splitAll(splitter, [
          Uint8Array.from(stream.slice(0, cut)),
          Uint8Array.from(stream.slice(cut, cut2)),
          Uint8Array.from(stream.slice(cut2)),
        ]);
        expect(out).toEqual([0x12, 0x00, 0x1e]);
        expect(messages).toEqual(['10 00 03 00']);
      }
    }
  });

  it('a DLE EOT reply sent between two bytes of a message still reaches its request', () => {
    const messages: string[] = [];
    const splitter = new AsbSplitter((m) => messages.push(hex(m)));
    const out = splitAll(splitter, [Uint8Array.of(0x10, 0x00, 0x16, 0x03, 0x00)]);
    expect(out).toEqual([0x16]);
    expect(messages).toEqual(['10 00 03 00']);
  });

  it('a header whose tail never comes does not eat a later reply', () => {
    let now = 0;
    const messages: string[] = [];
    const splitter = new AsbSplitter(
      (m) => messages.push(hex(m)),
      () => now,
    );
    expect(splitAll(splitter, [Uint8Array.of(0x18, 0x00)])).toEqual([]);
    now += ASB_GAP_MS + 1;
    // The job's GS r 1 answer, long after: an answer, not the rest of the broken message.
    expect(splitAll(splitter, [Uint8Array.of(0x00)])).toEqual([0x00]);
    expect(messages).toEqual([]);
    expect(splitter.brokenCount).toBe(1);
  });

  it('a new header restarts a broken message; memory stays one message', () => {
    const messages: string[] = [];
    const splitter = new AsbSplitter((m) => messages.push(hex(m)));
    splitAll(splitter, [Uint8Array.of(0x10, 0x00, 0x38, 0x00, 0x0c, 0x00)]);
    expect(messages).toEqual(['38 00 0C 00']);
    expect(splitter.brokenCount).toBe(1);
  });
});

describe('what an ASB message means', () => {
  const collapse = (sensors: Partial<VirtualPrinterSensors>) =>
    collapsePrinterStatus(rawStatusFromAsb(asbMessage({ ...READY, ...sensors })));

  it('ready, paper low, paper out, cover open, cutter error, jam, unrecoverable', () => {
    expect(collapse({})).toEqual({
      device: 'online',
      paper: 'full',
      coverOpen: false,
      cutterError: false,
    });
    expect(collapse({ paper: 'low' })).toMatchObject({ device: 'online', paper: 'low' });
    expect(collapse({ paper: 'out' })).toMatchObject({ device: 'userError', paper: 'out' });
    expect(collapse({ coverOpen: true })).toMatchObject({ device: 'userError', coverOpen: true });
    expect(collapse({ cutterError: true })).toMatchObject({
      device: 'hardwareError',
      cutterError: true,
    });
    expect(collapse({ paperJam: true })).toMatchObject({ device: 'userError', paper: 'jammed' });
    expect(collapse({ unrecoverableError: true })).toMatchObject({ device: 'hardwareError' });
  });

  it('golden bytes: the offline bit alone reads offline; the message must be four bytes', () => {
    expect(collapsePrinterStatus(rawStatusFromAsb(Uint8Array.of(0x18, 0, 0, 0)))).toEqual({
      device: 'offline',
      paper: 'full',
      coverOpen: false,
      cutterError: false,
    });
    expect(hex(asbMessage({ ...READY, paper: 'out' }))).toBe('18 00 0F 00');
    expect(hex(asbMessage({ ...READY, coverOpen: true }))).toBe('38 00 00 00');
    expect(() => rawStatusFromAsb(Uint8Array.of(0x10, 0, 0))).toThrow(RangeError);
  });
});

describe('AsbSplitter on random bytes (fast-check)', () => {
  it('never throws, never holds more than one message, never swallows a DLE EOT reply, and accounts for every byte', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 512 }),
        fc.array(fc.integer({ min: 1, max: 64 }), { maxLength: 32 }),
        (bytes, cuts) => {
          const messages: Uint8Array[] = [];
          const splitter = new AsbSplitter(
            (m) => messages.push(m),
            () => 0,
          );
          const passed: number[] = [];
          let at = 0;
          for (const cut of [...cuts, bytes.length]) {
            passed.push(...splitter.split(bytes.subarray(at, at + cut)));
            at += cut;
            if (at >= bytes.length) break;
          }
          if (at < bytes.length) passed.push(...splitter.split(bytes.subarray(at)));
          for (const m of messages) expect(m).toHaveLength(4);
          // A real-time status reply is the answer a request waits for: it always gets through.
          const replies = [...bytes].filter(isRealtimeStatusByte);
          expect(passed.filter(isRealtimeStatusByte)).toEqual(replies);
          // Every byte is passed on, in a message, or in a given-up or still-open partial
          // message, which is at most 3 bytes: the splitter's memory is bounded.
          const held = bytes.length - passed.length - 4 * messages.length;
          expect(held).toBeGreaterThanOrEqual(0);
          expect(held).toBeLessThanOrEqual(3 * (splitter.brokenCount + 1));
        },
      ),
      { numRuns: 5_000 },
    );
  });
});
