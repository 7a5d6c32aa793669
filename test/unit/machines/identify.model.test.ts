/**
 * The identify flow, model-based (design.md §8): every state and transition walked against the
 * running machine, with the reader actor replaced by one the test drives (its events arrive
 * through `sendBack`, as the real poller's do) and the delays on a simulated clock. After every
 * step the reader runs exactly while the flow is in `usingReader`: the poller never runs for a
 * flow that does not need it.
 */
import { describe, expect, it } from 'vitest';
import {
  SimulatedClock,
  createActor,
  fromCallback,
  type EventObject,
  type SnapshotFrom,
} from 'xstate';
import { identifyMachine, projectIdentifyFlow } from '../../../machines/identify/index.js';
import type { CardSummary, ReaderEvent } from '../../../machines/identify/index.js';
import { expectEveryStateAndTransition, type Sut } from './model-harness.js';
import { expectValidView } from './session-view.js';

const branch = {
  branch: { id: 'b1', name: { 'zh-CN': '网点', en: 'Branch' } },
  businessTypes: [{ id: 'personal', prefix: 'A', name: { 'zh-CN': '个人业务', en: 'Personal' } }],
  priorityRules: { seniorAge: 65 },
};
const input = {
  branch,
  language: 'zh-CN' as const,
  devices: { printer: null, idReaderReady: true },
  params: { returnTo: 'ticket', carry: { businessTypeId: 'personal' } },
};

const senior: CardSummary = { maskedName: '刘*', ageYears: 66, customerKey: 'a'.repeat(64) };
const young: CardSummary = { maskedName: '王*', ageYears: 36, customerKey: 'b'.repeat(64) };

type Snapshot = SnapshotFrom<typeof identifyMachine>;

/** The delayed-transition events of a state node, as the machine names them. */
function afterEvent(stateId: string): string {
  const [after] = identifyMachine.getStateNodeById(stateId).after;
  return after!.eventType;
}
const CARD_TIMEOUT = afterEvent('identify.usingReader.waitingForCard');
const REMOVAL_TIMEOUT = afterEvent('identify.usingReader.identified');
const REFUSED_TIMEOUT = afterEvent('identify.usingReader.cardRefused');
const DELAYS: Record<string, number> = {
  [CARD_TIMEOUT]: 30_000,
  [REMOVAL_TIMEOUT]: 20_000,
  [REFUSED_TIMEOUT]: 20_000,
};

const READER_EVENTS: readonly ReaderEvent[] = [
  { type: 'CARD_INSERTED' },
  { type: 'CARD_READ', card: senior },
  { type: 'CARD_READ', card: young },
  { type: 'CARD_UNREADABLE' },
  { type: 'CARD_UNSUPPORTED' },
  { type: 'CARD_REMOVED' },
  { type: 'READER_OFFLINE' },
];

function events(snapshot: Snapshot): EventObject[] {
  const list: EventObject[] = [
    { type: 'AGREE_TO_ID_CARD_READ' },
    { type: 'CONTINUE_WITHOUT_ID_CARD' },
    { type: 'RETRY_ID_CARD' },
    { type: 'BACK' },
    { type: 'SET_LANGUAGE', language: 'en' } as EventObject,
    ...(READER_EVENTS as EventObject[]),
  ];
  for (const [state, event] of [
    ['waitingForCard', CARD_TIMEOUT],
    ['identified', REMOVAL_TIMEOUT],
    ['cardRefused', REFUSED_TIMEOUT],
  ] as const) {
    if (snapshot.matches({ usingReader: state })) list.push({ type: event });
  }
  return list;
}

/** What the technician was told, recorded instead of logged; the session's offers too. */
function recordingActions(reports: string[], offers: string[] = []) {
  return {
    // The machine runs without a parent here: what it would tell the session is recorded.
    offerElderMode: () => void offers.push('OFFER_ELDER_MODE'),
    reportProblem: (_: unknown, params: { problem: string }) =>
      void reports.push(`problem:${params.problem}`),
    reportCardLeft: () => void reports.push('cardLeft'),
  };
}

const model = identifyMachine.provide({ actions: recordingActions([]) });

interface Reader {
  running: number;
  starts: number;
  send: ((event: ReaderEvent) => void) | null;
}

function startSut(
  reports: string[] = [],
  reader: Reader = newReader(),
  offers: string[] = [],
  sutInput: typeof input = input,
): Sut<Snapshot> {
  const clock = new SimulatedClock();
  const actor = createActor(
    identifyMachine.provide({
      actions: recordingActions(reports, offers),
      actors: {
        idCardReader: fromCallback(({ sendBack }) => {
          reader.running += 1;
          reader.starts += 1;
          reader.send = sendBack;
          return () => {
            reader.running -= 1;
            reader.send = null;
          };
        }),
      },
    }),
    { input: sutInput, clock },
  ).start();
  return {
    async exec(event) {
      const delay = DELAYS[event.type];
      if (delay !== undefined) clock.increment(delay);
      else if (event.type.startsWith('CARD_') || event.type === 'READER_OFFLINE') {
        // The reader's events come only from the running reader; with none, nothing comes.
        reader.send?.(event as ReaderEvent);
      } else actor.send(event as never);
      await Promise.resolve();
      const snapshot = actor.getSnapshot();
      expect(reader.running, `reader running in ${JSON.stringify(snapshot.value)}`).toBe(
        snapshot.matches('usingReader') ? 1 : 0,
      );
      // Every state's screen is one the renderer can draw.
      expectValidView('en', projectIdentifyFlow(snapshot));
    },
    snapshot: () => actor.getSnapshot(),
    stop: () => actor.stop(),
  };
}

function newReader(): Reader {
  return { running: 0, starts: 0, send: null };
}

describe('identify machine (model-based)', () => {
  it('reaches every state and walks every transition against the running machine', async () => {
    await expectEveryStateAndTransition({
      machine: model,
      input,
      events,
      startSut: () => startSut(),
      minPaths: 20,
    });
  });

  it('returns a senior identification to the flow that asked, and no name', async () => {
    const reader = newReader();
    const sut = startSut([], reader);
    expect(reader.starts).toBe(0); // not before consent
    await sut.exec({ type: 'AGREE_TO_ID_CARD_READ' });
    expect(reader.running).toBe(1);
    await sut.exec({ type: 'CARD_INSERTED' });
    await sut.exec({ type: 'CARD_READ', card: senior } as EventObject);
    expect(projectIdentifyFlow(sut.snapshot())).toMatchObject({
      screen: 'idCardRead',
      maskedName: '刘*',
      priority: 'senior',
      cardLeft: false,
    });
    await sut.exec({ type: 'CARD_REMOVED' });
    const snapshot = sut.snapshot();
    expect(snapshot.status).toBe('done');
    expect(snapshot.output).toEqual({
      next: 'flow',
      flow: 'ticket',
      params: {
        businessTypeId: 'personal',
        identification: { priority: 'senior', ageYears: 66, customerKey: 'a'.repeat(64) },
      },
    });
    expect(JSON.stringify(snapshot.output)).not.toContain('刘');
    expect(snapshot.context.maskedName).toBeNull();
    expect(reader.running).toBe(0);
    sut.stop();
  });

  it('applies the branch rule: under the senior age is the ordinary queue', async () => {
    const sut = startSut();
    await sut.exec({ type: 'AGREE_TO_ID_CARD_READ' });
    await sut.exec({ type: 'CARD_READ', card: young } as EventObject);
    expect(sut.snapshot().context.identification?.priority).toBe('none');
    sut.stop();
  });

  it('offers elder mode from the branch age (default 65), and tells the session nothing else', async () => {
    const offers: string[] = [];
    const sut = startSut([], newReader(), offers);
    await sut.exec({ type: 'AGREE_TO_ID_CARD_READ' });
    await sut.exec({ type: 'CARD_READ', card: young } as EventObject);
    expect(offers).toEqual([]);
    await sut.exec({ type: 'CARD_REMOVED' });
    sut.stop();

    const sutSenior = startSut([], newReader(), offers);
    await sutSenior.exec({ type: 'AGREE_TO_ID_CARD_READ' });
    await sutSenior.exec({ type: 'CARD_READ', card: { ...senior, ageYears: 65 } } as EventObject);
    expect(offers).toEqual(['OFFER_ELDER_MODE']);
    sutSenior.stop();
  });

  it('keeps the two thresholds apart: priority from seniorAge, the offer from offerFromAge', async () => {
    const withRules = (seniorAge: number, offerFromAge: number) => ({
      ...input,
      branch: {
        ...branch,
        priorityRules: { seniorAge },
        elderMode: { timeoutMultiplier: 2, voiceByDefault: true, offerFromAge },
      },
    });
    // Priority from 60, the offer from 70: a 66-year-old is served first but not asked.
    const priorityOnly: string[] = [];
    const first = startSut([], newReader(), priorityOnly, withRules(60, 70));
    await first.exec({ type: 'AGREE_TO_ID_CARD_READ' });
    await first.exec({ type: 'CARD_READ', card: senior } as EventObject);
    expect(first.snapshot().context.identification?.priority).toBe('senior');
    expect(priorityOnly).toEqual([]);
    first.stop();
    // Priority from 70, the offer from 60: asked, but in the ordinary queue.
    const offerOnly: string[] = [];
    const second = startSut([], newReader(), offerOnly, withRules(70, 60));
    await second.exec({ type: 'AGREE_TO_ID_CARD_READ' });
    await second.exec({ type: 'CARD_READ', card: senior } as EventObject);
    expect(second.snapshot().context.identification?.priority).toBe('none');
    expect(offerOnly).toEqual(['OFFER_ELDER_MODE']);
    second.stop();
  });

  it('goes back without identification on back, and says so to the flow that asked', async () => {
    const sut = startSut();
    await sut.exec({ type: 'AGREE_TO_ID_CARD_READ' });
    await sut.exec({ type: 'CARD_READ', card: senior } as EventObject);
    await sut.exec({ type: 'BACK' });
    expect(sut.snapshot().output).toEqual({
      next: 'flow',
      flow: 'ticket',
      params: { businessTypeId: 'personal', identification: null },
    });
    sut.stop();
  });

  it('tells the customer and the technician of each problem, and of a card left behind', async () => {
    const reports: string[] = [];
    const sut = startSut(reports);
    await sut.exec({ type: 'AGREE_TO_ID_CARD_READ' });
    await sut.exec({ type: CARD_TIMEOUT });
    expect(projectIdentifyFlow(sut.snapshot())).toMatchObject({
      screen: 'idCardProblem',
      problem: 'noCardInTime',
      takeCard: false,
      notice: { key: 'identify.problem.noCardInTime' },
    });
    await sut.exec({ type: 'RETRY_ID_CARD' });
    await sut.exec({ type: 'CARD_INSERTED' });
    await sut.exec({ type: 'CARD_UNREADABLE' });
    expect(projectIdentifyFlow(sut.snapshot())).toMatchObject({
      screen: 'idCardProblem',
      problem: 'unreadable',
      takeCard: true,
    });
    await sut.exec({ type: REFUSED_TIMEOUT });
    await sut.exec({ type: 'CARD_REMOVED' });
    await sut.exec({ type: 'RETRY_ID_CARD' });
    await sut.exec({ type: 'CARD_UNSUPPORTED' });
    await sut.exec({ type: 'CARD_REMOVED' });
    await sut.exec({ type: 'RETRY_ID_CARD' });
    await sut.exec({ type: 'CARD_READ', card: senior } as EventObject);
    await sut.exec({ type: REMOVAL_TIMEOUT });
    expect(projectIdentifyFlow(sut.snapshot())).toMatchObject({
      screen: 'idCardRead',
      cardLeft: true,
      notice: { key: 'identify.notice.cardLeft' },
    });
    await sut.exec({ type: 'READER_OFFLINE' });
    expect(sut.snapshot().context.problem).toBe('readerOffline');
    expect(reports).toEqual([
      'problem:noCardInTime',
      'problem:unreadable',
      'cardLeft',
      'problem:unsupportedCard',
      'cardLeft',
      'problem:readerOffline',
    ]);
    sut.stop();
  });

  it('goes to the menu when started without a flow to return to', () => {
    const actor = createActor(model, { input: { ...input, params: null } }).start();
    actor.send({ type: 'BACK' });
    expect(actor.getSnapshot().output).toEqual({ next: 'menu' });
    actor.stop();
  });
});
