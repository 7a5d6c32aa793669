/**
 * Elder mode offered from the ID card, across the session and the real identify flow: a card at
 * the branch's offer age puts the question on the view once, nothing of the card (age, birth
 * date) reaches the session's context or the view, and the answer stays for this session only.
 */
import { describe, expect, it } from 'vitest';
import { SimulatedClock, createActor, createMachine, fromCallback, type AnyActorRef } from 'xstate';
import { registerFlow } from '../../../machines/flow.js';
import { identifyFlow, identifyMachine } from '../../../machines/identify/index.js';
import type { CardSummary, ReaderEvent } from '../../../machines/identify/index.js';
import {
  createSessionMachine,
  effectiveTimeouts,
  toKioskView,
} from '../../../machines/session/index.js';
import type { SessionInput } from '../../../machines/session/index.js';
import { KioskViewSchema } from '../../../src/bridge/contract.js';

const branch = {
  branch: { id: 'b1', name: { 'zh-CN': '网点', en: 'Branch' } },
  businessTypes: [{ id: 'personal', prefix: 'A', name: { 'zh-CN': '个人业务', en: 'Personal' } }],
  elderMode: { timeoutMultiplier: 2, voiceByDefault: true, offerFromAge: 70 },
  priorityRules: { seniorAge: 60 },
};

/** Stands in for the ticket flow: asks for the ID card on TEST_IDENTIFY, as the real one does. */
const askingFlow = createMachine({
  initial: 'waiting',
  states: { waiting: { on: { TEST_IDENTIFY: 'identify' } }, identify: { type: 'final' } },
  output: { next: 'flow', flow: 'identify', params: { returnTo: 'ticket' } },
});

function startSession(clock = new SimulatedClock()) {
  const reader: { send: ((event: ReaderEvent) => void) | null } = { send: null };
  const identify = identifyMachine.provide({
    actors: {
      idCardReader: fromCallback(({ sendBack }) => {
        reader.send = sendBack;
        return () => (reader.send = null);
      }),
    },
  });
  const flows = [
    registerFlow({
      id: 'ticket',
      logic: askingFlow,
      menuLabel: 'menu.takeTicket',
      project: () => ({ screen: 'printing' as const }),
    }),
    identifyFlow(identify),
  ];
  const input: SessionInput = {
    branch,
    devices: { printer: null, idReaderReady: true },
    defaultLanguage: 'zh-CN',
    timeouts: { inactivityMs: 60_000, warningMs: 15_000 },
  };
  const actor = createActor(createSessionMachine(flows), { input, clock }).start();
  const view = () => {
    const published = toKioskView(actor.getSnapshot(), flows, {
      warningSecondsLeft: null,
      qrPayloadFor: () => 'qr',
    });
    expect(KioskViewSchema.safeParse(published).success).toBe(true);
    return published;
  };
  /** Ticket → identify → consent → the card read (and left on the reader). */
  const readCard = (card: CardSummary) => {
    actor.send({ type: 'START_FLOW', flow: 'ticket' });
    identifyAgain(card);
  };
  /** From the ticket flow (the card taken back), to the ID card again. */
  const identifyAgain = (card: CardSummary) => {
    (actor.getSnapshot().children.flow as AnyActorRef).send({ type: 'TEST_IDENTIFY' });
    expect(actor.getSnapshot().context.activeFlow).toBe('identify');
    actor.send({ type: 'AGREE_TO_ID_CARD_READ' });
    reader.send?.({ type: 'CARD_INSERTED' });
    reader.send?.({ type: 'CARD_READ', card });
  };
  return { actor, view, readCard, identifyAgain, reader };
}

const card = (ageYears: number): CardSummary => ({
  maskedName: '刘*',
  ageYears,
  customerKey: 'c'.repeat(64),
});

describe('elder mode offered from the ID card', () => {
  it('asks once at the offer age; "yes" is elder mode; nothing of the card in the session', () => {
    const { actor, view, readCard, reader } = startSession();
    actor.send({ type: 'START' });
    readCard(card(71));
    expect(view()).toMatchObject({ screen: 'idCardRead', elderOffer: true, elder: false });
    // Only "ask" left the flow: no age in the session's context, none in the view.
    const session = JSON.stringify(actor.getSnapshot().context);
    expect(session).not.toContain('71');
    expect(JSON.stringify(view())).not.toContain('71');
    // The question stays up while the customer goes on (taking the card back).
    reader.send?.({ type: 'CARD_REMOVED' });
    expect(actor.getSnapshot().context.activeFlow).toBe('ticket');
    expect(view().elderOffer).toBe(true);
    actor.send({ type: 'ANSWER_ELDER_OFFER', accept: true });
    expect(view()).toMatchObject({ elderOffer: false, elder: true });
    const { context } = actor.getSnapshot();
    expect(context.voice.enabled).toBe(true);
    expect(effectiveTimeouts(context)).toEqual({ inactivityMs: 120_000, warningMs: 30_000 });
    actor.stop();
  });

  it('does not ask with elder mode on already, nor from the menu; the header answers it too', () => {
    const { actor, view, readCard, identifyAgain, reader } = startSession();
    // Switched on (by a lobby guide, say) before the card: nothing to offer.
    actor.send({ type: 'SET_ELDER', on: true });
    // No flow on the menu: nobody can ask there.
    actor.send({ type: 'OFFER_ELDER_MODE' });
    expect(actor.getSnapshot().context.elderOffer).toBe('notAsked');
    readCard(card(75));
    expect(view()).toMatchObject({ elder: true, elderOffer: false });
    expect(actor.getSnapshot().context.elderOffer).toBe('notAsked');
    reader.send?.({ type: 'CARD_REMOVED' });
    // Off again, then a card: asked; the header's button answers it (not asked again).
    actor.send({ type: 'SET_ELDER', on: false });
    identifyAgain(card(75));
    expect(view().elderOffer).toBe(true);
    actor.send({ type: 'SET_ELDER', on: true });
    expect(view()).toMatchObject({ elder: true, elderOffer: false });
    expect(actor.getSnapshot().context.elderOffer).toBe('answered');
    // An answer with no question up changes nothing.
    actor.send({ type: 'ANSWER_ELDER_OFFER', accept: false });
    expect(view()).toMatchObject({ elder: true, elderOffer: false });
    actor.stop();
  });

  it('does not ask below the offer age (even a priority customer), nor twice', () => {
    const { actor, view, readCard, identifyAgain, reader } = startSession();
    actor.send({ type: 'START' });
    // 65: a senior by this branch's priority rule (60), under its offer age (70).
    readCard(card(65));
    expect(view()).toMatchObject({ screen: 'idCardRead', priority: 'senior', elderOffer: false });
    reader.send?.({ type: 'CARD_REMOVED' });
    // Another card, at the age: asked; "no thanks"; a third card is not asked again.
    identifyAgain(card(80));
    expect(view().elderOffer).toBe(true);
    actor.send({ type: 'ANSWER_ELDER_OFFER', accept: false });
    expect(view()).toMatchObject({ elderOffer: false, elder: false });
    expect(actor.getSnapshot().context.elderOffer).toBe('answered');
    reader.send?.({ type: 'CARD_REMOVED' });
    identifyAgain(card(80));
    expect(view().elderOffer).toBe(false);
    actor.stop();
  });

  it('forgets the offer and the answer at the reset: the next customer is asked afresh', () => {
    const clock = new SimulatedClock();
    const { actor, view, readCard, reader } = startSession(clock);
    actor.send({ type: 'START' });
    readCard(card(75));
    actor.send({ type: 'ANSWER_ELDER_OFFER', accept: true });
    reader.send?.({ type: 'CARD_REMOVED' });
    expect(view().elder).toBe(true);
    // Nobody there: the elder-mode timeouts (twice 60 s, then twice 15 s) and the reset.
    clock.increment(120_000);
    clock.increment(30_000);
    expect(actor.getSnapshot().value).toBe('attract');
    expect(view()).toMatchObject({ screen: 'attract', elder: false, elderOffer: false });
    expect(actor.getSnapshot().context.elderOffer).toBe('notAsked');
    actor.send({ type: 'START' });
    readCard(card(75));
    expect(view().elderOffer).toBe(true);
    actor.stop();
  });
});
