/**
 * What a lobby barcode scanner read off a ticket (issue 8, "my ticket": enter or scan the number).
 *
 * A self-service terminal's 2D scanner is a USB keyboard ("keyboard wedge"): it types the code's
 * text and Enter. The ticket's QR code carries the kiosk's follow link (ticketQrPayload in
 * ./ticket.ts: `<follow page origin>/t/<ticket id>?n=<number>&k=<token>`); a branch may also
 * print the bare number as a barcode. This reads either, and refuses everything else: another
 * branch's link (another origin), a link of another shape, any other text, text too long to be
 * a ticket's.
 *
 * Only the ticket's id and number are taken from a link: the follow token is a capability for the
 * phone page and is not needed to ask where a number stands (anyone may type the number), so it
 * is neither checked nor kept. Pure: no I/O.
 */
import { QUEUE_NUMBER_PATTERN } from '../contract/numbers.js';

/** Longer than any follow link a kiosk prints (about 120 characters): refused unread. */
export const MAX_TICKET_CODE_LENGTH = 256;
/**
 * The most a scan command carries (src/bridge/features/query.ts). The renderer cuts a longer
 * scan to this, so an overlong code still reaches the host and is refused with words, not
 * dropped at the bridge without an answer.
 */
export const MAX_SCAN_TEXT_LENGTH = 2 * MAX_TICKET_CODE_LENGTH;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// Case-blind: a scanner typing with Caps Lock on swaps the case of every letter.
const FOLLOW_PATH = /^\/t\/([^/]+)$/i;

/** Why a scanned text is not a ticket of this branch (for the technician's log, never shown). */
export type ScanRefusal = 'tooLong' | 'notATicket' | 'otherBranch' | 'unknownPrefix';

export type ScannedTicket =
  /** The kiosk's own follow link: the ticket's id, and its number when the link carries one. */
  | { readonly kind: 'followLink'; readonly ticketId: string; readonly number: string | null }
  /** A bare ticket number (A0023). */
  | { readonly kind: 'number'; readonly number: string }
  | { readonly kind: 'refused'; readonly reason: ScanRefusal };

export interface ScanContext {
  /**
   * The origin this kiosk's follow links are on (the configured public address, else the branch
   * service's), or null while it has none: then no link is this branch's.
   */
  readonly followOrigin: string | null;
  /** The branch's ticket prefixes: a number under another prefix is not this branch's. */
  readonly prefixes: readonly string[];
}

const refused = (reason: ScanRefusal): ScannedTicket => ({ kind: 'refused', reason });

/** The number as printed, when `text` is one of this branch's; else why not. */
function branchNumber(text: string, prefixes: readonly string[]): string | ScanRefusal {
  const number = text.toUpperCase();
  if (!QUEUE_NUMBER_PATTERN.test(number)) return 'notATicket';
  const prefix = number.replace(/\d+$/, '');
  return prefixes.includes(prefix) ? number : 'unknownPrefix';
}

/** A query parameter by name in either case (Caps Lock, as above). */
function param(url: URL, name: string): string | null {
  return url.searchParams.get(name) ?? url.searchParams.get(name.toUpperCase());
}

/** Reads a scanner's text: this branch's follow link, a bare number of the branch, or refused. */
export function readScannedTicket(scanned: string, context: ScanContext): ScannedTicket {
  if (scanned.length > MAX_TICKET_CODE_LENGTH) return refused('tooLong');
  // A scanner may add a suffix (CR, tab, spaces) besides the Enter that ended the scan.
  const text = scanned.trim();
  if (text === '') return refused('notATicket');
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    const number = branchNumber(text, context.prefixes);
    return number === 'notATicket' || number === 'unknownPrefix'
      ? refused(number)
      : { kind: 'number', number };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refused('notATicket');
  }
  if (context.followOrigin === null || url.origin !== new URL(context.followOrigin).origin) {
    return refused('otherBranch');
  }
  const path = FOLLOW_PATH.exec(url.pathname);
  let ticketId: string;
  try {
    ticketId = decodeURIComponent(path?.[1] ?? '').toLowerCase();
  } catch {
    return refused('notATicket');
  }
  if (!UUID.test(ticketId)) return refused('notATicket');
  const n = param(url, 'n');
  if (n === null) return { kind: 'followLink', ticketId, number: null };
  const number = branchNumber(n, context.prefixes);
  return number === 'notATicket' || number === 'unknownPrefix'
    ? refused(number)
    : { kind: 'followLink', ticketId, number };
}
