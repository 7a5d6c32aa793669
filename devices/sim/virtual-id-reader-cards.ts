/**
 * Synthetic test cards for the virtual ID reader (design.md §4.3): one of each card type, with
 * valid check characters, a long-term card and names with rare characters (𠀀 outside the BMP,
 * 䶮 in CJK extension A). No real person's data: the ID numbers are built from made-up birth
 * dates and sequence numbers, the photos are patterned bytes, not WLT images.
 */
import { withCheckCharacter } from '../../src/domain/id-number.js';
import {
  FOREIGN_PERMANENT_RESIDENCE_LAYOUT,
  RESIDENCE_PERMIT_LAYOUT,
  RESIDENT_ID_LAYOUT,
  encodeTextBlock,
} from '../../src/domain/identity-layout.js';
import { PHOTO_BYTES } from '../idcard/protocol.js';

export interface TestCard {
  /** A name for tests and logs (not the holder's name). */
  readonly label: string;
  /** The 256-byte text block the card returns. */
  readonly text: Uint8Array;
  /** 1024 bytes standing in for the WLT photo. */
  readonly photo: Uint8Array;
  /** Fingerprint templates (0, 512 or 1024 bytes) for `30 10`. */
  readonly fingerprint: Uint8Array;
}

function patterned(length: number, seed: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 31 + seed * 17 + 7) & 0xff);
}

function card(label: string, text: Uint8Array, seed: number, fingerprintBytes = 0): TestCard {
  return {
    label,
    text,
    photo: patterned(PHOTO_BYTES, seed),
    fingerprint: patterned(fingerprintBytes, seed + 1),
  };
}

/** A resident ID card whose holder's name has a character outside the BMP (𠀀, U+20000). */
export const RESIDENT_CARD = card(
  'resident',
  encodeTextBlock(
    RESIDENT_ID_LAYOUT,
    {
      name: '王𠀀',
      sex: '1',
      nation: '01',
      birthDate: '19900307',
      address: '北京市东城区景山前街4号',
      idNumber: withCheckCharacter('11010119900307787'),
      authority: '北京市公安局东城分局',
      validFrom: '20150310',
      validTo: '20350310',
    },
    'residentId',
  ),
  1,
  1024,
);

/** A long-term (长期) resident card, holder born 1960, name with 䶮 (CJK extension A), nation 98. */
export const LONG_TERM_CARD = card(
  'resident long-term',
  encodeTextBlock(
    RESIDENT_ID_LAYOUT,
    {
      name: '刘䶮',
      sex: '2',
      nation: '98',
      birthDate: '19600229',
      address: '广东省广州市越秀区中山五路1号',
      idNumber: withCheckCharacter('44010419600229002'),
      authority: '广州市公安局越秀分局',
      validFrom: '20120101',
      validTo: '长期',
    },
    'residentId',
  ),
  2,
);

/** A Hong Kong/Macao/Taiwan residence permit (flag J, ID number starting 810000). */
export const RESIDENCE_PERMIT_CARD = card(
  'residence permit',
  encodeTextBlock(
    RESIDENCE_PERMIT_LAYOUT,
    {
      name: '陈大文',
      sex: '1',
      birthDate: '19850615',
      address: '深圳市福田区福华三路100号',
      idNumber: withCheckCharacter('81000019850615003'),
      authority: '深圳市公安局',
      validFrom: '20200101',
      validTo: '20250101',
      passNumber: 'H12345678',
      issueCount: '01',
    },
    'residencePermit',
  ),
  3,
);

/** A foreigner permanent residence card, 2017 layout (flag I). */
export const FOREIGNER_CARD = card(
  'foreigner permanent residence',
  encodeTextBlock(
    FOREIGN_PERMANENT_RESIDENCE_LAYOUT,
    {
      englishName: 'SMITH, JOHN',
      sex: '1',
      idNumber: 'CAN110090030101',
      nationality: 'CAN',
      name: '史密斯',
      validFrom: '20180101',
      validTo: '20280101',
      birthDate: '19900301',
      cardVersion: '01',
      authorityCode: '1500',
    },
    'foreignPermanentResidence',
  ),
  4,
);

/**
 * A foreigner permanent residence card, 2023 layout (flag Y). Its field table is not confirmed,
 * so only the English name at the start (common to both foreigner layouts) and the flag are set;
 * the kiosk must answer "unsupported card type" for it.
 */
export const FOREIGNER_2023_CARD = card(
  'foreigner permanent residence 2023',
  encodeTextBlock(
    FOREIGN_PERMANENT_RESIDENCE_LAYOUT,
    { englishName: 'MÜLLER, ANNA' },
    'foreignPermanentResidence2023',
  ),
  5,
);

export const TEST_CARDS: readonly TestCard[] = [
  RESIDENT_CARD,
  LONG_TERM_CARD,
  RESIDENCE_PERMIT_CARD,
  FOREIGNER_CARD,
  FOREIGNER_2023_CARD,
];
