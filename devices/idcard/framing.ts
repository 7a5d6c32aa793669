/**
 * Frames of the ID-card reader's SAM protocol (design.md §4.2):
 * `AA AA AA 96 69 | LEN_H LEN_L | body | XOR`, where LEN counts every byte after the length
 * field (the body and the checksum), and the checksum is the XOR of the length bytes and the body.
 * A request body is `CMD PARA [data]`; a response body is `SW1 SW2 SW3 [data]`.
 *
 * The parser is shared by the driver (reader → host) and the virtual reader (host → reader). It
 * never throws on input: what is not a frame is skipped (counted as garbage) or reported as a
 * typed rejection, and it never holds more than one maximal frame, whatever arrives.
 */

export const PREAMBLE: readonly number[] = [0xaa, 0xaa, 0xaa, 0x96, 0x69];
const PREAMBLE_LENGTH = PREAMBLE.length;
const HEADER_LENGTH = PREAMBLE_LENGTH + 2;

/** Smallest LEN: a request `CMD PARA` and its checksum. */
export const MIN_LENGTH_FIELD = 3;
/**
 * Largest LEN: the `30 10` answer with a 1024-byte fingerprint (SW 3 + three lengths 6 + text
 * 256 + photo 1024 + fingerprint 1024 + checksum 1 = 2314), rounded up for vendor extensions.
 * Anything longer is not a frame of this protocol, so the parser does not wait for it.
 */
export const MAX_LENGTH_FIELD = 2400;
/** Bytes the parser may hold: one maximal frame. */
export const MAX_FRAME_BYTES = HEADER_LENGTH + MAX_LENGTH_FIELD;

/** Builds a frame around `body` (a request `CMD PARA [data]` or a response `SW1 SW2 SW3 [data]`). */
export function buildFrame(body: Uint8Array | readonly number[]): Uint8Array {
  const length = body.length + 1;
  if (length < MIN_LENGTH_FIELD || length > MAX_LENGTH_FIELD) {
    throw new RangeError(
      `a SAM frame body must be 2..${MAX_LENGTH_FIELD - 1} bytes, got ${body.length}`,
    );
  }
  const frame = new Uint8Array(HEADER_LENGTH + length);
  frame.set(PREAMBLE, 0);
  frame[PREAMBLE_LENGTH] = length >> 8;
  frame[PREAMBLE_LENGTH + 1] = length & 0xff;
  frame.set(body, HEADER_LENGTH);
  frame[frame.length - 1] = xor(frame, PREAMBLE_LENGTH, frame.length - 1);
  return frame;
}

/** XOR of `bytes[from..to)`. */
export function xor(bytes: Uint8Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i += 1) sum ^= bytes[i]!;
  return sum;
}

/** Why bytes that started like a frame were not one. */
export type FrameRejection = 'badChecksum' | 'impossibleLength';

/** What the parser finds: a checked frame's body, or a frame-like run it refused. */
export type SamUnit =
  | { readonly kind: 'frame'; readonly body: Uint8Array }
  | { readonly kind: 'rejected'; readonly reason: FrameRejection; readonly lengthField: number };

/**
 * Finds frames in a byte stream that arrives in chunks of any size. After a rejection it resumes
 * one byte after the rejected preamble, so a real frame that starts inside garbage (or inside a
 * corrupted frame) is still found.
 */
export class SamFrameParser {
  private readonly buffer = new Uint8Array(MAX_FRAME_BYTES);
  private held = 0;
  private skipped = 0;

  /** Bytes held now, waiting for the rest of a frame (never more than {@link MAX_FRAME_BYTES}). */
  get bufferedBytes(): number {
    return this.held;
  }

  /** Bytes skipped as not part of any frame since creation (diagnostics). */
  get skippedBytes(): number {
    return this.skipped;
  }

  /** Feeds one chunk; returns the units it completes, in order. Never throws on any input. */
  push(chunk: Uint8Array): SamUnit[] {
    const units: SamUnit[] = [];
    let offset = 0;
    while (offset < chunk.length) {
      const room = MAX_FRAME_BYTES - this.held;
      const take = Math.min(room, chunk.length - offset);
      this.buffer.set(chunk.subarray(offset, offset + take), this.held);
      this.held += take;
      offset += take;
      this.scan(units);
    }
    return units;
  }

  /**
   * Gives up on the partial frame held at the head (its rest did not come in time: a preamble in
   * line noise whose length claimed the bytes of the real frame after it), resuming one byte
   * after its preamble; returns what the held bytes then yield. The driver calls it when a
   * request times out, so noise cannot hide the next answer.
   */
  giveUpPartial(): SamUnit[] {
    if (this.held === 0) return [];
    const units: SamUnit[] = [];
    this.buffer.copyWithin(0, 1, this.held);
    this.held -= 1;
    this.skipped += 1;
    this.scan(units);
    return units;
  }

  /** Forgets a partial frame (the port was reopened: its rest will never come). */
  reset(): void {
    this.held = 0;
  }

  /** The decoder for {@link RequestEngine}: `decode: (chunk) => parser.push(chunk)`. */
  readonly decode = (chunk: Uint8Array): Iterable<SamUnit> => this.push(chunk);

  private scan(units: SamUnit[]): void {
    let start = 0;
    for (;;) {
      start = this.findPreamble(start);
      const available = this.held - start;
      if (available < HEADER_LENGTH) break;
      const b = this.buffer;
      const lengthField = (b[start + PREAMBLE_LENGTH]! << 8) | b[start + PREAMBLE_LENGTH + 1]!;
      if (lengthField < MIN_LENGTH_FIELD || lengthField > MAX_LENGTH_FIELD) {
        units.push({ kind: 'rejected', reason: 'impossibleLength', lengthField });
        start += 1;
        this.skipped += 1;
        continue;
      }
      const end = start + HEADER_LENGTH + lengthField;
      if (this.held < end) break;
      if (xor(b, start + PREAMBLE_LENGTH, end - 1) !== b[end - 1]) {
        units.push({ kind: 'rejected', reason: 'badChecksum', lengthField });
        start += 1;
        this.skipped += 1;
        continue;
      }
      units.push({ kind: 'frame', body: b.slice(start + HEADER_LENGTH, end - 1) });
      start = end;
    }
    if (start > 0) {
      this.buffer.copyWithin(0, start, this.held);
      this.held -= start;
    }
  }

  /**
   * The offset of the first preamble at or after `from`, or of a preamble prefix that ends the
   * buffer (its rest may come), or `held`. Bytes skipped on the way are counted as garbage.
   */
  private findPreamble(from: number): number {
    const b = this.buffer;
    for (let i = from; i < this.held; i += 1) {
      let matched = 0;
      while (
        matched < PREAMBLE_LENGTH &&
        i + matched < this.held &&
        b[i + matched] === PREAMBLE[matched]
      ) {
        matched += 1;
      }
      if (matched === PREAMBLE_LENGTH || i + matched === this.held) return i;
      this.skipped += 1;
    }
    return this.held;
  }
}
