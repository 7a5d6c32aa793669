/**
 * The keyboard's input method as a pure state: pinyin letters composed in the page, candidates
 * chosen and paged, delete, space, punctuation and layout switches, and what goes to the host.
 */
import { describe, expect, it } from 'vitest';
import {
  candidatePage,
  initialComposition,
  MAX_COMPOSITION_LETTERS,
  MAX_INSERT_LENGTH,
  press,
  type Composition,
  type KeyPress,
  type KeyboardOutput,
} from '../../../renderer/input-method/composition.js';
import {
  createPinyinDictionary,
  pinyinDictionary,
} from '../../../renderer/input-method/pinyin-dictionary.js';

const dictionary = pinyinDictionary();
const context = { dictionary, pageSize: 6, room: 500 };

/** Presses keys in turn; the composition at the end and everything sent to the host. */
function run(keys: readonly KeyPress[], from = initialComposition('pinyin'), ctx = context) {
  let composition: Composition = from;
  const outputs: KeyboardOutput[] = [];
  for (const key of keys) {
    const result = press(composition, key, ctx);
    composition = result.composition;
    outputs.push(...result.outputs);
  }
  return { composition, outputs };
}
const letters = (text: string): KeyPress[] =>
  Array.from(text, (letter) => ({ type: 'letter', letter }));
const inserted = (outputs: readonly KeyboardOutput[]) =>
  outputs.map((o) => (o.type === 'insert' ? o.text : '⌫')).join('');

describe('composing pinyin', () => {
  it('keeps typed letters in the composition, sending nothing', () => {
    const { composition, outputs } = run(letters('yinhang'));
    expect(composition).toEqual({ mode: 'pinyin', letters: 'yinhang', page: 0 });
    expect(outputs).toEqual([]);
  });

  it('inserts a chosen word and empties the composition', () => {
    const { composition, outputs } = run([...letters('yinhang'), { type: 'choose', index: 0 }]);
    expect(outputs).toEqual([{ type: 'insert', text: '银行' }]);
    expect(composition.letters).toBe('');
  });

  it('inserts a chosen character and keeps composing the rest', () => {
    const shown = candidatePage({ mode: 'pinyin', letters: 'yinhang', page: 0 }, dictionary, 6);
    const yin = shown.candidates.findIndex((c) => c.text === '银' && c.letters === 3);
    expect(yin).toBeGreaterThan(0);
    const { composition, outputs } = run([...letters('yinhang'), { type: 'choose', index: yin }]);
    expect(outputs).toEqual([{ type: 'insert', text: '银' }]);
    expect(composition.letters).toBe('hang');
  });

  it('takes the first candidate on space, and types a space with nothing composed', () => {
    const first = dictionary.candidates('henhao')[0]!;
    const { composition, outputs } = run([...letters('henhao'), { type: 'space' }]);
    expect(outputs).toEqual([{ type: 'insert', text: first.text }]);
    expect(composition.letters).toBe('henhao'.slice(first.letters));
    expect(run([{ type: 'space' }]).outputs).toEqual([{ type: 'insert', text: ' ' }]);
  });

  it('lowercases letters, refuses anything but a–z, and stops at the longest composition', () => {
    expect(run(letters('YIN')).composition.letters).toBe('yin');
    expect(run([{ type: 'letter', letter: 'ü' }]).composition.letters).toBe('');
    expect(run([{ type: 'letter', letter: 'ab' }]).composition.letters).toBe('');
    const long = run(letters('a'.repeat(MAX_COMPOSITION_LETTERS + 5)));
    expect(long.composition.letters).toHaveLength(MAX_COMPOSITION_LETTERS);
    expect(long.outputs).toEqual([]);
  });

  it('ignores a candidate that is not on the page, or when nothing is composed', () => {
    const composed = run(letters('yin')).composition;
    expect(press(composed, { type: 'choose', index: 6 }, context)).toEqual({
      composition: composed,
      outputs: [],
    });
    expect(press(composed, { type: 'choose', index: -1 }, context).outputs).toEqual([]);
    expect(run([{ type: 'choose', index: 0 }]).outputs).toEqual([]);
  });

  it('composes letters that fit no syllable, with no candidate; space then does nothing', () => {
    const { composition, outputs } = run([...letters('v'), { type: 'space' }]);
    expect(composition.letters).toBe('v');
    expect(outputs).toEqual([]);
    expect(candidatePage(composition, dictionary, 6).candidates).toEqual([]);
  });
});

describe('paging', () => {
  const yi = run(letters('yi')).composition;
  const all = dictionary.candidates('yi');

  it('shows one page at a time and moves between pages', () => {
    expect(all.length).toBeGreaterThan(12);
    const first = candidatePage(yi, dictionary, 6);
    expect(first).toMatchObject({ page: 0, hasPrevious: false, hasNext: true });
    expect(first.candidates).toEqual(all.slice(0, 6));
    const next = run([{ type: 'nextPage' }, { type: 'nextPage' }], yi).composition;
    expect(next.page).toBe(2);
    expect(candidatePage(next, dictionary, 6).candidates).toEqual(all.slice(12, 18));
    const back = run([{ type: 'previousPage' }], next).composition;
    expect(back.page).toBe(1);
  });

  it('chooses from the page shown', () => {
    const second = run([{ type: 'nextPage' }], yi).composition;
    const { outputs } = run([{ type: 'choose', index: 1 }], second);
    expect(outputs).toEqual([{ type: 'insert', text: all[7]!.text }]);
  });

  it('stops at the first and the last page', () => {
    expect(run([{ type: 'previousPage' }], yi).composition.page).toBe(0);
    const pageCount = Math.ceil(all.length / 6);
    const last = run(
      Array.from({ length: pageCount + 3 }, () => ({ type: 'nextPage' }) as const),
      yi,
    );
    expect(last.composition.page).toBe(pageCount - 1);
    expect(candidatePage(last.composition, dictionary, 6)).toMatchObject({
      hasNext: false,
      hasPrevious: true,
    });
  });

  it('goes back to the first page when a letter is typed or erased', () => {
    const paged = run([{ type: 'nextPage' }], yi).composition;
    expect(run(letters('n'), paged).composition).toMatchObject({ letters: 'yin', page: 0 });
    expect(run([{ type: 'erase' }], paged).composition).toMatchObject({ letters: 'y', page: 0 });
  });

  it('uses the page size given (fewer, larger candidates in elder mode)', () => {
    expect(candidatePage(yi, dictionary, 4).candidates).toEqual(all.slice(0, 4));
  });
});

describe('delete', () => {
  it('removes the last letter composed, then characters of the comment', () => {
    const { composition, outputs } = run([
      ...letters('yinhang'),
      { type: 'choose', index: 0 },
      ...letters('hen'),
      { type: 'erase' },
      { type: 'erase' },
      { type: 'erase' },
      { type: 'erase' },
    ]);
    expect(inserted(outputs)).toBe('银行⌫');
    expect(outputs.at(-1)).toEqual({ type: 'erase' });
    expect(composition.letters).toBe('');
  });
});

describe('the other layouts and punctuation', () => {
  it('types English letters and digits as they are', () => {
    const latin = run(letters('Tea'), initialComposition('latin'));
    expect(inserted(latin.outputs)).toBe('Tea');
    const digits = run([{ type: 'text', text: '7' }], initialComposition('symbols'));
    expect(digits.outputs).toEqual([{ type: 'insert', text: '7' }]);
  });

  it('turns the composition into characters before punctuation typed after it', () => {
    const { composition, outputs } = run([...letters('yinhang'), { type: 'text', text: '，' }]);
    expect(inserted(outputs)).toBe('银行，');
    expect(composition.letters).toBe('');
  });

  it('sends a long conversion in pieces the command accepts', () => {
    const { outputs } = run([...letters('yinhangyinhangyin'), { type: 'text', text: '。' }]);
    expect(outputs.length).toBeGreaterThan(1);
    for (const o of outputs) {
      expect(o.type === 'insert' && o.text.length <= MAX_INSERT_LENGTH).toBe(true);
    }
    expect(inserted(outputs)).toMatch(/^银行银行.+。$/u);
  });

  it('puts composed letters in as typed when the customer switches to English', () => {
    const { composition, outputs } = run([...letters('ni'), { type: 'mode', mode: 'latin' }]);
    expect(outputs).toEqual([{ type: 'insert', text: 'ni' }]);
    expect(composition).toEqual({ mode: 'latin', letters: '', page: 0 });
    expect(run([{ type: 'mode', mode: 'symbols' }]).outputs).toEqual([]);
  });
});

describe('a full comment', () => {
  it('never takes more than the comment has room for, and loses nothing composed', () => {
    const tight = { ...context, room: 1 };
    const composed = run(letters('yinhang'), initialComposition('pinyin'), tight).composition;
    // 银行 does not fit: nothing sent, the letters stay for the customer to erase or shorten.
    expect(press(composed, { type: 'choose', index: 0 }, tight)).toEqual({
      composition: composed,
      outputs: [],
    });
    expect(press(composed, { type: 'text', text: '。' }, tight).outputs).toEqual([]);
    expect(press(composed, { type: 'mode', mode: 'latin' }, tight).outputs).toEqual([]);
    expect(press(composed, { type: 'mode', mode: 'latin' }, tight).composition).toBe(composed);
    // One character still fits.
    const yin = dictionary.candidates('yinhang').findIndex((c) => c.text === '银');
    const one = run(
      [
        ...letters('yinhang'),
        ...Array.from({ length: Math.floor(yin / 6) }, () => ({ type: 'nextPage' }) as const),
        { type: 'choose', index: yin % 6 },
      ],
      initialComposition('pinyin'),
      tight,
    );
    expect(one.outputs).toEqual([{ type: 'insert', text: '银' }]);
  });

  it('works with any dictionary', () => {
    const small = createPinyinDictionary(['hao 好号', 'hen 很狠'], ['hen hao:很好']);
    const { outputs } = run(
      [...letters('henhao'), { type: 'space' }],
      initialComposition('pinyin'),
      {
        dictionary: small,
        pageSize: 2,
        room: 10,
      },
    );
    expect(outputs).toEqual([{ type: 'insert', text: '很好' }]);
  });
});
