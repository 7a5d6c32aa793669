// The call order on the reference branch service, over HTTP, on PGlite and on a real PostgreSQL
// server: served-first tickets (senior, disability, appointment, VIP) are called before the
// ordinary queue, and every "customers ahead" the service tells (a new number's answer, the
// follow page) is exactly the tickets the counter's call-next calls first. A walk-in sees a
// priority ticket taken after it as ahead of it.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openBranchDatabase } from '../../branch-service/server.js';
import { FollowStatusSchema } from '../../src/contract/follow.js';
import { QueueStatusSchema } from '../../src/contract/numbers.js';
import { CALL_RANK, compareCallOrder } from '../../src/domain/call-order.js';
import { localDay } from '../../src/domain/local-time.js';
import { TICKET_PRIORITIES, isServedFirst, type TicketPriority } from '../../src/domain/ticket.js';
import { followKeyOfKioskToken, followToken } from '../../src/follow-link.js';
import { uuidv7 } from '../../src/uuidv7.js';
import { databaseBackends, lazyPostgres } from '../support/postgres.js';
import { Cleanup, KIOSK_ID, TOKEN, branchService } from './harness.js';

const postgres = lazyPostgres();
afterAll(() => postgres.stop());
const cleanup = new Cleanup();
afterEach(() => cleanup.run());

const key = followKeyOfKioskToken(TOKEN);
const auth = { authorization: `Bearer ${TOKEN}`, 'x-kiosk-id': KIOSK_ID };
const today = () => localDay(new Date());

interface Taken {
  readonly id: string;
  readonly k: string;
  readonly number: string;
  readonly priority: TicketPriority;
  /** The answer's count ahead when the number was given. */
  readonly aheadWhenTaken: number;
}

describe('the call order, in the domain', () => {
  it('ranks every served-first priority before the ordinary queue, and no other way', () => {
    for (const priority of TICKET_PRIORITIES) {
      expect(CALL_RANK[priority]).toBe(priority === 'none' ? 1 : 0);
    }
    const at = (minute: number) => Date.UTC(2026, 10, 27, 9, minute);
    const walkIn = { queuedAt: at(0), number: 'A0001' };
    const senior = { priority: 'senior' as const, queuedAt: at(5), number: 'A0002' };
    const vip = { priority: 'vip' as const, queuedAt: at(6), number: 'A0003' };
    expect([walkIn, vip, senior].sort(compareCallOrder)).toEqual([senior, vip, walkIn]);
  });
});

describe.each(databaseBackends(postgres))('the call order on $name', (backend) => {
  async function start() {
    const db = await openBranchDatabase(await backend.fresh());
    const service = await branchService(cleanup, { database: { kind: 'external', db } });
    const post = async (path: string, body: unknown) => {
      const response = await fetch(`${service.url}${path}`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status, path).toBe(200);
      return (await response.json()) as Record<string, unknown>;
    };
    const take = async (priority: TicketPriority): Promise<Taken> => {
      const ticketId = uuidv7();
      const answer = await post('/v1/numbers', {
        ticketId,
        businessTypeId: 'personal',
        serviceDay: today(),
        ...(priority === 'none' ? {} : { priority }),
      });
      return {
        id: ticketId,
        k: followToken(key, ticketId),
        number: answer.number as string,
        priority,
        aheadWhenTaken: answer.waitingAhead as number,
      };
    };
    const callNext = async () => {
      const answer = await post('/v1/counter/call-next', {
        counterId: 'w1',
        businessTypeIds: ['personal'],
        serviceDay: today(),
      });
      return (answer.called as { ticketId: string } | null)?.ticketId ?? null;
    };
    const ahead = async (ticket: Taken) => {
      const response = await fetch(`${service.url}/v1/follow/${ticket.id}?k=${ticket.k}`);
      expect(response.status).toBe(200);
      return FollowStatusSchema.parse(await response.json()).waitingAhead;
    };
    const queueStatus = async () => {
      const response = await fetch(`${service.url}/v1/queue-status?serviceDay=${today()}`, {
        headers: auth,
      });
      expect(response.status).toBe(200);
      const status = QueueStatusSchema.parse(await response.json());
      return status.queues.find((q) => q.businessTypeId === 'personal')!;
    };
    return { take, callNext, ahead, queueStatus };
  }

  it('tells each ticket of a mixed queue the count call-next then proves', async () => {
    const { take, callNext, ahead } = await start();
    const w1 = await take('none');
    expect(w1.aheadWhenTaken).toBe(0);
    const senior = await take('senior');
    // A priority ticket is told only who is called before it, not the walk-in before it.
    expect(senior.aheadWhenTaken).toBe(0);
    // The walk-in now has the senior ahead of it, though the senior came later.
    expect(await ahead(w1)).toBe(1);
    const w2 = await take('none');
    expect(w2.aheadWhenTaken).toBe(2);
    const vip = await take('vip');
    expect(vip.aheadWhenTaken).toBe(1);
    const disability = await take('disability');
    const w3 = await take('none');
    const appointment = await take('appointment');
    expect(appointment.aheadWhenTaken).toBe(3);
    const all = [w1, senior, w2, vip, disability, w3, appointment];

    // Call the queue out: before each call, every waiting ticket's "ahead" is its place among
    // the waiting in the order call-next then calls them.
    const waiting = [...all];
    const calledOrder: string[] = [];
    for (;;) {
      const told = new Map<string, number | null>();
      for (const ticket of waiting) told.set(ticket.id, await ahead(ticket));
      const called = await callNext();
      if (called === null) break;
      calledOrder.push(called);
      // The one called had nobody ahead; everyone else had exactly the ones still before them.
      expect(told.get(called)).toBe(0);
      waiting.splice(
        waiting.findIndex((t) => t.id === called),
        1,
      );
      for (const ticket of waiting) expect(told.get(ticket.id)! - 1).toBe(await ahead(ticket));
    }
    expect(waiting).toEqual([]);
    expect(calledOrder).toEqual(
      [senior, vip, disability, appointment, w1, w2, w3].map((ticket) => ticket.id),
    );
  });

  it('counts the waiting served first in the queue status: who is ahead of a new priority ticket', async () => {
    const { take, callNext, queueStatus } = await start();
    expect(await queueStatus()).toMatchObject({ waiting: 0, waitingServedFirst: 0 });
    // Every priority, twice over, in a mixed queue: the status read just before a ticket is
    // taken says how many its answer counts ahead of it (the same call order).
    for (const priority of [...TICKET_PRIORITIES, ...TICKET_PRIORITIES]) {
      const before = await queueStatus();
      const taken = await take(priority);
      expect(taken.aheadWhenTaken, priority).toBe(
        isServedFirst(priority) ? before.waitingServedFirst : before.waiting,
      );
    }
    const servedFirst = 2 * TICKET_PRIORITIES.filter((p) => isServedFirst(p)).length;
    expect(await queueStatus()).toMatchObject({
      waiting: 2 * TICKET_PRIORITIES.length,
      waitingServedFirst: servedFirst,
    });
    // Calling takes the served first first: their count falls with every call until none is left.
    for (let called = 1; called <= servedFirst; called++) {
      expect(await callNext()).not.toBeNull();
      expect((await queueStatus()).waitingServedFirst).toBe(servedFirst - called);
    }
    await callNext();
    expect(await queueStatus()).toMatchObject({
      waiting: 2 * TICKET_PRIORITIES.length - servedFirst - 1,
      waitingServedFirst: 0,
    });
  });
});
