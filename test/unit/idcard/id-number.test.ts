import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  idNumberCheckCharacter,
  idNumberProblem,
  isValidIdNumber,
  withCheckCharacter,
} from '../../../src/domain/id-number.js';

describe('GB 11643 MOD 11-2 check character', () => {
  it('matches the worked example of the standard and hand-computed sums', () => {
    // GB 11643-1999 appendix example: 11010519491231002X.
    expect(idNumberCheckCharacter('11010519491231002')).toBe('X');
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    // Weighted sums worked by hand: 196 mod 11 = 9 → '3'; 254 mod 11 = 1 → '0'.
    expect(idNumberCheckCharacter('44052419800101001')).toBe('3');
    expect(idNumberCheckCharacter('11010119900307787')).toBe('0');
  });

  it('accepts a lower-case x and refuses a wrong check character or format', () => {
    expect(idNumberProblem('11010519491231002x')).toBeUndefined();
    expect(idNumberProblem('110105194912310021')).toBe('checkCharacter');
    expect(idNumberProblem('1101051949123100')).toBe('format');
    expect(idNumberProblem('11010519491231002Y')).toBe('format');
    expect(idNumberProblem('X10105194912310021')).toBe('format');
    expect(idNumberCheckCharacter('1101051949123100')).toBeUndefined();
    expect(() => withCheckCharacter('abc')).toThrow(RangeError);
  });

  it('every single-digit change to a valid number is caught', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{17}$/),
        fc.integer({ min: 0, max: 16 }),
        fc.integer({ min: 1, max: 9 }),
        (first17, position, delta) => {
          const valid = withCheckCharacter(first17);
          expect(isValidIdNumber(valid)).toBe(true);
          const digit = (Number(valid[position]) + delta) % 10;
          const changed = `${valid.slice(0, position)}${digit}${valid.slice(position + 1)}`;
          expect(idNumberProblem(changed)).toBe('checkCharacter');
        },
      ),
      { numRuns: 2000 },
    );
  });
});
