/**
 * Where the personal-data device key (./personal-data.ts) lives.
 *
 * - fileDeviceKey: 32 random bytes in `personal-data.key` beside the device secret, created at the
 *   first start (exclusively, 0600). A file of the wrong size or readable by others is refused
 *   with what to do, never replaced or repaired silently: a new key would make every sealed value
 *   unreadable, and a key others could read protects nothing.
 * - safeStorageDeviceKey: under Electron, the same 32 bytes kept sealed by the operating system's
 *   credential store (`safeStorage`) in `personal-data.key.safe`; the composition root passes
 *   Electron's `safeStorage` when it runs under Electron.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fchmodSync,
  openSync,
  readFileSync,
  statSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { StoreError } from './errors.js';
import { DEVICE_KEY_BYTES, type DeviceKeyProvider } from './personal-data.js';

export const PERSONAL_DATA_KEY_FILE = 'personal-data.key';
export const PERSONAL_DATA_SAFE_KEY_FILE = 'personal-data.key.safe';
export const PERSONAL_DATA_KEY_MODE = 0o600;

const HAS_POSIX_MODES = process.platform !== 'win32';

/** The part of Electron's `safeStorage` the kiosk uses (injectable: tests pass a fake). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

function failed(file: string, what: string, error: unknown): StoreError {
  const code = (error as NodeJS.ErrnoException).code ?? String(error);
  return new StoreError(
    'OPEN_FAILED',
    `The personal-data key ${file} cannot be ${what} (${code}): check that the data folder is ` +
      'writable by the kiosk service user only and that the disk is not full.',
    { cause: error },
  );
}

/** Creates `file` exclusively (0600) holding `content`; false when it already exists. */
function createExclusively(file: string, content: () => Buffer): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', PERSONAL_DATA_KEY_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw failed(file, 'created', error);
  }
  try {
    // The umask cannot widen it; set before a byte of the key is written.
    if (HAS_POSIX_MODES) fchmodSync(fd, PERSONAL_DATA_KEY_MODE);
    writeSync(fd, content());
    return true;
  } catch (error) {
    throw failed(file, 'written', error);
  } finally {
    closeSync(fd);
  }
}

/** Reads a key file after checking that only the service user can read it. */
function readKeyFile(file: string): Buffer {
  let mode: number;
  let bytes: Buffer;
  try {
    mode = statSync(file).mode & 0o777;
    bytes = readFileSync(file);
  } catch (error) {
    throw failed(file, 'read', error);
  }
  if (HAS_POSIX_MODES && mode !== PERSONAL_DATA_KEY_MODE) {
    throw new StoreError(
      'OPEN_FAILED',
      `The personal-data key ${file} has mode ${mode.toString(8).padStart(4, '0')} instead of ` +
        '0600: others may have read it. Make it 0600 and owned by the kiosk service user ' +
        '(chmod 600), and tell the bank’s security officer; the kiosk does not start until then.',
    );
  }
  return bytes;
}

function wrongSize(file: string, size: number): StoreError {
  return new StoreError(
    'OPEN_FAILED',
    `The personal-data key ${file} holds ${size} bytes instead of ${DEVICE_KEY_BYTES}: restore it ` +
      'from the backup. Deleting it makes a new key, and the personal data still kept (feedback ' +
      'comments not yet purged) can then no longer be read.',
  );
}

/** The device key in a 0600 key file in `dataDir`, made at the first start. */
export function fileDeviceKey(dataDir: string): DeviceKeyProvider {
  const file = path.join(dataDir, PERSONAL_DATA_KEY_FILE);
  return {
    description: file,
    loadKey() {
      let made: Buffer | null = null;
      if (createExclusively(file, () => (made = randomBytes(DEVICE_KEY_BYTES)))) return made!;
      const key = readKeyFile(file);
      if (key.length !== DEVICE_KEY_BYTES) throw wrongSize(file, key.length);
      return key;
    },
  };
}

/** The device key kept sealed by Electron's `safeStorage` in `dataDir`, made at the first start. */
export function safeStorageDeviceKey(
  dataDir: string,
  safeStorage: SafeStorageLike,
): DeviceKeyProvider {
  const file = path.join(dataDir, PERSONAL_DATA_SAFE_KEY_FILE);
  const description = `${file} (Electron safeStorage)`;
  return {
    description,
    loadKey() {
      if (!safeStorage.isEncryptionAvailable()) {
        throw new StoreError(
          'OPEN_FAILED',
          'Electron safeStorage cannot encrypt on this machine (no OS credential store): ' +
            'start the kiosk in a desktop session with a keyring, or without Electron so the ' +
            'key file is used.',
        );
      }
      let made: Buffer | null = null;
      const created = createExclusively(file, () => {
        made = randomBytes(DEVICE_KEY_BYTES);
        return safeStorage.encryptString(made.toString('base64'));
      });
      if (created) return made!;
      let key: Buffer;
      try {
        key = Buffer.from(safeStorage.decryptString(readKeyFile(file)), 'base64');
      } catch (error) {
        if (error instanceof StoreError) throw error;
        throw failed(description, 'opened by safeStorage', error);
      }
      if (key.length !== DEVICE_KEY_BYTES) throw wrongSize(description, key.length);
      return key;
    },
  };
}

/**
 * The key under Electron: safeStorage when the OS can encrypt, or when a safeStorage key was
 * made before (then its provider refuses clearly rather than a new key file being made and the
 * sealed data silently lost); otherwise the key file.
 */
export function electronDeviceKey(
  dataDir: string,
  safeStorage: SafeStorageLike,
): DeviceKeyProvider {
  const sealedKeyExists = existsSync(path.join(dataDir, PERSONAL_DATA_SAFE_KEY_FILE));
  return sealedKeyExists || safeStorage.isEncryptionAvailable()
    ? safeStorageDeviceKey(dataDir, safeStorage)
    : fileDeviceKey(dataDir);
}
