import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { check } from '../../../src/contract/problems.js';
import {
  BatchResponseSchema,
  MAX_BATCH_ITEMS,
  checkBatchEnvelope,
  checkBranchConfig,
  checkOutboxItem,
} from '../../../src/contract/sync.js';
import { BranchServiceClient, SyncError } from '../../../src/sync/index.js';
import { ticket } from './fixtures.js';

const item = (overrides: Record<string, unknown> = {}) => ({
  id: '01950000-0000-7000-8000-0000000000aa',
  seq: 1,
  kioskId: 'kiosk-1',
  kind: 'ticket.issued',
  createdAt: '2025-03-04T01:30:04.000Z',
  payload: ticket,
  ...overrides,
});

describe('batch request schemas (what the branch service checks)', () => {
  it('accepts a well-formed batch', () => {
    const envelope = checkBatchEnvelope({ kioskId: 'kiosk-1', items: [item()] });
    expect(envelope).toEqual({ ok: true, value: { kioskId: 'kiosk-1', items: [item()] } });
    expect(checkOutboxItem(item(), 'kiosk-1')).toEqual({ ok: true, item: item() });
  });

  it('rejects bad items one by one, with a reason, and keeps the good ones', () => {
    const bad = [
      item({ id: '01950000-0000-7000-8000-0000000000b1', seq: 0 }),
      item({ id: '01950000-0000-7000-8000-0000000000b2', kioskId: 'kiosk-2' }),
      item({ id: '01950000-0000-7000-8000-0000000000b3', createdAt: 'yesterday' }),
      item({ id: '01950000-0000-7000-8000-0000000000b4', kind: 'ticket.teleported' }),
      item({ id: '01950000-0000-7000-8000-0000000000b5', payload: { ...ticket, number: '' } }),
      item({
        id: '01950000-0000-7000-8000-0000000000b6',
        payload: { ...ticket, serviceDay: '2025-02-30' },
      }),
      item({ id: '01950000-0000-7000-8000-0000000000b7', payload: { ...ticket, kioskId: 'x' } }),
    ];
    const envelope = checkBatchEnvelope({ kioskId: 'kiosk-1', items: [item(), ...bad] });
    if (!envelope.ok) throw new Error(envelope.problem);
    const results = envelope.value.items.map((raw) => checkOutboxItem(raw, 'kiosk-1'));
    expect(results.filter((r) => r.ok).map((r) => r.ok && r.item.id)).toEqual([item().id]);
    expect(results.flatMap((r) => (r.ok ? [] : [r.reason]))).toEqual([
      'seq must be a positive integer',
      "kioskId must be the batch's kiosk (kiosk-1)",
      'createdAt must be an ISO 8601 instant',
      expect.stringContaining('unknown kind "ticket.teleported"'),
      'payload.number must be a non-empty string',
      'payload.serviceDay must be a date YYYY-MM-DD',
      'payload.kioskId must be the sending kiosk (kiosk-1)',
    ]);
  });

  it('refuses a body it cannot answer item by item', () => {
    expect(checkBatchEnvelope(null)).toMatchObject({ ok: false });
    expect(checkBatchEnvelope({ items: [] })).toMatchObject({ ok: false });
    expect(checkBatchEnvelope({ kioskId: 'kiosk-1', items: {} })).toMatchObject({ ok: false });
    expect(checkBatchEnvelope({ kioskId: 'kiosk-1', items: [item({ id: 'A-1' })] })).toMatchObject({
      ok: false,
      problem: 'items[0] has no lower-case UUID id, so it cannot be answered for',
    });
    const tooMany = Array.from({ length: MAX_BATCH_ITEMS + 1 }, () => item());
    expect(checkBatchEnvelope({ kioskId: 'kiosk-1', items: tooMany })).toMatchObject({
      ok: false,
    });
  });

  it('checks batch responses and branch configs', () => {
    const response = (value: unknown) => check(BatchResponseSchema, value).ok;
    expect(response({ accepted: ['a'], rejected: [{ id: 'b', reason: 'r' }] })).toBe(true);
    expect(response({ accepted: 'a', rejected: [] })).toBe(false);
    const problem = (value: unknown) => {
      const checked = checkBranchConfig(value);
      return checked.ok ? null : checked.problem;
    };
    const type = { id: 'personal', prefix: 'A', name: { 'zh-CN': '个人业务', en: 'Personal' } };
    const branch = { id: 'b1', name: { 'zh-CN': '支行', en: 'Branch' } };
    expect(problem({ branch, businessTypes: [type] })).toBeNull();
    expect(problem({ branch, businessTypes: [type, { ...type, id: 'x' }] })).toMatch(
      /prefix A is used twice/,
    );
    expect(problem({ branch, businessTypes: [] })).toMatch(/at least one/);
  });
});

describe('BranchServiceClient error classification', () => {
  const TOKEN = 'secret-token-123';
  const client = (fetchImpl: typeof fetch, timeoutMs = 1_000) =>
    new BranchServiceClient({
      baseUrl: 'http://branch.test/api/',
      kioskId: 'kiosk-1',
      token: TOKEN,
      timeoutMs,
      fetch: fetchImpl,
    });
  const answer =
    (status: number, body: unknown, headers: Record<string, string> = {}): typeof fetch =>
    async () =>
      new Response(body === undefined ? null : JSON.stringify(body), { status, headers });
  const failure = async (promise: Promise<unknown>): Promise<SyncError> => {
    try {
      await promise;
    } catch (err) {
      expect(err).toBeInstanceOf(SyncError);
      expect((err as SyncError).message).not.toContain(TOKEN);
      return err as SyncError;
    }
    throw new Error('expected a SyncError');
  };
  const batch = { kioskId: 'kiosk-1', items: [] };

  it('sends credentials and keeps the base path', async () => {
    let seen: Request | undefined;
    const c = client(async (input, init) => {
      seen = new Request(input, init);
      return new Response(JSON.stringify({ accepted: [], rejected: [] }), { status: 200 });
    });
    await c.pushBatch(batch);
    expect(seen?.url).toBe('http://branch.test/api/v1/batches');
    expect(seen?.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
    expect(seen?.headers.get('x-kiosk-id')).toBe('kiosk-1');
    expect(inspect(c)).not.toContain(TOKEN);
  });

  it('5xx, 429 (with Retry-After) and 408 are retryable', async () => {
    const error = { error: { code: 'INTERNAL', message: 'db down' } };
    expect(await failure(client(answer(503, error)).pushBatch(batch))).toMatchObject({
      kind: 'retryable',
      status: 503,
    });
    expect(
      await failure(client(answer(429, error, { 'retry-after': '3' })).pushBatch(batch)),
    ).toMatchObject({ kind: 'retryable', status: 429, retryAfterMs: 3_000 });
    expect((await failure(client(answer(408, undefined)).pushBatch(batch))).kind).toBe('retryable');
  });

  it('other 4xx are rejected with the service reason', async () => {
    const e = await failure(
      client(
        answer(400, { error: { code: 'INVALID_BATCH', message: 'items must be an array' } }),
      ).pushBatch(batch),
    );
    expect(e).toMatchObject({ kind: 'rejected', status: 400 });
    expect(e.reason).toContain('INVALID_BATCH: items must be an array');
    // Stable code and fields: the technician's sentence comes from the catalogue, not e.reason.
    expect(e).toMatchObject({
      code: 'requestRefused',
      event: 'sync.requestRefused',
      fields: { status: 400, said: 'INVALID_BATCH: items must be an array' },
    });
    const auth = await failure(
      client(answer(401, { error: { code: 'UNAUTHORIZED', message: 'no' } })).health(),
    );
    expect(auth).toMatchObject({ kind: 'rejected', status: 401 });
    expect(auth.reason).toContain('kiosk id and its token');
    expect(auth).toMatchObject({
      code: 'kioskRefused',
      fields: { kioskId: 'kiosk-1', status: 401, said: 'UNAUTHORIZED: no' },
    });
    expect(JSON.stringify(auth.fields)).not.toContain(TOKEN);
  });

  it('network errors and timeouts are retryable', async () => {
    const refused: typeof fetch = async () => {
      throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    };
    const e = await failure(client(refused).pushBatch(batch));
    expect(e).toMatchObject({ kind: 'retryable', status: null });
    expect(e.reason).toContain('refused the connection');
    expect(e.toCause()).toEqual({
      code: 'connectionRefused',
      event: 'sync.connectionRefused',
      fields: { url: 'http://branch.test/api' },
    });

    const hangs: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
      );
    const timeout = await failure(client(hangs, 50).pushBatch(batch));
    expect(timeout.kind).toBe('retryable');
    expect(timeout.reason).toContain('did not answer within 50 ms');
    expect(timeout).toMatchObject({ code: 'timeout', fields: { timeoutMs: 50 } });
  });

  it('an unreadable 200 is retryable, not a success', async () => {
    const html: typeof fetch = async () => new Response('<html>login</html>', { status: 200 });
    expect((await failure(client(html).pushBatch(batch))).kind).toBe('retryable');
  });

  it('getConfig passes If-None-Match and reports 304 as not-modified', async () => {
    let sentEtag: string | null = null;
    const c = client(async (input, init) => {
      sentEtag = new Request(input, init).headers.get('if-none-match');
      return new Response(null, { status: 304, headers: { etag: '"abc"' } });
    });
    expect(await c.getConfig('"abc"')).toEqual({ status: 'not-modified', etag: '"abc"' });
    expect(sentEtag).toBe('"abc"');
  });
});
