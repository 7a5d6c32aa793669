/**
 * Personal data sealing (issue 7): AES-256-GCM under the device key, the key from a 0600 key file
 * or from Electron's safeStorage (a fake here: the real one needs an OS credential store).
 */
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createPersonalDataSealer,
  electronDeviceKey,
  fileDeviceKey,
  PERSONAL_DATA_KEY_FILE,
  PERSONAL_DATA_SAFE_KEY_FILE,
  safeStorageDeviceKey,
  StoreError,
  type SafeStorageLike,
} from '../../../src/store/index.js';
import { cleanUp, tempDir } from './support.js';

afterEach(cleanUp);

const POSIX = process.platform !== 'win32';

/** Stands in for Electron's safeStorage: reversible, and not the identity (so a test can tell). */
function fakeSafeStorage(available = true): SafeStorageLike & { encrypted: number } {
  const fake = {
    encrypted: 0,
    isEncryptionAvailable: () => available,
    encryptString(plainText: string) {
      fake.encrypted++;
      return Buffer.from(`os:${Buffer.from(plainText).toString('hex')}`);
    },
    decryptString(encrypted: Buffer) {
      const text = encrypted.toString();
      if (!text.startsWith('os:')) throw new Error('not sealed by this OS user');
      return Buffer.from(text.slice(3), 'hex').toString();
    },
  };
  return fake;
}

describe('personal data sealer', () => {
  it('seals with a fresh nonce each time, names its version and key, and opens for its row only', () => {
    const dir = tempDir('pd');
    const sealer = createPersonalDataSealer(fileDeviceKey(dir));
    const text = '排队太慢了 (slow) 𠀀';
    const a = sealer.seal(text, 'row-1');
    const b = sealer.seal(text, 'row-1');
    expect(a).not.toBe(b);
    expect(a.startsWith(`pd1.${sealer.keyId}.`)).toBe(true);
    expect(sealer.isSealed(a)).toBe(true);
    expect(a).not.toContain('slow');
    expect(sealer.open(a, 'row-1')).toBe(text);
    expect(sealer.open(b, 'row-1')).toBe(text);
    // The row id is associated data: moved to another row, it does not open.
    expect(() => sealer.open(a, 'row-2')).toThrow(/does not authenticate/);
    // One changed character of the ciphertext is refused, never returned as other text.
    // (A character inside the base64url text: all six of its bits are data.)
    const at = a.length - 10;
    const tampered = a.slice(0, at) + (a[at] === 'A' ? 'B' : 'A') + a.slice(at + 1);
    expect(() => sealer.open(tampered, 'row-1')).toThrow(StoreError);
    expect(() => sealer.open('plain words', 'row-1')).toThrow(/not in the sealed form/);
  });

  it('says which key a value was sealed under when it is not this kiosk’s', () => {
    const mine = createPersonalDataSealer(fileDeviceKey(tempDir('pd')));
    const other = createPersonalDataSealer(fileDeviceKey(tempDir('pd')));
    const sealed = other.seal('x', 'r');
    expect(() => mine.open(sealed, 'r')).toThrow(new RegExp(`device key ${other.keyId}`));
  });
});

describe('the key file', () => {
  it('is made at the first start, 0600 and 32 bytes, and read (not replaced) at the next', () => {
    const dir = tempDir('pd');
    const first = createPersonalDataSealer(fileDeviceKey(dir));
    const file = path.join(dir, PERSONAL_DATA_KEY_FILE);
    expect(readFileSync(file)).toHaveLength(32);
    if (POSIX) expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = createPersonalDataSealer(fileDeviceKey(dir));
    expect(again.keyId).toBe(first.keyId);
    expect(again.open(first.seal('kept', 'r'), 'r')).toBe('kept');
  });

  it('refuses a key file of the wrong size with what to do, and leaves it as it was', () => {
    const dir = tempDir('pd');
    const file = path.join(dir, PERSONAL_DATA_KEY_FILE);
    writeFileSync(file, Buffer.alloc(31, 7), { mode: 0o600 });
    expect(() => createPersonalDataSealer(fileDeviceKey(dir))).toThrow(
      /holds 31 bytes instead of 32: restore it from the backup/,
    );
    expect(readFileSync(file)).toEqual(Buffer.alloc(31, 7));
  });

  it.runIf(POSIX)('refuses a key file others can read, and does not repair it silently', () => {
    const dir = tempDir('pd');
    createPersonalDataSealer(fileDeviceKey(dir));
    const file = path.join(dir, PERSONAL_DATA_KEY_FILE);
    chmodSync(file, 0o644);
    expect(() => createPersonalDataSealer(fileDeviceKey(dir))).toThrow(/mode 0644 instead of 0600/);
    expect(statSync(file).mode & 0o777).toBe(0o644);
  });
});

describe('the key under Electron safeStorage (fake)', () => {
  it('keeps the key sealed by the OS in its own file and reads it back at the next start', () => {
    const dir = tempDir('pd');
    const os = fakeSafeStorage();
    const first = createPersonalDataSealer(safeStorageDeviceKey(dir, os));
    const file = path.join(dir, PERSONAL_DATA_SAFE_KEY_FILE);
    expect(readFileSync(file, 'utf8').startsWith('os:')).toBe(true);
    if (POSIX) expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(existsSync(path.join(dir, PERSONAL_DATA_KEY_FILE))).toBe(false);
    const again = createPersonalDataSealer(safeStorageDeviceKey(dir, os));
    expect(again.keyId).toBe(first.keyId);
    expect(os.encrypted).toBe(1);
  });

  it('electronDeviceKey: safeStorage when available or once used; the key file otherwise', () => {
    const withOs = tempDir('pd');
    createPersonalDataSealer(electronDeviceKey(withOs, fakeSafeStorage()));
    expect(existsSync(path.join(withOs, PERSONAL_DATA_SAFE_KEY_FILE))).toBe(true);
    // The keyring went away: refused with what to do, not a new key file beside the old key.
    expect(() =>
      createPersonalDataSealer(electronDeviceKey(withOs, fakeSafeStorage(false))),
    ).toThrow(/safeStorage cannot encrypt/);
    expect(existsSync(path.join(withOs, PERSONAL_DATA_KEY_FILE))).toBe(false);

    const without = tempDir('pd');
    createPersonalDataSealer(electronDeviceKey(without, fakeSafeStorage(false)));
    expect(existsSync(path.join(without, PERSONAL_DATA_KEY_FILE))).toBe(true);
  });

  it('refuses a sealed key the OS cannot open, with the file named', () => {
    const dir = tempDir('pd');
    writeFileSync(path.join(dir, PERSONAL_DATA_SAFE_KEY_FILE), 'garbage', { mode: 0o600 });
    expect(() => createPersonalDataSealer(safeStorageDeviceKey(dir, fakeSafeStorage()))).toThrow(
      /personal-data\.key\.safe \(Electron safeStorage\) cannot be opened by safeStorage/,
    );
  });
});
