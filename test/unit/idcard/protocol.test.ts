/**
 * SAM protocol pieces: SW3 codes to typed results and their classes, answer splitting, read
 * answer data, the error type's catalogue sentences (both languages, no parameter left unfilled).
 */
import { describe, expect, it } from 'vitest';
import { IdCardError } from '../../../devices/idcard/errors.js';
import {
  SAM_COMMANDS,
  SW3,
  cardData,
  classifySamResult,
  commandOf,
  parseCardData,
  parseResponse,
  samResultOf,
} from '../../../devices/idcard/protocol.js';
import { technicianSentence } from '../../../src/i18n/technician.js';
import { IDCARD_EVENTS } from '../../../src/i18n/technician/idcard.js';

describe('SAM protocol', () => {
  it('maps every SW3 code of design.md §4.2 to its result, and anything else to unknownCode', () => {
    const codes = Object.fromEntries(Object.entries(SW3).map(([name, code]) => [code, name]));
    expect(codes).toEqual({
      0x90: 'ok',
      0x9f: 'cardFound',
      0x91: 'noContent',
      0x80: 'noCard',
      0x81: 'selectFailed',
      0x10: 'checksumError',
      0x11: 'lengthError',
      0x21: 'commandError',
      0x23: 'unauthorised',
      0x24: 'unknownError',
      0x31: 'cardAuthenticationFailed',
      0x32: 'samAuthenticationFailed',
      0x33: 'verificationError',
      0x40: 'unknownCardType',
      0x41: 'readFailed',
      0x47: 'randomNumberFailed',
      0x60: 'samSelfTestFailed',
      0x66: 'samNotAuthorized',
    });
    expect(samResultOf(0x41)).toBe('readFailed');
    expect(samResultOf(0x42)).toBe('unknownCode');
  });

  it('classes results: success, no card, the card, the SAM, the exchange', () => {
    expect(classifySamResult('cardFound')).toBe('success');
    expect(classifySamResult('noCard')).toBe('noCard');
    expect(classifySamResult('selectFailed')).toBe('card');
    expect(classifySamResult('readFailed')).toBe('card');
    expect(classifySamResult('samSelfTestFailed')).toBe('sam');
    expect(classifySamResult('samNotAuthorized')).toBe('sam');
    expect(classifySamResult('checksumError')).toBe('exchange');
    expect(classifySamResult('unknownCode')).toBe('exchange');
  });

  it('names the commands it knows from a request body', () => {
    for (const [name, bytes] of Object.entries(SAM_COMMANDS)) {
      expect(commandOf(Uint8Array.from(bytes))).toBe(name);
    }
    expect(commandOf(Uint8Array.of(0x61, 0xff))).toBeUndefined();
  });

  it('splits an answer into status and data, refusing one shorter than SW1 SW2 SW3', () => {
    expect(parseResponse(Uint8Array.of(0, 0, 0x9f, 1, 2))).toEqual({
      sw1: 0,
      sw2: 0,
      sw3: 0x9f,
      result: 'cardFound',
      data: Uint8Array.of(1, 2),
    });
    expect(parseResponse(Uint8Array.of(0, 0))).toBeUndefined();
  });

  it('splits read data by the lengths it carries and refuses lengths that do not add up', () => {
    const text = new Uint8Array(256).fill(1);
    const photo = new Uint8Array(1024).fill(2);
    const fingerprint = new Uint8Array(512).fill(3);
    expect(parseCardData(cardData({ text, photo }, false), false)).toEqual({ text, photo });
    expect(parseCardData(cardData({ text, photo, fingerprint }, true), true)).toEqual({
      text,
      photo,
      fingerprint,
    });
    const data = cardData({ text, photo }, false);
    expect(parseCardData(data.subarray(0, 100), false)).toBe('lengthMismatch');
    expect(parseCardData(data.subarray(0, 3), false)).toBe('tooShort');
    expect(parseCardData(data, true)).toBe('lengthMismatch');
  });
});

describe('ID card errors and their catalogue', () => {
  it('carry event and fields; the sentence is filled in both languages', () => {
    const error = new IdCardError('samFailure', {
      port: 'serial /dev/ttyUSB1 @ 115200',
      command: 'findCard',
      result: 'samNotAuthorized',
      sw3: 0x66,
    });
    expect(error.event).toBe('idcard.samFailure');
    expect(error.fields).toMatchObject({ command: 'findCard', code: '66', reason: 'samFailure' });
    expect(error.message).toContain('/dev/ttyUSB1');
    expect(error.message).not.toMatch(/\{\w+\}/);
    expect(technicianSentence('zh-CN', error.event, error.fields)).not.toMatch(/\{\w+\}/);
  });

  it('every idcard sentence has the same parameters in English and Chinese', () => {
    const params = (text: string): string[] =>
      [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
    for (const [name, spec] of Object.entries(IDCARD_EVENTS)) {
      expect(params(spec['zh-CN']), name).toEqual(params(spec.en));
    }
  });
});
