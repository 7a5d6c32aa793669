/**
 * The SAM protocol's commands and answers (design.md §4.2): request frames, the SW3 status codes
 * as typed results, and the layout of the read answers. Pure: no I/O, shared by the driver and
 * the virtual reader.
 */
import { buildFrame } from './framing.js';

/** The commands the kiosk uses, by name, with their CMD and PARA bytes. */
export const SAM_COMMANDS = {
  resetSam: [0x10, 0xff],
  samStatus: [0x11, 0xff],
  samId: [0x12, 0xff],
  findCard: [0x20, 0x01],
  selectCard: [0x20, 0x02],
  readText: [0x30, 0x01],
  readTextFingerprint: [0x30, 0x10],
} as const satisfies Record<string, readonly [number, number]>;
export type SamCommand = keyof typeof SAM_COMMANDS;

/** The command a request body names, or undefined for one the kiosk never sends. */
export function commandOf(body: Uint8Array): SamCommand | undefined {
  for (const [name, [cmd, para]] of Object.entries(SAM_COMMANDS)) {
    if (body[0] === cmd && body[1] === para) return name as SamCommand;
  }
  return undefined;
}

/** The request frame of a command (no data: none of the kiosk's commands carries any). */
export function requestFrame(command: SamCommand): Uint8Array {
  return buildFrame(SAM_COMMANDS[command]);
}

/** SW3 codes by meaning. */
export const SW3 = {
  ok: 0x90,
  cardFound: 0x9f,
  noContent: 0x91,
  noCard: 0x80,
  selectFailed: 0x81,
  checksumError: 0x10,
  lengthError: 0x11,
  commandError: 0x21,
  unauthorised: 0x23,
  unknownError: 0x24,
  cardAuthenticationFailed: 0x31,
  samAuthenticationFailed: 0x32,
  verificationError: 0x33,
  unknownCardType: 0x40,
  readFailed: 0x41,
  randomNumberFailed: 0x47,
  samSelfTestFailed: 0x60,
  samNotAuthorized: 0x66,
} as const;
export type SamResult = keyof typeof SW3 | 'unknownCode';

const RESULT_BY_CODE = new Map<number, SamResult>(
  Object.entries(SW3).map(([name, code]) => [code, name as SamResult]),
);

export function samResultOf(sw3: number): SamResult {
  return RESULT_BY_CODE.get(sw3) ?? 'unknownCode';
}

/**
 * What a result means for the kiosk: the card (take it away / try again), the reader's SAM (a
 * technician), the exchange itself (the host or the line), or success.
 */
export type SamResultClass = 'success' | 'noCard' | 'card' | 'sam' | 'exchange';

export function classifySamResult(result: SamResult): SamResultClass {
  switch (result) {
    case 'ok':
    case 'cardFound':
    case 'noContent':
      return 'success';
    case 'noCard':
      return 'noCard';
    case 'selectFailed':
    case 'cardAuthenticationFailed':
    case 'verificationError':
    case 'unknownCardType':
    case 'readFailed':
    case 'randomNumberFailed':
      return 'card';
    case 'samAuthenticationFailed':
    case 'samSelfTestFailed':
    case 'samNotAuthorized':
    case 'unauthorised':
      return 'sam';
    case 'checksumError':
    case 'lengthError':
    case 'commandError':
    case 'unknownError':
    case 'unknownCode':
      return 'exchange';
  }
}

/** A response body split into its status and data. */
export interface SamResponse {
  readonly sw1: number;
  readonly sw2: number;
  readonly sw3: number;
  readonly result: SamResult;
  readonly data: Uint8Array;
}

/** Splits a response body; undefined if it is too short to hold SW1 SW2 SW3. */
export function parseResponse(body: Uint8Array): SamResponse | undefined {
  if (body.length < 3) return undefined;
  const sw3 = body[2]!;
  return { sw1: body[0]!, sw2: body[1]!, sw3, result: samResultOf(sw3), data: body.subarray(3) };
}

/** Builds a response body `00 00 SW3 [data]` (the virtual reader; tests). */
export function responseBody(
  result: keyof typeof SW3,
  data: Uint8Array = new Uint8Array(),
): Uint8Array {
  const body = new Uint8Array(3 + data.length);
  body[2] = SW3[result];
  body.set(data, 3);
  return body;
}

export const TEXT_BYTES = 256;
export const PHOTO_BYTES = 1024;
/** Fingerprint data lengths a reader may report: none, one or two templates. */
export const FINGERPRINT_SIZES = [0, 512, 1024] as const;

/** What a read answer holds: the text block, the WLT photo and, for `30 10`, fingerprints. */
export interface CardData {
  readonly text: Uint8Array;
  readonly photo: Uint8Array;
  readonly fingerprint?: Uint8Array;
}

/** Why a read answer's data is not a card's data. */
export type CardDataProblem = 'tooShort' | 'lengthMismatch';

/**
 * Splits the data of a successful read answer: `TL_H TL_L PL_H PL_L [FL_H FL_L] text photo [fp]`
 * (so the text starts at frame offset 14 for `30 01`, design.md §4.2). Lengths are taken from
 * the answer, not assumed, and must add up to the data exactly.
 */
export function parseCardData(
  data: Uint8Array,
  withFingerprint: boolean,
): CardData | CardDataProblem {
  const header = withFingerprint ? 6 : 4;
  if (data.length < header) return 'tooShort';
  const textLength = (data[0]! << 8) | data[1]!;
  const photoLength = (data[2]! << 8) | data[3]!;
  const fingerprintLength = withFingerprint ? (data[4]! << 8) | data[5]! : 0;
  if (header + textLength + photoLength + fingerprintLength !== data.length) {
    return 'lengthMismatch';
  }
  const text = data.slice(header, header + textLength);
  const photo = data.slice(header + textLength, header + textLength + photoLength);
  if (!withFingerprint) return { text, photo };
  return { text, photo, fingerprint: data.slice(header + textLength + photoLength) };
}

/** Builds the data of a read answer (the virtual reader; tests). */
export function cardData(card: CardData, withFingerprint: boolean): Uint8Array {
  const fingerprint = withFingerprint ? (card.fingerprint ?? new Uint8Array()) : undefined;
  const header = fingerprint ? 6 : 4;
  const data = new Uint8Array(
    header + card.text.length + card.photo.length + (fingerprint?.length ?? 0),
  );
  data[0] = card.text.length >> 8;
  data[1] = card.text.length & 0xff;
  data[2] = card.photo.length >> 8;
  data[3] = card.photo.length & 0xff;
  if (fingerprint) {
    data[4] = fingerprint.length >> 8;
    data[5] = fingerprint.length & 0xff;
  }
  data.set(card.text, header);
  data.set(card.photo, header + card.text.length);
  if (fingerprint) data.set(fingerprint, header + card.text.length + card.photo.length);
  return data;
}
