/**
 * The kiosk's device secret: 32 random bytes in a key file in the data folder, readable by the
 * kiosk service user only (0600), made at the first start and read once per start.
 *
 * It keys the HMAC that turns an ID number into the abuse guard's customer key
 * (main/features/identify.ts), so the store holds a key that tells one card from another on this
 * kiosk and nothing an ID number can be recovered from or looked up by without the file. Losing
 * the file only forgets which cards took today's tickets.
 */
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  fchmodSync,
  openSync,
  readFileSync,
  statSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { StoreError } from './errors.js';

export const DEVICE_SECRET_FILE = 'device-secret.key';
export const DEVICE_SECRET_BYTES = 32;
export const DEVICE_SECRET_MODE = 0o600;

const HAS_POSIX_MODES = process.platform !== 'win32';

/**
 * The device secret of the kiosk whose data folder this is: created (0600, exclusively, so two
 * starts never make two) when missing, otherwise read and checked. A file of the wrong size is
 * refused with what to do, never replaced: replacing it would silently reset the abuse guard.
 */
export function loadDeviceSecret(dataDir: string): Buffer {
  const file = path.join(dataDir, DEVICE_SECRET_FILE);
  let fd: number;
  try {
    fd = openSync(file, 'wx', DEVICE_SECRET_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw cannot(file, 'created', error);
    return readSecret(file);
  }
  try {
    // The umask cannot widen it; set before a byte of the secret is written.
    if (HAS_POSIX_MODES) fchmodSync(fd, DEVICE_SECRET_MODE);
    const secret = randomBytes(DEVICE_SECRET_BYTES);
    writeSync(fd, secret);
    return secret;
  } catch (error) {
    throw cannot(file, 'written', error);
  } finally {
    closeSync(fd);
  }
}

function readSecret(file: string): Buffer {
  let secret: Buffer;
  try {
    if (HAS_POSIX_MODES && (statSync(file).mode & 0o777) !== DEVICE_SECRET_MODE) {
      chmodSync(file, DEVICE_SECRET_MODE);
    }
    secret = readFileSync(file);
  } catch (error) {
    throw cannot(file, 'read', error);
  }
  if (secret.length !== DEVICE_SECRET_BYTES) {
    throw new StoreError(
      'OPEN_FAILED',
      `The device secret ${file} holds ${secret.length} bytes instead of ${DEVICE_SECRET_BYTES}: ` +
        'restore it from the backup, or delete it to make a new one (today’s one-ticket-per-card ' +
        'limits are then forgotten).',
    );
  }
  return secret;
}

function cannot(file: string, what: string, error: unknown): StoreError {
  const code = (error as NodeJS.ErrnoException).code ?? String(error);
  return new StoreError(
    'OPEN_FAILED',
    `The device secret ${file} cannot be ${what} (${code}): check that the data folder is ` +
      'writable by the kiosk service user only and that the disk is not full.',
    { cause: error },
  );
}
