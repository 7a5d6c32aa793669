/**
 * Where each field sits in the 256-byte text block an ID card reader returns (design.md §4.2):
 * UCS-2 little-endian, padded with spaces, byte ranges [start, end). The card-type flag at byte
 * 248 says which layout applies. Shared by the parser and the virtual reader, so both read the
 * same table.
 */

export const TEXT_BLOCK_BYTES = 256;
export const CARD_TYPE_OFFSET = 248;

/** The card types a reader returns, by their flag at byte 248. */
export const CARD_TYPE_FLAGS = {
  residentId: ' ',
  foreignPermanentResidence: 'I',
  foreignPermanentResidence2023: 'Y',
  residencePermit: 'J',
} as const;
export type CardType = keyof typeof CARD_TYPE_FLAGS;

type Range = readonly [start: number, end: number];

/** Resident ID card (flag space). */
export const RESIDENT_ID_LAYOUT = {
  name: [0, 30],
  sex: [30, 32],
  nation: [32, 36],
  birthDate: [36, 52],
  address: [52, 122],
  idNumber: [122, 158],
  authority: [158, 188],
  validFrom: [188, 204],
  validTo: [204, 220],
} as const satisfies Record<string, Range>;

/**
 * Hong Kong/Macao/Taiwan residence permit (flag `J`): the resident layout without a nation, plus
 * the mainland travel permit number and how many times the permit was issued.
 */
export const RESIDENCE_PERMIT_LAYOUT = {
  ...RESIDENT_ID_LAYOUT,
  passNumber: [220, 238],
  issueCount: [238, 242],
} as const satisfies Record<string, Range>;

/**
 * Foreigner permanent residence card, 2017 version (flag `I`): a 120-byte English name first,
 * then the 15-character permit number, the ISO 3166 nationality, the Chinese name.
 */
export const FOREIGN_PERMANENT_RESIDENCE_LAYOUT = {
  englishName: [0, 120],
  sex: [120, 122],
  idNumber: [122, 152],
  nationality: [152, 158],
  name: [158, 188],
  validFrom: [188, 204],
  validTo: [204, 220],
  birthDate: [220, 236],
  cardVersion: [236, 240],
  authorityCode: [240, 248],
} as const satisfies Record<string, Range>;

/** The text a long-term card holds in its valid-to field instead of a date. */
export const LONG_TERM = '长期';

/**
 * Writes `fields` into a text block at their ranges (space padded, UCS-2 LE) with the card-type
 * flag; a value longer than its range is refused, never cut (the simulator must not build a
 * card a real one could not be).
 */
export function encodeTextBlock(
  layout: Readonly<Record<string, Range>>,
  fields: Readonly<Record<string, string>>,
  cardType: CardType,
): Uint8Array {
  const block = new Uint8Array(TEXT_BLOCK_BYTES);
  for (let i = 0; i < TEXT_BLOCK_BYTES; i += 2) block[i] = 0x20;
  for (const [field, value] of Object.entries(fields)) {
    const range = layout[field];
    if (!range) throw new RangeError(`no field "${field}" in this card layout`);
    const encoded = utf16le(value);
    if (encoded.length > range[1] - range[0]) {
      throw new RangeError(
        `"${field}" is ${encoded.length} bytes; its field holds ${range[1] - range[0]}`,
      );
    }
    block.set(encoded, range[0]);
  }
  block.set(utf16le(CARD_TYPE_FLAGS[cardType]), CARD_TYPE_OFFSET);
  return block;
}

const UTF16LE = new TextDecoder('utf-16le');

/** Reads a field: UCS-2 LE, trailing spaces (and NUL padding some readers use) removed. */
export function decodeField(block: Uint8Array, range: Range): string {
  let text = UTF16LE.decode(block.subarray(range[0], range[1]));
  while (text.endsWith(' ') || text.endsWith('\u0000') || text.endsWith('\u3000')) {
    text = text.slice(0, -1);
  }
  return text;
}

/** UTF-16 LE code units (rare characters outside the BMP take two: a surrogate pair). */
function utf16le(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    bytes[2 * i] = unit & 0xff;
    bytes[2 * i + 1] = unit >> 8;
  }
  return bytes;
}
