import { describe, expect, it } from 'vitest';
import { createActor, type EventObject, type SnapshotFrom } from 'xstate';
import {
  BUILT_IN_QUERY_PROVIDERS,
  answerWith,
  createQueryMachine,
  faqProvider,
  myTicketProvider,
  projectQueryFlow,
  queueStatusProvider,
  ratesProvider,
  words,
  type QueryProvider,
  type QueryResult,
  type ScanReading,
} from '../../../machines/query/index.js';
import { DEFAULT_QUERY_CONTENT } from '../../../branch-service/defaults.js';
import { checkBranchConfig, type BranchConfig } from '../../../src/contract/sync.js';
import { heldActorSut, heldPromiseActor } from './held-actors.js';
import { expectFullCoverage, mergeRuns, runModel, type Sut } from './model-harness.js';
import { answeredQuery } from './query-support.js';
import { expectValidView } from './session-view.js';

const entries = BUILT_IN_QUERY_PROVIDERS.map(({ id, label, asks }) => ({
  id,
  label,
  ...(asks ? { asks } : {}),
}));
/**
 * The providers that answer from the configuration without asking first (queue status reads
 * the queue-status copy: query-queue-status.test.ts).
 */
const DIRECT = BUILT_IN_QUERY_PROVIDERS.filter(
  (p) => p.asks === undefined && p !== queueStatusProvider,
);
const machine = createQueryMachine(entries);
const input = {
  branch: null,
  language: 'zh-CN' as const,
  devices: { printer: null },
  params: null,
};

const answered: QueryResult = {
  status: 'answered',
  answer: {
    asOf: '2026-11-27T01:00:00.000Z',
    blocks: [{ kind: 'text', text: { 'zh-CN': '文字', en: 'Text' } }],
  },
  ageMinutes: 5,
};

type Snapshot = SnapshotFrom<typeof machine>;

/** Started by a ticket held to the scanner on the attract screen or the menu (ScannedStart). */
const SCANNED = 'https://queue.example.cn/t/0193…?n=A0023';
const scannedInput = { ...input, params: { scanned: SCANNED } };

const ticketRead: ScanReading = { status: 'ticket', number: 'A0023' };

function events(snapshot: Snapshot): EventObject[] {
  const commands: EventObject[] = [
    { type: 'CHOOSE_QUERY', queryId: 'rates' } as EventObject,
    { type: 'CHOOSE_QUERY', queryId: 'no-such-query' } as EventObject,
    { type: 'BACK' },
    { type: 'FINISH' },
    { type: 'SET_LANGUAGE', language: 'en' } as EventObject,
    { type: 'CHOOSE_QUERY', queryId: 'myTicket' } as EventObject,
    // One number's keys (A, then digits) rather than every key everywhere: the scan's states
    // would multiply every typed combination (1,634 paths instead of 170), and each key's
    // transition is the same one.
    { type: 'TYPE_QUERY_INPUT', text: snapshot.context.input === '' ? 'A' : '0' } as EventObject,
    { type: 'TYPE_QUERY_INPUT', text: 'a' } as EventObject,
    { type: 'ERASE_QUERY_INPUT' },
    { type: 'SUBMIT_QUERY_INPUT' },
    { type: 'SCAN_QUERY_INPUT', text: 'https://queue.example.cn/t/…' } as EventObject,
  ];
  if (snapshot.matches('reading')) {
    for (const output of [ticketRead, { status: 'refused' }, { status: 'ticket', number: 'A1' }]) {
      commands.push({ type: 'xstate.done.actor.readScannedTicket', output } as EventObject);
    }
    commands.push({ type: 'xstate.error.actor.readScannedTicket', error: 'bug' } as EventObject);
  }
  if (snapshot.matches('answering')) {
    commands.push({ type: 'xstate.done.actor.answerQuery', output: answered } as EventObject);
    commands.push({ type: 'xstate.error.actor.answerQuery', error: 'provider bug' } as EventObject);
  }
  return commands;
}

const recording = (log: string[]) => ({
  reportAnswer: () => void log.push('answer'),
  reportFailure: () => void log.push('failure'),
});
const model = machine.provide({ actions: recording([]) });

function startSut(
  log: string[] = [],
  calls: { queryId: string; input: string | null }[] = [],
  scans: { text: string }[] = [],
  start: typeof input | typeof scannedInput = input,
): Sut<Snapshot> {
  const held = heldPromiseActor<{ queryId: string; input: string | null }, QueryResult>(
    'answerQuery',
    calls,
  );
  const scan = heldPromiseActor<{ text: string }, ScanReading>('readScannedTicket', scans);
  const actor = createActor(
    machine.provide({
      actions: recording(log),
      actors: { answerQuery: held.logic, readScannedTicket: scan.logic },
    }),
    { input: start },
  ).start();
  return heldActorSut(actor, [held, scan]);
}

const config: BranchConfig = (() => {
  const checked = checkBranchConfig({
    branch: { id: 'b1', name: { 'zh-CN': '网点', en: 'Branch' } },
    businessTypes: [{ id: 'personal', prefix: 'A', name: { 'zh-CN': '个人', en: 'Personal' } }],
    ...DEFAULT_QUERY_CONTENT,
  });
  if (!checked.ok) throw new Error(checked.problem);
  return checked.value;
})();

describe('query machine (model-based)', () => {
  it('reaches every state and walks every transition against the running machine', async () => {
    const touched = await runModel({ machine: model, input, events, startSut: () => startSut() });
    // Started by a scan: the reading's outcomes and the ways out; once read, the flow is the
    // one walked from a touched start (walking it all again would double the run).
    const scanned = await runModel({
      machine: model,
      input: scannedInput,
      events: (snapshot) =>
        events(snapshot).filter(
          (e) => e.type.startsWith('xstate.') || e.type === 'BACK' || e.type === 'FINISH',
        ),
      startSut: () => startSut([], [], [], scannedInput),
    });
    expectFullCoverage(model, mergeRuns([touched, scanned]));
    expect(touched.paths).toBeGreaterThan(8);
    expect(scanned.paths).toBeGreaterThan(8);
    expect(scanned.statesReached).toContain('query.reading');
  });

  it('started by a scan, reads it at once: the answer, or the refusal on the keypad', async () => {
    const calls: { queryId: string; input: string | null }[] = [];
    const scans: { text: string }[] = [];
    const sut = startSut([], calls, scans, scannedInput);
    expect(sut.snapshot().value).toBe('reading');
    expect(scans).toEqual([{ text: SCANNED }]);
    expect(projectQueryFlow(sut.snapshot())).toMatchObject({
      screen: 'queryInput',
      title: 'query.myTicket',
    });
    await sut.exec({ type: 'xstate.done.actor.readScannedTicket', output: ticketRead } as never);
    expect(calls).toEqual([{ queryId: 'myTicket', input: 'A0023' }]);
    // The text is not kept once read.
    expect(sut.snapshot().context.scan).toBeNull();
    await sut.exec({ type: 'xstate.done.actor.answerQuery', output: answered } as never);
    expect(projectQueryFlow(sut.snapshot())).toMatchObject({
      screen: 'queryAnswer',
      title: 'query.myTicket',
    });
    // Back as after any query: the query menu (not read again), then the session's menu.
    await sut.exec({ type: 'BACK' });
    expect(sut.snapshot().value).toBe('choosing');
    expect(scans).toHaveLength(1);
    await sut.exec({ type: 'BACK' });
    expect(sut.snapshot().output).toEqual({ next: 'menu' });
    sut.stop();

    const refused = startSut([], [], [], scannedInput);
    await refused.exec({
      type: 'xstate.done.actor.readScannedTicket',
      output: { status: 'refused' },
    } as never);
    expect(projectQueryFlow(refused.snapshot())).toMatchObject({
      screen: 'queryInput',
      title: 'query.myTicket',
      notice: { key: 'notice.scanNotATicket' },
      input: '',
    });
    await refused.exec({ type: 'BACK' });
    expect(refused.snapshot().value).toBe('choosing');
    expect(refused.snapshot().context.scan).toBeNull();
    refused.stop();

    // Params that are not a scan, and a list without "my ticket": the query menu as from a touch.
    const other = createActor(model, { input: { ...input, params: { scanned: 42 } } }).start();
    expect(other.getSnapshot().value).toBe('choosing');
    other.stop();
    const withoutTicket = createQueryMachine(entries.filter((e) => e.asks === undefined));
    const plain = createActor(withoutTicket, { input: scannedInput }).start();
    expect(plain.getSnapshot().value).toBe('choosing');
    expect(plain.getSnapshot().context.scan).toBeNull();
    plain.stop();
  });

  it('shows the answer with the age of the copy, and "not available" when a provider fails', async () => {
    const log: string[] = [];
    const sut = startSut(log);
    await sut.exec({ type: 'CHOOSE_QUERY', queryId: 'rates' } as EventObject);
    await sut.exec({ type: 'xstate.done.actor.answerQuery', output: answered } as EventObject);
    const view = projectQueryFlow(sut.snapshot());
    expect(view).toMatchObject({ screen: 'queryAnswer', title: 'query.rates', ageMinutes: 5 });
    await sut.exec({ type: 'BACK' });
    await sut.exec({ type: 'CHOOSE_QUERY', queryId: 'faq' } as EventObject);
    await sut.exec({ type: 'xstate.error.actor.answerQuery', error: 'boom' } as EventObject);
    expect(projectQueryFlow(sut.snapshot())).toMatchObject({
      screen: 'queryAnswer',
      blocks: [],
      notice: { key: 'query.unavailable' },
    });
    expect(sut.snapshot().context.failure).toBe('boom');
    expect(log).toEqual(['answer', 'failure']);
    sut.stop();
  });

  it('a scanned ticket is answered like a typed number, from the menu, the keypad or an answer', async () => {
    const calls: { queryId: string; input: string | null }[] = [];
    const scans: { text: string }[] = [];
    const sut = startSut([], calls, scans);
    const scan = (text: string) => sut.exec({ type: 'SCAN_QUERY_INPUT', text } as EventObject);
    const read = (output: ScanReading) =>
      sut.exec({ type: 'xstate.done.actor.readScannedTicket', output } as EventObject);
    // From the menu: "my ticket" answers for the number the host read.
    await scan('https://queue.example.cn/t/x?n=A0023');
    expect(scans).toEqual([{ text: 'https://queue.example.cn/t/x?n=A0023' }]);
    // While it is read, the keypad stays (no flicker to the menu).
    expect(projectQueryFlow(sut.snapshot())).toMatchObject({ screen: 'queryInput' });
    await read(ticketRead);
    expect(sut.snapshot().value).toBe('answering');
    expect(calls).toEqual([{ queryId: 'myTicket', input: 'A0023' }]);
    await sut.exec({ type: 'xstate.done.actor.answerQuery', output: answered } as EventObject);
    expect(projectQueryFlow(sut.snapshot())).toMatchObject({
      screen: 'queryAnswer',
      title: 'query.myTicket',
    });
    // From an answer: the next ticket held to the scanner, refused: the keypad with the reason.
    await scan('6901234567892');
    await read({ status: 'refused' });
    expect(projectQueryFlow(sut.snapshot())).toMatchObject({
      screen: 'queryInput',
      title: 'query.myTicket',
      prompt: { key: 'query.scanOrEnter' },
      notice: { key: 'notice.scanNotATicket' },
      input: '',
    });
    // On the keypad: typing goes on (and clears the reason); a refused scan keeps the typing.
    await sut.exec({ type: 'TYPE_QUERY_INPUT', text: 'B' } as EventObject);
    expect(projectQueryFlow(sut.snapshot())).toMatchObject({ notice: null, input: 'B' });
    await scan('garbage');
    await read({ status: 'refused' });
    expect(projectQueryFlow(sut.snapshot())).toMatchObject({
      notice: { key: 'notice.scanNotATicket' },
      input: 'B',
    });
    await scan('B0107');
    await read({ status: 'ticket', number: 'B0107' });
    expect(calls.at(-1)).toEqual({ queryId: 'myTicket', input: 'B0107' });
    sut.stop();
  });

  it('a query list without "my ticket" ignores a scan; a reader that throws leaves the keypad', async () => {
    const withoutTicket = createQueryMachine(entries.filter((e) => e.asks === undefined));
    const actor = createActor(withoutTicket.provide({ actions: recording([]) }), {
      input,
    }).start();
    actor.send({ type: 'SCAN_QUERY_INPUT', text: 'A0023' });
    expect(actor.getSnapshot().value).toBe('choosing');
    actor.stop();

    const log: string[] = [];
    const sut = startSut(log);
    await sut.exec({ type: 'SCAN_QUERY_INPUT', text: 'A0023' } as EventObject);
    await sut.exec({ type: 'xstate.error.actor.readScannedTicket', error: 'bug' } as EventObject);
    expect(projectQueryFlow(sut.snapshot())).toMatchObject({
      screen: 'queryInput',
      notice: { key: 'notice.scanNotATicket' },
    });
    expect(sut.snapshot().context.failure).toBe('bug');
    expect(log).toEqual(['failure']);
    sut.stop();
  });

  it('ends to the menu when the customer goes back, to attract when done', () => {
    const back = createActor(model, { input }).start();
    back.send({ type: 'BACK' });
    expect(back.getSnapshot().output).toEqual({ next: 'menu' });
    const done = createActor(model, { input }).start();
    done.send({ type: 'FINISH' });
    expect(done.getSnapshot().output).toEqual({ next: 'attract' });
  });
});

describe('built-in query providers', () => {
  const now = new Date('2026-11-27T03:00:00.000Z');
  const sources = {
    config,
    configAsOf: '2026-11-27T02:50:00.000Z',
    cached: () => undefined,
    queueStatus: null,
    findTicketToday: () => undefined,
    now,
  };

  it('answer every built-in query from the configuration, with the copy age, in a valid view', async () => {
    let checked = 0;
    for (const provider of DIRECT) {
      const result = answerWith(provider, sources);
      expect(result.status, provider.id).toBe('answered');
      if (result.status !== 'answered') continue;
      expect(result.ageMinutes).toBe(10);
      expect(result.answer.blocks.length).toBeGreaterThan(0);
      for (const language of ['zh-CN', 'en'] as const) {
        const snapshot = await answeredQuery(machine, { ...input, language }, provider.id, result);
        expect(snapshot.value).toBe('showing');
        // The session fills in the shared parts; the flow's part must fit the contract.
        expectValidView(language, projectQueryFlow(snapshot));
        checked++;
      }
    }
    expect(checked).toBe(DIRECT.length * 2);
  });

  it('the rates answer carries the bank’s own date besides the copy’s age', () => {
    const result = answerWith(ratesProvider, sources);
    expect(result.status).toBe('answered');
    const first = result.status === 'answered' ? result.answer.blocks[0] : undefined;
    expect(first).toMatchObject({ kind: 'text' });
    expect(JSON.stringify(first)).toContain('2026-11-20');
  });

  it('answers "unavailable" when the branch has not configured it, and no age without a copy', () => {
    const bare = { ...config, branchInfo: undefined, rates: undefined, faq: undefined };
    for (const provider of DIRECT) {
      expect(answerWith(provider, { ...sources, config: bare }).status).toBe('unavailable');
      expect(answerWith(provider, { ...sources, config: null }).status).toBe('unavailable');
    }
    const unconfirmed = answerWith(faqProvider, { ...sources, configAsOf: null });
    expect(unconfirmed).toMatchObject({ status: 'answered', ageMinutes: null });
  });

  it('a branch adds a query as one more provider, reading another cached copy by its key', async () => {
    const waiting: QueryProvider = {
      id: 'queueStatus',
      label: 'query.title',
      answer: ({ cached }) => {
        const copy = cached('queue-status');
        if (!copy) return null;
        const { personal } = copy.value as { personal: number };
        const text = { 'zh-CN': `${personal} 人等候`, en: `${personal} waiting` };
        return { asOf: copy.fetchedAt, blocks: [{ kind: 'text', text }] };
      },
    };
    const cached = (key: string) =>
      key === 'queue-status'
        ? { value: { personal: 7 }, fetchedAt: '2026-11-27T02:58:00.000Z' }
        : undefined;
    const result = answerWith(waiting, { ...sources, cached });
    expect(result).toMatchObject({ status: 'answered', ageMinutes: 2 });
    expect(answerWith(waiting, sources)).toEqual({ status: 'unavailable' });

    const withIt = createQueryMachine([...entries, { id: waiting.id, label: waiting.label }]);
    const snapshot = await answeredQuery(
      withIt,
      { ...input, language: 'en' as const },
      'queueStatus',
      result,
    );
    expect(projectQueryFlow(snapshot)).toMatchObject({
      screen: 'queryAnswer',
      blocks: [{ kind: 'text', text: '7 waiting' }],
      ageMinutes: 2,
    });
  });

  it('"my ticket" tells what the kiosk knows of a ticket, and that the position is unknown', () => {
    const ticket = {
      id: '01890000-0000-7000-8000-000000000001',
      number: 'A023',
      businessTypeId: 'personal',
      status: 'issued' as const,
      delivery: 'printed' as const,
      waitingAhead: 3,
      reservedAt: '2026-11-27T02:40:00.000Z',
      issuedAt: '2026-11-27T02:40:02.000Z',
      kioskId: 'kiosk-1',
    };
    const find = (n: string) => (n === 'A023' ? ticket : undefined);
    const found = answerWith(myTicketProvider, { ...sources, findTicketToday: find }, 'A023');
    expect(found).toMatchObject({ status: 'answered', ageMinutes: 0 });
    const text = JSON.stringify(found);
    expect(text).toContain('A023');
    expect(text).toContain('个人'); // the business type's name from the configuration
    expect(text).toContain(JSON.stringify(words('query.positionUnknown')).slice(1, -1));
    const missing = answerWith(myTicketProvider, { ...sources, findTicketToday: find }, 'B001');
    expect(JSON.stringify(missing)).toContain(
      JSON.stringify(words('query.ticketNotFound', { number: 'B001' })).slice(1, -1),
    );
    expect(answerWith(myTicketProvider, sources, null)).toEqual({ status: 'unavailable' });
  });
});
