/**
 * The branch service's HTTP exchange for BranchServiceClient (./client.ts): one request with the
 * kiosk's credential and a deadline, the answer read up to a size limit and parsed, and every
 * failure turned into a SyncError the sync worker and the technician can act on (./errors.ts).
 */
import type { z } from 'zod';
import { check } from '../contract/problems.js';
import { KIOSK_ID_HEADER, type ErrorResponse } from '../contract/sync.js';
import { SyncError, type SyncErrorCode, type SyncErrorFields } from './errors.js';

export interface RawResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

export interface BranchHttpOptions {
  readonly baseUrl: string;
  readonly kioskId: string;
  readonly token: string;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  readonly fetch: typeof fetch;
}

export class BranchHttp {
  readonly baseUrl: string;
  readonly kioskId: string;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  // Private fields do not show up in util.inspect / console.log, so the token cannot leak there.
  readonly #token: string;
  readonly #fetch: typeof fetch;

  constructor(options: BranchHttpOptions) {
    this.baseUrl = options.baseUrl;
    this.kioskId = options.kioskId;
    this.timeoutMs = options.timeoutMs;
    this.maxResponseBytes = options.maxResponseBytes;
    this.#token = options.token;
    this.#fetch = options.fetch;
  }

  /** GET with its answer checked; null for a 404. */
  async get<S extends z.ZodType>(
    path: string,
    schema: S,
    timeoutMs?: number,
  ): Promise<z.output<S> | null> {
    const res = await this.request('GET', path, undefined, {}, timeoutMs);
    if (res.status === 404) return null;
    if (res.status !== 200) throw this.failure(res);
    const answer = check(schema, res.body, 'the answer');
    if (!answer.ok) {
      throw new SyncError('retryable', 'unexpectedAnswer', { status: res.status }, res.status);
    }
    return answer.value;
  }

  async post<S extends z.ZodType>(
    path: string,
    body: unknown,
    schema: S,
    timeoutMs?: number,
  ): Promise<z.output<S>> {
    const res = await this.request('POST', path, JSON.stringify(body), {}, timeoutMs);
    if (res.status !== 200) throw this.failure(res);
    const answer = check(schema, res.body, 'the answer');
    if (!answer.ok) {
      throw new SyncError('retryable', 'unexpectedAnswer', { status: res.status }, res.status);
    }
    return answer.value;
  }

  async request(
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

  failure(res: RawResponse): SyncError {
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
