/**
 * Width-aware line wrapping for the receipt printer (58 mm and 80 mm paper). Pure: layouts wrap
 * their texts before handing them to the encoder, so the printer's own wrap (which splits a word,
 * or a Chinese character's two bytes, wherever the head runs out) never happens.
 */

/** Paper widths the kiosk supports, in millimetres. */
export type PaperWidth = 58 | 80;

/**
 * Columns at font A (12 × 24 dots) and printable dots at 203 dpi for each paper width: 58 mm paper
 * prints 48 mm (384 dots, 32 columns), 80 mm paper 72 mm (576 dots, 48 columns).
 */
export const PAPER: Readonly<
  Record<PaperWidth, { readonly columns: number; readonly dots: number }>
> = {
  58: { columns: 32, dots: 384 },
  80: { columns: 48, dots: 576 },
};

export function paperSpec(paper: PaperWidth): { readonly columns: number; readonly dots: number } {
  const spec = (PAPER as Partial<Record<number, { columns: number; dots: number }>>)[paper];
  if (spec === undefined) {
    throw new RangeError(`paper width must be 58 or 80 (mm), got ${String(paper)}`);
  }
  return spec;
}

/**
 * Columns one character takes in Chinese mode. Printable ASCII is one byte in GB18030 and prints
 * at the half-width font; everything else is two or four bytes and prints with the full-width
 * Chinese font (24 dots, two columns), whatever its script: CJK, full-width punctuation, but also
 * “ ” — · é €, which a Unicode East-Asian-width table would call narrow.
 */
export function charWidth(char: string): number {
  const cp = char.codePointAt(0) ?? 0;
  return cp >= 0x20 && cp <= 0x7e ? 1 : 2;
}

/** Columns a string takes on the printer (sum of {@link charWidth} over its code points). */
export function printedWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char);
  return width;
}

/**
 * Ideographic characters (CJK, kana, Hangul, full-width forms, CJK punctuation): a line may break
 * before or after any of them. Latin words (any other run of non-space characters) break only at
 * spaces, unless a word alone is wider than the line.
 */
export function isIdeographic(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** Punctuation that must not start a line (GB/T 15834 line-breaking rule, "避头"). */
const NO_LINE_START = new Set([...'，。、；：！？）】」』》〉’”…—·%,.;:!?)]}']);
/** Punctuation that must not end a line ("避尾"). */
const NO_LINE_END = new Set([...'（【「『《〈‘“([{']);

interface Token {
  text: string;
  width: number;
  /** Spaces before the token; dropped when the token starts a new line. */
  spaces: string;
  /** A Latin word: later narrow characters join it until a space. */
  latin: boolean;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Splits `text` into lines of at most `columns` printed columns. Breaks at spaces between Latin
 * words, anywhere between ideographic characters (keeping closing punctuation off a line's start
 * and opening punctuation off its end where it can), and inside a word only when the word alone
 * is wider than the line. Never splits a grapheme, so a surrogate pair, a GB18030 four-byte
 * character or a base with its combining mark stays whole. A text that fits is returned as is
 * (spaces included), so short lines print exactly the bytes they always did. Spaces where a line
 * breaks are dropped. Returns at least one line (`['']` for an empty text).
 */
export function wrapText(text: string, columns: number): string[] {
  if (!Number.isInteger(columns) || columns < 2) {
    throw new RangeError(
      `columns must be an integer ≥ 2 (a full-width character takes 2), got ${columns}`,
    );
  }
  if (printedWidth(text) <= columns) return [text];

  const lines: string[] = [];
  let line = '';
  let lineWidth = 0;
  const newLine = (): void => {
    lines.push(line);
    line = '';
    lineWidth = 0;
  };
  for (const token of tokenize(text)) {
    const spaceWidth = line === '' ? 0 : token.spaces.length;
    if (lineWidth + spaceWidth + token.width <= columns) {
      line += (line === '' ? '' : token.spaces) + token.text;
      lineWidth += spaceWidth + token.width;
      continue;
    }
    if (line !== '') newLine();
    if (token.width <= columns) {
      line = token.text;
      lineWidth = token.width;
      continue;
    }
    // Wider than a whole line: split between graphemes, as full as each line can be.
    for (const { segment } of graphemes.segment(token.text)) {
      const width = printedWidth(segment);
      if (lineWidth + width > columns && line !== '') newLine();
      line += segment;
      lineWidth += width;
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

/** Unbreakable pieces: a Latin word, or one ideographic character with punctuation glued on. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let spaces = '';
  for (const { segment } of graphemes.segment(text)) {
    if (segment === ' ') {
      spaces += segment;
      continue;
    }
    const width = printedWidth(segment);
    const ideographic = isIdeographic(segment.codePointAt(0) ?? 0);
    const last = tokens.at(-1);
    const glued =
      last !== undefined &&
      spaces === '' &&
      ((last.latin && !ideographic) ||
        NO_LINE_START.has(segment) ||
        NO_LINE_END.has([...last.text].at(-1) ?? ''));
    if (glued) {
      last.text += segment;
      last.width += width;
      last.latin = last.latin && !ideographic;
    } else {
      tokens.push({ text: segment, width, spaces, latin: !ideographic });
    }
    spaces = '';
  }
  return tokens;
}
