/**
 * The follow page (branch-service/follow-page.ts) names the counter a ticket was called to as
 * the branch does (BranchConfig.counters), else by a label made from its id, in both languages;
 * called without a counter, it sends the customer to the counters, never "go to counter ''".
 */
import { describe, expect, it } from 'vitest';
import { followPage, type FollowPageInput } from '../../../branch-service/follow-page.js';
import type { FollowStatus } from '../../../src/contract/follow.js';

const status: FollowStatus = {
  ticketId: '01890000-0000-7000-8000-00000000abcd',
  number: 'A0023',
  businessTypeId: 'personal',
  serviceDay: '2026-11-27',
  state: 'called',
  waitingAhead: null,
  estimatedWaitMinutes: null,
  counterId: 'counter-3',
  calledAt: '2026-11-27T02:57:00.000Z',
  asOf: '2026-11-27T02:58:00.000Z',
};
const input = (language: FollowPageInput['language'], counters?: FollowPageInput['counters']) => ({
  language,
  branch: { id: 'b1', name: { 'zh-CN': '网点', en: 'Branch' } },
  businessTypes: [{ id: 'personal', prefix: 'A', name: { 'zh-CN': '个人', en: 'Personal' } }],
  ...(counters ? { counters } : {}),
  link: { ticketId: status.ticketId, k: 'k', n: 'A0023' },
});
/** The page's text as read (tags and their attributes left out). */
const text = (html: string) => html.replace(/<[^>]*>/g, '');

describe('follow page: the counter a ticket is called to', () => {
  it('by a label made from the id when the branch names no counters', () => {
    expect(text(followPage(input('zh-CN'), status))).toContain('请到3号窗口办理');
    expect(text(followPage(input('en'), status))).toContain('Please go to Counter 3');
    expect(text(followPage(input('en'), status))).not.toContain('counter-3');
  });

  it("by the branch's own name when it has one", () => {
    const counters = [{ id: 'counter-3', name: { 'zh-CN': '贵宾室', en: 'VIP room' } }];
    expect(text(followPage(input('zh-CN', counters), status))).toContain('请到贵宾室办理');
    expect(text(followPage(input('en', counters), status))).toContain('Please go to VIP room');
  });

  it('to the counters when none is named', () => {
    const page = text(followPage(input('en'), { ...status, counterId: null }));
    expect(page).toContain('Please go to the counters or ask a member of staff');
  });
});
