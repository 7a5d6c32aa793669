/**
 * What the kiosk keeps of a card: the age against the branch's rule, and the customer key
 * (HMAC-SHA256 of the ID number under the device secret), from the synthetic test cards.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { customerKeyOf, summarizeIdentity } from '../../../main/features/identify.js';
import { parseIdentity } from '../../../src/domain/identity.js';
import { ageInYears, priorityFor } from '../../../src/domain/identification.js';
import {
  FOREIGNER_CARD,
  LONG_TERM_CARD,
  RESIDENT_CARD,
} from '../../../devices/sim/virtual-id-reader-cards.js';

const SECRET = new Uint8Array(32).fill(9);

describe('age and priority', () => {
  it('counts whole years, a year older only on the birthday (29 February: 1 March)', () => {
    expect(ageInYears('1960-02-29', '2025-02-28')).toBe(64);
    expect(ageInYears('1960-02-29', '2025-03-01')).toBe(65);
    expect(ageInYears('1960-02-29', '2024-02-29')).toBe(64);
    expect(ageInYears('1990-03-07', '2026-03-06')).toBe(35);
    expect(ageInYears('1990-03-07', '2026-03-07')).toBe(36);
    expect(ageInYears('2030-01-01', '2026-01-01')).toBeUndefined();
    expect(ageInYears('19900307', '2026-01-01')).toBeUndefined();
  });

  it('makes a senior from the configured age on', () => {
    expect(priorityFor(65, { seniorAge: 65 })).toBe('senior');
    expect(priorityFor(64, { seniorAge: 65 })).toBe('none');
    expect(priorityFor(60, { seniorAge: 60 })).toBe('senior');
  });
});

describe('a card summarised for the flow', () => {
  it('keeps a masked name, the age and the key; nothing else of the identity', () => {
    const parsed = parseIdentity(LONG_TERM_CARD.text);
    if (!parsed.ok) throw new Error('test card does not parse');
    const summary = summarizeIdentity(parsed.identity, SECRET, '2026-11-27');
    expect(summary).toEqual({
      maskedName: '刘*',
      ageYears: 66,
      customerKey: createHmac('sha256', SECRET).update(parsed.identity.idNumber).digest('hex'),
    });
    expect(Object.keys(summary!).sort()).toEqual(['ageYears', 'customerKey', 'maskedName']);
  });

  it('gives one card one key, another card or another secret another', () => {
    const ids = [RESIDENT_CARD, LONG_TERM_CARD].map((card) => {
      const parsed = parseIdentity(card.text);
      if (!parsed.ok) throw new Error('test card does not parse');
      return parsed.identity.idNumber;
    });
    expect(customerKeyOf(ids[0]!, SECRET)).toBe(customerKeyOf(ids[0]!, SECRET));
    expect(customerKeyOf(ids[0]!, SECRET)).not.toBe(customerKeyOf(ids[1]!, SECRET));
    expect(customerKeyOf(ids[0]!, SECRET)).not.toBe(
      customerKeyOf(ids[0]!, new Uint8Array(32).fill(1)),
    );
    expect(customerKeyOf(ids[0]!, SECRET)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('masks a foreigner card by its Chinese name', () => {
    const parsed = parseIdentity(FOREIGNER_CARD.text);
    if (!parsed.ok) throw new Error('test card does not parse');
    expect(summarizeIdentity(parsed.identity, SECRET, '2026-11-27')?.maskedName).toBe('史**');
  });
});
