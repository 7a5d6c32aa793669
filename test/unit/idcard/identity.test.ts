/**
 * Parsing the reader's text block into an identity (design.md §4.2), for each card type, with
 * rare characters, long-term validity and every refusal.
 */
import { describe, expect, it } from 'vitest';
import {
  FOREIGNER_2023_CARD,
  FOREIGNER_CARD,
  LONG_TERM_CARD,
  RESIDENCE_PERMIT_CARD,
  RESIDENT_CARD,
} from '../../../devices/sim/virtual-id-reader-cards.js';
import { RESIDENT_ID_LAYOUT, encodeTextBlock } from '../../../src/domain/identity-layout.js';
import { parseIdentity } from '../../../src/domain/identity.js';
import { NATION_CODES, nationName } from '../../../src/domain/identity-nations.js';

const resident = {
  name: '张三',
  sex: '1',
  nation: '01',
  birthDate: '19900307',
  address: '北京市东城区景山前街4号',
  idNumber: '110101199003077870',
  authority: '北京市公安局东城分局',
  validFrom: '20150310',
  validTo: '20350310',
};
const block = (fields: Record<string, string>): Uint8Array =>
  encodeTextBlock(RESIDENT_ID_LAYOUT, fields, 'residentId');

describe('identity text block', () => {
  it('parses a resident ID card, a name outside the BMP included', () => {
    expect(parseIdentity(RESIDENT_CARD.text)).toEqual({
      ok: true,
      identity: {
        cardType: 'residentId',
        name: '王𠀀',
        sex: 'male',
        nation: { code: '01', name: '汉' },
        birthDate: '1990-03-07',
        address: '北京市东城区景山前街4号',
        idNumber: '110101199003077870',
        authority: '北京市公安局东城分局',
        validity: { from: '2015-03-10', to: '2035-03-10' },
      },
    });
  });

  it('reads the bytes as UCS-2 little-endian at the offsets of design.md §4.2', () => {
    const text = RESIDENT_CARD.text;
    expect([...text.subarray(0, 2)]).toEqual([0x8b, 0x73]); // 王 U+738B
    expect([...text.subarray(30, 32)]).toEqual([0x31, 0x00]); // sex '1'
    expect([...text.subarray(122, 124)]).toEqual([0x31, 0x00]); // ID number starts '1'
    expect([...text.subarray(248, 250)]).toEqual([0x20, 0x00]); // resident ID flag: space
  });

  it('parses a long-term card (长期), nation 98 and a 䶮 in the name', () => {
    const parsed = parseIdentity(LONG_TERM_CARD.text);
    expect(parsed).toMatchObject({
      ok: true,
      identity: {
        name: '刘䶮',
        sex: 'female',
        nation: { code: '98', name: '外国血统中国籍人士' },
        birthDate: '1960-02-29',
        validity: { from: '2012-01-01', to: 'longTerm' },
      },
    });
  });

  it('parses a Hong Kong/Macao/Taiwan residence permit', () => {
    expect(parseIdentity(RESIDENCE_PERMIT_CARD.text)).toMatchObject({
      ok: true,
      identity: {
        cardType: 'residencePermit',
        name: '陈大文',
        passNumber: 'H12345678',
        issueCount: 1,
        validity: { from: '2020-01-01', to: '2025-01-01' },
      },
    });
  });

  it('parses a foreigner permanent residence card (2017 layout)', () => {
    expect(parseIdentity(FOREIGNER_CARD.text)).toEqual({
      ok: true,
      identity: {
        cardType: 'foreignPermanentResidence',
        englishName: 'SMITH, JOHN',
        name: '史密斯',
        sex: 'male',
        nationality: 'CAN',
        birthDate: '1990-03-01',
        idNumber: 'CAN110090030101',
        validity: { from: '2018-01-01', to: '2028-01-01' },
        authorityCode: '1500',
        cardVersion: '01',
      },
    });
  });

  it('recognises the 2023 foreigner card and an unknown flag as unsupported card types', () => {
    expect(parseIdentity(FOREIGNER_2023_CARD.text)).toEqual({
      ok: false,
      problem: 'unsupportedCardType',
      flag: 'Y',
      cardType: 'foreignPermanentResidence2023',
    });
    const unknown = block(resident);
    unknown[248] = 0x5a; // 'Z'
    expect(parseIdentity(unknown)).toEqual({
      ok: false,
      problem: 'unsupportedCardType',
      flag: 'Z',
    });
  });

  it('refuses a wrong check character, a bad date, sex or nation, and a short block', () => {
    const invalid = (fields: Record<string, string>): unknown =>
      parseIdentity(block({ ...resident, ...fields }));
    expect(invalid({ idNumber: '110101199003077871' })).toEqual({
      ok: false,
      problem: 'invalidField',
      field: 'idNumber',
      reason: 'wrong GB 11643 check character',
    });
    expect(invalid({ birthDate: '19900230' })).toMatchObject({
      field: 'birthDate',
      reason: 'not a calendar date',
    });
    expect(invalid({ validTo: '长' })).toMatchObject({ field: 'validTo' });
    expect(invalid({ sex: '9' })).toMatchObject({ field: 'sex' });
    expect(invalid({ nation: '57' })).toMatchObject({ field: 'nation' });
    expect(invalid({ name: '' })).toMatchObject({ field: 'name', reason: 'empty' });
    expect(parseIdentity(new Uint8Array(100))).toEqual({
      ok: false,
      problem: 'blockLength',
      length: 100,
    });
  });

  it('never throws on any 256 bytes', () => {
    for (let seed = 0; seed < 2000; seed += 1) {
      const random = Uint8Array.from({ length: 256 }, (_, i) => (i * 7919 + seed * 104729) % 251);
      expect(() => parseIdentity(random)).not.toThrow();
    }
  });
});

describe('nation table', () => {
  it('names 01 汉 to 56 基诺, 97 and 98, and nothing else', () => {
    expect(nationName('01')).toBe('汉');
    expect(nationName('10')).toBe('朝鲜');
    expect(nationName('56')).toBe('基诺');
    expect(nationName('97')).toBe('其他');
    expect(nationName('98')).toBe('外国血统中国籍人士');
    expect(nationName('00')).toBeUndefined();
    expect(nationName('57')).toBeUndefined();
    expect(nationName('1')).toBeUndefined();
    expect(NATION_CODES).toHaveLength(58);
    expect(new Set(NATION_CODES.map(nationName)).size).toBe(58);
  });
});
