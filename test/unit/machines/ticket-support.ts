/**
 * What the ticket machine's tests share: the fixtures, and the running machine with effects
 * that wait until the test settles them (`startSut`).
 */
import { expect } from 'vitest';
import { createActor, type EventObject, type SnapshotFrom } from 'xstate';
import {
  ticketMachine,
  type PrintFailure,
  type ReservedTicket,
} from '../../../machines/ticket/index.js';
import type { BusinessType } from '../../../src/domain/business-type.js';
import type { Ticket } from '../../../src/domain/ticket.js';
import { heldActorSut, heldPromiseActor } from './held-actors.js';
import type { Sut } from './model-harness.js';

export const personal: BusinessType = {
  id: 'personal',
  prefix: 'A',
  name: { 'zh-CN': '个人业务', en: 'Personal banking' },
};
export const branch = {
  branch: { id: 'b1', name: { 'zh-CN': '网点', en: 'Branch' } },
  businessTypes: [personal],
};
export const input = {
  branch,
  language: 'zh-CN' as const,
  devices: { printer: null },
  params: null,
};

export const reserved: Ticket = {
  id: '01890000-0000-7000-8000-000000000001',
  number: 'A001',
  businessTypeId: 'personal',
  status: 'reserved',
  delivery: null,
  waitingAhead: 2,
  reservedAt: '2026-11-23T09:00:00.000Z',
  issuedAt: null,
  kioskId: 'kiosk-test',
};
/** What reserving answers: the ticket and the branch's count (null would be "wait unknown"). */
export const reservation: ReservedTicket = {
  ticket: reserved,
  queue: { waitingAhead: 4, estimatedWaitMinutes: 12, asOf: '2026-11-23T09:00:00.000Z' },
};
/** What the copy of the queue status says before the customer confirms. */
export const estimate = {
  waitingAhead: 3,
  estimatedWaitMinutes: 9,
  asOf: '2026-11-23T08:59:00.000Z',
};
export const issued: Ticket = { ...reserved, status: 'issued', delivery: 'printed', issuedAt: 'x' };

/** A branch with a switched-off business type: listed, greyed, refused with the reason. */
export const closedType: BusinessType = {
  id: 'closed',
  prefix: 'C',
  name: { 'zh-CN': '外汇业务', en: 'Foreign exchange' },
  enabled: false,
};
export const withClosed = {
  ...input,
  branch: { ...branch, businessTypes: [personal, closedType] },
};

/** A terminal with an ID-card reader ready: the flow offers the card first. */
export const withReader = { ...input, devices: { printer: null, idReaderReady: true } };
/** Back from the identify flow with the card's outcome: the abuse guard runs before reserving. */
export const identified = {
  ...withReader,
  params: { identification: { priority: 'senior', ageYears: 66, customerKey: 'a'.repeat(64) } },
};
export const liveTicket = { number: 'A001', liveUntil: '13:00' };
export const paperOut: PrintFailure = { reason: 'paperOut', message: 'paper end sensor' };

export type Snapshot = SnapshotFrom<typeof ticketMachine>;

/** The parent notifications, recorded instead of sent (the machine runs without a parent here). */
export function recordingActions(announcements: string[]) {
  return {
    announceBusy: () => void announcements.push('busy'),
    announceSettled: () => void announcements.push('settled'),
    reportFailure: () => void announcements.push('failure'),
  };
}

/** The model: the same machine, with parent notifications as no-ops (traversal has no parent). */
export const model = ticketMachine.provide({ actions: recordingActions([]) });

/** The real machine with effects that wait until the test settles them. */
export function startSut(announcements: string[] = [], sutInput: object = input): Sut<Snapshot> {
  const effects = [
    'reserveTicket',
    'printTicket',
    'issueTicket',
    'findLiveTicket',
    'estimateWait',
  ] as const;
  const held = effects.map((name) => heldPromiseActor<unknown, never>(name));
  const actor = createActor(
    ticketMachine.provide({
      actions: recordingActions(announcements),
      actors: Object.fromEntries(held.map((h) => [h.name, h.logic])) as never,
    }),
    { input: sutInput as typeof input },
  ).start();
  return heldActorSut(actor, held);
}

/** Chooses the personal queue, answers the estimate (null: "wait unknown") and confirms. */
export async function chooseAndConfirm(
  sut: Sut<Snapshot>,
  wait: typeof estimate | null = estimate,
) {
  await sut.exec({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'personal' } as EventObject);
  expect(sut.snapshot().value).toBe('estimating');
  await sut.exec({ type: 'xstate.done.actor.estimateWait', output: wait } as EventObject);
  expect(sut.snapshot().value).toBe('confirming');
  await sut.exec({ type: 'CONFIRM_TICKET' });
}
