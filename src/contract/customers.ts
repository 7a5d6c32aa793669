/**
 * Customers known to the branch by their ID card (issue 8), without the branch's kiosks holding
 * an identity. Every kiosk of a branch turns an ID number into the same customer key (HMAC-SHA256
 * under the branch's customer-key secret, src/customer-key.ts), so an appointment booked by ID
 * number, a VIP customer and the ticket's card all meet on one key, while the ID number itself
 * never leaves the card reader's read (design.md §5). No Node and no DOM here.
 */
import { z } from 'zod';
import { CustomerKeySchema } from '../domain/identification.js';
import { say, type Immutable } from './fields.js';

export const CUSTOMER_PATHS = {
  /** GET → CustomerKeySecret: the branch's customer-key secret, for its provisioned kiosks. */
  customerKey: '/v1/customer-key',
  /** POST CustomerLookupRequest → CustomerLookupAnswer: is this card's holder a VIP? */
  lookup: '/v1/customers/lookup',
  /** POST VipCustomerRequest → VipCustomer (demos and tests; a bank's CRM in a branch). */
  vipCustomers: '/v1/vip-customers',
} as const;

/** 32 random bytes, base64: what the kiosks key their HMAC with. */
export const CUSTOMER_KEY_SECRET_BYTES = 32;

export const CustomerKeySecretSchema = z.object({
  /** Names the secret without revealing it (a fingerprint), so a kiosk sees a change. */
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  secret: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, { error: 'must be 32 bytes in base64' })
    .meta({ description: 'The 32-byte customer-key secret, base64. Never logged.' }),
});
export type CustomerKeySecret = Immutable<z.infer<typeof CustomerKeySecretSchema>>;

/**
 * A resident ID number (18 characters, the last may be X), an older 15-digit one, or a foreign
 * permanent residence number: upper-case letters and digits. Accepted only by the booking and
 * VIP routes, which turn it into a key at once and store only the key.
 */
export const IdNumberSchema = z
  .string({ error: say('must be an ID number') })
  .regex(/^[0-9A-Z]{15,18}$/, { error: 'must be an ID number of 15 to 18 digits or letters' })
  .meta({ description: 'An ID card number; turned into a customer key and never stored.' });

export const CustomerLookupRequestSchema = z.object({ customerKey: CustomerKeySchema });
export type CustomerLookupRequest = Immutable<z.infer<typeof CustomerLookupRequestSchema>>;

export const CustomerLookupAnswerSchema = z.object({
  /** Served first: the branch's VIP customers (its CRM decides who they are). */
  vip: z.boolean(),
});
export type CustomerLookupAnswer = Immutable<z.infer<typeof CustomerLookupAnswerSchema>>;

/** Marks a customer as VIP by ID number (turned into the key) or by key. */
export const VipCustomerRequestSchema = z.union([
  z.object({ idNumber: IdNumberSchema }),
  z.object({ customerKey: CustomerKeySchema }),
]);
export type VipCustomerRequest = Immutable<z.infer<typeof VipCustomerRequestSchema>>;

export const VipCustomerSchema = z.object({ customerKey: CustomerKeySchema });
export type VipCustomer = Immutable<z.infer<typeof VipCustomerSchema>>;
