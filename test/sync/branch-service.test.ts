// The reference branch service over real HTTP: auth, limits, JSON errors, config ETags,
// idempotent batches, persistence; on the embedded PGlite and on a real PostgreSQL server.
// Kiosk-side behaviour is in sync.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKioskCredentials, readBranchServiceEnv } from '../../branch-service/config.js';
import type { BranchService } from '../../branch-service/server.js';
import type { OutboxItemWire } from '../../src/contract/sync.js';
import { BranchServiceClient } from '../../src/sync/index.js';
import { databaseBackends, lazyPostgres } from '../support/postgres.js';
import { Cleanup, KIOSK_ID, TOKEN, branchService, countRows, freePort } from './harness.js';

const postgres = lazyPostgres();
afterAll(() => postgres.stop());
const BACKENDS = databaseBackends(postgres);
let service: BranchService;

const auth = { authorization: `Bearer ${TOKEN}`, 'x-kiosk-id': KIOSK_ID };
const kiosk8 = { authorization: 'Bearer other-token', 'x-kiosk-id': 'kiosk-8' };

function call(path: string, init: RequestInit = {}) {
  return fetch(`${service.url}${path}`, init);
}

let counter = 0;
function ticketItem(overrides: Partial<OutboxItemWire> = {}): OutboxItemWire {
  counter += 1;
  const hex = counter.toString(16).padStart(12, '0');
  const ticketId = `01950000-0000-7000-8000-${hex}`;
  return {
    id: `01950000-0000-7000-9000-${hex}`,
    seq: counter,
    kioskId: KIOSK_ID,
    kind: 'ticket.issued',
    createdAt: '2025-03-04T01:30:04.000Z',
    payload: {
      id: ticketId,
      number: `A${String(counter).padStart(3, '0')}`,
      businessTypeId: 'personal',
      status: 'issued',
      delivery: 'screen',
      waitingAhead: 0,
      reservedAt: '2025-03-04T01:30:00.000Z',
      issuedAt: '2025-03-04T01:30:04.000Z',
      kioskId: KIOSK_ID,
      serviceDay: '2025-03-04',
    },
    ...overrides,
  };
}

function postBatch(body: unknown, headers: Record<string, string> = auth) {
  return call('/v1/batches', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe.each(BACKENDS)('reference branch service on $name', (backend) => {
  const cleanup = new Cleanup();
  beforeAll(async () => {
    service = await branchService(cleanup, {
      database: await backend.fresh(),
      kiosks: { [KIOSK_ID]: TOKEN, 'kiosk-8': 'other-token' },
      maxBodyBytes: 16 * 1024,
    });
  }, 60_000);
  afterAll(() => cleanup.run());

  it('answers health anonymously, and checks credentials when they are sent', async () => {
    const anonymous = await call('/v1/health');
    expect(anonymous.status).toBe(200);
    expect(await anonymous.json()).toMatchObject({
      status: 'ok',
      apiVersion: 'v1',
      database: 'ok',
    });

    const api = new BranchServiceClient({ baseUrl: service.url, kioskId: KIOSK_ID, token: TOKEN });
    expect(await api.health()).toMatchObject({ status: 'ok', kioskId: KIOSK_ID });
  });

  it('refuses unknown kiosks and wrong tokens with 401 and a JSON error that leaks nothing', async () => {
    const attempts: Record<string, string>[] = [
      { authorization: 'Bearer wrong-token', 'x-kiosk-id': KIOSK_ID },
      { authorization: `Bearer ${TOKEN}`, 'x-kiosk-id': 'kiosk-unknown' },
      { authorization: 'Bearer other-token', 'x-kiosk-id': KIOSK_ID }, // another kiosk's token
      { 'x-kiosk-id': KIOSK_ID },
      {},
    ];
    for (const headers of attempts) {
      const res = await postBatch({ kioskId: KIOSK_ID, items: [] }, headers);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      const text = await res.text();
      expect(JSON.parse(text)).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain('wrong-token');
    }
  });

  it('stores each item id once: duplicates in a batch, re-sent batches, concurrent batches', async () => {
    const a = ticketItem();
    const b = ticketItem();
    const res = await postBatch({ kioskId: KIOSK_ID, items: [a, b, a] });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: [a.id, b.id], rejected: [] });

    const c = ticketItem();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => postBatch({ kioskId: KIOSK_ID, items: [a, c] })),
    );
    for (const answer of answers) {
      expect(await answer.json()).toEqual({ accepted: [a.id, c.id], rejected: [] });
    }
    for (const item of [a, b, c]) expect(await countRows(service, 'kiosk_items', item.id)).toBe(1);
    const ticketId = (a.payload as { id: string }).id;
    expect(await countRows(service, 'tickets', ticketId)).toBe(1);
  });

  it('rejects invalid items with a reason and applies the valid ones', async () => {
    const good = ticketItem();
    const bad = ticketItem({ kind: 'ticket.unknown' });
    const res = await postBatch({ kioskId: KIOSK_ID, items: [bad, good] });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      accepted: string[];
      rejected: { id: string; reason: string }[];
    };
    expect(body.accepted).toEqual([good.id]);
    expect(body.rejected).toEqual([
      { id: bad.id, reason: expect.stringContaining('unknown kind') },
    ]);
    expect(await countRows(service, 'kiosk_items', bad.id)).toBe(0);
  });

  it("only the owning kiosk writes a ticket: another kiosk's item for it is rejected with a reason", async () => {
    const original = ticketItem();
    const ticket = original.payload as { id: string; number: string };
    expect(
      (await (await postBatch({ kioskId: KIOSK_ID, items: [original] })).json()).accepted,
    ).toEqual([original.id]);

    // kiosk-8 is authenticated and its item is well-formed, but the ticket id is kiosk-7's.
    const foreign = ticketItem({ kioskId: 'kiosk-8' });
    const foreignItem: OutboxItemWire = {
      ...foreign,
      payload: {
        ...(foreign.payload as object),
        id: ticket.id,
        number: 'Z999',
        kioskId: 'kiosk-8',
      },
    };
    const alsoSent = ticketItem({ kioskId: 'kiosk-8' });
    const ownOfKiosk8: OutboxItemWire = {
      ...alsoSent,
      payload: { ...(alsoSent.payload as object), kioskId: 'kiosk-8' },
    };
    for (let attempt = 0; attempt < 2; attempt++) {
      // The same answer when the kiosk sends it again: the rejection is not a transient state.
      const res = await postBatch(
        { kioskId: 'kiosk-8', items: [foreignItem, ownOfKiosk8] },
        kiosk8,
      );
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        accepted: [ownOfKiosk8.id],
        rejected: [
          {
            id: foreignItem.id,
            reason: expect.stringMatching(/ticket .+ belongs to another kiosk/),
          },
        ],
      });
    }
    expect(await countRows(service, 'kiosk_items', foreignItem.id)).toBe(0);
    const rows = await service.query<{ number: string; kiosk_id: string; source: string }>(
      'SELECT number, kiosk_id, source_item_id::text AS source FROM tickets WHERE id = $1',
      [ticket.id],
    );
    expect(rows).toEqual([{ number: ticket.number, kiosk_id: KIOSK_ID, source: original.id }]);

    // The owner still updates its own ticket.
    const update = ticketItem();
    const updateItem: OutboxItemWire = {
      ...update,
      payload: { ...(original.payload as object), delivery: 'printed' },
    };
    expect(await (await postBatch({ kioskId: KIOSK_ID, items: [updateItem] })).json()).toEqual({
      accepted: [updateItem.id],
      rejected: [],
    });
    const updated = await service.query<{ delivery: string; source: string }>(
      'SELECT delivery, source_item_id::text AS source FROM tickets WHERE id = $1',
      [ticket.id],
    );
    expect(updated).toEqual([{ delivery: 'printed', source: updateItem.id }]);
  });

  it('rejects an item whose payload names another kiosk than the authenticated one', async () => {
    const item = ticketItem({ kioskId: 'kiosk-8' }); // payload.kioskId stays kiosk-7
    const res = await postBatch({ kioskId: 'kiosk-8', items: [item] }, kiosk8);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      accepted: [],
      rejected: [{ id: item.id, reason: 'payload.kioskId must be the sending kiosk (kiosk-8)' }],
    });
    const ticketId = (item.payload as { id: string }).id;
    expect(await countRows(service, 'tickets', ticketId)).toBe(0);
    expect(await countRows(service, 'kiosk_items', item.id)).toBe(0);
  });

  it('answers 400 to a malformed body, 403 to a batch for another kiosk, 413 to a huge body', async () => {
    const notJson = await postBatch('{"kioskId":');
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ error: { code: 'INVALID_JSON' } });

    const noItems = await postBatch({ kioskId: KIOSK_ID, items: 'none' });
    expect(noItems.status).toBe(400);
    expect(await noItems.json()).toEqual({
      error: { code: 'INVALID_BATCH', message: 'items must be an array' },
    });

    const foreign = await postBatch({ kioskId: 'kiosk-8', items: [] });
    expect(foreign.status).toBe(403);

    const huge = await postBatch({ kioskId: KIOSK_ID, items: [], pad: 'x'.repeat(20 * 1024) });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ error: { code: 'BODY_TOO_LARGE' } });

    // Chunked (no Content-Length): the limit still holds, and the connection still answers.
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(1024)));
        controller.close();
      },
    });
    const streamed = await call('/v1/batches', {
      method: 'POST',
      headers: auth,
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
  });

  it('answers 404 and 405 as JSON', async () => {
    const missing = await call('/v2/batches', { headers: auth });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    const wrongMethod = await call('/v1/batches', { headers: auth });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
  });

  it('serves the branch config with an ETag, and 304 when the kiosk already has it', async () => {
    const api = new BranchServiceClient({ baseUrl: service.url, kioskId: KIOSK_ID, token: TOKEN });
    const fresh = await api.getConfig();
    if (fresh.status !== 'ok') throw new Error('expected a config');
    expect(fresh.etag).toMatch(/^".+"$/);
    expect(fresh.config.branch.name['zh-CN']).not.toBe('');
    expect(fresh.config.businessTypes.length).toBeGreaterThanOrEqual(3);
    expect(fresh.config.businessTypes.map((t) => t.prefix)).toEqual(['A', 'B', 'V']);
    for (const type of fresh.config.businessTypes) {
      expect(type.name['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      expect(type.name.en).toMatch(/[a-z]/i);
    }
    // The demo content rides along: the attract screen's announcements, in both languages.
    expect(fresh.config.announcements?.length).toBeGreaterThan(0);
    for (const text of fresh.config.announcements ?? []) expect(text.en).toMatch(/[a-z]/i);
    expect(await api.getConfig(fresh.etag)).toEqual({ status: 'not-modified', etag: fresh.etag });
    expect((await api.getConfig('"stale"')).status).toBe('ok');

    const anonymous = await call('/v1/config');
    expect(anonymous.status).toBe(401);
  });
});

describe('reference branch service lifecycle', () => {
  it('keeps what it received across a restart when given a data folder', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'branch-service-'));
    const local = new Cleanup();
    local.add(() => rmSync(dataDir, { recursive: true, force: true }));
    try {
      const item = ticketItem();
      const first = await branchService(local, { database: { kind: 'pglite', dataDir } });
      const api = new BranchServiceClient({ baseUrl: first.url, kioskId: KIOSK_ID, token: TOKEN });
      await api.pushBatch({ kioskId: KIOSK_ID, items: [item] });
      await first.close();

      const second = await branchService(local, { database: { kind: 'pglite', dataDir } });
      expect(await countRows(second, 'kiosk_items', item.id)).toBe(1);
      const again = new BranchServiceClient({
        baseUrl: second.url,
        kioskId: KIOSK_ID,
        token: TOKEN,
      });
      expect(await again.pushBatch({ kioskId: KIOSK_ID, items: [item] })).toEqual({
        accepted: [item.id],
        rejected: [],
      });
      expect(await countRows(second, 'kiosk_items')).toBe(1);
    } finally {
      await local.run();
    }
  });

  it('keeps what it received across a restart on a PostgreSQL server', async () => {
    const database = await BACKENDS[1]!.fresh();
    const local = new Cleanup();
    try {
      const item = ticketItem();
      const first = await branchService(local, { database });
      const api = new BranchServiceClient({ baseUrl: first.url, kioskId: KIOSK_ID, token: TOKEN });
      await api.pushBatch({ kioskId: KIOSK_ID, items: [item] });
      await first.close();

      const second = await branchService(local, { database });
      expect(await countRows(second, 'kiosk_items', item.id)).toBe(1);
      const again = new BranchServiceClient({
        baseUrl: second.url,
        kioskId: KIOSK_ID,
        token: TOKEN,
      });
      expect(await again.pushBatch({ kioskId: KIOSK_ID, items: [item] })).toEqual({
        accepted: [item.id],
        rejected: [],
      });
      expect(await countRows(second, 'kiosk_items')).toBe(1);
    } finally {
      await local.run();
    }
  }, 60_000);

  it('says which port is taken instead of failing obscurely', async () => {
    const port = await freePort();
    const local = new Cleanup();
    try {
      await branchService(local, { port });
      await expect(branchService(local, { port })).rejects.toThrow(/already in use/);
    } finally {
      await local.run();
    }
  });

  it('reads its environment: port, data folder, kiosks (with a dev default)', () => {
    expect(readBranchServiceEnv({})).toEqual({
      host: '127.0.0.1',
      port: 8787,
      dataDir: undefined,
      kiosks: { 'kiosk-dev': 'dev-token' },
      usingDevKiosk: true,
    });
    expect(
      readBranchServiceEnv({
        BRANCH_SERVICE_PORT: '9000',
        BRANCH_SERVICE_DATA: '/var/lib/branch',
        BRANCH_SERVICE_KIOSKS: 'k1:t1, k2:t:2',
      }),
    ).toMatchObject({
      port: 9000,
      dataDir: '/var/lib/branch',
      kiosks: { k1: 't1', k2: 't:2' },
      usingDevKiosk: false,
    });
    expect(() => readBranchServiceEnv({ BRANCH_SERVICE_PORT: 'eighty' })).toThrow(
      /BRANCH_SERVICE_PORT/,
    );
    expect(readBranchServiceEnv({ BRANCH_SERVICE_PERSONAL_DATA_DAYS: '7' }).personalDataDays).toBe(
      7,
    );
    expect(readBranchServiceEnv({}).personalDataDays).toBeUndefined();
    for (const bad of ['0', 'a week', '1.5']) {
      expect(() => readBranchServiceEnv({ BRANCH_SERVICE_PERSONAL_DATA_DAYS: bad })).toThrow(
        /BRANCH_SERVICE_PERSONAL_DATA_DAYS/,
      );
    }
    expect(() => parseKioskCredentials('k1:secret,broken')).toThrow(/entry 2/);
    expect(() => parseKioskCredentials('k1:secret,broken')).not.toThrow(/secret/);
  });
});
