// The follow link a ticket's QR code carries (issue 8, scan-to-follow): its token, the address
// it is built on (configured, else the branch service's own, else none), and the kiosk's
// configuration of that address.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config.js';
import {
  followKeyOfKioskToken,
  followToken,
  isFollowToken,
  kioskFollowLinks,
} from '../../../src/follow-link.js';
import { sha256 } from '../../../branch-service/credentials.js';

const ticket = { id: '019ac4d2-7e1f-7a3b-9c2d-4e5f60718293', number: 'A0023' };

describe('follow token', () => {
  it('is keyed with the digest the branch service stores of the kiosk credential', () => {
    expect(followKeyOfKioskToken('provisioned-token')).toEqual(sha256('provisioned-token'));
  });

  it('is 128 bits of base64url, fixed for a ticket and key, different for any other', () => {
    const key = followKeyOfKioskToken('token-a');
    const token = followToken(key, ticket.id);
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(followToken(key, ticket.id)).toBe(token);
    expect(followToken(key, ticket.id.toUpperCase())).toBe(token);
    expect(followToken(followKeyOfKioskToken('token-b'), ticket.id)).not.toBe(token);
    expect(followToken(key, '019ac4d2-7e1f-7a3b-9c2d-4e5f60718294')).not.toBe(token);
  });

  it('is checked exactly', () => {
    const key = followKeyOfKioskToken('token-a');
    const token = followToken(key, ticket.id);
    expect(isFollowToken(key, ticket.id, token)).toBe(true);
    expect(isFollowToken(key, ticket.id, `${token.slice(0, 21)}A`)).toBe(token.endsWith('A'));
    expect(isFollowToken(key, ticket.id, token.slice(0, 21))).toBe(false);
    expect(isFollowToken(key, ticket.id, '')).toBe(false);
    expect(isFollowToken(followKeyOfKioskToken('token-b'), ticket.id, token)).toBe(false);
  });
});

describe("a kiosk's follow links", () => {
  const kioskToken = 'token-a';
  const k = followToken(followKeyOfKioskToken(kioskToken), ticket.id);

  it('go to the configured public address when there is one', () => {
    const link = kioskFollowLinks(
      { ticketQrBaseUrl: 'https://queue.bank.example/', kioskToken },
      () => 'http://127.0.0.1:4100',
    );
    expect(link(ticket)).toBe(`https://queue.bank.example/t/${ticket.id}?n=A0023&k=${k}`);
  });

  it("else to the branch service's own page, once its address is known; none before", () => {
    let address: string | null = null;
    const link = kioskFollowLinks({ kioskToken }, () => address);
    expect(link(ticket)).toBe('');
    address = 'http://127.0.0.1:41234';
    expect(link(ticket)).toBe(`http://127.0.0.1:41234/t/${ticket.id}?n=A0023&k=${k}`);
  });

  it('are configured with an absolute http(s) address, or left to the branch service', () => {
    expect(parseConfig({}, 'k.json', '/').ticketQrBaseUrl).toBeUndefined();
    expect(
      parseConfig({ ticketQrBaseUrl: 'https://queue.bank.example/' }, 'k.json', '/')
        .ticketQrBaseUrl,
    ).toBe('https://queue.bank.example/');
    for (const bad of ['queue.bank.example', 'ftp://queue.bank.example/', '', 42]) {
      expect(() => parseConfig({ ticketQrBaseUrl: bad }, 'k.json', '/')).toThrow(/ticketQrBaseUrl/);
    }
  });
});
