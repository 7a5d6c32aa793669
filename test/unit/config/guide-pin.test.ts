import { describe, expect, it } from 'vitest';
import { DEV_GUIDE_PIN_HASH, defaultConfig, parseConfig } from '../../../src/config.js';
import {
  createPinLock,
  FIRST_LOCKOUT_MS,
  hashPin,
  MAX_LOCKOUT_MS,
  pinHashFor,
  pinMatches,
  pinMatchesAsync,
} from '../../../src/staff-pin.js';

const BRANCH_PIN_HASH = hashPin('7391', Buffer.from('00112233445566778899aabbccddeeff', 'hex'));
const remote = (extra: object) => ({
  kioskId: 'kiosk-07',
  kioskToken: 'provisioned',
  branchService: { kind: 'remote', url: 'https://branch.example/' },
  ...extra,
});

describe('guide.pinHash configuration', () => {
  it('defaults to the development hash of 2580, documented as such', () => {
    expect(defaultConfig('/').guide).toEqual({ pinHash: DEV_GUIDE_PIN_HASH });
    expect(pinMatches('2580', DEV_GUIDE_PIN_HASH)).toBe(true);
    expect(pinMatches('2581', DEV_GUIDE_PIN_HASH)).toBe(false);
  });

  it('reads a branch hash, refuses the development one with a remote branch service, and refuses junk without echoing it', () => {
    expect(parseConfig({ guide: { pinHash: BRANCH_PIN_HASH } }, 'k.json', '/').guide).toEqual({
      pinHash: BRANCH_PIN_HASH,
    });
    expect(
      parseConfig(remote({ guide: { pinHash: BRANCH_PIN_HASH } }), 'k.json', '/').guide,
    ).toEqual({ pinHash: BRANCH_PIN_HASH });
    expect(() => parseConfig(remote({}), 'k.json', '/')).toThrow(/"guide.pinHash" is required/);
    expect(() =>
      parseConfig(remote({ guide: { pinHash: DEV_GUIDE_PIN_HASH } }), 'k.json', '/'),
    ).toThrow(/"guide.pinHash" is required/);
    const junk = () => parseConfig({ guide: { pinHash: '1234' } }, 'k.json', '/');
    expect(junk).toThrow(/guide.pinHash/);
    expect(junk).not.toThrow(/1234/);
    expect(() => parseConfig({ guide: { pin: '1234' } }, 'k.json', '/')).toThrow(
      /unknown setting "guide.pin"/,
    );
  });
});

describe('staff PIN lock', () => {
  it('locks out after 3 wrong PINs for 30 s, doubling each lockout up to 15 min, and an accepted PIN resets it', async () => {
    let now = new Date('2026-11-27T02:00:00.000Z');
    const lock = createPinLock({ pinHash: BRANCH_PIN_HASH, now: () => now });
    expect(await lock.attempt('0000')).toEqual({
      outcome: 'rejected',
      failures: 1,
      lockedUntil: null,
    });
    expect(await lock.attempt('0000')).toMatchObject({ outcome: 'rejected', failures: 2 });
    const first = await lock.attempt('0000');
    expect(first).toMatchObject({ outcome: 'lockedOut', failures: 3 });
    expect(first.lockedUntil!.getTime() - now.getTime()).toBe(FIRST_LOCKOUT_MS);
    // Locked: even the right PIN is refused (not even hashed) until the lockout ends.
    expect(await lock.attempt('7391')).toMatchObject({ outcome: 'lockedOut', failures: 3 });
    const lockouts: number[] = [FIRST_LOCKOUT_MS];
    for (let i = 0; i < 6; i++) {
      now = new Date(now.getTime() + MAX_LOCKOUT_MS);
      await lock.attempt('1111');
      await lock.attempt('1111');
      const next = await lock.attempt('1111');
      expect(next.outcome).toBe('lockedOut');
      lockouts.push(next.lockedUntil!.getTime() - now.getTime());
    }
    expect(lockouts).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 900_000, 900_000]);
    now = new Date(now.getTime() + MAX_LOCKOUT_MS);
    expect(await lock.attempt('7391')).toEqual({
      outcome: 'accepted',
      failures: 0,
      lockedUntil: null,
    });
    expect(await lock.attempt('0000')).toMatchObject({ outcome: 'rejected', failures: 1 });
  });

  it('hashes off the event loop: the host keeps running while a PIN is checked', async () => {
    const lock = createPinLock({ pinHash: BRANCH_PIN_HASH, now: () => new Date() });
    let ranMeanwhile = false;
    setImmediate(() => (ranMeanwhile = true));
    const attempt = lock.attempt('7391');
    expect(ranMeanwhile).toBe(false);
    expect(await attempt).toMatchObject({ outcome: 'accepted' });
    expect(ranMeanwhile).toBe(true);
  });

  it('checks attempts one after the other, so simultaneous wrong PINs all count', async () => {
    const lock = createPinLock({ pinHash: BRANCH_PIN_HASH, now: () => new Date() });
    const attempts = await Promise.all(['0000', '0001', '0002'].map((pin) => lock.attempt(pin)));
    expect(attempts.map((a) => [a.outcome, a.failures])).toEqual([
      ['rejected', 1],
      ['rejected', 2],
      ['lockedOut', 3],
    ]);
    expect(pinMatches('7391', BRANCH_PIN_HASH)).toBe(true);
    expect(await pinMatchesAsync('7391', BRANCH_PIN_HASH)).toBe(true);
    expect(await pinMatchesAsync('7390', BRANCH_PIN_HASH)).toBe(false);
  });
});

describe('staff PIN lock resumed from the audit log', () => {
  it('starts locked where the last use left it, and its back-off goes on from the failures so far', async () => {
    let now = new Date('2026-11-27T02:00:10.000Z');
    const lock = createPinLock({
      pinHash: BRANCH_PIN_HASH,
      now: () => now,
      initial: { failures: 3, lockedUntil: new Date('2026-11-27T02:00:30.000Z') },
    });
    expect(await lock.attempt('7391')).toMatchObject({ outcome: 'lockedOut', failures: 3 });
    now = new Date('2026-11-27T02:00:30.000Z');
    expect(await lock.attempt('0000')).toMatchObject({ outcome: 'rejected', failures: 4 });
    await lock.attempt('0000');
    const second = await lock.attempt('0000');
    expect(second).toMatchObject({ outcome: 'lockedOut', failures: 6 });
    expect(second.lockedUntil!.getTime() - now.getTime()).toBe(2 * FIRST_LOCKOUT_MS);
  });

  it('a past lockout no longer locks, and failures short of a lockout still count', async () => {
    const now = new Date('2026-11-27T03:00:00.000Z');
    const lock = createPinLock({
      pinHash: BRANCH_PIN_HASH,
      now: () => now,
      initial: { failures: 2, lockedUntil: null },
    });
    const third = await lock.attempt('0000');
    expect(third).toMatchObject({ outcome: 'lockedOut', failures: 3 });
    expect(third.lockedUntil!.getTime() - now.getTime()).toBe(FIRST_LOCKOUT_MS);
  });
});

describe('pinHashFor (the guide-pin CLI)', () => {
  it('hashes a 4 to 8 digit PIN with a fresh salt, and refuses anything else without echoing it', () => {
    const a = pinHashFor('7391');
    const b = pinHashFor('7391');
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(a.hash).not.toBe(b.hash); // a fresh salt each time
    expect(pinMatches('7391', a.hash)).toBe(true);
    expect(parseConfig({ guide: { pinHash: a.hash } }, 'k.json', '/').guide?.pinHash).toBe(a.hash);
    for (const bad of ['123', '123456789', '12a4', '']) {
      const refused = pinHashFor(bad);
      expect(refused).toMatchObject({ ok: false });
      expect(JSON.stringify(refused)).not.toContain(bad || '\u0000');
    }
  });
});
