/**
 * The identify feature's commands and screens: the ID card offered at the start of the ticket
 * flow, the consent to read it, placing it, reading it and taking it back, and the abuse guard's
 * answer. Imported by the renderer: no Node, no DOM.
 *
 * No screen carries an identity: the name is masked by the host before it is published, and the
 * ID number, address and photo never leave the host's read.
 */
import { z } from 'zod';
import { ViewBaseSchema } from '../common.js';

export const IdentifyCommandSchemas = [
  // "Use your ID card (priority for seniors)" on the ticket flow's first screen.
  z.object({ type: z.literal('USE_ID_CARD') }),
  // "Continue without the card": on the offer, and on every problem screen of the reading.
  z.object({ type: z.literal('CONTINUE_WITHOUT_ID_CARD') }),
  // "I agree" on the consent screen (sensitive personal data: a separate consent).
  z.object({ type: z.literal('AGREE_TO_ID_CARD_READ') }),
  // "Try again" after a problem.
  z.object({ type: z.literal('RETRY_ID_CARD') }),
] as const;

/** Why the card gave no identification, as the customer is told. */
export const IdCardProblemSchema = z.enum([
  'unreadable',
  'unsupportedCard',
  'noCardInTime',
  'readerOffline',
]);
export type IdCardProblem = z.infer<typeof IdCardProblemSchema>;

export const IdentifyScreenSchemas = [
  // Use your ID card (priority for seniors), or continue without.
  ViewBaseSchema.extend({ screen: z.literal('idCardOffer') }),
  // What is read, why, how long it is kept: agree or go back.
  ViewBaseSchema.extend({ screen: z.literal('idCardConsent') }),
  // Place your ID card on the reader (or: reading it, keep it there).
  ViewBaseSchema.extend({
    screen: z.literal('placeIdCard'),
    reading: z.boolean(),
    /** Where the reader is, as this terminal's configuration says; absent: the catalogue's words. */
    placementHint: z.string().min(1).max(80).optional(),
  }),
  // Read: the masked name and the priority; please take your card.
  ViewBaseSchema.extend({
    screen: z.literal('idCardRead'),
    /** Family name kept, given name hidden ("王*"). */
    maskedName: z.string().max(64),
    priority: z.enum(['none', 'senior', 'vip']),
    /** The card is still on the reader long after the read: said louder. */
    cardLeft: z.boolean(),
  }),
  // The card gave nothing: why, and what to do next (take it back first when it is there).
  ViewBaseSchema.extend({
    screen: z.literal('idCardProblem'),
    problem: IdCardProblemSchema,
    takeCard: z.boolean(),
  }),
  // The abuse guard: this card already has a live ticket for this business type.
  ViewBaseSchema.extend({
    screen: z.literal('liveTicketExists'),
    number: z.string(),
    businessTypeName: z.string(),
    /** "14:30": when another ticket for this queue may be taken with this card. */
    liveUntil: z.string(),
  }),
] as const;
