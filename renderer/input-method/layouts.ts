/**
 * The keys of each keyboard layout, row by row. Pure data: the keyboard component draws them.
 * Pinyin and English share the letters (a phone's layout) and differ in punctuation: full-width
 * Chinese marks after pinyin, ASCII after English. Digits and the rest of the punctuation are one
 * switch away, as on a phone.
 */
import type { KeyboardMode } from './composition.js';

const LETTERS = [
  ['q', 'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p'],
  ['a', 's', 'd', 'f', 'g', 'h', 'j', 'k', 'l'],
  ['z', 'x', 'c', 'v', 'b', 'n', 'm'],
] as const;

export const KEY_ROWS: Readonly<Record<KeyboardMode, readonly (readonly string[])[]>> = {
  pinyin: [LETTERS[0], [...LETTERS[1], '？'], [...LETTERS[2], '，', '。', '！']],
  latin: [LETTERS[0], [...LETTERS[1], '?'], [...LETTERS[2], ',', '.', '!']],
  symbols: [
    ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'],
    ['、', '：', '；', '“', '”', '（', '）', '《', '》', '…'],
    ['@', '#', '%', '&', '*', '-', '+', '=', '/', '¥'],
    [',', '.', '?', '!', ':', ';', "'", '"', '(', ')'],
  ],
};

/** The layouts in the order their switches are shown. */
export const KEYBOARD_MODES: readonly KeyboardMode[] = ['pinyin', 'latin', 'symbols'];

/** A single letter key: composed in pinyin, typed as is in English. */
export function isLetterKey(key: string): boolean {
  return /^[a-z]$/.test(key);
}
