/**
 * The sync contract between a kiosk and its branch service (design.md §6), version 1.
 *
 * Shared by the kiosk (src/sync) and the reference branch service (branch-service/), so it stays
 * free of Node and DOM APIs: plain types, constants and validators. A bank that replaces the
 * reference service implements exactly this.
 *
 * Delivery is at-least-once from the kiosk's outbox, made effectively-once by the service:
 * every item carries a UUIDv7 `id`; the service stores each id once (a unique constraint) and
 * answers with every id of the batch it now holds, including ones it already had.
 *
 * Auth: every request (except an anonymous health probe) carries
 * `Authorization: Bearer <kiosk token>` and `X-Kiosk-Id: <kiosk id>`. Unknown kiosk or wrong
 * token → 401. Tokens never appear in logs, errors or responses.
 */
import type { BusinessType } from '../domain/business-type.js';
import type { Ticket, TicketDelivery } from '../domain/ticket.js';

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

export const OUTBOX_KINDS = ['ticket.issued'] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

export interface OutboxItemWire {
  /** UUIDv7, lower case: the idempotency key. */
  readonly id: string;
  /** Per-kiosk, increasing. Not unique upstream: a kiosk whose database was replaced restarts it. */
  readonly seq: number;
  readonly kioskId: string;
  readonly kind: string;
  /** ISO 8601 instant. */
  readonly createdAt: string;
  readonly payload: unknown;
}

/** Payload of kind 'ticket.issued': the issued ticket plus the branch-local day it belongs to. */
export interface TicketIssuedPayload extends Ticket {
  readonly status: 'issued';
  readonly delivery: TicketDelivery;
  readonly issuedAt: string;
  /** YYYY-MM-DD, the branch's calendar day. */
  readonly serviceDay: string;
}

export interface BatchRequest {
  readonly kioskId: string;
  readonly items: readonly OutboxItemWire[];
}

export interface BatchRejection {
  readonly id: string;
  /** Why the item can never be accepted as sent; shown to the technician. */
  readonly reason: string;
}

export interface BatchResponse {
  /** Ids the service now holds, including ones it already had (a re-sent batch). */
  readonly accepted: readonly string[];
  /** Items that are invalid as sent; the kiosk stops sending them. */
  readonly rejected: readonly BatchRejection[];
}

export interface LocalizedText {
  readonly 'zh-CN': string;
  readonly en: string;
}

export interface BranchConfig {
  readonly branch: { readonly id: string; readonly name: LocalizedText };
  readonly businessTypes: readonly BusinessType[];
}

export interface HealthResponse {
  readonly status: 'ok' | 'degraded';
  readonly apiVersion: typeof SYNC_API_VERSION;
  /** Service clock (ISO 8601), so a technician can spot a kiosk with a wrong clock. */
  readonly time: string;
  readonly database: 'ok' | 'unavailable';
  /** Present when the request carried credentials; they were valid (invalid ones get 401). */
  readonly kioskId?: string;
}

/** Body of every non-2xx answer. */
export interface ErrorResponse {
  readonly error: { readonly code: string; readonly message: string };
}

// ---------------------------------------------------------------------------------------------
// Validators. They return reasons in words a technician can act on, never throw.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isNonEmptyString = (value: unknown): value is string =>
  typeof value === 'string' && value.trim() !== '' && value.length <= 200;

export const isUuid = (value: unknown): value is string =>
  typeof value === 'string' && UUID.test(value);
export const isInstant = (value: unknown): value is string =>
  typeof value === 'string' && INSTANT.test(value) && !Number.isNaN(Date.parse(value));
export function isServiceDay(value: unknown): value is string {
  const match = typeof value === 'string' ? DAY.exec(value) : null;
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/** Why a `ticket.issued` payload is unusable, or null when it is fine. */
export function ticketIssuedPayloadProblem(payload: unknown, kioskId: string): string | null {
  if (!isRecord(payload)) return 'payload must be an object (the issued ticket)';
  if (!isUuid(payload.id)) return 'payload.id must be a lower-case UUID';
  if (!isNonEmptyString(payload.number)) return 'payload.number must be a non-empty string';
  if (!isNonEmptyString(payload.businessTypeId)) return 'payload.businessTypeId is missing';
  if (payload.status !== 'issued') return "payload.status must be 'issued'";
  if (payload.delivery !== 'printed' && payload.delivery !== 'screen') {
    return "payload.delivery must be 'printed' or 'screen'";
  }
  const ahead = payload.waitingAhead;
  if (typeof ahead !== 'number' || !Number.isInteger(ahead) || ahead < 0) {
    return 'payload.waitingAhead must be a non-negative integer';
  }
  if (!isInstant(payload.reservedAt)) return 'payload.reservedAt must be an ISO 8601 instant';
  if (!isInstant(payload.issuedAt)) return 'payload.issuedAt must be an ISO 8601 instant';
  if (payload.kioskId !== kioskId) return `payload.kioskId must be the sending kiosk (${kioskId})`;
  if (!isServiceDay(payload.serviceDay)) return 'payload.serviceDay must be a date YYYY-MM-DD';
  return null;
}

/** Why one item of a batch is unusable, or null when it is fine. `item.id` is already valid. */
function itemProblem(item: Record<string, unknown>, kioskId: string): string | null {
  const seq = item.seq;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) {
    return 'seq must be a positive integer';
  }
  if (item.kioskId !== kioskId) return `kioskId must be the batch's kiosk (${kioskId})`;
  if (!isInstant(item.createdAt)) return 'createdAt must be an ISO 8601 instant';
  if (!(OUTBOX_KINDS as readonly unknown[]).includes(item.kind)) {
    return (
      `unknown kind ${JSON.stringify(item.kind)}; this branch service understands ` +
      `${OUTBOX_KINDS.join(', ')} (update the branch service, then re-queue the item)`
    );
  }
  if (item.kind === 'ticket.issued') return ticketIssuedPayloadProblem(item.payload, kioskId);
  return null;
}

export type BatchRequestValidation =
  | {
      readonly ok: true;
      /** The request with only the valid items. */
      readonly request: BatchRequest;
      /** Items that can never be accepted as sent. */
      readonly rejected: readonly BatchRejection[];
    }
  | { readonly ok: false; readonly error: string };

/**
 * Checks a parsed POST /v1/batches body. A body the service cannot answer item by item (not an
 * object, no kiosk id, an item without a usable id) is `ok: false` → 400; otherwise each bad item
 * is rejected on its own with a reason and the rest proceed.
 */
export function validateBatchRequest(body: unknown): BatchRequestValidation {
  if (!isRecord(body)) return { ok: false, error: 'the body must be a JSON object' };
  const { kioskId, items } = body;
  if (!isNonEmptyString(kioskId)) return { ok: false, error: 'kioskId must be a non-empty string' };
  if (!Array.isArray(items)) return { ok: false, error: 'items must be an array' };
  if (items.length > MAX_BATCH_ITEMS) {
    return { ok: false, error: `a batch holds at most ${MAX_BATCH_ITEMS} items` };
  }
  const valid: OutboxItemWire[] = [];
  const rejected: BatchRejection[] = [];
  for (const [index, item] of items.entries()) {
    if (!isRecord(item) || !isUuid(item.id)) {
      return {
        ok: false,
        error: `items[${index}] has no lower-case UUID id, so it cannot be answered for`,
      };
    }
    const problem = itemProblem(item, kioskId);
    if (problem !== null) {
      rejected.push({ id: item.id, reason: problem });
    } else {
      valid.push({
        id: item.id,
        seq: item.seq as number,
        kioskId,
        kind: item.kind as string,
        createdAt: item.createdAt as string,
        payload: item.payload,
      });
    }
  }
  return { ok: true, request: { kioskId, items: valid }, rejected };
}

/** Checks a POST /v1/batches answer on the kiosk side. */
export function isBatchResponse(value: unknown): value is BatchResponse {
  return (
    isRecord(value) &&
    Array.isArray(value.accepted) &&
    value.accepted.every((id) => typeof id === 'string') &&
    Array.isArray(value.rejected) &&
    value.rejected.every(
      (r) => isRecord(r) && typeof r.id === 'string' && typeof r.reason === 'string',
    )
  );
}

const isLocalizedText = (value: unknown): value is LocalizedText =>
  isRecord(value) && isNonEmptyString(value['zh-CN']) && isNonEmptyString(value.en);

/** Why a BranchConfig is unusable, or null when it is fine. */
export function branchConfigProblem(value: unknown): string | null {
  if (!isRecord(value)) return 'config must be an object';
  const { branch, businessTypes } = value;
  if (!isRecord(branch) || !isNonEmptyString(branch.id) || !isLocalizedText(branch.name)) {
    return 'config.branch needs an id and a name in zh-CN and en';
  }
  if (!Array.isArray(businessTypes) || businessTypes.length === 0) {
    return 'config.businessTypes must list at least one business type';
  }
  const ids = new Set<string>();
  const prefixes = new Set<string>();
  for (const [index, type] of businessTypes.entries()) {
    if (
      !isRecord(type) ||
      !isNonEmptyString(type.id) ||
      typeof type.prefix !== 'string' ||
      !/^[A-Z]{1,2}$/.test(type.prefix) ||
      !isLocalizedText(type.name) ||
      (type.description !== undefined && !isLocalizedText(type.description))
    ) {
      return (
        `config.businessTypes[${index}] needs an id, a prefix of one or two capital letters ` +
        'and a name in zh-CN and en'
      );
    }
    if (ids.has(type.id)) return `business type id ${type.id} appears twice`;
    if (prefixes.has(type.prefix)) return `ticket prefix ${type.prefix} is used twice`;
    ids.add(type.id);
    prefixes.add(type.prefix);
  }
  return null;
}

export const isBranchConfig = (value: unknown): value is BranchConfig =>
  branchConfigProblem(value) === null;

export function isHealthResponse(value: unknown): value is HealthResponse {
  return (
    isRecord(value) &&
    (value.status === 'ok' || value.status === 'degraded') &&
    value.apiVersion === SYNC_API_VERSION &&
    typeof value.time === 'string'
  );
}
