// The kiosk reads every batch answer the contract allows, however the service words its
// rejections, and nothing larger: the answer limit is derived from the contract's bounds
// (src/sync/answer-size.ts). Served by a real HTTP server on a free port.
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_REASON_LENGTH, MAX_TEXT_LENGTH } from '../../src/contract/fields.js';
import {
  BatchResponseSchema,
  MAX_BATCH_ITEMS,
  type BatchRequest,
  type BatchResponse,
} from '../../src/contract/sync.js';
import { DEFAULT_MAX_RESPONSE_BYTES, MAX_BATCH_ANSWER_BYTES } from '../../src/sync/answer-size.js';
import { BranchServiceClient, SyncError } from '../../src/sync/index.js';

let server: Server | null = null;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/** A service that answers every request with `body` (streamed without a length if asked). */
async function answering(body: Buffer, declareLength = true): Promise<string> {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, {
        'content-type': 'application/json',
        ...(declareLength ? { 'content-length': String(body.length) } : {}),
      });
      for (let at = 0; at < body.length; at += 64 * 1024)
        res.write(body.subarray(at, at + 64 * 1024));
      res.end();
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return `http://127.0.0.1:${address.port}`;
}

// Control characters that JSON writes as \u00XX: each is one UTF-16 unit and six bytes, the
// most any unit takes (not NUL, which the contract refuses; not \b \t \n \f \r, which are
// two bytes and whitespace).
const CONTROL = [...Array(32).keys()]
  .filter((code) => code > 0 && (code < 8 || code > 13))
  .map((code) => String.fromCharCode(code));

/** A distinct id of the longest the schema allows, as expensive in JSON as a string can be. */
const worstId = (i: number) =>
  CONTROL[Math.floor(i / CONTROL.length)]! +
  CONTROL[i % CONTROL.length]! +
  CONTROL[0]!.repeat(MAX_TEXT_LENGTH - 2);
const worstReason = CONTROL[5]!.repeat(MAX_REASON_LENGTH);
const ids = Array.from({ length: MAX_BATCH_ITEMS }, (_, i) => worstId(i));

const batch: BatchRequest = {
  kioskId: 'kiosk-1',
  items: ids.map((id, i) => ({
    id,
    seq: i + 1,
    kioskId: 'kiosk-1',
    kind: 'ticket.issued',
    createdAt: '2026-11-27T09:00:00.000Z',
    payload: {},
  })),
};

const client = (baseUrl: string) =>
  new BranchServiceClient({ baseUrl, kioskId: 'kiosk-1', token: 't', timeoutMs: 30_000 });

const bytes = (answer: BatchResponse, pad = 0) =>
  Buffer.from(JSON.stringify(answer) + ' '.repeat(pad), 'utf8');

describe('the answer limit', () => {
  // Every item of a full batch rejected with a maximal reason (the case that broke 1 MiB), and
  // the schema's absolute maximum: both lists full.
  const everyItemRejected: BatchResponse = {
    accepted: [],
    rejected: ids.map((id) => ({ id, reason: worstReason })),
  };
  const schemaMaximum: BatchResponse = { ...everyItemRejected, accepted: ids };

  it('is derived from the schema: the largest batch answer is exactly its bound', () => {
    expect(BatchResponseSchema.safeParse(schemaMaximum).success).toBe(true);
    expect(bytes(schemaMaximum).length).toBe(MAX_BATCH_ANSWER_BYTES);
    expect(DEFAULT_MAX_RESPONSE_BYTES).toBeGreaterThanOrEqual(MAX_BATCH_ANSWER_BYTES);
    // The old fixed limit could not read it, nor the every-item-rejected answer.
    expect(bytes(everyItemRejected).length).toBeGreaterThan(1024 * 1024);
  });

  it.each([
    ['every item rejected with a maximal reason', everyItemRejected, 0],
    ['the schema maximum, padded to the limit', schemaMaximum, -1],
  ] as const)('reads %s', async (_name, answer, pad) => {
    const padding = pad === -1 ? DEFAULT_MAX_RESPONSE_BYTES - MAX_BATCH_ANSWER_BYTES : pad;
    const body = bytes(answer, padding);
    if (pad === -1) expect(body.length).toBe(DEFAULT_MAX_RESPONSE_BYTES);
    const url = await answering(body);
    const read = await client(url).pushBatch(batch);
    expect(read.rejected).toHaveLength(MAX_BATCH_ITEMS);
    expect(read.rejected[MAX_BATCH_ITEMS - 1]).toEqual({
      id: ids[MAX_BATCH_ITEMS - 1],
      reason: worstReason,
    });
    expect(read.accepted).toHaveLength(answer.accepted.length);
  });

  it.each([true, false])(
    'refuses one byte more with a clear SyncError (length declared: %s)',
    async (declared) => {
      const body = bytes(schemaMaximum, DEFAULT_MAX_RESPONSE_BYTES - MAX_BATCH_ANSWER_BYTES + 1);
      expect(body.length).toBe(DEFAULT_MAX_RESPONSE_BYTES + 1);
      const url = await answering(body, declared);
      const error = await client(url)
        .pushBatch(batch)
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(SyncError);
      expect(error).toMatchObject({
        kind: 'retryable',
        code: 'answerTooLarge',
        status: 200,
        fields: { limitBytes: DEFAULT_MAX_RESPONSE_BYTES, status: 200 },
      });
    },
  );
});
