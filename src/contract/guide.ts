/**
 * Guide assistance in the contract (issue 8): the 'guide.called' payload (a customer asked for a
 * lobby guide) and the 'guide.audit' payload (every use of the staff PIN: accepted, rejected,
 * locked out). Their item schemas are in ./sync.ts with the other outbox kinds. The PIN itself
 * never travels: only the outcome, the failure count and the lockout. No Node and no DOM here.
 */
import { z } from 'zod';
import { CalendarDay, Identifier, Instant, say, Uuid, type Immutable } from './fields.js';

/** Payload of kind 'guide.called': a customer pressed "call a guide" on this kiosk. */
export const GuideCalledPayloadSchema = z.looseObject(
  {
    id: Uuid,
    kioskId: Identifier,
    calledAt: Instant,
    /** YYYY-MM-DD, the branch's calendar day. */
    serviceDay: CalendarDay,
  },
  { error: say('must be an object (the call for a guide)') },
);
export type GuideCalledPayload = Immutable<z.infer<typeof GuideCalledPayloadSchema>>;

/** What one use of the staff PIN came to. */
export const GUIDE_AUDIT_OUTCOMES = ['accepted', 'rejected', 'lockedOut'] as const;
export const GuideAuditOutcomeSchema = z.enum(GUIDE_AUDIT_OUTCOMES, {
  error: `must be one of ${GUIDE_AUDIT_OUTCOMES.join(', ')}`,
});
export type GuideAuditOutcome = z.infer<typeof GuideAuditOutcomeSchema>;

/** More consecutive failures than this is a counting error (the lockout stops guessing first). */
export const MAX_GUIDE_PIN_FAILURES = 1_000;

/** Payload of kind 'guide.audit': one use of the staff PIN, never the PIN. */
export const GuideAuditPayloadSchema = z.looseObject(
  {
    id: Uuid,
    kioskId: Identifier,
    outcome: GuideAuditOutcomeSchema,
    /** Consecutive failures after this use (0 after an accepted PIN). */
    failures: z
      .int({ error: say('must be a whole number') })
      .min(0, { error: 'must not be negative' })
      .max(MAX_GUIDE_PIN_FAILURES, { error: `must be at most ${MAX_GUIDE_PIN_FAILURES}` }),
    /** Until when the keypad refuses PINs, or null when it does not. */
    lockedUntil: Instant.nullable(),
    at: Instant,
    serviceDay: CalendarDay,
  },
  { error: say('must be an object (the use of the staff PIN)') },
);
export type GuideAuditPayload = Immutable<z.infer<typeof GuideAuditPayloadSchema>>;
