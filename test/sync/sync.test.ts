// The kiosk's outbox against the REAL reference branch service over loopback (PGlite in memory):
// exactly-once arrival under duplicate delivery and lost acks, outage and recovery, rejected
// items, and a wrong credential.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { BranchServiceClient, SyncError, SyncWorker } from '../../src/sync/index.js';
import type { SyncWorkerOptions } from '../../src/sync/index.js';
import {
  Cleanup,
  KIOSK_ID,
  TOKEN,
  branchService,
  countRows,
  freePort,
  insertRawOutboxRow,
  issueTicket,
  tempStore,
} from './harness.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

function syncWorker(options: SyncWorkerOptions): SyncWorker {
  const worker = new SyncWorker({
    baseDelayMs: 20,
    maxDelayMs: 200,
    pollIntervalMs: 0,
    ...options,
  });
  cleanup.add(() => worker.stop());
  return worker;
}

const client = (url: string, extra: { token?: string; fetch?: typeof fetch } = {}) =>
  new BranchServiceClient({
    baseUrl: url,
    kioskId: KIOSK_ID,
    token: extra.token ?? TOKEN,
    timeoutMs: 5_000,
    fetch: extra.fetch,
  });

const toWire = ({
  id,
  seq,
  kioskId,
  kind,
  createdAt,
  payload,
}: {
  id: string;
  seq: number;
  kioskId: string;
  kind: string;
  createdAt: string;
  payload: unknown;
}) => ({
  id,
  seq,
  kioskId,
  kind,
  createdAt,
  payload,
});

describe('kiosk → branch service sync', () => {
  it('a ticket arrives exactly once, even when the same batch is sent twice', async () => {
    const service = await branchService(cleanup);
    const { store } = tempStore(cleanup);
    const ticket = issueTicket(store);
    const batch = store.nextOutboxBatch({ maxItems: 10, maxBytes: 100_000 });
    const request = { kioskId: KIOSK_ID, items: batch.map(toWire) };
    const api = client(service.url);

    const first = await api.pushBatch(request);
    const second = await api.pushBatch(request); // a retry after a lost answer
    expect(first).toEqual({ accepted: [batch[0]!.id], rejected: [] });
    expect(second).toEqual(first); // "I hold it", not an error
    expect(await countRows(service, 'kiosk_items')).toBe(1);

    // The worker sends it a third time (nothing was acked locally) and now acks it.
    const result = await syncWorker({ store, client: api }).syncNow();
    expect(result).toMatchObject({ outcome: 'delivered', acked: 1, backlog: 0 });
    expect(await countRows(service, 'kiosk_items')).toBe(1);
    const rows = await service.query<Record<string, unknown>>(
      `SELECT id::text, number, business_type_id, status, delivery, kiosk_id,
              service_day::text AS service_day, issued_at
       FROM tickets`,
    );
    expect(rows).toEqual([
      {
        id: ticket.id,
        number: 'A0001',
        business_type_id: 'personal',
        status: 'issued',
        delivery: 'printed',
        kiosk_id: KIOSK_ID,
        service_day: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        issued_at: new Date(ticket.issuedAt!),
      },
    ]);
  });

  it('service committed but the ack was lost (and the kiosk restarted): still one row', async () => {
    const service = await branchService(cleanup);
    const { store, dataDir } = tempStore(cleanup);
    const ticket = issueTicket(store);

    // The connection drops after the service committed, before the kiosk read the answer.
    let dropAnswers = 1;
    const flaky: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (dropAnswers-- > 0) {
        await response.arrayBuffer();
        throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
      }
      return response;
    };
    const worker = syncWorker({ store, client: client(service.url, { fetch: flaky }) });
    const lost = await worker.syncNow();
    expect(lost).toMatchObject({ outcome: 'retry-later', acked: 0, backlog: 1 });
    expect(lost.error).toContain('ECONNRESET');
    expect(await countRows(service, 'tickets', ticket.id)).toBe(1); // committed upstream
    expect(store.outboxStats()).toMatchObject({ pending: 1, acked: 0 }); // unknown locally

    // Power cut: a new process opens the same database and syncs again.
    store.close();
    const restarted = openStore({ dataDir, kioskId: KIOSK_ID });
    cleanup.add(() => restarted.close());
    const again = await syncWorker({ store: restarted, client: client(service.url) }).syncNow();
    expect(again).toMatchObject({ outcome: 'delivered', acked: 1, backlog: 0 });
    expect(await countRows(service, 'kiosk_items')).toBe(1);
    expect(await countRows(service, 'tickets')).toBe(1);
  });

  it('branch service down: the ticket waits in the outbox with lastError, then goes once it is up', async () => {
    const port = await freePort();
    const { store } = tempStore(cleanup);
    const worker = syncWorker({ store, client: client(`http://127.0.0.1:${port}`) });
    worker.start();
    const ticket = issueTicket(store);

    await vi.waitFor(
      () => {
        const [item] = store.nextOutboxBatch({ maxItems: 1, maxBytes: 100_000 });
        expect(item?.attempts).toBeGreaterThanOrEqual(2);
      },
      { timeout: 10_000, interval: 20 },
    );
    const status = worker.status();
    expect(status.backlog).toBe(1);
    expect(status.lastError).toMatch(/refused the connection/);
    expect(status.lastSuccessAt).toBeNull();
    expect(store.getTicket(ticket.id)?.status).toBe('issued'); // the customer has their ticket

    const service = await branchService(cleanup, { port });
    await vi.waitFor(() => expect(store.outboxStats()).toMatchObject({ pending: 0, acked: 1 }), {
      timeout: 10_000,
      interval: 20,
    });
    expect(worker.status().lastSuccessAt).not.toBeNull();
    expect(await countRows(service, 'tickets', ticket.id)).toBe(1);
    expect(await countRows(service, 'kiosk_items')).toBe(1);
  });

  it('an item the service rejects is marked rejected with its reason and does not block the next', async () => {
    const service = await branchService(cleanup);
    const { store, dataDir } = tempStore(cleanup);
    const first = issueTicket(store);
    // A malformed ticket (no number): the service rejects that item and takes the others.
    const broken = { ...first, id: '01950000-0000-7000-8000-00000000dead', number: '' };
    insertRawOutboxRow(dataDir, {
      id: '01950000-0000-7000-8000-0000000000b1',
      kind: 'ticket.issued',
      payload: { ...broken, serviceDay: '2025-03-04' },
    });
    // An id the service cannot even answer for: it refuses the whole batch (400), the worker
    // narrows down to that item and rejects it alone.
    insertRawOutboxRow(dataDir, { id: 'not-a-uuid', kind: 'ticket.issued', payload: {} });
    const last = issueTicket(store);

    const result = await syncWorker({ store, client: client(service.url) }).syncNow();
    expect(result).toMatchObject({ outcome: 'delivered', acked: 2, rejected: 2, backlog: 0 });
    const reasons = Object.fromEntries(store.outboxRejections().map((r) => [r.id, r.reason]));
    expect(reasons).toEqual({
      '01950000-0000-7000-8000-0000000000b1':
        'The branch service rejected it: payload.number must be a non-empty string',
      'not-a-uuid': expect.stringContaining('INVALID_BATCH: items[0] has no lower-case UUID id'),
    });
    const tickets = await service.query<{ id: string }>(
      'SELECT id::text FROM tickets ORDER BY number',
    );
    expect(tickets.map((t) => t.id).sort()).toEqual([first.id, last.id].sort());

    // Rejected items are never sent again.
    const sentBefore = await countRows(service, 'kiosk_items');
    expect((await syncWorker({ store, client: client(service.url) }).syncNow()).outcome).toBe(
      'idle',
    );
    expect(await countRows(service, 'kiosk_items')).toBe(sentBefore);
  });

  it('a wrong token is a 401: the worker is blocked, does not hammer, and resumes by itself once the service takes its token', async () => {
    // The service was given a rotated token the kiosk does not have yet.
    const port = await freePort();
    const rotated = await branchService(cleanup, { port, kiosks: { [KIOSK_ID]: 'rotated-token' } });
    const { store } = tempStore(cleanup);
    let requests = 0;
    const counting: typeof fetch = (input, init) => {
      requests += 1;
      return fetch(input, init);
    };
    const api = client(rotated.url, { fetch: counting });

    const error = await api.health().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(SyncError);
    expect(error).toMatchObject({ kind: 'rejected', status: 401 });
    expect((error as SyncError).reason).not.toContain(TOKEN);

    issueTicket(store);
    // random 0.999: the blocked retry comes just under blockedRetryMs (jitter is [½, 1] of it),
    // far beyond the 20–200 ms back-off windows, so requests within the window below are kicks.
    const worker = syncWorker({ store, client: api, blockedRetryMs: 1_500, random: () => 0.999 });
    worker.start();
    await vi.waitFor(() => expect(worker.status().state).toBe('blocked'), { timeout: 5_000 });
    const after = requests;
    issueTicket(store); // new work does not restart the loop
    await new Promise((resolve) => setTimeout(resolve, 300)); // many back-off windows
    expect(requests).toBe(after);
    expect(worker.status()).toMatchObject({ state: 'blocked', backlog: 2, rejected: 0 });
    expect(worker.status().lastError).toContain('401');
    expect(worker.status().nextRetryAt).not.toBeNull();
    expect(await countRows(rotated, 'kiosk_items')).toBe(0);

    // Fixed on the service side: it is restarted with this kiosk's token. Nobody calls syncNow.
    await rotated.close();
    const fixed = await branchService(cleanup, { port });
    await vi.waitFor(() => expect(store.outboxStats()).toMatchObject({ pending: 0, acked: 2 }), {
      timeout: 10_000,
      interval: 20,
    });
    expect(requests).toBeGreaterThan(after);
    expect(worker.status().state).toBe('idle');
    expect(await countRows(fixed, 'kiosk_items')).toBe(2);
    expect(await countRows(fixed, 'tickets')).toBe(2);
  });

  it("a ticket id another kiosk already owns is rejected for that item only; the owner's row stays", async () => {
    const service = await branchService(cleanup, {
      kiosks: { [KIOSK_ID]: TOKEN, 'kiosk-8': 'token-for-kiosk-8' },
    });
    const { store } = tempStore(cleanup);
    const owned = issueTicket(store);
    expect((await syncWorker({ store, client: client(service.url) }).syncNow()).acked).toBe(1);

    const other = tempStore(cleanup, 'kiosk-8');
    insertRawOutboxRow(other.dataDir, {
      id: '01950000-0000-7000-8000-0000000000c1',
      kind: 'ticket.issued',
      kioskId: 'kiosk-8',
      payload: {
        ...owned,
        kioskId: 'kiosk-8',
        number: 'Z999',
        delivery: 'screen',
        serviceDay: '2025-03-04',
      },
    });
    const own = issueTicket(other.store);
    const otherClient = new BranchServiceClient({
      baseUrl: service.url,
      kioskId: 'kiosk-8',
      token: 'token-for-kiosk-8',
      timeoutMs: 5_000,
    });
    const result = await syncWorker({ store: other.store, client: otherClient }).syncNow();
    expect(result).toMatchObject({ outcome: 'delivered', acked: 1, rejected: 1, backlog: 0 });
    expect(other.store.outboxRejections()).toEqual([
      expect.objectContaining({
        id: '01950000-0000-7000-8000-0000000000c1',
        reason: expect.stringContaining('belongs to another kiosk'),
      }),
    ]);
    const rows = await service.query<{ id: string; number: string; kiosk_id: string }>(
      'SELECT id::text, number, kiosk_id FROM tickets ORDER BY kiosk_id',
    );
    expect(rows).toEqual([
      { id: owned.id, number: owned.number, kiosk_id: KIOSK_ID },
      { id: own.id, number: own.number, kiosk_id: 'kiosk-8' },
    ]);
  });
});
