import {
  CUSTOMER_PATHS,
  CustomerKeySecretSchema,
  CustomerLookupAnswerSchema,
  VipCustomerSchema,
  type CustomerKeySecret,
  type CustomerLookupAnswer,
  type VipCustomer,
  type VipCustomerRequest,
} from '../contract/customers.js';
import { check } from '../contract/problems.js';
import {
  BatchResponseSchema,
  HealthResponseSchema,
  KIOSK_ID_HEADER,
  SYNC_PATHS,
  checkBranchConfig,
} from '../contract/sync.js';
import {
  CounterCallAnswerSchema,
  CounterTicketSchema,
  NUMBER_PATHS,
  NumberAnswerSchema,
  NumberLeaseAnswerSchema,
  QueueStatusSchema,
} from '../contract/numbers.js';
import {
  APPOINTMENT_PATHS,
  AppointmentSchema,
  type Appointment,
  type AppointmentCheckInRequest,
  type AppointmentRequest,
} from '../contract/appointments.js';
import {
  GUIDE_CALL_PATHS,
  GuideCallListSchema,
  GuideCallSchema,
  guideCallPath,
  type GuideCall,
  type GuideCallList,
} from '../contract/guide.js';
import type { z } from 'zod';
import { SyncError, type SyncErrorCode, type SyncErrorFields } from './errors.js';
import type {
  BatchRequest,
  BatchResponse,
  BranchConfig,
  ErrorResponse,
  HealthResponse,
} from '../contract/sync.js';
import type {
  CounterCallAnswer,
  CounterCallRequest,
  CounterTicket,
  CounterTicketRequest,
  NumberAnswer,
  NumberLeaseAnswer,
  NumberLeaseRequest,
  NumberRequest,
  QueueStatus,
} from '../contract/numbers.js';

export { SyncError } from './errors.js';
export type { SyncErrorKind } from './errors.js';

export interface BranchServiceClientOptions {
  /** e.g. `https://branch.example/kiosk-api` (a path prefix is kept) */
  readonly baseUrl: string;
  readonly kioskId: string;
  readonly token: string;
  /** Per request, including reading the answer. Default 10 s. */
  readonly timeoutMs?: number;
  /** Injectable for tests (fault injection); default the global fetch. */
  readonly fetch?: typeof fetch;
  /**
   * The largest answer read, in bytes (default 1 MiB, far above any real answer: a batch of 100
   * ids is about 5 KiB). A bigger one (a misrouted download, a runaway proxy page) is refused as
   * soon as it is known to be too big, without buffering it.
   */
  readonly maxResponseBytes?: number;
}

export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

export type QueueStatusFetchResult =
  | { readonly status: 'not-modified'; readonly etag: string }
  | { readonly status: 'ok'; readonly queueStatus: QueueStatus; readonly etag: string | null };

export type ConfigFetchResult =
  | { readonly status: 'not-modified'; readonly etag: string }
  | { readonly status: 'ok'; readonly config: BranchConfig; readonly etag: string | null };

interface RawResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

/** HTTP client for the branch service's sync API (contract: src/contract/sync.ts). */
export class BranchServiceClient {
  readonly baseUrl: string;
  readonly kioskId: string;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  // Private fields do not show up in util.inspect / console.log, so the token cannot leak there.
  readonly #token: string;
  readonly #fetch: typeof fetch;

  constructor(options: BranchServiceClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.kioskId = options.kioskId;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.#token = options.token;
    this.#fetch = options.fetch ?? fetch;
  }

  /** Liveness plus a credential check (a wrong token → SyncError 'rejected', status 401). */
  async health(): Promise<HealthResponse> {
    const res = await this.#request('GET', SYNC_PATHS.health);
    // 503 with a health body means "up, but its database is not": report it, do not throw.
    if (res.status === 200 || res.status === 503) {
      const health = check(HealthResponseSchema, res.body, 'the health answer');
      if (health.ok) return health.value;
    }
    throw this.#failure(res);
  }

  async pushBatch(request: BatchRequest): Promise<BatchResponse> {
    if (request.kioskId !== this.kioskId) {
      throw new Error(
        `pushBatch: batch is for kiosk ${request.kioskId} but this client is ${this.kioskId}`,
      );
    }
    const res = await this.#request('POST', SYNC_PATHS.batches, JSON.stringify(request));
    if (res.status !== 200) throw this.#failure(res);
    const answer = check(BatchResponseSchema, res.body, 'the answer');
    if (!answer.ok) {
      throw new SyncError('retryable', 'badBatchAnswer', { problem: answer.problem }, res.status);
    }
    // An answer for ids that were not sent is not an answer to this batch (a mixed-up proxy
    // cache, a service bug): trusting any of it could mark an item delivered that the service
    // never saw, so none of it is used and the batch is sent again later.
    const sent = new Set(request.items.map((item) => item.id));
    const foreign = [
      ...answer.value.accepted,
      ...answer.value.rejected.map((rejection) => rejection.id),
    ].filter((id) => !sent.has(id));
    if (foreign.length > 0) {
      throw new SyncError(
        'retryable',
        'badBatchAnswer',
        { problem: `it answers for ${foreign.length} id(s) not in the batch, e.g. ${foreign[0]}` },
        res.status,
      );
    }
    return answer.value;
  }

  /** The branch configuration; pass the cached ETag to get 'not-modified' when unchanged. */
  async getConfig(etag?: string | null): Promise<ConfigFetchResult> {
    const headers: Record<string, string> = etag ? { 'if-none-match': etag } : {};
    const res = await this.#request('GET', SYNC_PATHS.config, undefined, headers);
    if (res.status === 304)
      return { status: 'not-modified', etag: res.headers.get('etag') ?? etag! };
    if (res.status !== 200) throw this.#failure(res);
    const config = checkBranchConfig(res.body);
    if (!config.ok) {
      throw new SyncError('rejected', 'badConfig', { problem: config.problem }, res.status);
    }
    return { status: 'ok', config: config.value, etag: res.headers.get('etag') };
  }

  /**
   * The branch's next number of a queue for `request.ticketId` (idempotent: a retry with the
   * same ticket id gets the same number). `timeoutMs` overrides the client's: a customer waits.
   */
  allocateNumber(request: NumberRequest, timeoutMs?: number): Promise<NumberAnswer> {
    return this.#post(NUMBER_PATHS.numbers, request, NumberAnswerSchema, timeoutMs);
  }

  /** A block of a queue's numbers for offline use on that day (idempotent by requestId). */
  leaseNumbers(request: NumberLeaseRequest): Promise<NumberLeaseAnswer> {
    return this.#post(NUMBER_PATHS.leases, request, NumberLeaseAnswerSchema);
  }

  /** The queues of a service day; pass the cached ETag to get 'not-modified' when unchanged. */
  async getQueueStatus(serviceDay: string, etag?: string | null): Promise<QueueStatusFetchResult> {
    const headers: Record<string, string> = etag ? { 'if-none-match': etag } : {};
    const path = `${NUMBER_PATHS.queueStatus}?serviceDay=${encodeURIComponent(serviceDay)}`;
    const res = await this.#request('GET', path, undefined, headers);
    if (res.status === 304) {
      return { status: 'not-modified', etag: res.headers.get('etag') ?? etag! };
    }
    if (res.status !== 200) throw this.#failure(res);
    const checked = check(QueueStatusSchema, res.body, 'the queue status');
    if (!checked.ok) {
      throw new SyncError('retryable', 'unexpectedAnswer', { status: res.status }, res.status);
    }
    return { status: 'ok', queueStatus: checked.value, etag: res.headers.get('etag') };
  }

  /** Counter: finish this counter's customer and call the next one of these queues. */
  counterCallNext(request: CounterCallRequest): Promise<CounterCallAnswer> {
    return this.#post(NUMBER_PATHS.counterCallNext, request, CounterCallAnswerSchema);
  }

  /** Counter: recall, mark served or mark a no-show, for a ticket called at this counter. */
  counterUpdate(
    action: 'recall' | 'served' | 'noShow',
    request: CounterTicketRequest,
  ): Promise<CounterTicket> {
    const path = {
      recall: NUMBER_PATHS.counterRecall,
      served: NUMBER_PATHS.counterServed,
      noShow: NUMBER_PATHS.counterNoShow,
    }[action];
    return this.#post(path, request, CounterTicketSchema);
  }

  /** The branch's customer-key secret (src/contract/customers.ts). Never log the answer. */
  async customerKeySecret(): Promise<CustomerKeySecret> {
    const res = await this.#request('GET', CUSTOMER_PATHS.customerKey);
    if (res.status !== 200) throw this.#failure(res);
    const answer = check(CustomerKeySecretSchema, res.body, 'the customer-key secret');
    if (!answer.ok) {
      throw new SyncError('retryable', 'unexpectedAnswer', { status: res.status }, res.status);
    }
    return answer.value;
  }

  /** What the branch knows of a card's holder (VIP). `timeoutMs`: a customer waits. */
  lookupCustomer(customerKey: string, timeoutMs?: number): Promise<CustomerLookupAnswer> {
    return this.#post(
      CUSTOMER_PATHS.lookup,
      { customerKey },
      CustomerLookupAnswerSchema,
      timeoutMs,
    );
  }

  /** Marks a VIP customer (demos and tests). */
  addVipCustomer(request: VipCustomerRequest): Promise<VipCustomer> {
    return this.#post(CUSTOMER_PATHS.vipCustomers, request, VipCustomerSchema);
  }

  /** Books an appointment (demos and tests; idempotent by code). */
  createAppointment(request: AppointmentRequest): Promise<Appointment> {
    return this.#post(APPOINTMENT_PATHS.appointments, request, AppointmentSchema);
  }

  /**
   * Checks in the day's appointment by code or ID-card key (idempotent): the appointment, or
   * null when the branch has none that day (404). `timeoutMs` overrides: a customer waits.
   */
  async checkInAppointment(
    request: AppointmentCheckInRequest,
    timeoutMs?: number,
  ): Promise<Appointment | null> {
    const res = await this.#request(
      'POST',
      APPOINTMENT_PATHS.checkIn,
      JSON.stringify(request),
      {},
      timeoutMs,
    );
    if (res.status === 404) return null;
    if (res.status !== 200) throw this.#failure(res);
    const answer = check(AppointmentSchema, res.body, 'the appointment');
    if (!answer.ok) {
      throw new SyncError('retryable', 'unexpectedAnswer', { status: res.status }, res.status);
    }
    return answer.value;
  }

  /** The lobby's guide calls not closed yet (a guide's desk). */
  async listGuideCalls(): Promise<GuideCallList> {
    const list = await this.#get(GUIDE_CALL_PATHS.calls, GuideCallListSchema);
    // A 404 here is a service from before the feed: say so rather than list nothing.
    if (list === null) {
      throw new SyncError(
        'rejected',
        'requestRefused',
        { status: 404, said: 'no guide-call feed' },
        404,
      );
    }
    return list;
  }

  /** One guide call, or null while the service does not hold it (404: not delivered yet). */
  getGuideCall(callId: string, timeoutMs?: number): Promise<GuideCall | null> {
    return this.#get(guideCallPath(GUIDE_CALL_PATHS.call, callId), GuideCallSchema, timeoutMs);
  }

  /** A guide's desk: acknowledge ("on my way") or close a call, as `guideId`. */
  guideCallUpdate(
    action: 'acknowledge' | 'close',
    callId: string,
    guideId: string,
  ): Promise<GuideCall> {
    return this.#post(
      guideCallPath(GUIDE_CALL_PATHS[action], callId),
      { guideId },
      GuideCallSchema,
    );
  }

  /** GET with its answer checked; null for a 404. */
  async #get<S extends z.ZodType>(
    path: string,
    schema: S,
    timeoutMs?: number,
  ): Promise<z.output<S> | null> {
    const res = await this.#request('GET', path, undefined, {}, timeoutMs);
    if (res.status === 404) return null;
    if (res.status !== 200) throw this.#failure(res);
    const answer = check(schema, res.body, 'the answer');
    if (!answer.ok) {
      throw new SyncError('retryable', 'unexpectedAnswer', { status: res.status }, res.status);
    }
    return answer.value;
  }

  async #post<S extends z.ZodType>(
    path: string,
    body: unknown,
    schema: S,
    timeoutMs?: number,
  ): Promise<z.output<S>> {
    const res = await this.#request('POST', path, JSON.stringify(body), {}, timeoutMs);
    if (res.status !== 200) throw this.#failure(res);
    const answer = check(schema, res.body, 'the answer');
    if (!answer.ok) {
      throw new SyncError('retryable', 'unexpectedAnswer', { status: res.status }, res.status);
    }
    return answer.value;
  }

  async #request(
    method: 'GET' | 'POST',
    path: string,
    body?: string,
    extraHeaders: Record<string, string> = {},
    timeoutMs: number = this.timeoutMs,
  ): Promise<RawResponse> {
    const url = `${this.baseUrl}${path}`;
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: `Bearer ${this.#token}`,
      [KIOSK_ID_HEADER]: this.kioskId,
      ...extraHeaders,
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      const res = await this.#fetch(url, {
        method,
        headers,
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await readLimited(res, this.maxResponseBytes);
      if (text === null) {
        throw new SyncError(
          'retryable',
          'answerTooLarge',
          { url, status: res.status, limitBytes: this.maxResponseBytes },
          res.status,
        );
      }
      let parsed: unknown = undefined;
      if (text !== '') {
        try {
          parsed = JSON.parse(text) as unknown;
        } catch {
          parsed = undefined; // classified by status below; a 2xx without JSON fails validation
        }
      }
      return { status: res.status, headers: res.headers, body: parsed };
    } catch (err) {
      if (err instanceof SyncError) throw err;
      const { code, fields } = this.#networkFailure(err, timeoutMs);
      throw new SyncError('retryable', code, fields, null, { cause: err });
    }
  }

  #networkFailure(
    err: unknown,
    timeoutMs: number,
  ): { code: SyncErrorCode; fields: SyncErrorFields } {
    const url = this.baseUrl;
    const name = (err as { name?: unknown })?.name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      return { code: 'timeout', fields: { url, timeoutMs } };
    }
    const cause = (err as { cause?: { code?: unknown; message?: unknown } })?.cause;
    const code = typeof cause?.code === 'string' ? cause.code : undefined;
    switch (code) {
      case 'ECONNREFUSED':
        return { code: 'connectionRefused', fields: { url } };
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return { code: 'hostNotFound', fields: { url, detail: code } };
      case 'ECONNRESET':
      case 'UND_ERR_SOCKET':
        return { code: 'connectionCut', fields: { url, detail: code } };
      default: {
        const detail = typeof cause?.message === 'string' ? cause.message : (err as Error)?.message;
        return { code: 'networkError', fields: { url, detail: code ?? String(detail) } };
      }
    }
  }

  #failure(res: RawResponse): SyncError {
    const { status } = res;
    // Best effort: whatever message there is helps the technician, even without a code (a
    // proxy's own JSON); the status alone decides what happens next.
    const error = (res.body as { error?: Partial<ErrorResponse['error']> } | undefined)?.error;
    const said =
      typeof error?.message === 'string'
        ? `${typeof error.code === 'string' ? `${error.code}: ` : ''}${error.message}`
        : '—';
    if (status === 401 || status === 403) {
      return new SyncError(
        'rejected',
        'kioskRefused',
        { kioskId: this.kioskId, status, said },
        status,
      );
    }
    if (status < 400) {
      return new SyncError('retryable', 'unexpectedAnswer', { status }, status);
    }
    if (status === 429 || status === 408 || status >= 500) {
      return new SyncError('retryable', 'serviceUnavailable', { status, said }, status, {
        retryAfterMs: parseRetryAfter(res.headers.get('retry-after')),
      });
    }
    return new SyncError('rejected', 'requestRefused', { status, said }, status);
  }
}

/** Retry-After is either delta-seconds or an HTTP date. */
function parseRetryAfter(value: string | null): number | undefined {
  if (value === null) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/**
 * The answer's text, or null when it is longer than `limit` bytes: refused from Content-Length
 * before reading, or as soon as the bytes read pass the limit (then the rest is not read).
 */
async function readLimited(res: Response, limit: number): Promise<string | null> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await res.body?.cancel().catch(() => undefined);
    return null;
  }
  if (res.body === null) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
