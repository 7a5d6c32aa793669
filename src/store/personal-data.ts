/**
 * Personal data at rest (issue 7, PIPL: protect): what the kiosk keeps of a person (today the
 * feedback comment a customer typed) is sealed with AES-256-GCM under a device key before it is
 * written, and opened only where the kiosk needs it.
 *
 * Sealed form (text, so it fits STRICT TEXT columns):
 *   `pd1.<key id: 16 hex>.<nonce: base64url 12 bytes>.<ciphertext‖tag: base64url>`
 * `pd1` is the format version; the key id names the device key (a fingerprint, never the key),
 * so a value sealed under another key is refused with that said rather than as "corrupt". The
 * row's id is the associated data: a sealed value copied to another row does not open.
 *
 * The device key comes from a DeviceKeyProvider: Electron's `safeStorage` where the kiosk runs
 * under Electron (./personal-data-key.ts, safeStorageDeviceKey), otherwise a key file beside the
 * device secret, readable by the kiosk service user only (fileDeviceKey).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { StoreError } from './errors.js';

export const SEALED_VERSION = 'pd1';
export const DEVICE_KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const SEALED_SHAPE = /^pd1\.([0-9a-f]{16})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22,})$/;

/** Where the device key comes from; loadKey() is called once, when the store opens. */
export interface DeviceKeyProvider {
  /** Where the key lives, for messages (a file path, "Electron safeStorage"). */
  readonly description: string;
  /** The 32-byte key; throws a StoreError saying what to do when it cannot be had. */
  loadKey(): Buffer;
}

export interface PersonalDataSealer {
  /** The device key's id as written in every sealed value. */
  readonly keyId: string;
  /** Seals text for the row `rowId` (associated data). */
  seal(plaintext: string, rowId: string): string;
  /** Opens a value sealed for `rowId`; throws StoreError 'PERSONAL_DATA' when it does not. */
  open(sealed: string, rowId: string): string;
  /** Does this text have the sealed form (it may still fail to open)? */
  isSealed(value: string): boolean;
}

/** The key's fingerprint: 8 bytes of SHA-256 over a label and the key; not the key. */
export function deviceKeyId(key: Buffer): string {
  return createHash('sha256')
    .update('kiosk personal-data key id\0')
    .update(key)
    .digest('hex')
    .slice(0, 16);
}

function refuse(message: string, cause?: unknown): StoreError {
  return new StoreError('PERSONAL_DATA', message, cause === undefined ? undefined : { cause });
}

export function createPersonalDataSealer(provider: DeviceKeyProvider): PersonalDataSealer {
  const key = provider.loadKey();
  if (key.length !== DEVICE_KEY_BYTES) {
    throw refuse(
      `The personal-data key from ${provider.description} has ${key.length} bytes instead of ` +
        `${DEVICE_KEY_BYTES}: restore it from the backup (personal data sealed under it cannot ` +
        'be read without it).',
    );
  }
  const keyId = deviceKeyId(key);
  // The version and key id are authenticated too: a value cannot be relabelled.
  const aad = (rowId: string) => Buffer.from(`${SEALED_VERSION}.${keyId}.${rowId}`, 'utf8');
  return {
    keyId,
    isSealed: (value) => SEALED_SHAPE.test(value),
    seal(plaintext, rowId) {
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
      cipher.setAAD(aad(rowId));
      const body = Buffer.concat([
        cipher.update(plaintext, 'utf8'),
        cipher.final(),
        cipher.getAuthTag(),
      ]);
      return `${SEALED_VERSION}.${keyId}.${nonce.toString('base64url')}.${body.toString('base64url')}`;
    },
    open(sealed, rowId) {
      const match = SEALED_SHAPE.exec(sealed);
      if (match === null) {
        throw refuse(
          `The personal data of row ${rowId} is not in the sealed form ${SEALED_VERSION}.`,
        );
      }
      const [, id, nonceText, bodyText] = match as unknown as [string, string, string, string];
      if (id !== keyId) {
        throw refuse(
          `The personal data of row ${rowId} was sealed under device key ${id}, not this kiosk's ` +
            `${keyId} (${provider.description}): restore that key from the backup to read it.`,
        );
      }
      const body = Buffer.from(bodyText, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonceText, 'base64url'), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(aad(rowId));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      try {
        return Buffer.concat([
          decipher.update(body.subarray(0, body.length - TAG_BYTES)),
          decipher.final(),
        ]).toString('utf8');
      } catch (error) {
        throw refuse(
          `The personal data of row ${rowId} does not authenticate: it was altered or belongs ` +
            'to another row.',
          error,
        );
      }
    },
  };
}
