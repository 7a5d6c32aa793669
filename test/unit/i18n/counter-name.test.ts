/**
 * Counters as customers read them (src/i18n/counter-name.ts): the branch's own names from its
 * configuration (BranchConfig.counters, optional), else a label made from the id; never the raw
 * id "counter-3". In both languages.
 */
import { describe, expect, it } from 'vitest';
import { checkBranchConfig } from '../../../src/contract/sync.js';
import { counterLabel } from '../../../src/i18n/counter-name.js';
import { formatMessage } from '../../../src/i18n/messages.js';

const counters = [
  { id: 'counter-3', name: { 'zh-CN': '3号窗口（对公）', en: 'Counter 3 (business)' } },
  { id: 'vip', name: { 'zh-CN': '贵宾室', en: 'VIP room' } },
];

describe('counterLabel', () => {
  it('reads the number at the end of the id when the branch names no counters', () => {
    for (const id of ['counter-3', 'window_03', 'w3', '3', 'COUNTER3']) {
      expect(counterLabel(id, undefined, 'zh-CN'), id).toBe('3号窗口');
      expect(counterLabel(id, undefined, 'en'), id).toBe('Counter 3');
    }
    expect(counterLabel('counter-12', [], 'en')).toBe('Counter 12');
  });

  it('names a counter without a number by its id', () => {
    expect(counterLabel('vip', undefined, 'zh-CN')).toBe('vip窗口');
    expect(counterLabel('vip', undefined, 'en')).toBe('Counter vip');
  });

  it("uses the branch's own names, in the customer's language, and labels the others", () => {
    expect(counterLabel('counter-3', counters, 'zh-CN')).toBe('3号窗口（对公）');
    expect(counterLabel('counter-3', counters, 'en')).toBe('Counter 3 (business)');
    expect(counterLabel('vip', counters, 'en')).toBe('VIP room');
    expect(counterLabel('counter-5', counters, 'zh-CN')).toBe('5号窗口');
  });

  it('reads well in the customer sentences of the kiosk and the follow page', () => {
    const say = (language: 'zh-CN' | 'en') => ({
      counter: counterLabel('counter-3', undefined, language),
    });
    expect(formatMessage('zh-CN', 'query.ticketCalledAt', say('zh-CN'))).toBe(
      '您的号码已叫过，请到3号窗口办理',
    );
    expect(formatMessage('en', 'query.ticketCalledAt', say('en'))).toBe(
      'Already called: please go to Counter 3.',
    );
    expect(formatMessage('zh-CN', 'follow.goToCounter', say('zh-CN'))).toBe('请到3号窗口办理');
    expect(formatMessage('en', 'follow.goToCounter', say('en'))).toBe('Please go to Counter 3');
  });
});

describe('branch configuration: counter names (optional)', () => {
  const base = {
    branch: { id: 'b1', name: { 'zh-CN': '网点', en: 'Branch' } },
    businessTypes: [{ id: 'personal', prefix: 'A', name: { 'zh-CN': '个人', en: 'Personal' } }],
  };

  it('is optional, and kept when given', () => {
    expect(checkBranchConfig(base).ok).toBe(true);
    const checked = checkBranchConfig({ ...base, counters });
    expect(checked.ok && checked.value.counters).toEqual(counters);
  });

  it('refuses a counter named twice, or a name without both languages, saying where', () => {
    const twice = checkBranchConfig({ ...base, counters: [counters[0], counters[0]] });
    expect(twice.ok).toBe(false);
    expect(!twice.ok && twice.problem).toContain('counter id counter-3 appears twice');
    const oneLanguage = checkBranchConfig({
      ...base,
      counters: [{ id: 'w1', name: { 'zh-CN': '1号窗口' } }],
    });
    expect(oneLanguage.ok).toBe(false);
    expect(!oneLanguage.ok && oneLanguage.problem).toContain('counters');
  });
});
