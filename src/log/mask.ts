/**
 * One serializer that masks identity fields wherever they appear in a log event (design.md §5):
 * the ID number keeps its first four and last four characters, a name keeps its family name, a
 * phone number its first three and last four digits, an address its first six characters. Keys
 * are matched by name at any depth, so a ticket, a card read or a form submission logged whole
 * is masked the same way. Photos and fingerprints are never logged at all.
 */

/** Field names (compared case-insensitively) and how each is masked. */
const MASKS: Record<string, (value: string) => string> = {
  idnumber: maskIdNumber,
  name: maskName,
  fullname: maskName,
  customername: maskName,
  englishname: maskName,
  phone: maskPhone,
  phonenumber: maskPhone,
  mobile: maskPhone,
  address: maskAddress,
};

/** Fields that are dropped, not masked: nothing of them is useful to a technician. */
const DROPPED = new Set(['photo', 'fingerprint', 'fingerprints', 'token', 'kiosktoken']);

export function maskIdNumber(value: string): string {
  if (value.length <= 8) return '*'.repeat(value.length);
  return `${value.slice(0, 4)}${'*'.repeat(value.length - 8)}${value.slice(-4)}`;
}

export function maskName(value: string): string {
  const chars = [...value.trim()];
  if (chars.length === 0) return value;
  // Latin names ("ZHANG San"): keep the first word's initial only.
  if (/^[\x20-\x7e]+$/.test(value)) return `${chars[0]}***`;
  return `${chars[0]}${'*'.repeat(Math.max(1, chars.length - 1))}`;
}

export function maskPhone(value: string): string {
  const digits = value.replace(/\D/g, '');
  if (digits.length < 7) return '*'.repeat(value.length);
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

export function maskAddress(value: string): string {
  const chars = [...value];
  return chars.length <= 6 ? '*'.repeat(chars.length) : `${chars.slice(0, 6).join('')}***`;
}

const MAX_DEPTH = 8;

/** A masked deep copy of a log event; anything that is not plain data passes through as is. */
export function maskIdentity(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => maskIdentity(v, depth + 1));
  if (value instanceof Error) return value;
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) {
    return value;
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const lower = key.toLowerCase();
    if (DROPPED.has(lower)) {
      out[key] = '[omitted]';
      continue;
    }
    const mask = MASKS[lower];
    out[key] = mask && typeof v === 'string' ? mask(v) : maskIdentity(v, depth + 1);
  }
  return out;
}
