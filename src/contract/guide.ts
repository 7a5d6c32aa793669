/**
 * Guide assistance in the contract (issue 8): the 'guide.called' payload (a customer asked for a
 * lobby guide) and the 'guide.audit' payload (every use of the staff PIN: accepted, rejected,
 * locked out). Their item schemas are in ./sync.ts with the other outbox kinds. The PIN itself
 * never travels: only the outcome, the failure count and the lockout. No Node and no DOM here.
 */
import { z } from 'zod';
import {
  CalendarDay,
  Identifier,
  Instant,
  nonEmptyText,
  say,
  Uuid,
  type Immutable,
} from './fields.js';

/** A call's reason is a short phrase for the guide's desk, not a form. */
export const GUIDE_CALL_REASON_MAX = 200;

/** Payload of kind 'guide.called': a customer pressed "call a guide" on this kiosk. */
export const GuideCalledPayloadSchema = z.looseObject(
  {
    id: Uuid,
    kioskId: Identifier,
    calledAt: Instant,
    /** YYYY-MM-DD, the branch's calendar day. */
    serviceDay: CalendarDay,
    /** What the customer needs help with, when they said (optional: "call a guide" is enough). */
    reason: nonEmptyText(GUIDE_CALL_REASON_MAX).optional(),
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

/**
 * The lobby's guide-call feed on the branch service (branch-service/guide-calls.ts): the calls
 * the kiosks delivered, which a guide's desk lists and acknowledges ("on my way") and closes, and
 * whose state the calling kiosk reads to tell the customer that a guide is on the way.
 */
export const GUIDE_CALL_PATHS = {
  /** GET → GuideCallList: the calls not closed yet, oldest first. */
  calls: '/v1/guide-calls',
  /** GET → GuideCall, or 404 GUIDE_CALL_NOT_FOUND (not delivered yet). */
  call: '/v1/guide-calls/:callId',
  /** POST GuideCallAction → GuideCall. */
  acknowledge: '/v1/guide-calls/:callId/acknowledge',
  close: '/v1/guide-calls/:callId/close',
} as const;

/** The path of one call (`:callId` filled in). */
export const guideCallPath = (template: string, callId: string) =>
  template.replace(':callId', encodeURIComponent(callId));

/** open: nobody answered yet; acknowledged: a guide is on the way; closed: dealt with. */
export const GUIDE_CALL_STATES = ['open', 'acknowledged', 'closed'] as const;
export const GuideCallStateSchema = z.enum(GUIDE_CALL_STATES);
export type GuideCallState = z.infer<typeof GuideCallStateSchema>;

export const GuideCallSchema = z.object({
  callId: Uuid,
  kioskId: Identifier,
  calledAt: Instant,
  serviceDay: CalendarDay,
  reason: z.string().nullable(),
  state: GuideCallStateSchema,
  /** The guide who answered "on my way", and when. */
  acknowledgedBy: Identifier.nullable(),
  acknowledgedAt: Instant.nullable(),
  closedBy: Identifier.nullable(),
  closedAt: Instant.nullable(),
});
export type GuideCall = Immutable<z.infer<typeof GuideCallSchema>>;

export const GuideCallListSchema = z.object({
  /** The service's clock when it answered (a desk shows how long each call has waited). */
  asOf: Instant,
  calls: z.array(GuideCallSchema),
});
export type GuideCallList = Immutable<z.infer<typeof GuideCallListSchema>>;

/** Who acknowledges or closes a call: the guide's name or badge, as the desk was started with. */
export const GuideCallActionSchema = z.object(
  { guideId: Identifier },
  { error: say('must be an object with guideId') },
);
export type GuideCallAction = Immutable<z.infer<typeof GuideCallActionSchema>>;
