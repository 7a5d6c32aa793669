/**
 * Why the branch link failed, as data (design.md §6): a stable `code`, the catalogue event of the
 * technician's sentence (src/i18n/technician/sync.ts) and its fields, so a log can say it in the
 * technician's language. The English sentence is the Error's `message`, for developers and for
 * the store's last-error column; it is never what a log line is built from.
 */
import { technicianSentence } from '../i18n/technician.js';

/**
 * - `retryable`: the request may succeed later unchanged (network error, timeout, 5xx, 408, 429,
 *   an unreadable answer). Keep the data, back off, try again.
 * - `rejected`: the service understood and refused (other 4xx). Retrying the same request is
 *   pointless; `status` says whether it is the credential (401/403) or the data (400/413/422).
 */
export type SyncErrorKind = 'retryable' | 'rejected';

/** Each failure's catalogue event, by its code. */
export const SYNC_ERROR_EVENTS = {
  timeout: 'sync.serviceTimedOut',
  connectionRefused: 'sync.connectionRefused',
  hostNotFound: 'sync.hostNotFound',
  connectionCut: 'sync.connectionCut',
  networkError: 'sync.networkError',
  kioskRefused: 'sync.kioskRefused',
  unexpectedAnswer: 'sync.unexpectedAnswer',
  serviceUnavailable: 'sync.serviceUnavailable',
  requestRefused: 'sync.requestRefused',
  badBatchAnswer: 'sync.badBatchAnswer',
  answerTooLarge: 'sync.answerTooLarge',
  badConfig: 'sync.badConfig',
  sendFailed: 'sync.sendFailed',
  noneAccepted: 'sync.noneAccepted',
  unexpectedFailure: 'sync.unexpectedFailure',
} as const;

export type SyncErrorCode = keyof typeof SYNC_ERROR_EVENTS;
export type SyncErrorEvent = (typeof SYNC_ERROR_EVENTS)[SyncErrorCode];

/** The fields of a failure's sentence: plain values only, so they are safe to log as they are. */
export type SyncErrorFields = Readonly<Record<string, string | number | null>>;

/** Why a sync step failed: what a log line (`logEventRecord(logger, cause)`) is built from. */
export interface SyncCause {
  readonly code: SyncErrorCode;
  readonly event: SyncErrorEvent;
  readonly fields: SyncErrorFields;
}

export function syncCause(code: SyncErrorCode, fields: SyncErrorFields = {}): SyncCause {
  return { code, event: SYNC_ERROR_EVENTS[code], fields };
}

/** The English sentence of a cause (developers, the store's last-error column). */
export function describeCause(cause: SyncCause): string {
  return technicianSentence('en', cause.event, cause.fields);
}

export class SyncError extends Error implements SyncCause {
  override readonly name = 'SyncError';
  readonly event: SyncErrorEvent;
  /** From a 429/503 Retry-After header: wait at least this long. */
  readonly retryAfterMs: number | null;

  constructor(
    readonly kind: SyncErrorKind,
    /** Stable: what the technician's sentence and any handling key on. */
    readonly code: SyncErrorCode,
    /** The sentence's fields (the service's own words among them). Never hold the token. */
    readonly fields: SyncErrorFields,
    /** HTTP status, or null when no answer arrived. */
    readonly status: number | null,
    options: { retryAfterMs?: number | undefined; cause?: unknown } = {},
  ) {
    const event = SYNC_ERROR_EVENTS[code];
    super(technicianSentence('en', event, fields), { cause: options.cause });
    this.event = event;
    this.retryAfterMs = options.retryAfterMs ?? null;
  }

  /** The English sentence, as `message`: for developers, never for a log line's text. */
  get reason(): string {
    return this.message;
  }

  /** The failure as data, without the Error around it. */
  toCause(): SyncCause {
    return syncCause(this.code, this.fields);
  }
}

/** Any failure of a send as a SyncError: one that is not (a bug in a sender) is `sendFailed`. */
export function asSyncError(err: unknown): SyncError {
  if (err instanceof SyncError) return err;
  return new SyncError('retryable', 'sendFailed', { error: messageOf(err) }, null, { cause: err });
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
