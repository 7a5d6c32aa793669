/**
 * The identity on a Chinese ID card (design.md §4.2), parsed from the reader's 256-byte text
 * block. Pure: no I/O. Field names follow the log masks (src/log/mask.ts): `name`, `englishName`,
 * `address`, `idNumber` are masked wherever an identity is logged, so never rename them.
 */
import { idNumberProblem } from './id-number.js';
import {
  CARD_TYPE_FLAGS,
  CARD_TYPE_OFFSET,
  FOREIGN_PERMANENT_RESIDENCE_LAYOUT,
  LONG_TERM,
  RESIDENCE_PERMIT_LAYOUT,
  RESIDENT_ID_LAYOUT,
  TEXT_BLOCK_BYTES,
  decodeField,
} from './identity-layout.js';
import type { CardType } from './identity-layout.js';
import { nationName } from './identity-nations.js';

export type { CardType } from './identity-layout.js';

export type Sex = 'male' | 'female';

/** A card's validity; `to` is `longTerm` on a long-term (长期) card. Dates are YYYY-MM-DD. */
export interface Validity {
  readonly from: string;
  readonly to: string | 'longTerm';
}

/** Resident ID card. */
export interface ResidentIdentity {
  readonly cardType: 'residentId';
  readonly name: string;
  readonly sex: Sex;
  readonly nation: { readonly code: string; readonly name: string };
  readonly birthDate: string;
  readonly address: string;
  readonly idNumber: string;
  readonly authority: string;
  readonly validity: Validity;
}

/** Hong Kong/Macao/Taiwan residence permit: no nation; a travel permit number instead. */
export interface ResidencePermitIdentity {
  readonly cardType: 'residencePermit';
  readonly name: string;
  readonly sex: Sex;
  readonly birthDate: string;
  readonly address: string;
  readonly idNumber: string;
  readonly authority: string;
  readonly validity: Validity;
  readonly passNumber: string;
  readonly issueCount: number;
}

/** Foreigner permanent residence card (2017 layout, flag `I`). */
export interface ForeignPermanentResidenceIdentity {
  readonly cardType: 'foreignPermanentResidence';
  readonly englishName: string;
  /** The Chinese name, empty when the card has none. */
  readonly name: string;
  readonly sex: Sex;
  /** ISO 3166-1 alpha-3, e.g. CAN. */
  readonly nationality: string;
  readonly birthDate: string;
  readonly idNumber: string;
  readonly validity: Validity;
  /** The issuing authority's code (the Ministry of Public Security is 1500). */
  readonly authorityCode: string;
  readonly cardVersion: string;
}

export type Identity =
  ResidentIdentity | ResidencePermitIdentity | ForeignPermanentResidenceIdentity;

/** Why a text block is not an identity the kiosk can use. */
export type IdentityProblem =
  | { readonly problem: 'blockLength'; readonly length: number }
  /** A card type with no known layout here (the 2023 foreigner card, or a flag not listed). */
  | { readonly problem: 'unsupportedCardType'; readonly flag: string; readonly cardType?: CardType }
  | { readonly problem: 'invalidField'; readonly field: string; readonly reason: string };

export type IdentityParse =
  { readonly ok: true; readonly identity: Identity } | ({ readonly ok: false } & IdentityProblem);

class InvalidField extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

/** Parses a reader's text block; never throws on any input. */
export function parseIdentity(block: Uint8Array): IdentityParse {
  if (block.length !== TEXT_BLOCK_BYTES)
    return { ok: false, problem: 'blockLength', length: block.length };
  const flag = decodeField(block, [CARD_TYPE_OFFSET, CARD_TYPE_OFFSET + 2]) || ' ';
  const cardType = cardTypeOf(flag);
  try {
    switch (cardType) {
      case 'residentId':
        return { ok: true, identity: parseResident(block) };
      case 'residencePermit':
        return { ok: true, identity: parseResidencePermit(block) };
      case 'foreignPermanentResidence':
        return { ok: true, identity: parseForeigner(block) };
      case 'foreignPermanentResidence2023':
        // Recognised, but its field table is not confirmed on a real card: refuse rather than
        // read fields from the wrong places.
        return { ok: false, problem: 'unsupportedCardType', flag, cardType };
      case undefined:
        return { ok: false, problem: 'unsupportedCardType', flag };
    }
  } catch (error) {
    if (error instanceof InvalidField) {
      return { ok: false, problem: 'invalidField', field: error.field, reason: error.reason };
    }
    throw error;
  }
}

function cardTypeOf(flag: string): CardType | undefined {
  for (const [type, value] of Object.entries(CARD_TYPE_FLAGS)) {
    if (value === flag) return type as CardType;
  }
  return undefined;
}

function parseResident(block: Uint8Array): ResidentIdentity {
  const f = (field: keyof typeof RESIDENT_ID_LAYOUT): string =>
    decodeField(block, RESIDENT_ID_LAYOUT[field]);
  const code = f('nation');
  const nation = nationName(code);
  if (nation === undefined)
    throw new InvalidField('nation', `code "${code}" is not in the nation table`);
  return {
    cardType: 'residentId',
    name: required('name', f('name')),
    sex: sexOf(f('sex')),
    nation: { code, name: nation },
    birthDate: dateOf('birthDate', f('birthDate')),
    address: required('address', f('address')),
    idNumber: checkedIdNumber(f('idNumber')),
    authority: required('authority', f('authority')),
    validity: validityOf(f('validFrom'), f('validTo')),
  };
}

function parseResidencePermit(block: Uint8Array): ResidencePermitIdentity {
  const f = (field: keyof typeof RESIDENCE_PERMIT_LAYOUT): string =>
    decodeField(block, RESIDENCE_PERMIT_LAYOUT[field]);
  const issueCount = f('issueCount');
  if (!/^\d{1,2}$/.test(issueCount)) throw new InvalidField('issueCount', 'not a number');
  return {
    cardType: 'residencePermit',
    name: required('name', f('name')),
    sex: sexOf(f('sex')),
    birthDate: dateOf('birthDate', f('birthDate')),
    address: required('address', f('address')),
    idNumber: checkedIdNumber(f('idNumber')),
    authority: required('authority', f('authority')),
    validity: validityOf(f('validFrom'), f('validTo')),
    passNumber: required('passNumber', f('passNumber')),
    issueCount: Number(issueCount),
  };
}

function parseForeigner(block: Uint8Array): ForeignPermanentResidenceIdentity {
  const f = (field: keyof typeof FOREIGN_PERMANENT_RESIDENCE_LAYOUT): string =>
    decodeField(block, FOREIGN_PERMANENT_RESIDENCE_LAYOUT[field]);
  const idNumber = f('idNumber');
  // Three letters (the nationality) and twelve digits; this card has no MOD 11-2 check.
  if (!/^[A-Z]{3}\d{12}$/.test(idNumber))
    throw new InvalidField('idNumber', 'not a 15-character permit number');
  const nationality = f('nationality');
  if (!/^[A-Z]{3}$/.test(nationality))
    throw new InvalidField('nationality', 'not an ISO 3166 alpha-3 code');
  return {
    cardType: 'foreignPermanentResidence',
    englishName: required('englishName', f('englishName')),
    name: f('name'),
    sex: sexOf(f('sex')),
    nationality,
    birthDate: dateOf('birthDate', f('birthDate')),
    idNumber,
    validity: validityOf(f('validFrom'), f('validTo')),
    authorityCode: f('authorityCode'),
    cardVersion: f('cardVersion'),
  };
}

function required(field: string, value: string): string {
  if (value === '') throw new InvalidField(field, 'empty');
  return value;
}

function sexOf(code: string): Sex {
  if (code === '1') return 'male';
  if (code === '2') return 'female';
  throw new InvalidField('sex', `code "${code}" is neither 1 nor 2`);
}

function checkedIdNumber(value: string): string {
  const problem = idNumberProblem(value);
  if (problem === 'format')
    throw new InvalidField('idNumber', 'not 17 digits and a check character');
  if (problem === 'checkCharacter')
    throw new InvalidField('idNumber', 'wrong GB 11643 check character');
  return value.toUpperCase();
}

/** YYYYMMDD → YYYY-MM-DD, refusing dates that do not exist. */
function dateOf(field: string, value: string): string {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (!match) throw new InvalidField(field, 'not a YYYYMMDD date');
  const [, y, m, d] = match as unknown as [string, string, string, string];
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (
    date.getUTCFullYear() !== Number(y) ||
    date.getUTCMonth() !== Number(m) - 1 ||
    date.getUTCDate() !== Number(d)
  ) {
    throw new InvalidField(field, 'not a calendar date');
  }
  return `${y}-${m}-${d}`;
}

function validityOf(from: string, to: string): Validity {
  return {
    from: dateOf('validFrom', from),
    to: to === LONG_TERM ? 'longTerm' : dateOf('validTo', to),
  };
}
