/**
 * The on-screen keyboard's input method, as a pure state and one function for a key press: which
 * layout is shown (pinyin, English letters, digits and punctuation), the pinyin letters being
 * composed, the page of candidates shown. No DOM, no React: the keyboard component draws the state
 * and sends what `press` says to send.
 *
 * The letters being composed stay here, in the page, until the customer picks a candidate; only
 * then does text go to the host (one command per insert, as with every key), which holds the
 * comment and clears it with the session. The composition is dropped with the component.
 */
import type { PinyinCandidate, PinyinDictionary, PinyinSegment } from './pinyin-dictionary.js';

export type KeyboardMode = 'pinyin' | 'latin' | 'symbols';

export interface Composition {
  readonly mode: KeyboardMode;
  /** Pinyin letters typed and not yet turned into characters (lowercase a–z). */
  readonly letters: string;
  /** The page of candidates shown, from 0. */
  readonly page: number;
}

/** What a key press asks the host to do: add text to the comment, or remove its last character. */
export type KeyboardOutput =
  { readonly type: 'insert'; readonly text: string } | { readonly type: 'erase' };

export type KeyPress =
  /** A letter key (a–z). */
  | { readonly type: 'letter'; readonly letter: string }
  /** A digit or punctuation key: its text as it is. */
  | { readonly type: 'text'; readonly text: string }
  /** The space key: the first candidate while composing, otherwise a space. */
  | { readonly type: 'space' }
  | { readonly type: 'erase' }
  /** A candidate of the page shown, by its place on the page. */
  | { readonly type: 'choose'; readonly index: number }
  | { readonly type: 'nextPage' }
  | { readonly type: 'previousPage' }
  | { readonly type: 'mode'; readonly mode: KeyboardMode };

export interface PressContext {
  readonly dictionary: PinyinDictionary;
  /** Candidates per page (fewer, larger ones in elder mode). */
  readonly pageSize: number;
  /** Characters the comment can still take: nothing is taken from the composition beyond it. */
  readonly room: number;
}

export interface PressResult {
  readonly composition: Composition;
  /** In order; each insert is at most MAX_INSERT_LENGTH characters (the command's limit). */
  readonly outputs: readonly KeyboardOutput[];
}

/** The longest text one TYPE_FEEDBACK_TEXT command carries (src/bridge/features/feedback.ts). */
export const MAX_INSERT_LENGTH = 4;
/** Letters composed at most: about six syllables, a phrase at a time. */
export const MAX_COMPOSITION_LETTERS = 24;

export function initialComposition(mode: KeyboardMode): Composition {
  return { mode, letters: '', page: 0 };
}

/** The candidate bar as drawn: the page shown and whether there are pages either side. */
export interface CandidatePage {
  readonly segments: readonly PinyinSegment[];
  readonly candidates: readonly PinyinCandidate[];
  readonly page: number;
  readonly pageCount: number;
  readonly hasPrevious: boolean;
  readonly hasNext: boolean;
}

export function candidatePage(
  composition: Composition,
  dictionary: PinyinDictionary,
  pageSize: number,
): CandidatePage {
  const all = dictionary.candidates(composition.letters);
  const pageCount = Math.max(1, Math.ceil(all.length / pageSize));
  const page = Math.min(composition.page, pageCount - 1);
  return {
    segments: dictionary.segment(composition.letters),
    candidates: all.slice(page * pageSize, (page + 1) * pageSize),
    page,
    pageCount,
    hasPrevious: page > 0,
    hasNext: page < pageCount - 1,
  };
}

/** `text` as inserts the command accepts, or none when the comment has no room for all of it. */
function inserts(text: string, room: number): KeyboardOutput[] {
  if (text === '' || text.length > room) return [];
  const outputs: KeyboardOutput[] = [];
  const characters = Array.from(text);
  let chunk = '';
  for (const c of characters) {
    if (chunk.length + c.length > MAX_INSERT_LENGTH) {
      outputs.push({ type: 'insert', text: chunk });
      chunk = '';
    }
    chunk += c;
  }
  outputs.push({ type: 'insert', text: chunk });
  return outputs;
}

/** The whole composition as characters, first candidate after first candidate (letters that fit no syllable stay letters). */
function convertAll(letters: string, dictionary: PinyinDictionary): string {
  let text = '';
  let rest = letters;
  while (rest !== '') {
    const first = dictionary.candidates(rest)[0];
    const used = first?.letters ?? 1;
    text += first?.text ?? rest.slice(0, 1);
    rest = rest.slice(used);
  }
  return text;
}

export function press(
  composition: Composition,
  key: KeyPress,
  { dictionary, pageSize, room }: PressContext,
): PressResult {
  const unchanged: PressResult = { composition, outputs: [] };
  const composing = composition.mode === 'pinyin' && composition.letters !== '';
  const withLetters = (letters: string): Composition => ({ ...composition, letters, page: 0 });

  /** Takes a candidate: its text to the host, its letters out of the composition. */
  const take = (candidate: PinyinCandidate | undefined): PressResult => {
    if (candidate === undefined) return unchanged;
    const outputs = inserts(candidate.text, room);
    if (outputs.length === 0) return unchanged;
    return { composition: withLetters(composition.letters.slice(candidate.letters)), outputs };
  };

  /** Text typed while composing goes after the composition turned into characters. */
  const typeAfterComposition = (text: string): PressResult => {
    const converted = composing ? convertAll(composition.letters, dictionary) : '';
    const outputs = inserts(converted + text, room);
    return outputs.length === 0 ? unchanged : { composition: withLetters(''), outputs };
  };

  switch (key.type) {
    case 'letter': {
      const letter = key.letter.toLowerCase();
      if (!/^[a-z]$/.test(letter)) return unchanged;
      if (composition.mode !== 'pinyin') return typeAfterComposition(key.letter);
      if (composition.letters.length >= MAX_COMPOSITION_LETTERS) return unchanged;
      return { composition: withLetters(composition.letters + letter), outputs: [] };
    }
    case 'text':
      return typeAfterComposition(key.text);
    case 'space':
      return composing
        ? take(dictionary.candidates(composition.letters)[0])
        : typeAfterComposition(' ');
    case 'erase':
      // The last letter typed first; then the comment's last character, in the host.
      return composing
        ? { composition: withLetters(composition.letters.slice(0, -1)), outputs: [] }
        : { composition, outputs: [{ type: 'erase' }] };
    case 'choose': {
      if (!composing || !Number.isInteger(key.index) || key.index < 0) return unchanged;
      const shown = candidatePage(composition, dictionary, pageSize);
      return take(shown.candidates[key.index]);
    }
    case 'nextPage':
    case 'previousPage': {
      if (!composing) return unchanged;
      const shown = candidatePage(composition, dictionary, pageSize);
      const page = shown.page + (key.type === 'nextPage' ? 1 : -1);
      if (page < 0 || page >= shown.pageCount) return unchanged;
      return { composition: { ...composition, page }, outputs: [] };
    }
    case 'mode': {
      if (key.mode === composition.mode) return unchanged;
      // Leaving pinyin with letters composed: they go in as typed, so nothing typed is lost.
      const outputs = composing ? inserts(composition.letters, room) : [];
      if (composing && outputs.length === 0) return unchanged;
      return { composition: initialComposition(key.mode), outputs };
    }
  }
}
