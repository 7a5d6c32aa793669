// "My ticket" as the provider answers it: the branch's live answer (waiting with the people
// ahead and the estimate, called at a counter, served, passed, voided, no such ticket today) as
// of the service's time; without one, the kiosk's own ticket with its age and "live position
// unavailable". Through the view, in both languages and elder mode's words.
import { describe, expect, it } from 'vitest';
import {
  answerWith,
  myTicketProvider,
  words,
  type LiveTicket,
  type QuerySources,
} from '../../../machines/query/index.js';
import { checkBranchConfig, type BranchConfig } from '../../../src/contract/sync.js';
import type { TicketLookup } from '../../../src/contract/ticket-lookup.js';
import { formatMessage, formatMessageInMode } from '../../../src/i18n/messages.js';

const config: BranchConfig = (() => {
  const checked = checkBranchConfig({
    branch: { id: 'b1', name: { 'zh-CN': '网点', en: 'Branch' } },
    businessTypes: [{ id: 'personal', prefix: 'A', name: { 'zh-CN': '个人', en: 'Personal' } }],
  });
  if (!checked.ok) throw new Error(checked.problem);
  return checked.value;
})();

const now = new Date('2026-11-27T03:00:00.000Z');
const own = {
  id: '01890000-0000-7000-8000-000000000001',
  number: 'A0023',
  businessTypeId: 'personal',
  status: 'issued' as const,
  delivery: 'printed' as const,
  waitingAhead: 3,
  reservedAt: '2026-11-27T02:40:00.000Z',
  issuedAt: '2026-11-27T02:48:00.000Z',
  kioskId: 'kiosk-1',
};
const sources = (liveTicket?: LiveTicket, mine = false): QuerySources => ({
  config,
  configAsOf: null,
  cached: () => undefined,
  queueStatus: null,
  findTicketToday: (n) => (mine && n === own.number ? own : undefined),
  ...(liveTicket ? { liveTicket } : {}),
  now,
});
const lookup = (fields: Partial<TicketLookup>): LiveTicket => ({
  status: 'found',
  ticket: {
    number: 'A0023',
    businessTypeId: 'personal',
    serviceDay: '2026-11-27',
    state: 'waiting',
    waitingAhead: 4,
    estimatedWaitMinutes: 12,
    counterId: null,
    calledAt: null,
    asOf: '2026-11-27T02:58:00.000Z',
    ...fields,
  },
});
const text = (result: unknown) => JSON.stringify(result);
const has = (result: unknown, key: Parameters<typeof words>[0], params = {}) =>
  expect(text(result)).toContain(JSON.stringify(words(key, params)).slice(1, -1));

describe('"my ticket" with the branch\'s live answer', () => {
  it('waiting: the people ahead now and the estimate, as of the service', () => {
    const result = answerWith(myTicketProvider, sources(lookup({})), 'A0023');
    expect(result).toMatchObject({
      status: 'answered',
      answer: { asOf: '2026-11-27T02:58:00.000Z' },
      ageMinutes: 2,
    });
    if (result.status !== 'answered') return;
    expect(result.answer.blocks).toEqual([
      {
        kind: 'pairs',
        pairs: [
          { label: words('query.ticketNumber'), value: { 'zh-CN': 'A0023', en: 'A0023' } },
          { label: words('query.businessType'), value: { 'zh-CN': '个人', en: 'Personal' } },
          { label: words('query.aheadNow'), value: { 'zh-CN': '4', en: '4' } },
          {
            label: words('query.estimatedWait'),
            value: words('query.waitMinutes', { minutes: 12 }),
          },
        ],
      },
    ]);
    // The live answer wins over the kiosk's copy: no "unavailable" beside it.
    const mine = answerWith(myTicketProvider, sources(lookup({}), true), 'A0023');
    expect(text(mine)).not.toContain(JSON.stringify(words('query.positionUnknown')).slice(1, -1));
    const unestimated = answerWith(
      myTicketProvider,
      sources(lookup({ estimatedWaitMinutes: null })),
      'A0023',
    );
    has(unestimated, 'query.noEstimate');
  });

  it('called: "already called, go to counter N", or to the counters when none is named', () => {
    const called = lookup({
      state: 'called',
      waitingAhead: null,
      estimatedWaitMinutes: null,
      counterId: 'w3',
      calledAt: '2026-11-27T02:57:00.000Z',
    });
    const result = answerWith(myTicketProvider, sources(called), 'A0023');
    // The counter as customers read it, never its raw id (no names configured: from the id).
    expect(text(result)).toContain('您的号码已叫过，请到3号窗口办理');
    expect(text(result)).toContain('Already called: please go to Counter 3.');
    expect(text(result)).not.toContain('w3');
    has(result, 'query.calledAt');
    expect(text(result)).not.toContain(JSON.stringify(words('query.aheadNow')).slice(1, -1));
    // The branch's own names when its configuration has them.
    const counters = [{ id: 'w3', name: { 'zh-CN': '贵宾室', en: 'VIP room' } }];
    const named = answerWith(
      myTicketProvider,
      { ...sources(called), config: { ...config, counters } },
      'A0023',
    );
    expect(text(named)).toContain('您的号码已叫过，请到贵宾室办理');
    expect(text(named)).toContain('Already called: please go to VIP room.');
    const nowhere = answerWith(
      myTicketProvider,
      sources(lookup({ state: 'called', waitingAhead: null, counterId: null })),
      'A0023',
    );
    has(nowhere, 'query.ticketCalled');
  });

  it('served, passed and voided each say so', () => {
    const finished = { waitingAhead: null, estimatedWaitMinutes: null, counterId: 'w3' };
    for (const [state, key] of [
      ['served', 'query.ticketServed'],
      ['noShow', 'query.ticketNoShow'],
      ['voided', 'query.ticketVoided'],
    ] as const) {
      has(answerWith(myTicketProvider, sources(lookup({ ...finished, state })), 'A0023'), key);
    }
  });

  it('no such ticket today at the branch: check the number', () => {
    const unknown: LiveTicket = { status: 'unknown', asOf: now.toISOString() };
    const result = answerWith(myTicketProvider, sources(unknown), 'A0099');
    expect(result).toMatchObject({ status: 'answered', ageMinutes: 0 });
    has(result, 'query.ticketUnknownToday', { number: 'A0099' });
    // The kiosk's own ticket the branch does not hold yet (issued offline): what the kiosk knows.
    const mine = answerWith(myTicketProvider, sources(unknown, true), 'A0023');
    has(mine, 'query.positionUnknown');
    has(mine, 'query.aheadWhenIssued');
  });
});

describe('"my ticket" without a live answer', () => {
  it("tells the kiosk's own ticket with its age, and that the live position is unavailable", () => {
    for (const live of [{ status: 'unavailable' } as const, undefined]) {
      const result = answerWith(myTicketProvider, sources(live, true), 'A0023');
      expect(result).toMatchObject({ status: 'answered', ageMinutes: 0 });
      has(result, 'query.minutesAgo', { minutes: 12 });
      has(result, 'query.aheadWhenIssued');
      expect(text(result)).toContain('"3"');
      has(result, 'query.positionUnknown');
      const missing = answerWith(myTicketProvider, sources(live), 'A0099');
      has(missing, 'query.ticketNotFound', { number: 'A0099' });
      has(missing, 'query.positionUnknown');
    }
    expect(formatMessage('en', 'query.positionUnknown')).toMatch(/^Live position unavailable/);
  });

  it('has plainer words for elder mode where the plain ones differ', () => {
    for (const key of ['query.ticketCalledAt', 'query.ticketUnknownToday'] as const) {
      for (const language of ['zh-CN', 'en'] as const) {
        const params = { counter: 'w3', number: 'A1' };
        const elder = formatMessageInMode({ language, elder: true }, key, params);
        expect(elder).not.toBe(formatMessage(language, key, params));
        expect(elder).toContain(key === 'query.ticketCalledAt' ? 'w3' : 'A1');
      }
    }
  });
});
