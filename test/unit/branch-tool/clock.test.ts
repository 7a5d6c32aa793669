// Staff tools print the branch's wall-clock time (HH:mm:ss, with the date when not today), not
// raw ISO instants: here in the branch's zone, Asia/Shanghai (UTC+8, no daylight saving).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { branchClockTime } from '../../../main/branch-tool/clock.js';
import { describeCall } from '../../../main/guide-desk/run.js';
import type { GuideCall } from '../../../src/contract/guide.js';

const zone = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'Asia/Shanghai';
});
afterAll(() => {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

describe('branchClockTime', () => {
  it('an instant of today: the time of day in branch time', () => {
    // 01:02:03 UTC is 09:02:03 in the branch, the same branch day as 10:00 there.
    const now = new Date('2026-11-27T02:00:00Z');
    expect(branchClockTime('2026-11-27T01:02:03.456Z', now)).toBe('09:02:03');
    // A zone offset in the instant reads the same.
    expect(branchClockTime('2026-11-27T09:02:03+08:00', now)).toBe('09:02:03');
  });

  it('an instant of another branch day: with its date', () => {
    const now = new Date('2026-11-27T02:00:00Z');
    // 17:30 UTC on the 26th is 01:30 on the 27th in the branch: today there, not yesterday.
    expect(branchClockTime('2026-11-26T17:30:00Z', now)).toBe('01:30:00');
    expect(branchClockTime('2026-11-26T15:59:59Z', now)).toBe('2026-11-26 23:59:59');
  });

  it('an unreadable instant is shown as it came', () => {
    expect(branchClockTime('soon')).toBe('soon');
  });
});

describe('the guide desk', () => {
  const call: GuideCall = {
    callId: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
    kioskId: 'kiosk-1',
    calledAt: '2026-11-27T01:02:03.000Z',
    serviceDay: '2026-11-27',
    reason: 'lost card',
    state: 'open',
    acknowledgedBy: null,
    acknowledgedAt: null,
    closedBy: null,
    closedAt: null,
  };

  it('says when a call came in branch time, with no ISO instant', () => {
    const line = describeCall(call, '2026-11-27T01:05:08.000Z');
    expect(line).toContain('called 09:02:03 (3m05s ago)');
    expect(line).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });

  it('with the date for a call from another day', () => {
    const line = describeCall(call, '2026-11-28T01:00:00.000Z');
    expect(line).toContain('called 2026-11-27 09:02:03');
  });
});
