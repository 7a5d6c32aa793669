/**
 * The staff PIN that unlocks assisted mode: checked against the configured scrypt hash in
 * constant time, behind a lockout with back-off (3 wrong PINs, then 30 s; each further lockout
 * doubles, capped at 15 min). The lockout lives in the host, not in a flow, so starting the flow
 * again does not reset it; an accepted PIN does. It starts from the store's audit log (`initial`:
 * the last use's failures and lockout), so restarting the kiosk does not reset it either. The PIN
 * is never kept, logged or returned.
 */
import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

/** The configured hash: `scrypt$<salt hex>$<key hex>` (N=16384, r=8, p=1). */
const PIN_HASH = /^scrypt\$([0-9a-f]{16,})\$([0-9a-f]{32,})$/;

export const PIN_FAILURES_BEFORE_LOCKOUT = 3;
export const FIRST_LOCKOUT_MS = 30_000;
export const MAX_LOCKOUT_MS = 15 * 60_000;

/** Hashes a PIN for the configuration (scripts, tests): `scrypt$salt$key`. */
export function hashPin(pin: string, salt: Buffer): string {
  const key = scryptSync(pin, salt, 32, { N: 16384, r: 8, p: 1 });
  return `scrypt$${salt.toString('hex')}$${key.toString('hex')}`;
}

/**
 * The configuration line for a branch's staff PIN (4 to 8 digits) with a fresh random salt, or
 * why the PIN is refused. The PIN itself is never echoed.
 */
export function pinHashFor(
  pin: string,
): { ok: true; hash: string } | { ok: false; reason: string } {
  if (!/^[0-9]{4,8}$/.test(pin)) {
    return {
      ok: false,
      reason: 'the staff PIN must be 4 to 8 digits (the keypad has only digits)',
    };
  }
  return { ok: true, hash: hashPin(pin, randomBytes(16)) };
}

/** Whether `hash` is a PIN hash this kiosk can check. */
export function isPinHash(hash: string): boolean {
  return PIN_HASH.test(hash);
}

/** Compares a typed PIN with the configured hash in constant time (for equal-length keys). */
export function pinMatches(pin: string, hash: string): boolean {
  const match = PIN_HASH.exec(hash);
  if (!match) throw new Error('guide.pinHash is not "scrypt$<salt hex>$<key hex>"');
  const expected = Buffer.from(match[2]!, 'hex');
  const actual = scryptSync(pin, Buffer.from(match[1]!, 'hex'), expected.length, {
    N: 16384,
    r: 8,
    p: 1,
  });
  return timingSafeEqual(actual, expected);
}

/**
 * The same check without blocking the host: scrypt runs on libuv's thread pool. The kiosk checks
 * typed PINs with this one; synchronously the hash held the host's event loop for 60–200 ms per
 * PIN (no view published, no device polled, the "checking" screen never drawn).
 */
export async function pinMatchesAsync(pin: string, hash: string): Promise<boolean> {
  const match = PIN_HASH.exec(hash);
  if (!match) throw new Error('guide.pinHash is not "scrypt$<salt hex>$<key hex>"');
  const expected = Buffer.from(match[2]!, 'hex');
  const actual = await new Promise<Buffer>((resolve, reject) => {
    scrypt(
      pin,
      Buffer.from(match[1]!, 'hex'),
      expected.length,
      { N: 16384, r: 8, p: 1 },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
  return timingSafeEqual(actual, expected);
}

export type PinAttempt =
  | { readonly outcome: 'accepted'; readonly failures: 0; readonly lockedUntil: null }
  | { readonly outcome: 'rejected'; readonly failures: number; readonly lockedUntil: null }
  | { readonly outcome: 'lockedOut'; readonly failures: number; readonly lockedUntil: Date };

export interface PinLock {
  /**
   * Checks a PIN, unless the keypad is locked (then the PIN is not even hashed). Attempts are
   * checked one after the other, so the failure count never misses one.
   */
  attempt(pin: string): Promise<PinAttempt>;
}

/** Where the lock stands: consecutive failures since the last accepted PIN, and the lockout. */
export interface PinLockState {
  readonly failures: number;
  readonly lockedUntil: Date | null;
}

export function createPinLock(options: {
  pinHash: string;
  now: () => Date;
  /** The state the last audited use left (src/store/guide.ts `pinLockState`); default: none. */
  initial?: PinLockState;
}): PinLock {
  let failures = options.initial?.failures ?? 0;
  // Every third consecutive failure locks, and only an accepted PIN resets both counts, so the
  // lockouts so far (the back-off's exponent) follow from the failures.
  let lockouts = Math.floor(failures / PIN_FAILURES_BEFORE_LOCKOUT);
  let lockedUntil: Date | null = options.initial?.lockedUntil ?? null;
  let previous: Promise<unknown> = Promise.resolve();
  const check = async (pin: string): Promise<PinAttempt> => {
    const now = options.now();
    if (lockedUntil !== null && now < lockedUntil) {
      return { outcome: 'lockedOut', failures, lockedUntil };
    }
    if (await pinMatchesAsync(pin, options.pinHash)) {
      failures = 0;
      lockouts = 0;
      lockedUntil = null;
      return { outcome: 'accepted', failures: 0, lockedUntil: null };
    }
    failures += 1;
    if (failures % PIN_FAILURES_BEFORE_LOCKOUT !== 0) {
      return { outcome: 'rejected', failures, lockedUntil: null };
    }
    const ms = Math.min(FIRST_LOCKOUT_MS * 2 ** lockouts, MAX_LOCKOUT_MS);
    lockouts += 1;
    lockedUntil = new Date(now.getTime() + ms);
    return { outcome: 'lockedOut', failures, lockedUntil };
  };
  return {
    attempt(pin) {
      const result = previous.then(() => check(pin));
      previous = result.catch(() => undefined);
      return result;
    },
  };
}
