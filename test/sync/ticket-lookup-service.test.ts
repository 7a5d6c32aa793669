// "My ticket" on the reference branch service, over HTTP, on PGlite and on a real PostgreSQL
// server: a kiosk of the branch looks up today's ticket by its printed number, whichever kiosk
// or counter took it. Waiting: the tickets call-next calls first (served-first priorities taken
// later count) and the estimate; called: when and at which counter; served; no-show; unknown
// numbers and another branch's tickets and credentials are refused.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openBranchDatabase } from '../../branch-service/server.js';
import { FollowStatusSchema } from '../../src/contract/follow.js';
import { ErrorResponseSchema } from '../../src/contract/sync.js';
import { TicketLookupSchema, ticketLookupPath } from '../../src/contract/ticket-lookup.js';
import { localDay } from '../../src/domain/local-time.js';
import type { TicketPriority } from '../../src/domain/ticket.js';
import { followKeyOfKioskToken, followToken } from '../../src/follow-link.js';
import { uuidv7 } from '../../src/uuidv7.js';
import { databaseBackends, lazyPostgres } from '../support/postgres.js';
import { Cleanup, KIOSK_ID, TOKEN, branchService } from './harness.js';

const postgres = lazyPostgres();
afterAll(() => postgres.stop());
const cleanup = new Cleanup();
afterEach(() => cleanup.run());

const OTHER_KIOSK = 'kiosk-8';
const OTHER_TOKEN = 'token-for-kiosk-8';
const COUNTER = 'counter-w1';
const COUNTER_TOKEN = 'token-for-counter-w1';
const KIOSKS = { [KIOSK_ID]: TOKEN, [OTHER_KIOSK]: OTHER_TOKEN, [COUNTER]: COUNTER_TOKEN };
const today = () => localDay(new Date());
const authOf = (kioskId: string, token: string) => ({
  authorization: `Bearer ${token}`,
  'x-kiosk-id': kioskId,
});

describe.each(databaseBackends(postgres))('"my ticket" lookup on $name', (backend) => {
  async function start() {
    const db = await openBranchDatabase(await backend.fresh());
    const service = await branchService(cleanup, {
      database: { kind: 'external', db },
      kiosks: KIOSKS,
    });
    const post = async (path: string, body: unknown, as: [string, string] = [KIOSK_ID, TOKEN]) => {
      const response = await fetch(`${service.url}${path}`, {
        method: 'POST',
        headers: { ...authOf(...as), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status, path).toBe(200);
      return (await response.json()) as Record<string, unknown>;
    };
    const take = async (
      priority: TicketPriority = 'none',
      as: [string, string] = [KIOSK_ID, TOKEN],
    ) => {
      const ticketId = uuidv7();
      const answer = await post(
        '/v1/numbers',
        {
          ticketId,
          businessTypeId: 'personal',
          serviceDay: today(),
          ...(priority === 'none' ? {} : { priority }),
        },
        as,
      );
      return { id: ticketId, number: answer.number as string, kiosk: as[0], token: as[1] };
    };
    const lookupRaw = (number: string, as: [string, string] = [OTHER_KIOSK, OTHER_TOKEN]) =>
      fetch(`${service.url}${ticketLookupPath(number)}`, { headers: authOf(...as) });
    const lookup = async (number: string) => {
      const response = await lookupRaw(number);
      expect(response.status, number).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      return TicketLookupSchema.parse(await response.json());
    };
    const follow = async (ticket: { id: string; token: string }) => {
      const k = followToken(followKeyOfKioskToken(ticket.token), ticket.id);
      const response = await fetch(`${service.url}/v1/follow/${ticket.id}?k=${k}`);
      return FollowStatusSchema.parse(await response.json());
    };
    const counter = (path: string, body: Record<string, unknown>) =>
      post(`/v1/counter/${path}`, { counterId: 'w3', ...body }, [COUNTER, COUNTER_TOKEN]);
    return { service, take, lookup, lookupRaw, follow, counter };
  }

  it('tells a waiting ticket its place in the call order, as the follow page does', async () => {
    const { take, lookup, follow } = await start();
    const walkIn = await take();
    const second = await take('none', [COUNTER, COUNTER_TOKEN]); // a counter's own number
    const senior = await take('senior');
    // The senior came last but is called first: both walk-ins have it ahead.
    const first = await lookup(walkIn.number);
    expect(first).toMatchObject({
      number: walkIn.number,
      businessTypeId: 'personal',
      serviceDay: today(),
      state: 'waiting',
      waitingAhead: 1,
      // No service time yet: no estimate, never a guess.
      estimatedWaitMinutes: null,
      counterId: null,
      calledAt: null,
    });
    expect((await lookup(second.number)).waitingAhead).toBe(2);
    expect((await lookup(senior.number)).waitingAhead).toBe(0);
    // One source with the follow page.
    for (const ticket of [walkIn, second, senior]) {
      const { ticketId: _id, ...followed } = await follow(ticket);
      const { asOf: _a, ...looked } = await lookup(ticket.number);
      const { asOf: _b, ...fromFollow } = followed;
      expect(looked).toEqual(fromFollow);
    }
  });

  it('tells called (when, which counter), served and no-show', async () => {
    const { take, lookup, counter } = await start();
    const a = await take();
    const b = await take();
    const c = await take();
    const before = Date.now();
    const call = async () => {
      const answer = await counter('call-next', {
        businessTypeIds: ['personal'],
        serviceDay: today(),
      });
      return (answer.called as { ticketId: string; number: string }).number;
    };
    expect(await call()).toBe(a.number);
    const called = await lookup(a.number);
    expect(called).toMatchObject({ state: 'called', counterId: 'w3', waitingAhead: null });
    expect(Date.parse(called.calledAt!)).toBeGreaterThanOrEqual(before - 1000);
    expect((await lookup(b.number)).waitingAhead).toBe(0);
    // Calling the next finishes the current one as served: now there is a service time.
    expect(await call()).toBe(b.number);
    expect(await lookup(a.number)).toMatchObject({ state: 'served', estimatedWaitMinutes: null });
    const waiting = await lookup(c.number);
    expect(waiting).toMatchObject({ state: 'waiting', waitingAhead: 0 });
    await counter('no-show', { ticketId: b.id });
    expect(await lookup(b.number)).toMatchObject({ state: 'noShow', counterId: 'w3' });
  });

  it('answers 404 for a number of no ticket today and 400 for no number at all', async () => {
    const { take, lookupRaw } = await start();
    await take();
    for (const number of ['A0099', 'Z0001']) {
      const response = await lookupRaw(number);
      expect(response.status, number).toBe(404);
      expect(ErrorResponseSchema.parse(await response.json()).error.code).toBe('TICKET_NOT_FOUND');
    }
    const bad = await lookupRaw('a1');
    expect(bad.status).toBe(400);
  });

  it("refuses another branch's ticket and another branch's kiosk", async () => {
    const here = await start();
    const otherBranch = await branchService(cleanup, {
      database: await backend.fresh(),
      kiosks: { 'kiosk-of-b': 'token-of-b' },
    });
    const theirs = uuidv7();
    const response = await fetch(`${otherBranch.url}/v1/numbers`, {
      method: 'POST',
      headers: { ...authOf('kiosk-of-b', 'token-of-b'), 'content-type': 'application/json' },
      body: JSON.stringify({ ticketId: theirs, businessTypeId: 'personal', serviceDay: today() }),
    });
    const { number } = (await response.json()) as { number: string };
    // Branch B's first number is not a ticket here (this branch has taken none).
    expect((await here.lookupRaw(number)).status).toBe(404);
    // Branch B's kiosk has no credential here at all.
    expect((await here.lookupRaw(number, ['kiosk-of-b', 'token-of-b'])).status).toBe(401);
    // Without credentials: refused before the database is asked.
    const anonymous = await fetch(`${here.service.url}${ticketLookupPath(number)}`);
    expect(anonymous.status).toBe(401);
  });
});
