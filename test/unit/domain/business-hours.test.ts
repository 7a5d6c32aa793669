import { describe, expect, it } from 'vitest';
import { unavailabilityAt } from '../../../src/domain/business-hours.js';
import { BusinessTypeSchema } from '../../../src/domain/business-type.js';
import { unavailableAt } from '../../../main/features/ticket.js';

const name = { 'zh-CN': '对公业务', en: 'Business banking' };
/** Monday 2026-11-23 at `hhmm`, the kiosk's local time. */
const monday = (hhmm: string) => new Date(`2026-11-23T${hhmm}:00`);
const weekdays = {
  mon: { opens: '09:00', closes: '17:00' },
  tue: { opens: '09:00', closes: '17:00' },
};

describe('business type availability', () => {
  it('accepts enabled and per-weekday hours, and stays valid without them', () => {
    expect(BusinessTypeSchema.safeParse({ id: 'b', prefix: 'B', name }).success).toBe(true);
    const parsed = BusinessTypeSchema.parse({
      id: 'b',
      prefix: 'B',
      name,
      enabled: true,
      openingHours: weekdays,
    });
    expect(parsed.openingHours?.mon).toEqual({ opens: '09:00', closes: '17:00' });
  });

  it.each([
    ['a day that is not a weekday', { funday: weekdays.mon }],
    ['a time out of range', { mon: { opens: '24:00', closes: '25:00' } }],
    ['a time without its leading zero', { mon: { opens: '9:00', closes: '17:00' } }],
    ['closing before opening', { mon: { opens: '17:00', closes: '09:00' } }],
    ['an extra field', { mon: { ...weekdays.mon, lunch: '12:00' } }],
  ])('refuses %s', (_what, openingHours) => {
    expect(BusinessTypeSchema.safeParse({ id: 'b', prefix: 'B', name, openingHours }).success).toBe(
      false,
    );
  });

  it('says why a business type cannot be chosen at a local time', () => {
    const type = { openingHours: weekdays };
    expect(unavailabilityAt(type, monday('08:59'))).toEqual({ reason: 'opensAt', time: '09:00' });
    expect(unavailabilityAt(type, monday('09:00'))).toBeNull();
    expect(unavailabilityAt(type, monday('16:59'))).toBeNull();
    expect(unavailabilityAt(type, monday('17:00'))).toEqual({
      reason: 'closedAt',
      time: '17:00',
    });
    // Wednesday is not listed: not offered that day.
    expect(unavailabilityAt(type, new Date('2026-11-25T10:00:00'))).toEqual({
      reason: 'notToday',
    });
    expect(unavailabilityAt({ enabled: false }, monday('10:00'))).toEqual({ reason: 'disabled' });
    expect(unavailabilityAt({ enabled: false, openingHours: weekdays }, monday('10:00'))).toEqual({
      reason: 'disabled',
    });
    expect(unavailabilityAt({}, monday('03:00'))).toBeNull();
  });

  it('lists only the business types that cannot be chosen, by id', () => {
    const open = { id: 'personal', prefix: 'A', name };
    const closed = { id: 'business', prefix: 'B', name, openingHours: weekdays };
    expect(unavailableAt([open, closed], monday('08:00'))).toEqual({
      business: { reason: 'opensAt', time: '09:00' },
    });
    expect(unavailableAt([open, closed], monday('10:00'))).toEqual({});
  });
});
