/**
 * What the kiosk keeps of an ID card once it has been read: an identification that carries no
 * identity. The ticket needs only whether the customer is served first (their age against the
 * branch's rules) and a key that tells one card from another for the abuse guard; the name, the
 * ID number and the photo never leave the read. Pure: no I/O (the key's HMAC is the host's).
 */
import { z } from 'zod';
import { TicketPrioritySchema, type TicketPriority } from './ticket.js';
import type { PriorityRules } from '../contract/sync.js';

/** HMAC-SHA256 of the ID number with the kiosk's device secret, as 64 lower-case hex digits. */
export const CustomerKeySchema = z.string().regex(/^[0-9a-f]{64}$/);

export const IdentificationSchema = z.object({
  priority: TicketPrioritySchema,
  ageYears: z.int().min(0).max(200),
  customerKey: CustomerKeySchema,
});
/** The ID card's outcome as flows pass it on. */
export type Identification = z.infer<typeof IdentificationSchema>;

/**
 * Whole years from a birth date (YYYY-MM-DD) to a calendar day (YYYY-MM-DD), as the card
 * holder counts them: not yet a year older before their birthday. Someone born on 29 February
 * is a year older on 1 March in a common year. Undefined for a date that is not one.
 */
export function ageInYears(birthDate: string, today: string): number | undefined {
  const born = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  const now = /^(\d{4})-(\d{2})-(\d{2})$/.exec(today);
  if (!born || !now) return undefined;
  const [by, bm, bd] = born.slice(1).map(Number) as [number, number, number];
  const [ty, tm, td] = now.slice(1).map(Number) as [number, number, number];
  let age = ty - by;
  if (tm < bm || (tm === bm && td < bd)) age -= 1;
  return age >= 0 ? age : undefined;
}

/**
 * The card's priority: VIP when the branch service knows the holder as one (its CRM's word,
 * asked with the customer key), else senior from the branch's `seniorAge` on, else none.
 */
export function priorityFor(ageYears: number, rules: PriorityRules, vip = false): TicketPriority {
  if (vip) return 'vip';
  return ageYears >= rules.seniorAge ? 'senior' : 'none';
}
