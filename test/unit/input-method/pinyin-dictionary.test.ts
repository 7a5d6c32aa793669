/**
 * The pinyin dictionary the on-screen keyboard uses: the committed table (generated from
 * pinyin-pro, checked fresh against the generator), greedy segmentation, partial syllables and
 * the candidates for them.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createPinyinDictionary,
  pinyinDictionary,
} from '../../../renderer/input-method/pinyin-dictionary.js';
import { PINYIN_CHARACTERS } from '../../../renderer/input-method/pinyin-table.js';

const root = path.resolve(import.meta.dirname, '../../..');
const dictionary = pinyinDictionary();
const texts = (letters: string) => dictionary.candidates(letters).map((c) => c.text);
const split = (letters: string) =>
  dictionary.segment(letters).map((s) => (s.kind === 'syllable' ? s.letters : `${s.letters}?`));

/** GB2312 level 1 as the generator reads it: rows 0xB0–0xD7. */
function gb2312Level1(): string[] {
  const decoder = new TextDecoder('gb2312');
  const out: string[] = [];
  for (let row = 0xb0; row <= 0xd7; row++) {
    for (let cell = 0xa1; cell <= 0xfe; cell++) {
      const text = decoder.decode(new Uint8Array([row, cell]));
      if (/^\p{Script=Han}$/u.test(text)) out.push(text);
    }
  }
  return out;
}

describe('the committed pinyin table', () => {
  it('is what the generator writes from pinyin-pro today', () => {
    // Exit status 1 (and so a throw) when the committed file differs from a fresh generation.
    const said = execFileSync('node', ['scripts/generate-pinyin-table.mjs', '--check'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(said).toContain('up to date');
  });

  it('holds every GB2312 level-1 character, and nothing else', () => {
    const level1 = gb2312Level1();
    expect(level1).toHaveLength(3755);
    const inTable = new Set(PINYIN_CHARACTERS.flatMap((line) => Array.from(line.split(' ')[1]!)));
    expect(inTable.size).toBe(3755);
    for (const c of level1) expect(inTable.has(c), c).toBe(true);
  });

  it('lists a polyphonic character under each reading, main reading first', () => {
    expect(dictionary.characters('yin')).toContain('银');
    expect(dictionary.characters('xing')).toContain('行');
    expect(dictionary.characters('hang')).toContain('行');
    // 航's main reading is hang, 行's is xing: 航 first under hang.
    const hang = dictionary.characters('hang');
    expect(hang.indexOf('航')).toBeLessThan(hang.indexOf('行'));
    // ü is typed v, as on a phone: 绿 lv, 女 nv.
    expect(dictionary.characters('lv')).toContain('绿');
    expect(dictionary.characters('nv')).toContain('女');
    expect(dictionary.characters('lü')).toEqual([]);
  });

  it('has whole syllables only, alphabetical', () => {
    expect(dictionary.syllables).toContain('zhuang');
    expect(dictionary.syllables).toContain('a');
    expect(dictionary.syllables).not.toContain('zh');
    expect([...dictionary.syllables].sort()).toEqual(dictionary.syllables);
    expect(dictionary.syllables.every((s) => /^[a-z]{1,6}$/.test(s))).toBe(true);
  });
});

describe('segmentation', () => {
  it.each([
    ['yinhang', ['yin', 'hang']],
    ['zhongguo', ['zhong', 'guo']],
    ['henhao', ['hen', 'hao']],
    // Greedy: the longest syllable first, so fangan is fang + an (not fan + gan).
    ['fangan', ['fang', 'an']],
    ['xian', ['xian']],
    // The letters still being typed: partial syllables.
    ['zh', ['zh?']],
    ['yinh', ['yin', 'h?']],
    ['bia', ['bia?']],
    ['zhzh', ['zh?', 'zh?']],
    // Letters no syllable begins with stand alone.
    ['i', ['i?']],
    ['', []],
  ])('%s → %j', (letters, expected) => {
    expect(split(letters)).toEqual(expected);
  });

  it('marks letters that begin no syllable as invalid', () => {
    expect(dictionary.segment('vyin')).toEqual([
      { letters: 'v', kind: 'invalid' },
      { letters: 'yin', kind: 'syllable' },
    ]);
    expect(dictionary.segment('zh')).toEqual([{ letters: 'zh', kind: 'partial' }]);
  });
});

describe('candidates', () => {
  it('puts the word spanning two syllables first, then the first syllable’s characters', () => {
    const candidates = dictionary.candidates('yinhang');
    expect(candidates[0]).toEqual({ text: '银行', letters: 7 });
    const yin = candidates.filter((c) => c.letters === 3).map((c) => c.text);
    expect(yin).toEqual(dictionary.characters('yin'));
  });

  it('offers a word while its second syllable is still being typed', () => {
    expect(texts('yinh')).toContain('银行');
    expect(dictionary.candidates('yinh')[0]?.letters).toBe(4);
  });

  it('lists characters of every syllable a partial one begins', () => {
    const zh = texts('zh');
    expect(zh).toContain('中');
    expect(zh).toContain('这');
    expect(zh).toContain('张');
    expect(
      zh.every((c) =>
        dictionary.syllables.some(
          (s) => s.startsWith('zh') && dictionary.characters(s).includes(c),
        ),
      ),
    ).toBe(true);
    expect(new Set(zh).size).toBe(zh.length);
    // The best of each zh… syllable comes before the second of any.
    const firsts = new Set(
      dictionary.syllables
        .filter((s) => s.startsWith('zh'))
        .map((s) => dictionary.characters(s)[0]!),
    );
    expect(new Set(zh.slice(0, firsts.size))).toEqual(firsts);
  });

  it('has none for letters that begin no syllable', () => {
    expect(texts('v')).toEqual([]);
    expect(texts('iyin')).toEqual([]);
    expect(texts('')).toEqual([]);
  });

  it('works from any table in the same format', () => {
    const small = createPinyinDictionary(['hang 航行', 'yin 银因'], ['yin hang:银行']);
    expect(small.candidates('yinhang')).toEqual([
      { text: '银行', letters: 7 },
      { text: '银', letters: 3 },
      { text: '因', letters: 3 },
    ]);
    expect(small.candidates('hang').map((c) => c.text)).toEqual(['航', '行']);
  });
});
