/**
 * Kiosk authentication: `Authorization: Bearer <token>` plus `X-Kiosk-Id`, checked against the
 * stored digest (./credentials.ts) in constant time. Every refusal is counted (shown by
 * GET /v1/health) and logged with the kiosk id it claimed, never the token.
 */
import { timingSafeEqual } from 'node:crypto';
import { KIOSK_ID_HEADER } from '../src/contract/sync.js';
import { logEvent, type Logger } from '../src/log/index.js';
import { activeTokenDigest, sha256 } from './credentials.js';
import type { SqlExecutor } from './db.js';
import { HttpError, singleHeader, type RequestHeaders } from './http.js';

/** Refused requests since this instance started, by cause. */
export interface AuthRefusals {
  /** The kiosk id is not provisioned, or was revoked. */
  readonly unknownKiosk: number;
  /** A known kiosk with a wrong or missing token. */
  readonly badCredential: number;
}

export interface KioskAuth {
  /** The authenticated kiosk id; anything else is counted and thrown as a 401 HttpError. */
  authenticate(headers: RequestHeaders): Promise<string>;
  /** Whether the request carries credentials at all (health is answered without them). */
  sentCredentials(headers: RequestHeaders): boolean;
  refusals(): AuthRefusals;
}

/** Compared with when the kiosk is unknown, so timing does not tell which kiosk ids exist. */
const NO_DIGEST = sha256('no kiosk has this token');

export function createKioskAuth(db: SqlExecutor, log: Logger): KioskAuth {
  const counts = { unknownKiosk: 0, badCredential: 0 };
  const refuse = (cause: keyof AuthRefusals, kioskId: string | undefined): HttpError => {
    counts[cause] += 1;
    logEvent(log, 'branchService.authRefused', {
      kiosk: kioskId === undefined ? '(none)' : kioskId.slice(0, 200),
      cause,
      unknownKiosk: counts.unknownKiosk,
      badCredential: counts.badCredential,
    });
    return new HttpError(
      401,
      'UNAUTHORIZED',
      'Unknown kiosk or wrong token: send Authorization: Bearer <token> and X-Kiosk-Id ' +
        'as provisioned for this kiosk on the branch service.',
      { 'www-authenticate': 'Bearer' },
    );
  };
  return {
    refusals: () => ({ ...counts }),
    sentCredentials: (headers) =>
      headers.authorization !== undefined || headers[KIOSK_ID_HEADER] !== undefined,
    async authenticate(headers) {
      const kioskId = singleHeader(headers, KIOSK_ID_HEADER);
      const match = /^Bearer\s+(\S+)\s*$/i.exec(singleHeader(headers, 'authorization') ?? '');
      const given = sha256(match?.[1] ?? '');
      const expected =
        kioskId === undefined || kioskId === '' ? undefined : await activeTokenDigest(db, kioskId);
      // Digests have one length, so the comparison takes the same time for every token.
      const same = timingSafeEqual(expected ?? NO_DIGEST, given);
      if (expected === undefined) throw refuse('unknownKiosk', kioskId);
      if (!same || !match) throw refuse('badCredential', kioskId);
      return kioskId!;
    },
  };
}
