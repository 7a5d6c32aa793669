/**
 * Reading a lobby scanner's text (src/domain/ticket-scan.ts): this kiosk's follow link (as the
 * ticket's QR code carries it, made by the same function the printer uses), a bare number of the
 * branch, and everything else refused with its reason.
 */
import { describe, expect, it } from 'vitest';
import {
  MAX_TICKET_CODE_LENGTH,
  readScannedTicket,
  type ScanContext,
} from '../../../src/domain/ticket-scan.js';
import { followToken } from '../../../src/follow-link.js';
import { ticketQrPayload } from '../../../src/domain/ticket.js';

const ticket = { id: '01890000-0000-7000-8000-00000000abcd', number: 'A0023' };
const key = new Uint8Array(32).fill(7);
const origin = 'https://queue.branch-17.example.cn';
const context: ScanContext = { followOrigin: origin, prefixes: ['A', 'B', 'VA'] };
const link = (base: string, t = ticket) => ticketQrPayload(base, t, followToken(key, t.id));

describe('readScannedTicket', () => {
  it("reads this kiosk's follow link: the ticket id and its number", () => {
    expect(readScannedTicket(link(origin), context)).toEqual({
      kind: 'followLink',
      ticketId: ticket.id,
      number: 'A0023',
    });
    // A configured base with a path: the link is still on its origin (/t/… is absolute).
    expect(readScannedTicket(link(`${origin}/follow/`), context)).toMatchObject({
      kind: 'followLink',
      number: 'A0023',
    });
    // A scanner's suffix (CR, tab) and Caps Lock (every letter's case swapped).
    expect(readScannedTicket(`${link(origin)}\r\t`, context)).toMatchObject({ number: 'A0023' });
    const capsLock = link(origin).replace(/[a-z]/gi, (c) =>
      c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase(),
    );
    expect(readScannedTicket(capsLock, context)).toEqual({
      kind: 'followLink',
      ticketId: ticket.id,
      number: 'A0023',
    });
    // A link without its number: the id alone (the kiosk looks it up in its own store).
    expect(readScannedTicket(`${origin}/t/${ticket.id}`, context)).toEqual({
      kind: 'followLink',
      ticketId: ticket.id,
      number: null,
    });
  });

  it('reads a bare number of the branch, in either case, two-letter prefixes too', () => {
    expect(readScannedTicket('A0023', context)).toEqual({ kind: 'number', number: 'A0023' });
    expect(readScannedTicket('b0107\r', context)).toEqual({ kind: 'number', number: 'B0107' });
    expect(readScannedTicket('VA0001', context)).toEqual({ kind: 'number', number: 'VA0001' });
  });

  it("refuses another branch's link, and a number under a prefix the branch does not use", () => {
    const other = link('https://queue.branch-18.example.cn');
    expect(readScannedTicket(other, context)).toEqual({ kind: 'refused', reason: 'otherBranch' });
    // Same host, another port or scheme: another origin.
    for (const base of ['http://queue.branch-17.example.cn', `${origin}:8443`]) {
      expect(readScannedTicket(link(base), context)).toMatchObject({ reason: 'otherBranch' });
    }
    // No follow address yet (the embedded service not listening): no link is this branch's.
    expect(readScannedTicket(link(origin), { ...context, followOrigin: null })).toMatchObject({
      reason: 'otherBranch',
    });
    expect(readScannedTicket('C0023', context)).toEqual({
      kind: 'refused',
      reason: 'unknownPrefix',
    });
    expect(readScannedTicket(link(origin, { ...ticket, number: 'Z0001' }), context)).toEqual({
      kind: 'refused',
      reason: 'unknownPrefix',
    });
  });

  it('refuses garbage: other codes, other paths on the origin, broken links', () => {
    const garbage = [
      '',
      '   ',
      '6901234567892', // a product barcode
      'A23',
      'A00234',
      'WIFI:S:branch-guest;T:WPA;P:secret;;',
      'https://',
      'http://[::1',
      `${origin}/`,
      `${origin}/t/`,
      `${origin}/t/not-a-uuid?n=A0023`,
      `${origin}/t/${ticket.id}/extra?n=A0023`,
      `${origin}/x/${ticket.id}?n=A0023`,
      `${origin}/t/%E0%A4%A?n=A0023`,
      `${origin}/t/${ticket.id}?n=A23`,
      `${origin}/t/${ticket.id}?n=<script>`,
    ];
    for (const text of garbage) {
      expect(readScannedTicket(text, context), text).toEqual({
        kind: 'refused',
        reason: 'notATicket',
      });
    }
  });

  it('refuses a code longer than any ticket carries, unread', () => {
    const long = `${link(origin)}&pad=${'x'.repeat(MAX_TICKET_CODE_LENGTH)}`;
    expect(readScannedTicket(long, context)).toEqual({ kind: 'refused', reason: 'tooLong' });
    expect(readScannedTicket('A'.repeat(MAX_TICKET_CODE_LENGTH + 1), context)).toEqual({
      kind: 'refused',
      reason: 'tooLong',
    });
    // At the bound: read (and refused only for what it is).
    const padded = `${link(origin)}&pad=`;
    const atBound = padded + 'x'.repeat(MAX_TICKET_CODE_LENGTH - padded.length);
    expect(atBound).toHaveLength(MAX_TICKET_CODE_LENGTH);
    expect(readScannedTicket(atBound, context)).toMatchObject({ number: 'A0023' });
  });
});
