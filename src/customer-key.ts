/**
 * The customer key: HMAC-SHA256 of an ID number under a secret, in lower-case hex. With the
 * branch's customer-key secret (src/contract/customers.ts) every kiosk and the branch service
 * make the same key for one card; with the kiosk's device secret (src/store/device-secret.ts,
 * before the branch has answered once) it tells cards apart on this kiosk only. Upper-cased
 * first: a resident ID's check character X may be read or typed in either case.
 */
import { createHash, createHmac } from 'node:crypto';

export function customerKeyOf(idNumber: string, secret: Uint8Array): string {
  return createHmac('sha256', secret).update(idNumber.toUpperCase(), 'utf8').digest('hex');
}

/** A secret's fingerprint (8 bytes of SHA-256 over a label and the secret), never the secret. */
export function customerKeyId(secret: Uint8Array): string {
  return createHash('sha256')
    .update('branch customer key id\0')
    .update(secret)
    .digest('hex')
    .slice(0, 16);
}
