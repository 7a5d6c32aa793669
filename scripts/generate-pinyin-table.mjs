#!/usr/bin/env node
// `npm run pinyin-table`: writes renderer/input-method/pinyin-table.ts, the on-screen keyboard's
// pinyin dictionary, from the pinyin-pro devDependency (MIT licence). Run by hand when the
// dependency or the rules below change, and commit the result: the build never runs this, and the
// kiosk never loads pinyin-pro (its own dictionaries are ~500 KB; ours is a few dozen).
//
// What goes in:
// - Characters: GB2312 level 1 (rows 0xB0–0xD7, the 3,755 common characters), each under every
//   toneless reading pinyin-pro gives it (行 under xing, hang and heng), ü written v (lv, nv) as
//   on a phone keyboard.
// - Order within a syllable: a character whose main reading it is comes before one for which it
//   is a secondary reading (航 before 行 under hang). Then by a frequency proxy: pinyin-pro ships
//   no character frequencies, but its two-character word list (data/dict2.mjs) starts in corpus
//   frequency order (这个, 成为, 认为, 作为…), so a character ranks by the first word it appears
//   in; characters in no word keep GB2312 order (pinyin, then stroke order).
// - Two-character words: dict2's words whose two characters are both level 1, under their
//   toneless readings, in dict2's order. dict2 lists the words pinyin-pro needs to read a
//   polyphonic character right (银行, 长城), so it is no general lexicon: 你好 is not in it.
//
//   node scripts/generate-pinyin-table.mjs           write the file
//   node scripts/generate-pinyin-table.mjs --check   exit 1 if the committed file is stale
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pinyin } from 'pinyin-pro';
import DICT2 from 'pinyin-pro/dist/esm/data/dict2.mjs';
import * as prettier from 'prettier';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const TABLE_FILE = path.join(root, 'renderer/input-method/pinyin-table.ts');

/** GB2312 level 1: rows 0xB0–0xD7, cells 0xA1–0xFE (row 0xD7 stops at 0xF9). */
export function gb2312Level1() {
  const decoder = new TextDecoder('gb2312', { fatal: false });
  const characters = [];
  for (let row = 0xb0; row <= 0xd7; row++) {
    for (let cell = 0xa1; cell <= 0xfe; cell++) {
      const text = decoder.decode(new Uint8Array([row, cell]));
      if (/^\p{Script=Han}$/u.test(text)) characters.push(text);
    }
  }
  return characters;
}

/** 'zhè ge' → ['zhe', 'ge']; ü → v. */
function toneless(reading) {
  return reading
    .normalize('NFD')
    .replace(/u\u0308/g, 'v')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/\s+/)
    .filter((s) => s !== '');
}

function readingsOf(character) {
  const readings = pinyin(character, { toneType: 'none', v: true, multiple: true, type: 'array' });
  return [...new Set(readings.map((r) => r.toLowerCase()).filter((r) => /^[a-z]+$/.test(r)))];
}

/** The table's text: one line per syllable, then one per two-syllable word key. */
export async function generateTable() {
  const characters = gb2312Level1();
  if (characters.length !== 3755) {
    throw new Error(`GB2312 level 1 should hold 3755 characters, decoded ${characters.length}.`);
  }
  const level1 = new Set(characters);
  const words = Object.keys(DICT2);
  const firstWord = new Map();
  words.forEach((word, rank) => {
    for (const c of word) if (!firstWord.has(c)) firstWord.set(c, rank);
  });

  /** syllable → [{ character, readingIndex, gbIndex }] */
  const bySyllable = new Map();
  characters.forEach((character, gbIndex) => {
    readingsOf(character).forEach((syllable, readingIndex) => {
      if (!bySyllable.has(syllable)) bySyllable.set(syllable, []);
      bySyllable.get(syllable).push({ character, readingIndex, gbIndex });
    });
  });
  const rank = (e) => firstWord.get(e.character) ?? Number.MAX_SAFE_INTEGER;
  const syllableLines = [...bySyllable.keys()].sort().map((syllable) => {
    const entries = bySyllable
      .get(syllable)
      .sort(
        (a, b) => a.readingIndex - b.readingIndex || rank(a) - rank(b) || a.gbIndex - b.gbIndex,
      );
    return `${syllable} ${entries.map((e) => e.character).join('')}`;
  });

  /** 'yin hang' → ['银行', …] in dict2's order. */
  const byKey = new Map();
  for (const word of words) {
    const chars = [...word];
    if (chars.length !== 2 || !chars.every((c) => level1.has(c))) continue;
    const syllables = toneless(DICT2[word]);
    if (syllables.length !== 2 || !syllables.every((s) => bySyllable.has(s))) continue;
    const key = syllables.join(' ');
    if (!byKey.has(key)) byKey.set(key, []);
    if (!byKey.get(key).includes(word)) byKey.get(key).push(word);
  }
  // One line per first syllable: "yin hang:银行 he:银河", several words "chang cheng:长城,长程".
  const byFirst = new Map();
  for (const key of [...byKey.keys()].sort()) {
    const [first, second] = key.split(' ');
    if (!byFirst.has(first)) byFirst.set(first, []);
    byFirst.get(first).push(`${second}:${byKey.get(key).join(',')}`);
  }
  const wordLines = [...byFirst.keys()].map((first) => `${first} ${byFirst.get(first).join(' ')}`);
  const wordCount = [...byKey.values()].reduce((n, list) => n + list.length, 0);

  const version = JSON.parse(
    readFileSync(path.join(root, 'node_modules/pinyin-pro/package.json'), 'utf8'),
  ).version;
  const source = `/**
 * GENERATED by scripts/generate-pinyin-table.mjs (\`npm run pinyin-table\`): do not edit by hand.
 *
 * The on-screen keyboard's pinyin dictionary: the ${characters.length} GB2312 level-1 characters
 * under their toneless readings (${syllableLines.length} syllables, ü written v), and ${wordCount}
 * two-character words (${byKey.size} syllable pairs). Candidate order and sources: see the
 * script's header.
 *
 * Derived from pinyin-pro ${version} (https://github.com/zh-lx/pinyin-pro), MIT licence,
 * Copyright (c) 2022-present zh-lx. Permission is granted to use, copy, modify and distribute it
 * provided this notice is kept; it is provided "as is", without warranty of any kind.
 */

/** "<syllable> <characters, best first>", syllables in alphabetical order. */
export const PINYIN_CHARACTERS: readonly string[] = ${JSON.stringify(syllableLines)};

/** "<first syllable> <second>:<word>,<word>… <second>:<word>…", words best first. */
export const PINYIN_WORDS: readonly string[] = ${JSON.stringify(wordLines)};
`;
  const options = await prettier.resolveConfig(TABLE_FILE);
  return prettier.format(source, { ...options, filepath: TABLE_FILE });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = await generateTable();
  if (process.argv.includes('--check')) {
    const committed = readFileSync(TABLE_FILE, 'utf8');
    if (committed !== text) {
      console.error(`${TABLE_FILE} is stale: run npm run pinyin-table and commit it.`);
      process.exit(1);
    }
    console.log(`${TABLE_FILE} is up to date.`);
  } else {
    writeFileSync(TABLE_FILE, text);
    console.log(`wrote ${TABLE_FILE} (${Buffer.byteLength(text)} bytes)`);
  }
}
