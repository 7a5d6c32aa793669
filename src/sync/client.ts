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
import {
  TICKET_LOOKUP_ERRORS,
  TicketLookupSchema,
  ticketLookupPath,
  type TicketLookup,
} from '../contract/ticket-lookup.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from './answer-size.js';
import { batchRequestBody } from './batch-body.js';
import { BranchHttp } from './branch-http.js';
import { SyncError } from './errors.js';
import type {
  BatchRequest,
  BatchResponse,
  BranchConfig,
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
   * The largest answer read, in bytes (default DEFAULT_MAX_RESPONSE_BYTES, ./answer-size.ts:
   * the largest batch answer the contract allows, every item rejected with a maximal reason; a
   * real batch of 100 ids is about 5 KiB). A bigger one (a misrouted download, a runaway proxy
   * page) is refused as soon as it is known to be too big, without buffering it.
   */
  readonly maxResponseBytes?: number;
}

export { DEFAULT_MAX_RESPONSE_BYTES } from './answer-size.js';

export type QueueStatusFetchResult =
  | { readonly status: 'not-modified'; readonly etag: string }
  | { readonly status: 'ok'; readonly queueStatus: QueueStatus; readonly etag: string | null };

export type ConfigFetchResult =
  | { readonly status: 'not-modified'; readonly etag: string }
  | { readonly status: 'ok'; readonly config: BranchConfig; readonly etag: string | null };

/** HTTP client for the branch service's sync API (contract: src/contract/sync.ts). */
export class BranchServiceClient {
  readonly baseUrl: string;
  readonly kioskId: string;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  // Private fields do not show up in util.inspect / console.log, so the token cannot leak there.
  readonly #http: BranchHttp;

  constructor(options: BranchServiceClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.kioskId = options.kioskId;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.#http = new BranchHttp({
      baseUrl: this.baseUrl,
      kioskId: this.kioskId,
      token: options.token,
      timeoutMs: this.timeoutMs,
      maxResponseBytes: this.maxResponseBytes,
      fetch: options.fetch ?? fetch,
    });
  }

  /** Liveness plus a credential check (a wrong token → SyncError 'rejected', status 401). */
  async health(): Promise<HealthResponse> {
    const res = await this.#http.request('GET', SYNC_PATHS.health);
    // 503 with a health body means "up, but its database is not": report it, do not throw.
    if (res.status === 200 || res.status === 503) {
      const health = check(HealthResponseSchema, res.body, 'the health answer');
      if (health.ok) return health.value;
    }
    throw this.#http.failure(res);
  }

  async pushBatch(request: BatchRequest): Promise<BatchResponse> {
    if (request.kioskId !== this.kioskId) {
      throw new Error(
        `pushBatch: batch is for kiosk ${request.kioskId} but this client is ${this.kioskId}`,
      );
    }
    const res = await this.#http.request('POST', SYNC_PATHS.batches, batchRequestBody(request));
    if (res.status !== 200) throw this.#http.failure(res);
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
    const res = await this.#http.request('GET', SYNC_PATHS.config, undefined, headers);
    if (res.status === 304)
      return { status: 'not-modified', etag: res.headers.get('etag') ?? etag! };
    if (res.status !== 200) throw this.#http.failure(res);
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
    return this.#http.post(NUMBER_PATHS.numbers, request, NumberAnswerSchema, timeoutMs);
  }

  /** A block of a queue's numbers for offline use on that day (idempotent by requestId). */
  leaseNumbers(request: NumberLeaseRequest): Promise<NumberLeaseAnswer> {
    return this.#http.post(NUMBER_PATHS.leases, request, NumberLeaseAnswerSchema);
  }

  /** The queues of a service day; pass the cached ETag to get 'not-modified' when unchanged. */
  async getQueueStatus(serviceDay: string, etag?: string | null): Promise<QueueStatusFetchResult> {
    const headers: Record<string, string> = etag ? { 'if-none-match': etag } : {};
    const path = `${NUMBER_PATHS.queueStatus}?serviceDay=${encodeURIComponent(serviceDay)}`;
    const res = await this.#http.request('GET', path, undefined, headers);
    if (res.status === 304) {
      return { status: 'not-modified', etag: res.headers.get('etag') ?? etag! };
    }
    if (res.status !== 200) throw this.#http.failure(res);
    const checked = check(QueueStatusSchema, res.body, 'the queue status');
    if (!checked.ok) {
      throw new SyncError('retryable', 'unexpectedAnswer', { status: res.status }, res.status);
    }
    return { status: 'ok', queueStatus: checked.value, etag: res.headers.get('etag') };
  }

  /** Counter: finish this counter's customer and call the next one of these queues. */
  counterCallNext(request: CounterCallRequest): Promise<CounterCallAnswer> {
    return this.#http.post(NUMBER_PATHS.counterCallNext, request, CounterCallAnswerSchema);
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
    return this.#http.post(path, request, CounterTicketSchema);
  }

  /** The branch's customer-key secret (src/contract/customers.ts). Never log the answer. */
  async customerKeySecret(): Promise<CustomerKeySecret> {
    const res = await this.#http.request('GET', CUSTOMER_PATHS.customerKey);
    if (res.status !== 200) throw this.#http.failure(res);
    const answer = check(CustomerKeySecretSchema, res.body, 'the customer-key secret');
    if (!answer.ok) {
      throw new SyncError('retryable', 'unexpectedAnswer', { status: res.status }, res.status);
    }
    return answer.value;
  }

  /** What the branch knows of a card's holder (VIP). `timeoutMs`: a customer waits. */
  lookupCustomer(customerKey: string, timeoutMs?: number): Promise<CustomerLookupAnswer> {
    return this.#http.post(
      CUSTOMER_PATHS.lookup,
      { customerKey },
      CustomerLookupAnswerSchema,
      timeoutMs,
    );
  }

  /** Marks a VIP customer (demos and tests). */
  addVipCustomer(request: VipCustomerRequest): Promise<VipCustomer> {
    return this.#http.post(CUSTOMER_PATHS.vipCustomers, request, VipCustomerSchema);
  }

  /** Books an appointment (demos and tests; idempotent by code). */
  createAppointment(request: AppointmentRequest): Promise<Appointment> {
    return this.#http.post(APPOINTMENT_PATHS.appointments, request, AppointmentSchema);
  }

  /**
   * Checks in the day's appointment by code or ID-card key (idempotent): the appointment, or
   * null when the branch has none that day (404). `timeoutMs` overrides: a customer waits.
   */
  async checkInAppointment(
    request: AppointmentCheckInRequest,
    timeoutMs?: number,
  ): Promise<Appointment | null> {
    const res = await this.#http.request(
      'POST',
      APPOINTMENT_PATHS.checkIn,
      JSON.stringify(request),
      {},
      timeoutMs,
    );
    if (res.status === 404) return null;
    if (res.status !== 200) throw this.#http.failure(res);
    const answer = check(AppointmentSchema, res.body, 'the appointment');
    if (!answer.ok) {
      throw new SyncError('retryable', 'unexpectedAnswer', { status: res.status }, res.status);
    }
    return answer.value;
  }

  /**
   * Today's ticket of the branch by its printed number ("my ticket"), whichever kiosk or
   * counter took it; null when the branch has none today (404 TICKET_NOT_FOUND). Any other
   * 404 (a service from before the lookup) is a failure, never "no such ticket".
   * `timeoutMs` overrides the client's: a customer waits.
   */
  async lookupTicket(number: string, timeoutMs?: number): Promise<TicketLookup | null> {
    const res = await this.#http.request('GET', ticketLookupPath(number), undefined, {}, timeoutMs);
    const code = (res.body as { error?: { code?: unknown } } | undefined)?.error?.code;
    if (res.status === 404 && code === TICKET_LOOKUP_ERRORS.unknown) return null;
    if (res.status !== 200) throw this.#http.failure(res);
    const answer = check(TicketLookupSchema, res.body, 'the ticket');
    if (!answer.ok) {
      throw new SyncError('retryable', 'unexpectedAnswer', { status: res.status }, res.status);
    }
    return answer.value;
  }

  /** The lobby's guide calls not closed yet (a guide's desk). */
  async listGuideCalls(): Promise<GuideCallList> {
    const list = await this.#http.get(GUIDE_CALL_PATHS.calls, GuideCallListSchema);
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
    return this.#http.get(guideCallPath(GUIDE_CALL_PATHS.call, callId), GuideCallSchema, timeoutMs);
  }

  /** A guide's desk: acknowledge ("on my way") or close a call, as `guideId`. */
  guideCallUpdate(
    action: 'acknowledge' | 'close',
    callId: string,
    guideId: string,
  ): Promise<GuideCall> {
    return this.#http.post(
      guideCallPath(GUIDE_CALL_PATHS[action], callId),
      { guideId },
      GuideCallSchema,
    );
  }
}
