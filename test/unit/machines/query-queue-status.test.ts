/**
 * The queue-status query: per business type the people waiting and the estimate from the copy
 * of the branch's queue status with its "as of" time; "wait unknown" when the copy is not
 * current or absent; closed and switched-off business types listed apart with why. Then the
 * query flow with it, model-based (every state and transition) and projected to a valid view.
 */
import { describe, expect, it } from 'vitest';
import { createActor, type EventObject, type SnapshotFrom } from 'xstate';
import {
  BUILT_IN_QUERY_PROVIDERS,
  answerWith,
  createQueryMachine,
  projectQueryFlow,
  queueStatusProvider,
  words,
  type QueryResult,
  type QuerySources,
  type ScanReading,
} from '../../../machines/query/index.js';
import { checkBranchConfig, type BranchConfig } from '../../../src/contract/sync.js';
import type { QueueStatusCopy } from '../../../src/domain/queue-estimate.js';
import { heldActorSut, heldPromiseActor } from './held-actors.js';
import { expectEveryStateAndTransition, type Sut } from './model-harness.js';
import { answeredQuery } from './query-support.js';
import { expectValidView } from './session-view.js';

// A Wednesday, 10:00 at the kiosk (local time, as the opening hours are).
const now = new Date(2026, 10, 25, 10, 0);
const config: BranchConfig = (() => {
  const checked = checkBranchConfig({
    branch: { id: 'b1', name: { 'zh-CN': '网点', en: 'Branch' } },
    businessTypes: [
      { id: 'personal', prefix: 'A', name: { 'zh-CN': '个人业务', en: 'Personal banking' } },
      { id: 'business', prefix: 'B', name: { 'zh-CN': '对公业务', en: 'Business banking' } },
      {
        id: 'wealth',
        prefix: 'V',
        name: { 'zh-CN': '贵宾理财', en: 'Wealth' },
        openingHours: { wed: { opens: '13:00', closes: '17:00' } },
      },
      {
        id: 'forex',
        prefix: 'F',
        name: { 'zh-CN': '外汇业务', en: 'Foreign exchange' },
        enabled: false,
      },
    ],
  });
  if (!checked.ok) throw new Error(checked.problem);
  return checked.value;
})();
const asOf = new Date(now.getTime() - 60_000).toISOString();
const copy: QueueStatusCopy = {
  asOf,
  current: true,
  queues: [
    { businessTypeId: 'personal', waiting: 3, estimatedWaitMinutes: 12 },
    { businessTypeId: 'business', waiting: 0, estimatedWaitMinutes: null },
    { businessTypeId: 'wealth', waiting: 0, estimatedWaitMinutes: null },
    { businessTypeId: 'forex', waiting: 0, estimatedWaitMinutes: null },
  ],
};
const sources: QuerySources = {
  config,
  configAsOf: asOf,
  cached: () => undefined,
  queueStatus: copy,
  findTicketToday: () => undefined,
  now,
};

function blocksOf(result: QueryResult) {
  if (result.status !== 'answered') throw new Error('expected an answer');
  return result.answer.blocks;
}

describe('queue-status query', () => {
  it('is on the menu first, among the built-in queries', () => {
    expect(BUILT_IN_QUERY_PROVIDERS[0]).toBe(queueStatusProvider);
  });

  it('shows waiting and the estimate per open queue, as of the copy, closed ones with why', () => {
    const result = answerWith(queueStatusProvider, sources);
    expect(result).toMatchObject({ status: 'answered', ageMinutes: 1, answer: { asOf } });
    expect(blocksOf(result)).toEqual([
      {
        kind: 'table',
        columns: [
          words('query.businessType'),
          words('query.waiting'),
          words('query.estimatedWait'),
        ],
        rows: [
          [
            config.businessTypes[0]!.name,
            { 'zh-CN': '3', en: '3' },
            words('query.waitMinutes', { minutes: 12 }),
          ],
          [config.businessTypes[1]!.name, { 'zh-CN': '0', en: '0' }, words('query.noEstimate')],
        ],
      },
      {
        kind: 'pairs',
        heading: words('query.notAvailableNow'),
        pairs: [
          {
            label: config.businessTypes[2]!.name,
            value: words('businessType.opensAt', { time: '13:00' }),
          },
          { label: config.businessTypes[3]!.name, value: words('businessType.disabled') },
        ],
      },
    ]);
  });

  it('after closing time and on a day without hours: says so', () => {
    const evening = answerWith(queueStatusProvider, {
      ...sources,
      now: new Date(2026, 10, 25, 18, 0),
    });
    expect(JSON.stringify(evening)).toContain(
      JSON.stringify(words('businessType.closesAt', { time: '17:00' })),
    );
    const thursday = answerWith(queueStatusProvider, {
      ...sources,
      now: new Date(2026, 10, 26, 10, 0),
    });
    expect(JSON.stringify(thursday)).toContain(JSON.stringify(words('businessType.notToday')));
  });

  it('"wait unknown" when the copy is not current: no count shown, only its age', () => {
    const stale = answerWith(queueStatusProvider, {
      ...sources,
      queueStatus: { ...copy, current: false },
    });
    const blocks = blocksOf(stale);
    expect(blocks[0]).toEqual({ kind: 'text', text: words('query.queueNotCurrent') });
    expect(blocks[1]).toMatchObject({
      kind: 'table',
      rows: [
        [config.businessTypes[0]!.name, words('query.waitUnknown'), words('query.waitUnknown')],
        [config.businessTypes[1]!.name, words('query.waitUnknown'), words('query.waitUnknown')],
      ],
    });
    expect(JSON.stringify(blocks)).not.toContain('"3"');
    expect(stale).toMatchObject({ answer: { asOf }, ageMinutes: 1 });
    // A queue the copy does not know: unknown too, even when the copy is current.
    const partial = answerWith(queueStatusProvider, {
      ...sources,
      queueStatus: { ...copy, queues: copy.queues.slice(1) },
    });
    expect(blocksOf(partial)[0]).toMatchObject({
      rows: [
        [config.businessTypes[0]!.name, words('query.waitUnknown'), words('query.waitUnknown')],
        expect.anything(),
      ],
    });
  });

  it('no copy at all: "wait unknown" and no "as of"; no business types: not available', () => {
    const none = answerWith(queueStatusProvider, { ...sources, queueStatus: null });
    expect(none).toMatchObject({ status: 'answered', ageMinutes: null, answer: { asOf: null } });
    expect(blocksOf(none)[0]).toEqual({ kind: 'text', text: words('query.queueNotCurrent') });
    expect(answerWith(queueStatusProvider, { ...sources, config: null })).toEqual({
      status: 'unavailable',
    });
  });
});

describe('query flow with the queue-status query (model-based)', () => {
  const entries = BUILT_IN_QUERY_PROVIDERS.map(({ id, label, asks }) => ({
    id,
    label,
    ...(asks ? { asks } : {}),
  }));
  const machine = createQueryMachine(entries);
  const input = {
    branch: config,
    language: 'zh-CN' as const,
    devices: { printer: null },
    params: null,
  };
  const answered = answerWith(queueStatusProvider, sources);
  const model = machine.provide({ actions: { reportAnswer: () => {}, reportFailure: () => {} } });

  function startSut(): Sut<SnapshotFrom<typeof model>> {
    const held = heldPromiseActor<{ queryId: string; input: string | null }, QueryResult>(
      'answerQuery',
    );
    const scan = heldPromiseActor<{ text: string }, ScanReading>('readScannedTicket');
    const actor = createActor(
      model.provide({ actors: { answerQuery: held.logic, readScannedTicket: scan.logic } }),
      { input },
    ).start();
    // Every screen on the way fits the contract (the session fills in the shared parts).
    return heldActorSut(actor, [held, scan], (snapshot) =>
      expectValidView(snapshot.context.language, projectQueryFlow(snapshot)),
    );
  }

  it('reaches every state and walks every transition; every screen fits the contract', async () => {
    await expectEveryStateAndTransition({
      machine: model,
      input,
      events: (snapshot) => {
        const events: EventObject[] = [
          { type: 'CHOOSE_QUERY', queryId: 'queueStatus' } as EventObject,
          { type: 'CHOOSE_QUERY', queryId: 'myTicket' } as EventObject,
          { type: 'BACK' },
          { type: 'FINISH' },
          { type: 'SET_LANGUAGE', language: 'en' } as EventObject,
          // A letter first, then digits: one path of inputs, not every mix of the two.
          {
            type: 'TYPE_QUERY_INPUT',
            text: snapshot.context.input === '' ? 'A' : '1',
          } as EventObject,
          { type: 'ERASE_QUERY_INPUT' },
          { type: 'SUBMIT_QUERY_INPUT' },
          { type: 'SCAN_QUERY_INPUT', text: 'A1001' } as EventObject,
        ];
        if (snapshot.matches('reading')) {
          for (const output of [{ status: 'ticket', number: 'A1001' }, { status: 'refused' }]) {
            events.push({ type: 'xstate.done.actor.readScannedTicket', output } as EventObject);
          }
          events.push({
            type: 'xstate.error.actor.readScannedTicket',
            error: 'bug',
          } as EventObject);
        }
        if (snapshot.matches('answering')) {
          events.push({ type: 'xstate.done.actor.answerQuery', output: answered } as EventObject);
          events.push({ type: 'xstate.error.actor.answerQuery', error: 'bug' } as EventObject);
        }
        return events;
      },
      startSut,
      minPaths: 20,
    });
  });

  it('the answer screen in each language: the customer’s words, the copy’s time', async () => {
    for (const language of ['zh-CN', 'en'] as const) {
      const snapshot = await answeredQuery(model, { ...input, language }, 'queueStatus', answered);
      const view = projectQueryFlow(snapshot);
      expect(view).toMatchObject({
        screen: 'queryAnswer',
        title: 'query.queueStatus',
        notice: null,
        ageMinutes: 1,
        blocks: [
          {
            kind: 'table',
            rows: [
              [
                config.businessTypes[0]!.name[language],
                '3',
                words('query.waitMinutes', { minutes: 12 })[language],
              ],
              expect.anything(),
            ],
          },
          { kind: 'pairs', heading: words('query.notAvailableNow')[language] },
        ],
      });
    }
  });
});
