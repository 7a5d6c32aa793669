import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  PAPER,
  charWidth,
  paperSpec,
  printedWidth,
  wrapText,
} from '../../../devices/printer/wrap.js';

describe('printed width (Chinese mode, font A)', () => {
  it('printable ASCII is one column, everything GB18030 encodes in 2 or 4 bytes two', () => {
    expect(printedWidth('A023 ok')).toBe(7);
    expect(printedWidth('个人业务')).toBe(8);
    expect(printedWidth('，。！')).toBe(6);
    expect(printedWidth('“é”')).toBe(6);
    expect(printedWidth('𠀀')).toBe(2); // one code point, four GB18030 bytes
    expect(charWidth('a')).toBe(1);
    expect(charWidth('银')).toBe(2);
  });

  it('58 mm paper is 32 columns / 384 dots, 80 mm 48 columns / 576 dots', () => {
    expect(PAPER[58]).toEqual({ columns: 32, dots: 384 });
    expect(PAPER[80]).toEqual({ columns: 48, dots: 576 });
    expect(() => paperSpec(76 as 58)).toThrow(/58 or 80/);
  });
});

describe('wrapText', () => {
  it('returns a text that fits unchanged, spaces included', () => {
    expect(wrapText('  XX银行 朝阳支行 ', 32)).toEqual(['  XX银行 朝阳支行 ']);
    expect(wrapText('', 32)).toEqual(['']);
    expect(wrapText('x'.repeat(32), 32)).toEqual(['x'.repeat(32)]);
  });

  it('breaks Latin text at spaces and drops the space at the break', () => {
    expect(wrapText('Please wait for your number to be called', 16)).toEqual([
      'Please wait for',
      'your number to',
      'be called',
    ]);
  });

  it('breaks anywhere between Chinese characters, counting two columns each', () => {
    expect(wrapText('中国工商银行北京市朝阳区建国路支行营业部', 16)).toEqual([
      '中国工商银行北京',
      '市朝阳区建国路支',
      '行营业部',
    ]);
  });

  it('keeps closing punctuation off the start of a line and opening off its end', () => {
    expect(wrapText('请在叫号后，到窗口办理', 10)).toEqual(['请在叫号', '后，到窗口', '办理']);
    expect(wrapText('请到柜台（三号）办理', 8)).toEqual(['请到柜台', '（三号）', '办理']);
  });

  it('breaks between a Chinese character and a Latin word, never inside the word', () => {
    expect(wrapText('个人业务Personal banking', 12)).toEqual(['个人业务', 'Personal', 'banking']);
  });

  it('splits a word wider than the line as late as it can', () => {
    expect(wrapText('https://queue.example.cn/t/0190e8a2', 16)).toEqual([
      'https://queue.ex',
      'ample.cn/t/0190e',
      '8a2',
    ]);
  });

  it('never splits a surrogate pair or a four-byte GB18030 character', () => {
    const lines = wrapText('𠀀𠀁𠀂𠀃𠀄', 5);
    expect(lines).toEqual(['𠀀𠀁', '𠀂𠀃', '𠀄']);
    for (const line of lines)
      expect(iconv.decode(iconv.encode(line, 'gb18030'), 'gb18030')).toBe(line);
  });

  it('keeps a combining mark with its base', () => {
    expect(wrapText('e\u0301e\u0301e\u0301', 3)).toEqual(['e\u0301', 'e\u0301', 'e\u0301']);
  });

  it('rejects a width that cannot hold a full-width character', () => {
    expect(() => wrapText('x', 1)).toThrow(RangeError);
    expect(() => wrapText('x', 2.5)).toThrow(RangeError);
  });

  it('property: every line fits, nothing but break spaces is lost, no character is split', () => {
    const char = fc.constantFrom(...'ab Z1 ，。（）银行个人业务𠀀é“”'.split(/(?:)/u));
    fc.assert(
      fc.property(
        fc.array(char, { maxLength: 120 }),
        fc.integer({ min: 2, max: 48 }),
        (chars, columns) => {
          const text = chars.join('');
          const lines = wrapText(text, columns);
          for (const line of lines) {
            expect(printedWidth(line)).toBeLessThanOrEqual(columns);
            expect(line).not.toMatch(/[\uD800-\uDBFF]$/);
            expect(line).not.toMatch(/^[\uDC00-\uDFFF]/);
          }
          expect(lines.join('').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
