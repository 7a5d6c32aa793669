// SMS reminders at the reference branch service, over real HTTP, on PGlite and on a real
// PostgreSQL server: a reminder is handed to the SMS gateway exactly once, when the customers
// ahead of its ticket reach the threshold as counters call; dropped with a reason when its
// ticket was called first, voided, or its day is over; and its phone is deleted either way. The
// phone never lands in kiosk_items, and the demo gateway's log line carries it masked.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SmsHandOff } from '../../branch-service/reminders.js';
import type { BranchService } from '../../branch-service/server.js';
import { NUMBER_PATHS } from '../../src/contract/numbers.js';
import type { OutboxItemWire } from '../../src/contract/sync.js';
import { localDay } from '../../src/domain/local-time.js';
import { createMemoryLog } from '../../src/log/index.js';
import { databaseBackends, lazyPostgres } from '../support/postgres.js';
import { Cleanup, KIOSK_ID, TOKEN, branchService } from './harness.js';

const postgres = lazyPostgres();
afterAll(() => postgres.stop());

const TODAY = localDay(new Date());
const YESTERDAY = localDay(new Date(Date.now() - 86_400_000));
const PHONE = '13912345678';

let seq = 0;
function item(kind: string, payload: Record<string, unknown>): OutboxItemWire {
  seq += 1;
  return {
    id: randomUUID(),
    seq,
    kioskId: KIOSK_ID,
    kind,
    createdAt: new Date().toISOString(),
    payload: { kioskId: KIOSK_ID, ...payload },
  };
}

/** Ticket `number` of `queue`, queued `minute` minutes into the day (the counters' order). */
function ticket(queue: string, number: string, minute: number, serviceDay = TODAY) {
  const at = new Date(`${serviceDay}T00:${String(minute).padStart(2, '0')}:00.000Z`);
  const id: string = randomUUID();
  return {
    id,
    number,
    item: item('ticket.issued', {
      id,
      number,
      businessTypeId: queue,
      status: 'issued',
      delivery: 'printed',
      waitingAhead: 0,
      reservedAt: at.toISOString(),
      issuedAt: at.toISOString(),
      serviceDay,
    }),
  };
}

function reminder(
  of: { id: string; number: string },
  queue: string,
  remindWhenAhead: number,
  serviceDay = TODAY,
) {
  const id: string = randomUUID();
  return {
    id,
    item: item('reminder.requested', {
      id,
      ticketId: of.id,
      ticketNumber: of.number,
      businessTypeId: queue,
      phone: PHONE,
      remindWhenAhead,
      language: 'zh-CN',
      requestedAt: new Date().toISOString(),
      serviceDay,
    }),
  };
}

describe.each(databaseBackends(postgres))('SMS reminders on $name', (backend) => {
  const cleanup = new Cleanup();
  const log = createMemoryLog();
  const sent: SmsHandOff[] = [];
  let refuse = false;
  let service: BranchService;

  beforeAll(async () => {
    service = await branchService(cleanup, {
      database: await backend.fresh(),
      logger: log.logger,
      smsGateway: {
        send: async (message) => {
          if (refuse) throw new Error('gateway down');
          sent.push(message);
        },
      },
    });
  }, 60_000);
  afterAll(() => cleanup.run());

  async function post(path: string, body: unknown) {
    const response = await fetch(`${service.url}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${TOKEN}`,
        'x-kiosk-id': KIOSK_ID,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Record<string, unknown>;
  }
  const batch = async (...items: OutboxItemWire[]) => {
    const answer = await post('/v1/batches', { kioskId: KIOSK_ID, items });
    expect(answer.rejected).toEqual([]);
    return answer;
  };
  const callNext = (queue: string, counterId = `window-${queue}`) =>
    post(NUMBER_PATHS.counterCallNext, {
      counterId,
      businessTypeIds: [queue],
      serviceDay: TODAY,
    });
  const stateOf = async (id: string) =>
    (
      await service.query<{ state: string; drop_reason: string | null; phone: string | null }>(
        'SELECT state, drop_reason, phone FROM sms_reminders WHERE id = $1',
        [id],
      )
    )[0];

  it('hands the reminder off exactly once, when the customers ahead reach the threshold', async () => {
    const tickets = [1, 2, 3, 4, 5, 6].map((n) => ticket('personal', `A000${n}`, n));
    await batch(...tickets.map((t) => t.item));
    const mine = tickets[5]!; // 5 customers ahead
    const request = reminder(mine, 'personal', 3);
    await batch(request.item);
    expect(await stateOf(request.id)).toEqual({ state: 'queued', drop_reason: null, phone: PHONE });
    // Stored without its phone in the item record.
    const [stored] = await service.query<{ payload: Record<string, unknown> }>(
      'SELECT payload FROM kiosk_items WHERE id = $1',
      [request.item.id],
    );
    expect(stored!.payload).toMatchObject({ id: request.id, ticketNumber: 'A0006' });
    expect(JSON.stringify(stored!.payload)).not.toContain(PHONE);

    await callNext('personal'); // A0001 called: 4 ahead
    expect(sent.filter((m) => m.reminderId === request.id)).toHaveLength(0);
    await callNext('personal'); // A0002 called (A0001 served): 3 ahead
    const handed = sent.filter((m) => m.reminderId === request.id);
    expect(handed).toEqual([
      {
        reminderId: request.id,
        phone: PHONE,
        ticketNumber: 'A0006',
        text: expect.stringContaining('A0006') as unknown,
      },
    ]);
    expect(handed[0]!.text).toContain('前面还有 3 位');
    expect(await stateOf(request.id)).toEqual({
      state: 'handedOff',
      drop_reason: null,
      phone: null,
    });

    // The queue keeps moving, the batch is sent again: never a second message.
    await callNext('personal');
    await callNext('personal');
    await batch(request.item);
    expect(sent.filter((m) => m.reminderId === request.id)).toHaveLength(1);
  });

  it('drops a reminder whose ticket was called first, voided, or of a past day, and deletes its phone', async () => {
    const called = ticket('business', 'B0001', 1);
    const voidedTicket = ticket('business', 'B0002', 2);
    await batch(called.item, voidedTicket.item);
    await callNext('business'); // B0001 called before its reminder arrives
    await batch(
      item('ticket.voided', {
        ticketId: voidedTicket.id,
        businessTypeId: 'business',
        serviceDay: TODAY,
        number: 'B0002',
        sequence: 2,
        issuedOffline: false,
        reservedAt: new Date().toISOString(),
        voidedAt: new Date().toISOString(),
        reason: 'interruptedBeforeIssue',
      }),
    );
    const old = ticket('business', 'B0009', 9, YESTERDAY);
    await batch(old.item);
    const late = reminder(called, 'business', 3);
    const onVoided = reminder(voidedTicket, 'business', 3);
    const pastDay = reminder(old, 'business', 3, YESTERDAY);
    await batch(late.item, onVoided.item, pastDay.item);

    expect(await stateOf(late.id)).toEqual({
      state: 'dropped',
      drop_reason: 'alreadyCalled',
      phone: null,
    });
    expect(await stateOf(onVoided.id)).toEqual({
      state: 'dropped',
      drop_reason: 'voided',
      phone: null,
    });
    expect(await stateOf(pastDay.id)).toEqual({
      state: 'dropped',
      drop_reason: 'pastDay',
      phone: null,
    });
    const ids = [late.id, onVoided.id, pastDay.id];
    expect(sent.filter((m) => ids.includes(m.reminderId))).toEqual([]);
    const logged = Object.fromEntries(
      log.named('reminder.dropped').map((e) => [e.reminderId as string, e.reason]),
    );
    expect([logged[late.id], logged[onVoided.id], logged[pastDay.id]]).toEqual([
      'alreadyCalled',
      'voided',
      'pastDay',
    ]);
  });

  it('keeps a reminder the gateway refused queued, and hands it off at the next call', async () => {
    const first = ticket('wealth', 'V0001', 1);
    const second = ticket('wealth', 'V0002', 2);
    const third = ticket('wealth', 'V0003', 3);
    await batch(first.item, second.item, third.item);
    const request = reminder(third, 'wealth', 1);
    refuse = true;
    await batch(request.item);
    await callNext('wealth'); // 1 ahead: due, but the gateway refuses
    expect(await stateOf(request.id)).toMatchObject({ state: 'queued', phone: PHONE });
    expect(log.named('reminder.handOffFailed').map((e) => e.reminderId)).toContain(request.id);
    refuse = false;
    await post(NUMBER_PATHS.counterNoShow, { counterId: 'window-wealth', ticketId: first.id });
    expect(sent.filter((m) => m.reminderId === request.id)).toHaveLength(1);
    expect(await stateOf(request.id)).toMatchObject({ state: 'handedOff', phone: null });
  });
});

describe('the demo SMS gateway', () => {
  const cleanup = new Cleanup();
  afterAll(() => cleanup.run());

  it('logs reminder.handedOff with the phone masked, and never the number in clear', async () => {
    const log = createMemoryLog();
    const service = await branchService(cleanup, { logger: log.logger });
    const mine = ticket('personal', 'A0001', 1);
    const request = reminder(mine, 'personal', 3);
    const response = await fetch(`${service.url}/v1/batches`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${TOKEN}`,
        'x-kiosk-id': KIOSK_ID,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ kioskId: KIOSK_ID, items: [mine.item, request.item] }),
    });
    expect(response.status).toBe(200);
    // 0 ahead ≤ 3: handed off as it arrives.
    expect(log.named('reminder.handedOff')).toEqual([
      expect.objectContaining({
        reminderId: request.id,
        phone: '139****5678',
        ticketNumber: 'A0001',
      }),
    ]);
    expect(log.events().some((e) => JSON.stringify(e).includes(PHONE))).toBe(false);
  });
});
