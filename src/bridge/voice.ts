/**
 * Voice prompts as the renderer asks the host for them (design.md §7): the address of the
 * pre-generated audio for one catalogue message, in one language and wording. Only catalogue
 * keys have an address: nothing a customer typed or brought (a name, a number) is ever spoken
 * by the host or kept in its audio cache. Imported by the renderer: no Node, no DOM.
 */
import type { Language } from '../domain/business-type.js';
import { formatMessageInMode, MESSAGES, type MessageKey } from '../i18n/messages.js';
import { LanguageSchema } from './common.js';

/** Where the browser shell serves voice audio. */
export const VOICE_PATH_PREFIX = '/voice/';
/** Answers `{ "available": boolean }`: whether this shell has pre-generated audio at all. */
export const VOICE_AVAILABLE_PATH = '/voice/available';

export interface VoiceRequest {
  readonly language: Language;
  /** Elder mode's plainer wording (and slower speech). */
  readonly elder: boolean;
  readonly key: MessageKey;
}

/** `/voice/<language>/<elder|standard>/<key>.wav` */
export function voicePath(request: VoiceRequest): string {
  const wording = request.elder ? 'elder' : 'standard';
  return `${VOICE_PATH_PREFIX}${request.language}/${wording}/${request.key}.wav`;
}

/** The request an address names, or null when it names no catalogue message. */
export function parseVoicePath(pathname: string): VoiceRequest | null {
  const match = /^\/voice\/([A-Za-z-]+)\/(elder|standard)\/([A-Za-z0-9.]+)\.wav$/.exec(pathname);
  if (!match) return null;
  const language = LanguageSchema.safeParse(match[1]);
  const key = match[3]!;
  if (!language.success || !Object.hasOwn(MESSAGES.en, key)) return null;
  return { language: language.data, elder: match[2] === 'elder', key: key as MessageKey };
}

/**
 * What the pre-generated audio says: the catalogue sentence with its parameters left out (the
 * audio is made once per key, so it can hold nothing of one customer; the screen shows the
 * number or count the parameter would have said).
 */
export function voiceText(request: VoiceRequest): string {
  return formatMessageInMode(request, request.key)
    .replace(/\s*\{\w+\}\s*/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
