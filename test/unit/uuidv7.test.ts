import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/uuidv7.js';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidv7', () => {
  it('is a version 7, RFC 9562 variant UUID carrying its millisecond', () => {
    const at = Date.UTC(2026, 10, 27, 9, 30, 0, 123);
    const id = uuidv7(at);
    expect(id).toMatch(V7);
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(at);
    expect(uuidv7(0).slice(0, 13)).toBe('00000000-0000');
    expect(uuidv7(2 ** 48 - 1).slice(0, 13)).toBe('ffffffff-ffff');
  });

  it('sorts by time across milliseconds and never repeats', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => uuidv7(1_700_000_000_000 + (i >> 4)));
    expect(new Set(ids).size).toBe(ids.length);
    const sorted = [...ids].sort();
    for (let i = 16; i < ids.length; i += 16) {
      expect(sorted.indexOf(ids[i]!)).toBeGreaterThanOrEqual(i);
      expect(sorted.indexOf(ids[i]!)).toBeLessThan(i + 16);
    }
    for (const id of ids.slice(0, 100)) expect(id).toMatch(V7);
  });

  it('refuses a time that is not whole milliseconds within 48 bits', () => {
    expect(() => uuidv7(1.5)).toThrow(RangeError);
    expect(() => uuidv7(-1)).toThrow(RangeError);
    expect(() => uuidv7(2 ** 48)).toThrow(RangeError);
  });

  it('draws every one of its 74 random bits: each takes both values over a few thousand ids', () => {
    const ids = Array.from({ length: 4_000 }, () => uuidv7(1_700_000_000_000));
    const randomBits = (id: string) => {
      const hex = id.replaceAll('-', '');
      // After the 48 time bits: 4 version bits, 12 random, 2 variant bits, 62 random.
      const bits = [...hex]
        .map((digit) => parseInt(digit, 16).toString(2).padStart(4, '0'))
        .join('');
      return bits.slice(52, 64) + bits.slice(66);
    };
    const seen = Array.from({ length: 74 }, () => new Set<string>());
    for (const id of ids) [...randomBits(id)].forEach((bit, index) => seen[index]!.add(bit));
    expect(seen.map((values) => values.size)).toEqual(Array(74).fill(2));
  });
});
