/**
 * The sync contract between a kiosk and its branch service (design.md §6), version 1.
 *
 * Shared by the kiosk (src/sync) and the reference branch service (branch-service/), so it stays
 * free of Node and DOM APIs: schemas (zod 4), the types inferred from them, and constants. A bank
 * that replaces the reference service implements exactly this; ./json-schema.ts emits it as JSON
 * Schema for the OpenAPI document.
 *
 * Delivery is at-least-once from the kiosk's outbox, made effectively-once by the service:
 * every item carries a UUIDv7 `id`; the service stores each id once (a unique constraint) and
 * answers with every id of the batch it now holds, including ones it already had.
 *
 * Auth: every request (except an anonymous health probe) carries
 * `Authorization: Bearer <kiosk token>` and `X-Kiosk-Id: <kiosk id>`. Unknown kiosk or wrong
 * token → 401. Tokens never appear in logs, errors or responses.
 */
import { z } from 'zod';
import { TicketDeliverySchema, TicketSchema } from '../domain/ticket.js';
import { FeedbackSubmittedPayloadSchema } from './feedback-report.js';
import { GuideAuditPayloadSchema, GuideCalledPayloadSchema } from './guide.js';
import { ReminderRequestedPayloadSchema } from './reminder.js';
import {
  CalendarDay,
  Identifier,
  Instant,
  MAX_REASON_LENGTH,
  MAX_TEXT_LENGTH,
  QueueSequence,
  Uuid,
  nonEmptyText,
  say,
  type Immutable,
} from './fields.js';
import { check, type Checked } from './problems.js';

export type { LocalizedText } from '../domain/business-type.js';

export const SYNC_API_VERSION = 'v1';

export const SYNC_PATHS = {
  /** GET: liveness and database reachability. Credentials optional; checked when sent. */
  health: '/v1/health',
  /** POST BatchRequest → BatchResponse. */
  batches: '/v1/batches',
  /** GET → BranchConfig, with ETag; `If-None-Match` → 304 when unchanged. */
  config: '/v1/config',
} as const;

/** HTTP header names are case-insensitive; Node hands them over lower-cased. */
export const KIOSK_ID_HEADER = 'x-kiosk-id';

/** Upper bounds the service enforces; a kiosk's batch limits must stay below them. */
export const MAX_BATCH_ITEMS = 500;
export const MAX_BATCH_BODY_BYTES = 1024 * 1024;

export const OUTBOX_KINDS = [
  'ticket.issued',
  'ticket.voided',
  'feedback.submitted',
  'guide.called',
  'guide.audit',
  'reminder.requested',
] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

// ---------------------------------------------------------------------------------------------
// POST /v1/batches

/**
 * Payload of kind 'ticket.issued': the issued ticket plus the branch-local day it belongs to.
 * Fields this version does not know are kept (the service stores the payload as sent), so a
 * newer kiosk's additions are not lost on an older service.
 */
export const TicketIssuedPayloadSchema = z.looseObject(
  {
    ...TicketSchema.shape,
    status: z.literal('issued'),
    delivery: TicketDeliverySchema,
    issuedAt: Instant,
    /** YYYY-MM-DD, the branch's calendar day. */
    serviceDay: CalendarDay,
  },
  { error: say('must be an object (the issued ticket)') },
);
export type TicketIssuedPayload = Immutable<z.infer<typeof TicketIssuedPayloadSchema>>;

// The feedback payload lives with the feedback report (./feedback-report.ts); re-exported here
// with the other outbox kinds.
export {
  FEEDBACK_CATEGORIES,
  FeedbackCategorySchema,
  FeedbackSubmittedPayloadSchema,
  MAX_FEEDBACK_COMMENT_LENGTH,
} from './feedback-report.js';
export type { FeedbackCategory, FeedbackSubmittedPayload } from './feedback-report.js';
// Guide assistance (./guide.ts): a call for a guide, and every use of the staff PIN.
export {
  GUIDE_AUDIT_OUTCOMES,
  GuideAuditPayloadSchema,
  GuideCalledPayloadSchema,
} from './guide.js';
export type { GuideAuditOutcome, GuideAuditPayload, GuideCalledPayload } from './guide.js';
// The SMS reminder (./reminder.ts): the phone travels to the branch service only in this item.
export { ReminderRequestedPayloadSchema } from './reminder.js';
export type { ReminderRequestedPayload } from './reminder.js';

/** What every outbox item carries, whatever its kind. */
const outboxItemFields = {
  /** UUIDv7, lower case: the idempotency key. */
  id: Uuid,
  /** Per-kiosk, increasing. Not unique upstream: a kiosk whose database was replaced restarts it. */
  seq: z
    .int({ error: say('must be a positive integer') })
    .min(1, { error: 'must be a positive integer' }),
  kioskId: Identifier,
  /** ISO 8601 instant. */
  createdAt: Instant,
};

export const TicketIssuedItemSchema = z.object({
  ...outboxItemFields,
  kind: z.literal('ticket.issued'),
  payload: TicketIssuedPayloadSchema,
});

/**
 * Payload of kind 'ticket.voided': a number reserved (by the branch, or from this kiosk's
 * block) that no customer will be called for, because the kiosk stopped between reserving it
 * and issuing it. `number` and `sequence` are null when the kiosk asked the branch for a number
 * and never heard the answer: the branch finds what it allocated by `ticketId`.
 */
export const TicketVoidedPayloadSchema = z.looseObject(
  {
    ticketId: Uuid,
    kioskId: Identifier,
    businessTypeId: Identifier,
    serviceDay: CalendarDay,
    number: nonEmptyText(32).nullable(),
    sequence: QueueSequence.nullable(),
    issuedOffline: z.boolean({ error: say('must be true or false') }),
    reservedAt: Instant,
    voidedAt: Instant,
    reason: z.enum(['interruptedBeforeIssue']),
  },
  { error: say('must be an object (the voided number)') },
);
export type TicketVoidedPayload = Immutable<z.infer<typeof TicketVoidedPayloadSchema>>;

export const TicketVoidedItemSchema = z.object({
  ...outboxItemFields,
  kind: z.literal('ticket.voided'),
  payload: TicketVoidedPayloadSchema,
});

export const FeedbackSubmittedItemSchema = z.object({
  ...outboxItemFields,
  kind: z.literal('feedback.submitted'),
  payload: FeedbackSubmittedPayloadSchema,
});

export const GuideCalledItemSchema = z.object({
  ...outboxItemFields,
  kind: z.literal('guide.called'),
  payload: GuideCalledPayloadSchema,
});

export const GuideAuditItemSchema = z.object({
  ...outboxItemFields,
  kind: z.literal('guide.audit'),
  payload: GuideAuditPayloadSchema,
});

export const ReminderRequestedItemSchema = z.object({
  ...outboxItemFields,
  kind: z.literal('reminder.requested'),
  payload: ReminderRequestedPayloadSchema,
});

/** One outbox item as it travels; its `kind` says what its `payload` is. */
export const OutboxItemSchema = z.discriminatedUnion(
  'kind',
  [
    TicketIssuedItemSchema,
    TicketVoidedItemSchema,
    FeedbackSubmittedItemSchema,
    GuideCalledItemSchema,
    GuideAuditItemSchema,
    ReminderRequestedItemSchema,
  ],
  {
    error: (issue) =>
      issue.code === 'invalid_union' && 'discriminator' in issue
        ? `unknown kind ${JSON.stringify((issue.input as { kind?: unknown } | undefined)?.kind)}; ` +
          'this branch service understands ' +
          `${OUTBOX_KINDS.join(', ')} (update the branch service, then re-queue the item)`
        : undefined,
  },
);

/**
 * An outbox item on the wire. `kind` and `payload` stay open here: the kiosk sends whatever its
 * outbox holds (an item this service version does not know is rejected by the service, with a
 * reason, not lost by the kiosk).
 */
export interface OutboxItemWire {
  readonly id: string;
  readonly seq: number;
  readonly kioskId: string;
  readonly kind: string;
  /** ISO 8601 instant. */
  readonly createdAt: string;
  readonly payload: unknown;
}
/** An outbox item the service has checked: a known kind with a valid payload. */
export type KnownOutboxItem = Immutable<z.infer<typeof OutboxItemSchema>>;

/** Where an item names another kiosk than its sender, and what it must be instead. */
function senderIssue(
  item: KnownOutboxItem,
  kioskId: string,
): { readonly path: readonly string[]; readonly message: string } | null {
  if (item.kioskId !== kioskId) {
    return { path: ['kioskId'], message: `must be the batch's kiosk (${kioskId})` };
  }
  if (item.payload.kioskId !== kioskId) {
    return { path: ['payload', 'kioskId'], message: `must be the sending kiosk (${kioskId})` };
  }
  return null;
}

/**
 * Why an item that is well-formed on its own cannot come from `kioskId` (the batch's kiosk),
 * or null. The one rule a fixed schema cannot state, because it compares with the sender.
 */
export function itemSenderProblem(item: KnownOutboxItem, kioskId: string): string | null {
  const issue = senderIssue(item, kioskId);
  return issue === null ? null : `${issue.path.join('.')} ${issue.message}`;
}

/** An item the service can answer for (it has an id); everything else is checked item by item. */
const AnswerableItem = z
  .unknown()
  .refine(
    (item) =>
      typeof item === 'object' &&
      item !== null &&
      Uuid.safeParse((item as { id?: unknown }).id).success,
    { error: 'has no lower-case UUID id, so it cannot be answered for' },
  );

/**
 * The body of POST /v1/batches as the service first reads it: a kiosk id and items it can answer
 * for. A body that fails this is refused whole (400); then each item is checked on its own
 * (`checkOutboxItem`), and a bad item is rejected with its reason while the rest proceed.
 */
export const BatchEnvelopeSchema = z.object(
  {
    kioskId: Identifier,
    items: z
      .array(AnswerableItem, { error: say('must be an array') })
      .max(MAX_BATCH_ITEMS, { error: `must hold at most ${MAX_BATCH_ITEMS} items` }),
  },
  { error: say('must be a JSON object') },
);

/** The full request, for the JSON Schema and for senders that check before sending. */
export const BatchRequestSchema = z
  .object({
    kioskId: Identifier,
    items: z
      .array(OutboxItemSchema, { error: say('must be an array') })
      .max(MAX_BATCH_ITEMS, { error: `must hold at most ${MAX_BATCH_ITEMS} items` }),
  })
  .superRefine((request, context) => {
    for (const [index, item] of request.items.entries()) {
      const issue = senderIssue(item, request.kioskId);
      if (issue !== null) {
        const path = ['items', index, ...issue.path];
        context.addIssue({ code: 'custom', message: issue.message, path });
      }
    }
  })
  .meta({ description: "Every item's kioskId, and its payload's, is the batch's kioskId." });

/**
 * A batch as the kiosk sends it: the shape of BatchRequestSchema with `kind` and `payload` left
 * open, because the kiosk forwards whatever its outbox holds and lets the service judge it.
 */
export interface BatchRequest {
  readonly kioskId: string;
  readonly items: readonly OutboxItemWire[];
}
// Every request the schema accepts is a BatchRequest (a compile-time check, no runtime cost).
const schemaFitsWire: (request: z.output<typeof BatchRequestSchema>) => BatchRequest = (r) => r;
void schemaFitsWire;

export const BatchRejectionSchema = z.object({
  id: nonEmptyText(MAX_TEXT_LENGTH),
  /** Why the item can never be accepted as sent; shown to the technician. */
  reason: nonEmptyText(MAX_REASON_LENGTH),
});
export type BatchRejection = Immutable<z.infer<typeof BatchRejectionSchema>>;

export const BatchResponseSchema = z.object({
  /** Ids the service now holds, including ones it already had (a re-sent batch). */
  accepted: z.array(nonEmptyText(MAX_TEXT_LENGTH)).max(MAX_BATCH_ITEMS),
  /** Items that are invalid as sent; the kiosk stops sending them. */
  rejected: z.array(BatchRejectionSchema).max(MAX_BATCH_ITEMS),
});
export type BatchResponse = Immutable<z.infer<typeof BatchResponseSchema>>;

export type BatchEnvelope = z.infer<typeof BatchEnvelopeSchema>;

/** Checks a parsed POST /v1/batches body; `problem` is the 400 answer's message. */
export function checkBatchEnvelope(body: unknown): Checked<BatchEnvelope> {
  return check(BatchEnvelopeSchema, body, 'the body');
}

/**
 * Checks one item of a batch from `kioskId`: the item, or why it can never be accepted as sent
 * (its path relative to the item, e.g. "payload.number must be a non-empty string").
 */
export function checkOutboxItem(
  item: unknown,
  kioskId: string,
):
  | { readonly ok: true; readonly item: KnownOutboxItem }
  | { readonly ok: false; readonly reason: string } {
  const checked = check(OutboxItemSchema, item, 'the item');
  if (!checked.ok) return { ok: false, reason: checked.problem };
  const problem = itemSenderProblem(checked.value, kioskId);
  return problem === null ? { ok: true, item: checked.value } : { ok: false, reason: problem };
}

// ---------------------------------------------------------------------------------------------
// GET /v1/health, and every error answer

export const HealthResponseSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  apiVersion: z.literal(SYNC_API_VERSION),
  /** Service clock (ISO 8601), so a technician can spot a kiosk with a wrong clock. */
  time: nonEmptyText(64),
  database: z.enum(['ok', 'unavailable']),
  /** Present when the request carried credentials; they were valid (invalid ones get 401). */
  kioskId: Identifier.optional(),
  /** Requests this service instance refused since it started: unknown kiosk, bad credential. */
  refusedRequests: z
    .object({
      unknownKiosk: z.int().min(0),
      badCredential: z.int().min(0),
    })
    .optional(),
});
export type HealthResponse = Immutable<z.infer<typeof HealthResponseSchema>>;

/** Body of every non-2xx answer. */
export const ErrorResponseSchema = z.object({
  error: z.object({ code: nonEmptyText(64), message: nonEmptyText(MAX_REASON_LENGTH) }),
});
export type ErrorResponse = Immutable<z.infer<typeof ErrorResponseSchema>>;

// GET /v1/config lives in ./branch-config.ts; re-exported so the contract has one entry point.
export * from './branch-config.js';
