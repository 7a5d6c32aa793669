// The kiosk's one back-off module (src/backoff.ts): capped exponential, full and equal jitter.
import { describe, expect, it } from 'vitest';
import {
  equalJitter,
  equalJitterBackoff,
  exponentialBackoff,
  fullJitterBackoff,
} from '../../src/backoff.js';

const POLICY = { initialMs: 1000, maxMs: 30_000 };

describe('exponentialBackoff', () => {
  it('doubles from initialMs per attempt (counting from 0) and is capped at maxMs', () => {
    expect([0, 1, 2, 3, 4, 5, 100].map((n) => exponentialBackoff(POLICY, n))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000,
    ]);
  });

  it('treats a negative or fractional attempt as the nearest whole one below, never below 0', () => {
    expect(exponentialBackoff(POLICY, -3)).toBe(1000);
    expect(exponentialBackoff(POLICY, 2.7)).toBe(4000);
  });

  it('does not overflow for a huge attempt count', () => {
    expect(exponentialBackoff({ initialMs: 1, maxMs: Number.MAX_SAFE_INTEGER }, 1e9)).toBe(2 ** 30);
  });
});

describe('fullJitterBackoff', () => {
  it('draws uniformly from [0, the capped step)', () => {
    expect(fullJitterBackoff(POLICY, 0, () => 0)).toBe(0);
    expect(fullJitterBackoff(POLICY, 0, () => 0.5)).toBe(500);
    expect(fullJitterBackoff(POLICY, 3, () => 0.999)).toBe(7992);
    expect(fullJitterBackoff(POLICY, 10, () => 0.999)).toBe(29_970);
  });

  it('defaults to Math.random and stays within the step', () => {
    for (let i = 0; i < 100; i++) {
      const delay = fullJitterBackoff(POLICY, 2);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(4000);
    }
  });
});

describe('equalJitterBackoff', () => {
  it('draws from [½, 1] × the capped step: never sooner than half, never later than the step', () => {
    expect(equalJitterBackoff(POLICY, 0, () => 0)).toBe(500);
    expect(equalJitterBackoff(POLICY, 1, () => 0.999)).toBe(1999);
    expect(equalJitterBackoff(POLICY, 10, () => 0)).toBe(15_000);
  });

  it('equalJitter spreads one fixed wait, and is at least 1 ms', () => {
    expect(equalJitter(10_000, () => 0)).toBe(5_000);
    expect(equalJitter(10_000, () => 0.999)).toBe(9_995);
    expect(equalJitter(1, () => 0)).toBe(1);
  });
});
