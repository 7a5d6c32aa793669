import { randomUUID } from 'node:crypto';

/**
 * UUID version 7 (RFC 9562): 48-bit Unix milliseconds, then random bits. Time-ordered ids keep
 * the outbox and the branch service's unique index append-friendly. Within one millisecond the
 * ids are not monotonic; ordering inside the outbox uses the per-kiosk sequence instead.
 *
 * The random part is a version 4 UUID's (crypto.randomUUID, which draws its CSPRNG bytes from a
 * pool): its last 74 random bits and its variant are kept, and its first 48 bits and version
 * nibble become the time and 7. A fresh randomBytes(16) per id cost a ticket more than its
 * statements did (issue 7, durable enqueue: two ids per ticket).
 */
export function uuidv7(now: number = Date.now()): string {
  if (!Number.isSafeInteger(now) || now < 0 || now >= 2 ** 48) {
    throw new RangeError(`uuidv7 needs whole milliseconds within 48 bits, got ${now}.`);
  }
  const time = now.toString(16).padStart(12, '0');
  // randomUUID(): xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx; from index 15 on: xxx-Vxxx-xxxxxxxxxxxx.
  return `${time.slice(0, 8)}-${time.slice(8)}-7${randomUUID().slice(15)}`;
}
