/**
 * The capability in a ticket's "follow my ticket" link (issue 8: scan-to-follow).
 *
 * The ticket id alone is not used as the capability. It is a UUIDv7: 48 of its 122 bits are the
 * issue time to the millisecond, which anyone near the kiosk can guess; this kiosk fills the
 * other 74 from a CSPRNG (src/uuidv7.ts), but RFC 9562 lets other generators put a counter there
 * (§6.2), says UUIDs must not be assumed hard to guess (§8), and the id travels beyond the
 * customer anyway (the sync payloads, the counter API's answers, the technician's log lines). So
 * the link carries a token: HMAC-SHA-256 over the ticket id, keyed with a secret the branch
 * service holds and no customer or counter sees, cut to 128 bits (22 base64url characters).
 *
 * The key is the SHA-256 of the issuing kiosk's own credential: the branch service keeps exactly
 * that digest (branch-service/credentials.ts), and the kiosk can compute it from its token. So a
 * kiosk makes working links offline too (tickets from a leased block), no new secret has to be
 * distributed, and the service checks a link with the one indexed query that reads the ticket.
 * Re-provisioning a kiosk's credential ends the links of the tickets it issued before.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { ticketQrPayload, type Ticket } from './domain/ticket.js';

/** Versioned, so another derivation later cannot collide with this one. */
const DOMAIN = 'branch-kiosk follow-link v1\0';

/** 16 bytes of the MAC: 128 bits, beyond any online guessing. */
export const FOLLOW_TOKEN_BYTES = 16;

/** The key of a kiosk's follow links: SHA-256 of its credential, as the branch stores it. */
export function followKeyOfKioskToken(kioskToken: string): Buffer {
  return createHash('sha256').update(kioskToken, 'utf8').digest();
}

/** The token a follow link of `ticketId` carries (22 base64url characters). */
export function followToken(key: Uint8Array, ticketId: string): string {
  return createHmac('sha256', key)
    .update(DOMAIN + ticketId.toLowerCase(), 'utf8')
    .digest()
    .subarray(0, FOLLOW_TOKEN_BYTES)
    .toString('base64url');
}

/** Whether `token` is the follow token of `ticketId` under `key` (in constant time). */
export function isFollowToken(key: Uint8Array, ticketId: string, token: string): boolean {
  const expected = Buffer.from(followToken(key, ticketId), 'utf8');
  const given = Buffer.from(token, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The kiosk's follow link of a ticket (what its QR code carries): on the configured public
 * address (`ticketQrBaseUrl`), else on the branch service's own address while it is known
 * (`branchServiceUrl()`: null while the embedded service on port 0 has not started listening).
 * '' when there is no address yet: the screen and the printer then show no QR code rather than
 * one that leads nowhere.
 */
export function kioskFollowLinks(
  config: { readonly ticketQrBaseUrl?: string | undefined; readonly kioskToken: string },
  branchServiceUrl: () => string | null,
): (ticket: Pick<Ticket, 'id' | 'number'>) => string {
  const key = followKeyOfKioskToken(config.kioskToken);
  return (ticket) => {
    const base = config.ticketQrBaseUrl ?? branchServiceUrl();
    return base === null ? '' : ticketQrPayload(base, ticket, followToken(key, ticket.id));
  };
}
