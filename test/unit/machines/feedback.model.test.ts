import { describe, expect, it } from 'vitest';
import { createActor, fromPromise, type EventObject, type SnapshotFrom } from 'xstate';
import {
  feedbackMachine,
  projectFeedbackFlow,
  type FeedbackToSave,
} from '../../../machines/feedback/index.js';
import { ticketMachine } from '../../../machines/ticket/index.js';
import { KioskViewSchema } from '../../../src/bridge/contract.js';
import type { Ticket } from '../../../src/domain/ticket.js';
import { heldActorSut, heldPromiseActor } from './held-actors.js';
import { expectEveryStateAndTransition, type Sut } from './model-harness.js';
import { SESSION_PARTS } from './session-view.js';

const input = {
  branch: null,
  language: 'zh-CN' as const,
  devices: { printer: null },
  params: { businessTypeId: 'personal' },
};
type Snapshot = SnapshotFrom<typeof feedbackMachine>;

function events(snapshot: Snapshot): EventObject[] {
  const commands: EventObject[] = [
    { type: 'RATE_SERVICE', rating: 4 } as EventObject,
    { type: 'RATE_SERVICE', rating: 9 } as EventObject,
    { type: 'SKIP_RATING' },
    { type: 'CHOOSE_FEEDBACK_CATEGORY', category: 'complaint' } as EventObject,
    { type: 'TYPE_FEEDBACK_TEXT', text: 'a' } as EventObject,
    { type: 'TYPE_FEEDBACK_TEXT', text: '\u0007' } as EventObject,
    { type: 'ERASE_FEEDBACK_TEXT' },
    { type: 'SUBMIT_FEEDBACK' },
    { type: 'BACK' },
    { type: 'FINISH' },
    { type: 'SET_LANGUAGE', language: 'en' } as EventObject,
  ];
  if (snapshot.matches('saving')) {
    commands.push({ type: 'xstate.done.actor.saveFeedback' } as EventObject);
    commands.push({ type: 'xstate.error.actor.saveFeedback', error: 'SQLITE_FULL' } as EventObject);
  }
  return commands;
}

// The text's length would make the state space endless; what matters is empty or not.
const serializeState = (s: Snapshot) =>
  JSON.stringify({
    v: s.value,
    c: { ...s.context, text: s.context.text.length > 0 ? 'some' : '' },
  });

const recording = (log: string[]) => ({ reportFailure: () => void log.push('failure') });
const model = feedbackMachine.provide({ actions: recording([]) });

function startSut(saved: FeedbackToSave[] = [], log: string[] = []): Sut<Snapshot> {
  const held = heldPromiseActor<FeedbackToSave>('saveFeedback', saved);
  const actor = createActor(
    feedbackMachine.provide({ actions: recording(log), actors: { saveFeedback: held.logic } }),
    { input },
  ).start();
  return heldActorSut(actor, held);
}

const fullView = (s: Snapshot) => ({
  language: s.context.language,
  ...SESSION_PARTS,
  ...projectFeedbackFlow(s),
});

describe('feedback machine (model-based)', () => {
  it('reaches every state and walks every transition against the running machine', async () => {
    await expectEveryStateAndTransition({
      machine: model,
      input,
      events,
      serializeState,
      startSut: () => startSut(),
      minPaths: 10,
    });
  });

  it('saves a rating and a typed complaint for the business type, each screen a valid view', async () => {
    const saved: FeedbackToSave[] = [];
    const sut = startSut(saved);
    const views = [fullView(sut.snapshot())];
    await sut.exec({ type: 'RATE_SERVICE', rating: 2 } as EventObject);
    // No typing before a category: the text belongs to a suggestion, complaint or praise.
    await sut.exec({ type: 'TYPE_FEEDBACK_TEXT', text: 'x' } as EventObject);
    expect(sut.snapshot().context.text).toBe('');
    await sut.exec({ type: 'CHOOSE_FEEDBACK_CATEGORY', category: 'complaint' } as EventObject);
    for (const key of ['S', 'l', 'o', 'w', 'w', ' ']) {
      await sut.exec({ type: 'TYPE_FEEDBACK_TEXT', text: key } as EventObject);
    }
    await sut.exec({ type: 'ERASE_FEEDBACK_TEXT' });
    views.push(fullView(sut.snapshot()));
    expect(sut.snapshot().context.text).toBe('Sloww');
    await sut.exec({ type: 'SUBMIT_FEEDBACK' });
    views.push(fullView(sut.snapshot()));
    await sut.exec({ type: 'xstate.done.actor.saveFeedback' } as EventObject);
    views.push(fullView(sut.snapshot()));
    expect(saved).toEqual([
      { businessTypeId: 'personal', rating: 2, comment: { category: 'complaint', text: 'Sloww' } },
    ]);
    expect(views.map((v) => v.screen)).toEqual([
      'feedbackRating',
      'feedbackComment',
      'feedbackThanks',
      'feedbackThanks',
    ]);
    for (const view of views) expect(KioskViewSchema.safeParse(view).error).toBeUndefined();
    sut.stop();
  });

  it('sends nothing without a rating or a comment, and never types past the limit', async () => {
    const saved: FeedbackToSave[] = [];
    const sut = startSut(saved);
    await sut.exec({ type: 'SKIP_RATING' });
    await sut.exec({ type: 'SUBMIT_FEEDBACK' });
    expect(sut.snapshot().value).toBe('commenting');
    expect(projectFeedbackFlow(sut.snapshot())).toMatchObject({ canSubmit: false });
    await sut.exec({ type: 'CHOOSE_FEEDBACK_CATEGORY', category: 'praise' } as EventObject);
    for (let i = 0; i < 130; i++) {
      await sut.exec({ type: 'TYPE_FEEDBACK_TEXT', text: 'abcd' } as EventObject);
    }
    expect(sut.snapshot().context.text).toHaveLength(500);
    expect(saved).toEqual([]);
    sut.stop();
  });

  it('leaves at any step without storing anything: done goes to the next customer', () => {
    for (const steps of [[], [{ type: 'RATE_SERVICE', rating: 5 }], [{ type: 'SKIP_RATING' }]]) {
      const actor = createActor(model, { input }).start();
      for (const step of steps) actor.send(step as never);
      actor.send({ type: 'FINISH' });
      expect(actor.getSnapshot().status).toBe('done');
      expect(actor.getSnapshot().output).toEqual({ next: 'attract' });
    }
  });

  it('reports a feedback the store refused, and says so to the customer', async () => {
    const log: string[] = [];
    const sut = startSut([], log);
    await sut.exec({ type: 'RATE_SERVICE', rating: 5 } as EventObject);
    await sut.exec({ type: 'SUBMIT_FEEDBACK' });
    await sut.exec({
      type: 'xstate.error.actor.saveFeedback',
      error: 'SQLITE_FULL',
    } as EventObject);
    expect(log).toEqual(['failure']);
    expect(projectFeedbackFlow(sut.snapshot())).toMatchObject({ status: 'notSaved' });
    sut.stop();
  });
});

describe('the ticket flow chains to feedback only when the customer taps "rate us"', () => {
  const ticket: Ticket = {
    id: '01890000-0000-7000-8000-000000000001',
    number: 'A001',
    businessTypeId: 'personal',
    status: 'issued',
    delivery: 'printed',
    waitingAhead: 0,
    reservedAt: '2026-11-23T09:00:00.000Z',
    issuedAt: '2026-11-23T09:00:01.000Z',
    kioskId: 'kiosk-test',
  };
  const branch = {
    branch: { id: 'b1', name: { 'zh-CN': '网点', en: 'Branch' } },
    businessTypes: [{ id: 'personal', prefix: 'A', name: { 'zh-CN': '个人', en: 'Personal' } }],
  };
  const issuedTicketFlow = () =>
    createActor(
      ticketMachine.provide({
        actions: { announceBusy: () => {}, announceSettled: () => {} },
        actors: {
          reserveTicket: fromPromise(async () => ({ ...ticket, status: 'reserved' })) as never,
          printTicket: fromPromise(async () => {}) as never,
          issueTicket: fromPromise(async () => ticket) as never,
          estimateWait: fromPromise(async () => null) as never,
        },
      }),
      { input: { ...input, branch, params: null } },
    ).start();

  it('"rate us" ends into the feedback flow with the business type; "done" does not', async () => {
    const rated = issuedTicketFlow();
    rated.send({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'personal' });
    await new Promise((r) => setTimeout(r, 10));
    rated.send({ type: 'CONFIRM_TICKET' });
    await new Promise((r) => setTimeout(r, 10));
    expect(rated.getSnapshot().value).toBe('issued');
    rated.send({ type: 'RATE_US' });
    expect(rated.getSnapshot().output).toEqual({
      next: 'flow',
      flow: 'feedback',
      params: { businessTypeId: 'personal' },
    });
    const finished = issuedTicketFlow();
    finished.send({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'personal' });
    await new Promise((r) => setTimeout(r, 10));
    finished.send({ type: 'CONFIRM_TICKET' });
    await new Promise((r) => setTimeout(r, 10));
    finished.send({ type: 'FINISH' });
    expect(finished.getSnapshot().output).toEqual({ next: 'attract' });
  });
});
