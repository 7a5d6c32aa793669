/** Kiosk credentials: `Authorization: Bearer <token>` plus `X-Kiosk-Id`, checked in constant time. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { KIOSK_ID_HEADER } from '../src/contract/sync.js';
import { HttpError, singleHeader } from './http.js';

export function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

export interface KioskAuth {
  /** The authenticated kiosk id; anything else is a 401 HttpError. */
  authenticate(req: IncomingMessage): string;
  /** Whether the request carries credentials at all (health is answered without them). */
  sentCredentials(req: IncomingMessage): boolean;
  readonly kioskCount: number;
}

/** Checks requests against `kiosks` (kiosk id → token). */
export function createKioskAuth(kiosks: Readonly<Record<string, string>>): KioskAuth {
  // Only digests are kept, so comparisons take the same time whatever the token's length.
  const credentials = new Map(
    Object.entries(kiosks).map(([id, token]) => [id, sha256(token)] as const),
  );
  return {
    kioskCount: credentials.size,
    sentCredentials: (req) =>
      req.headers.authorization !== undefined || req.headers[KIOSK_ID_HEADER] !== undefined,
    authenticate(req) {
      const kioskId = singleHeader(req, KIOSK_ID_HEADER);
      const match = /^Bearer\s+(\S+)\s*$/i.exec(singleHeader(req, 'authorization') ?? '');
      const given = sha256(match?.[1] ?? '');
      const expected = kioskId === undefined ? undefined : credentials.get(kioskId);
      // Compare even for an unknown kiosk, so timing does not tell which kiosk ids exist.
      const ok = timingSafeEqual(expected ?? given, given) && expected !== undefined && !!match;
      if (!ok || kioskId === undefined) {
        throw new HttpError(
          401,
          'UNAUTHORIZED',
          'Unknown kiosk or wrong token: send Authorization: Bearer <token> and X-Kiosk-Id ' +
            'as provisioned for this kiosk on the branch service.',
          { 'www-authenticate': 'Bearer' },
        );
      }
      return kioskId;
    },
  };
}
