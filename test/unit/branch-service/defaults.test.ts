// The reference service's demo content says one thing about opening hours: the attract screen's
// announcement and branch information come from the same list.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BRANCH,
  DEFAULT_BUSINESS_TYPES,
  DEFAULT_CONTENT,
  DEFAULT_OPENING_HOURS,
  openingHoursAnnouncement,
} from '../../../branch-service/defaults.js';
import { checkBranchConfig } from '../../../src/contract/sync.js';

describe('demo opening hours', () => {
  it('branch information lists the one set of opening hours', () => {
    expect(DEFAULT_CONTENT.branchInfo?.hours).toEqual(DEFAULT_OPENING_HOURS);
  });

  it('the attract announcement names every row of those hours and no other time', () => {
    const hoursLine = DEFAULT_CONTENT.announcements?.find((a) => a.en.startsWith('Opening hours'));
    expect(hoursLine).toBeDefined();
    for (const language of ['zh-CN', 'en'] as const) {
      const text = hoursLine?.[language] ?? '';
      for (const row of DEFAULT_OPENING_HOURS) {
        expect(text).toContain(`${row.days[language]} ${row.time}`);
      }
      const times = text.match(/\d{1,2}:\d{2}/g) ?? [];
      const expected = DEFAULT_OPENING_HOURS.flatMap((row) => row.time.match(/\d{1,2}:\d{2}/g));
      expect(times).toEqual(expected);
    }
  });

  it('derives the announcement from whatever hours it is given', () => {
    const line = openingHoursAnnouncement([
      { days: { 'zh-CN': '周一', en: 'Monday' }, time: '10:00–11:00' },
    ]);
    expect(line).toEqual({
      'zh-CN': '本网点营业时间：周一 10:00–11:00',
      en: 'Opening hours: Monday 10:00–11:00',
    });
  });

  it('the demo configuration passes the contract', () => {
    const checked = checkBranchConfig({
      branch: DEFAULT_BRANCH,
      businessTypes: DEFAULT_BUSINESS_TYPES,
      ...DEFAULT_CONTENT,
    });
    expect(checked.ok).toBe(true);
  });
});
