// The branch client's "my ticket" lookup over real HTTP on loopback (a small server playing the
// branch service's answers): the ticket; null only for the lookup's own 404 (TICKET_NOT_FOUND),
// never for a service without the route; the deadline, the size limit and an unreadable answer
// as SyncErrors, so the kiosk falls back to what it holds.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BranchServiceClient, SyncError } from '../../../src/sync/client.js';

const TICKET = {
  number: 'A0023',
  businessTypeId: 'personal',
  serviceDay: '2026-11-27',
  state: 'waiting',
  waitingAhead: 2,
  estimatedWaitMinutes: 9,
  counterId: null,
  calledAt: null,
  asOf: '2026-11-27T03:00:00.000Z',
};

let server: Server;
let baseUrl: string;
const seen: { url: string; kiosk: string | undefined; auth: string | undefined }[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({
      url: req.url ?? '',
      kiosk: req.headers['x-kiosk-id'] as string | undefined,
      auth: req.headers.authorization,
    });
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const number = (req.url ?? '').split('/').pop();
    switch (number) {
      case 'A0023':
        return json(200, TICKET);
      case 'A0404':
        return json(404, { error: { code: 'TICKET_NOT_FOUND', message: 'no such ticket' } });
      case 'A0405':
        return json(404, { error: { code: 'NOT_FOUND', message: 'No such endpoint' } });
      case 'A0500':
        return json(200, { ...TICKET, waitingAhead: -1 });
      case 'A0413':
        return json(200, { ...TICKET, padding: 'x'.repeat(10_000) });
      case 'A0408':
        return; // never answers
      default:
        return json(400, { error: { code: 'INVALID_REQUEST', message: 'bad number' } });
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const client = (maxResponseBytes = 4096) =>
  new BranchServiceClient({ baseUrl, kioskId: 'kiosk-7', token: 'secret', maxResponseBytes });
const failure = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SyncError);
  return error as SyncError;
};

describe('BranchServiceClient.lookupTicket', () => {
  it("answers the branch's ticket, with the kiosk's credential", async () => {
    expect(await client().lookupTicket('A0023', 1_500)).toEqual(TICKET);
    expect(seen.at(-1)).toEqual({
      url: '/v1/tickets/by-number/A0023',
      kiosk: 'kiosk-7',
      auth: 'Bearer secret',
    });
  });

  it('answers null only for the lookup\'s own "no such ticket"', async () => {
    expect(await client().lookupTicket('A0404', 1_500)).toBeNull();
    const old = await failure(client().lookupTicket('A0405', 1_500));
    expect(old).toMatchObject({ kind: 'rejected', code: 'requestRefused', status: 404 });
  });

  it('gives up at its deadline, and refuses an unreadable or oversized answer', async () => {
    const started = Date.now();
    const late = await failure(client().lookupTicket('A0408', 300));
    expect(late.code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect((await failure(client().lookupTicket('A0500', 1_500))).code).toBe('unexpectedAnswer');
    expect((await failure(client().lookupTicket('A0413', 1_500))).code).toBe('answerTooLarge');
  });
});
