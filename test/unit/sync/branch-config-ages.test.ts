/**
 * The two ages a branch configures (README "What a branch configures"): the priority ticket's
 * (`priorityRules.seniorAge`) and the elder-mode offer's (`elderMode.offerFromAge`). Both are
 * read, each within its own bounds, and neither stands in for the other.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PRIORITY_RULES,
  ELDER_MODE_DEFAULTS,
  checkBranchConfig,
} from '../../../src/contract/sync.js';

const base = {
  branch: { id: 'b1', name: { 'zh-CN': '网点', en: 'Branch' } },
  businessTypes: [{ id: 'personal', prefix: 'A', name: { 'zh-CN': '个人', en: 'Personal' } }],
};
const elderMode = (offerFromAge: number) => ({
  timeoutMultiplier: 2,
  voiceByDefault: true,
  offerFromAge,
});

describe('the two ages of the branch configuration', () => {
  it('default to 65 each', () => {
    expect(DEFAULT_PRIORITY_RULES.seniorAge).toBe(65);
    expect(ELDER_MODE_DEFAULTS.offerFromAge).toBe(65);
  });

  it('are kept apart: a branch may serve from 60 first and offer elder mode from 70', () => {
    const checked = checkBranchConfig({
      ...base,
      priorityRules: { seniorAge: 60 },
      elderMode: elderMode(70),
    });
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.value.priorityRules?.seniorAge).toBe(60);
    expect(checked.value.elderMode?.offerFromAge).toBe(70);
  });

  it('refuses an offer age outside 50–100 and a priority age outside 0–150, naming the field', () => {
    for (const age of [49, 101, 65.5]) {
      const checked = checkBranchConfig({ ...base, elderMode: elderMode(age) });
      expect(checked.ok, `offerFromAge ${age}`).toBe(false);
      if (!checked.ok) expect(checked.problem).toContain('offerFromAge');
    }
    for (const age of [-1, 151, 64.5]) {
      const checked = checkBranchConfig({ ...base, priorityRules: { seniorAge: age } });
      expect(checked.ok, `seniorAge ${age}`).toBe(false);
      if (!checked.ok) expect(checked.problem).toContain('seniorAge');
    }
    expect(checkBranchConfig({ ...base, elderMode: elderMode(50) }).ok).toBe(true);
    expect(checkBranchConfig({ ...base, elderMode: elderMode(100) }).ok).toBe(true);
  });
});
