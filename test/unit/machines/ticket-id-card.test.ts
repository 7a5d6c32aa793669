/**
 * The ticket flow's start with an ID-card reader (issue 8): the card is offered first, choosing
 * it hands over to the identify flow with where to come back, and what comes back (priority and
 * the customer key, never an identity) goes into the reserved ticket after the abuse guard.
 */
import { describe, expect, it } from 'vitest';
import { createActor, fromPromise } from 'xstate';
import { projectTicketFlow, ticketMachine } from '../../../machines/ticket/index.js';
import type {
  LiveTicket,
  ReservedTicket,
  ReserveTicketInput,
} from '../../../machines/ticket/index.js';

const branch = {
  branch: { id: 'b1', name: { 'zh-CN': '网点', en: 'Branch' } },
  businessTypes: [{ id: 'personal', prefix: 'A', name: { 'zh-CN': '个人业务', en: 'Personal' } }],
  priorityRules: { seniorAge: 60 },
};
const withReader = {
  branch,
  language: 'en' as const,
  devices: { printer: null, idReaderReady: true },
  params: null,
};
const identification = { priority: 'senior' as const, ageYears: 66, customerKey: 'a'.repeat(64) };
const qr = { qrPayloadFor: () => 'q' };

describe('the ticket flow with an ID-card reader', () => {
  it('offers the card first, with the branch’s senior age, and hands over to identify', () => {
    const actor = createActor(ticketMachine, {
      input: { ...withReader, params: { businessTypeId: 'personal' } },
    }).start();
    expect(actor.getSnapshot().value).toBe('offeringIdCard');
    expect(projectTicketFlow(actor.getSnapshot(), qr)).toMatchObject({
      screen: 'idCardOffer',
      prompt: { key: 'identify.offer.body', params: { age: 60 } },
    });
    actor.send({ type: 'USE_ID_CARD' });
    expect(actor.getSnapshot().output).toEqual({
      next: 'flow',
      flow: 'identify',
      params: { returnTo: 'ticket', carry: { businessTypeId: 'personal' } },
    });
  });

  it('does not offer it without a ready reader, nor again once offered', () => {
    for (const input of [
      { ...withReader, devices: { printer: null } },
      { ...withReader, devices: { printer: null, idReaderReady: false } },
      { ...withReader, params: { identification: null } },
    ]) {
      const actor = createActor(ticketMachine, { input }).start();
      expect(actor.getSnapshot().value).toBe('choosingBusinessType');
      actor.stop();
    }
    const declined = createActor(ticketMachine, { input: withReader }).start();
    declined.send({ type: 'CONTINUE_WITHOUT_ID_CARD' });
    expect(declined.getSnapshot().value).toBe('choosingBusinessType');
    expect(declined.getSnapshot().context.identification).toBeNull();
  });

  it('checks the guard, then reserves with the priority and the key', async () => {
    const reserved: ReserveTicketInput[] = [];
    const actor = createActor(
      ticketMachine.provide({
        actions: { announceBusy: () => {}, announceSettled: () => {} },
        actors: {
          findLiveTicket: fromPromise(async (): Promise<LiveTicket | null> => null) as never,
          reserveTicket: fromPromise(async ({ input }) => {
            reserved.push(input);
            return new Promise<ReservedTicket>(() => {});
          }),
        },
      }),
      { input: { ...withReader, params: { identification, businessTypeId: 'personal' } } },
    ).start();
    expect(actor.getSnapshot().value).toBe('checkingCustomer');
    await new Promise((r) => setTimeout(r, 0));
    // No live ticket: the wait (unknown here: no estimate effect given) and the confirmation.
    expect(actor.getSnapshot().value).toBe('confirming');
    actor.send({ type: 'CONFIRM_TICKET' });
    expect(actor.getSnapshot().value).toEqual({ working: 'reserving' });
    expect(reserved).toEqual([
      {
        businessType: branch.businessTypes[0],
        priority: 'senior',
        customerKey: 'a'.repeat(64),
      },
    ]);
    actor.stop();
  });

  it('asks the wait with the priority the ticket will have, and without one for a walk-in', async () => {
    const asked: unknown[] = [];
    const withEstimate = ticketMachine.provide({
      actors: {
        findLiveTicket: fromPromise(async (): Promise<LiveTicket | null> => null) as never,
        estimateWait: fromPromise(async ({ input }) => {
          asked.push(input);
          return { waitingAhead: 1, estimatedWaitMinutes: 4, asOf: '2026-11-27T09:00:00.000Z' };
        }),
      },
    });
    const card = createActor(withEstimate, {
      input: { ...withReader, params: { identification, businessTypeId: 'personal' } },
    }).start();
    const walkIn = createActor(withEstimate, {
      input: { ...withReader, params: { identification: null, businessTypeId: 'personal' } },
    }).start();
    await new Promise((r) => setTimeout(r, 0));
    expect(card.getSnapshot().value).toBe('confirming');
    expect(walkIn.getSnapshot().value).toBe('confirming');
    // The walk-in (no guard to check first) is asked before the card holder.
    expect(asked).toEqual([
      { businessType: branch.businessTypes[0] },
      { businessType: branch.businessTypes[0], priority: 'senior' },
    ]);
    expect(card.getSnapshot().context.queue).toMatchObject({ waitingAhead: 1 });
    card.stop();
    walkIn.stop();
  });

  it('explains a live ticket for this card and queue, and lets the customer choose another', async () => {
    const actor = createActor(
      ticketMachine.provide({
        actors: {
          findLiveTicket: fromPromise(async (): Promise<LiveTicket | null> => ({
            number: 'A007',
            liveUntil: '13:30',
          })) as never,
        },
      }),
      { input: { ...withReader, params: { identification } } },
    ).start();
    actor.send({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'personal' });
    await new Promise((r) => setTimeout(r, 0));
    expect(projectTicketFlow(actor.getSnapshot(), qr)).toMatchObject({
      screen: 'liveTicketExists',
      number: 'A007',
      businessTypeName: 'Personal',
      liveUntil: '13:30',
    });
    actor.send({ type: 'BACK' });
    expect(actor.getSnapshot().value).toBe('choosingBusinessType');
    actor.stop();
  });

  it('ignores an identification that is not one (a tampered or stale param)', () => {
    // Params arrive from another flow as `unknown` at run time: the machine checks them.
    const tampered = { identification: { priority: 'vip', name: '刘䶮' } } as never;
    const actor = createActor(ticketMachine, {
      input: { ...withReader, params: tampered },
    }).start();
    expect(actor.getSnapshot().context.identification).toBeNull();
    expect(actor.getSnapshot().value).toBe('choosingBusinessType');
    actor.stop();
  });
});
