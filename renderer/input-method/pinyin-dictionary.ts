/**
 * The pinyin input method's dictionary: which syllables exist, the characters and two-character
 * words under them, how typed letters split into syllables, and the candidates for them. Pure (no
 * DOM, no React): the keyboard's composition (./composition.ts) asks it, tests drive it directly.
 *
 * The data comes from ./pinyin-table.ts, generated from pinyin-pro (`npm run pinyin-table`).
 */
import { PINYIN_CHARACTERS, PINYIN_WORDS } from './pinyin-table.js';

/** One piece of the typed letters: a whole syllable, the start of one, or letters that fit none. */
export interface PinyinSegment {
  readonly letters: string;
  readonly kind: 'syllable' | 'partial' | 'invalid';
}

/** Something the customer can tap: its text and how many typed letters it uses up. */
export interface PinyinCandidate {
  readonly text: string;
  readonly letters: number;
}

export interface PinyinDictionary {
  /** The whole syllables, alphabetical (a, ai, an … zuo). */
  readonly syllables: readonly string[];
  /** The characters read as this whole syllable, best first; [] for an unknown one. */
  characters(syllable: string): readonly string[];
  /**
   * Greedy split: at each point the longest whole syllable, else the longest partial one; at the
   * end, the longest partial one when it is longer ("bia" → bia…, not bi + a).
   */
  segment(letters: string): readonly PinyinSegment[];
  /**
   * The candidates for the typed letters, best first: two-character words spanning the first two
   * syllables, then characters for the first syllable (for a partial one, characters of every
   * syllable it begins, taken in turn). [] when the first letters fit no syllable.
   */
  candidates(letters: string): readonly PinyinCandidate[];
}

/** The longest syllable (zhuang, chuang, shuang). */
const LONGEST_SYLLABLE = 6;

/** Builds the dictionary from table lines (the generated ones by default). */
export function createPinyinDictionary(
  characterLines: readonly string[] = PINYIN_CHARACTERS,
  wordLines: readonly string[] = PINYIN_WORDS,
): PinyinDictionary {
  const bySyllable = new Map<string, readonly string[]>();
  for (const line of characterLines) {
    const [syllable, characters = ''] = line.split(' ');
    if (syllable) bySyllable.set(syllable, Array.from(characters));
  }
  const syllables = [...bySyllable.keys()].sort();
  /** Every beginning of a syllable ("z", "zh", "zhu", "zhua"…) → the syllables it begins. */
  const byPrefix = new Map<string, string[]>();
  for (const syllable of syllables) {
    for (let end = 1; end <= syllable.length; end++) {
      const prefix = syllable.slice(0, end);
      const list = byPrefix.get(prefix) ?? [];
      list.push(syllable);
      byPrefix.set(prefix, list);
    }
  }
  /** "yin hang" → ['银行']. */
  const words = new Map<string, readonly string[]>();
  for (const line of wordLines) {
    const [first, ...pairs] = line.split(' ');
    for (const pair of pairs) {
      const [second, list = ''] = pair.split(':');
      words.set(`${first} ${second}`, list.split(','));
    }
  }

  const characters = (syllable: string) => bySyllable.get(syllable) ?? [];

  function segment(letters: string): PinyinSegment[] {
    const segments: PinyinSegment[] = [];
    let at = 0;
    while (at < letters.length) {
      const rest = letters.slice(at, at + LONGEST_SYLLABLE);
      let taken: PinyinSegment = { letters: rest.slice(0, 1), kind: 'invalid' };
      for (let end = rest.length; end >= 1; end--) {
        const piece = rest.slice(0, end);
        if (bySyllable.has(piece)) {
          taken = { letters: piece, kind: 'syllable' };
          break;
        }
        if (!byPrefix.has(piece)) continue;
        // The last letters typed: still being typed ("bia" is on its way to bian or biao, not
        // bi + a). Within the string, a whole syllable further down wins.
        if (at + end === letters.length) {
          taken = { letters: piece, kind: 'partial' };
          break;
        }
        if (taken.kind === 'invalid') taken = { letters: piece, kind: 'partial' };
      }
      segments.push(taken);
      at += taken.letters.length;
    }
    return segments;
  }

  /** Characters for a partial syllable: the best of each syllable it begins, then the next… */
  function charactersBeginning(prefix: string): string[] {
    const lists = (byPrefix.get(prefix) ?? []).map(characters);
    const seen = new Set<string>();
    const longest = Math.max(0, ...lists.map((l) => l.length));
    for (let i = 0; i < longest; i++) {
      for (const list of lists) {
        const c = list[i];
        if (c !== undefined) seen.add(c);
      }
    }
    return [...seen];
  }

  function wordsFor(first: PinyinSegment, second: PinyinSegment): PinyinCandidate[] {
    if (first.kind !== 'syllable' || second.kind === 'invalid') return [];
    const seconds =
      second.kind === 'syllable' ? [second.letters] : (byPrefix.get(second.letters) ?? []);
    const letters = first.letters.length + second.letters.length;
    return seconds.flatMap((s) =>
      (words.get(`${first.letters} ${s}`) ?? []).map((text) => ({ text, letters })),
    );
  }

  function candidates(letters: string): PinyinCandidate[] {
    const [first, second] = segment(letters);
    if (first === undefined || first.kind === 'invalid') return [];
    const singles =
      first.kind === 'syllable' ? characters(first.letters) : charactersBeginning(first.letters);
    return [
      ...(second === undefined ? [] : wordsFor(first, second)),
      ...singles.map((text) => ({ text, letters: first.letters.length })),
    ];
  }

  return { syllables, characters, segment, candidates };
}

let shared: PinyinDictionary | null = null;

/** The generated dictionary, built on first use (the keyboard's first pinyin letter). */
export function pinyinDictionary(): PinyinDictionary {
  shared ??= createPinyinDictionary();
  return shared;
}
