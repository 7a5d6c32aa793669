import { randomFillSync } from 'node:crypto';

/** Bytes drawn per id: 4 + 8 + 6 + 8 + 48 = 74 random bits, in whole bytes. */
const RANDOM_BYTES = 10;
/** 409 ids per refill. */
const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
/** Past the end: the first id fills the pool. */
let offset = POOL_BYTES;
const HEX: readonly string[] = Array.from({ length: 256 }, (_, byte) =>
  byte.toString(16).padStart(2, '0'),
);

/**
 * UUID version 7 (RFC 9562): 48-bit Unix milliseconds, then random bits. Time-ordered ids keep
 * the outbox and the branch service's unique index append-friendly. Within one millisecond the
 * ids are not monotonic; ordering inside the outbox uses the per-kiosk sequence instead.
 *
 * The 74 random bits come from a pool of CSPRNG bytes (randomFillSync, refilled when used up,
 * as crypto.randomUUID does), written out through a byte-to-hex table. Each of a ticket's two
 * durable commits makes an id, and right after a flush the code it runs is cold: through
 * crypto.randomUUID, with its slicing and the time's toString(16), an id cost 3.4 µs there,
 * a fifth of everything a ticket does besides its two commits (issue 7, durable enqueue).
 */
export function uuidv7(now: number = Date.now()): string {
  if (!Number.isSafeInteger(now) || now < 0 || now >= 2 ** 48) {
    throw new RangeError(`uuidv7 needs whole milliseconds within 48 bits, got ${now}.`);
  }
  if (offset > POOL_BYTES - RANDOM_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const r = offset;
  offset += RANDOM_BYTES;
  const high = Math.floor(now / 2 ** 32); // the first 16 bits of the 48
  const low = now % 2 ** 32; // the last 32
  return (
    HEX[(high >>> 8) & 0xff]! +
    HEX[high & 0xff]! +
    HEX[low >>> 24]! +
    HEX[(low >>> 16) & 0xff]! +
    '-' +
    HEX[(low >>> 8) & 0xff]! +
    HEX[low & 0xff]! +
    '-' +
    HEX[0x70 | (pool[r]! & 0x0f)]! + // version 7, then 4 random bits
    HEX[pool[r + 1]!]! +
    '-' +
    HEX[0x80 | (pool[r + 2]! & 0x3f)]! + // variant 10, then 6 random bits
    HEX[pool[r + 3]!]! +
    '-' +
    HEX[pool[r + 4]!]! +
    HEX[pool[r + 5]!]! +
    HEX[pool[r + 6]!]! +
    HEX[pool[r + 7]!]! +
    HEX[pool[r + 8]!]! +
    HEX[pool[r + 9]!]!
  );
}
