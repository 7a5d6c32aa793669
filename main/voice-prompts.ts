/**
 * Pre-generated voice prompts (design.md §7): the fallback for a renderer whose Chromium has no
 * speech-synthesis voice for the language. Debian's espeak-ng speaks Mandarin (`cmn`) and
 * English offline; each catalogue message is generated once, on its first request, and kept in
 * the data folder (`<dataDir>/voice/`). The cache file's name carries a hash of what was spoken,
 * so a changed catalogue sentence is generated anew.
 *
 * Only catalogue keys reach here (src/bridge/voice.ts parses the address): the host never
 * speaks free text, and nothing of a customer is ever written to the cache.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { voiceText, type VoiceRequest } from '../src/bridge/voice.js';
import type { Language } from '../src/domain/business-type.js';
import { logEvent, type Logger } from '../src/log/index.js';

export interface VoicePrompts {
  /** Whether espeak-ng runs here (asked once): without it, no address has audio. */
  available(): Promise<boolean>;
  /** The WAV file for a catalogue message, generated on first use; null when it cannot be made. */
  audioFor(request: VoiceRequest): Promise<string | null>;
}

export interface VoicePromptOptions {
  /** The kiosk's data folder; audio goes to `<dataDir>/voice/`. */
  readonly dataDir: string;
  readonly logger: Logger;
  /** The espeak-ng binary; default `espeak-ng` on the PATH. */
  readonly binary?: string;
  /** Longest a generation may take before it is abandoned; default 15 s. */
  readonly timeoutMs?: number;
}

/** espeak-ng's voice per language, and the speed (words per minute) per wording. */
const ESPEAK_VOICES: Record<Language, string> = { 'zh-CN': 'cmn', en: 'en' };
const SPEED = { standard: 160, elder: 125 } as const;

export function createVoicePrompts(options: VoicePromptOptions): VoicePrompts {
  const binary = options.binary ?? 'espeak-ng';
  const timeoutMs = options.timeoutMs ?? 15_000;
  const folder = path.join(options.dataDir, 'voice');
  // One generation per file at a time: concurrent requests wait for the same one.
  const pending = new Map<string, Promise<string | null>>();
  let availability: Promise<boolean> | null = null;

  async function generate(request: VoiceRequest, file: string, text: string): Promise<string> {
    await mkdir(path.dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    const started = Date.now();
    const args = [
      '-v',
      ESPEAK_VOICES[request.language],
      '-s',
      String(request.elder ? SPEED.elder : SPEED.standard),
      '-w',
      partial,
      '--stdin',
    ];
    try {
      await run(binary, args, text, timeoutMs);
      await rename(partial, file);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    logEvent(options.logger, 'voice.generated', {
      key: request.key,
      language: request.language,
      ms: Date.now() - started,
    });
    return file;
  }

  return {
    available() {
      availability ??= run(binary, ['--version'], '', timeoutMs).then(
        () => true,
        () => false,
      );
      return availability;
    },
    audioFor(request) {
      const text = voiceText(request);
      const speed = request.elder ? SPEED.elder : SPEED.standard;
      const hash = createHash('sha256')
        .update(`${ESPEAK_VOICES[request.language]}\n${speed}\n${text}`)
        .digest('hex')
        .slice(0, 16);
      const wording = request.elder ? 'elder' : 'standard';
      const file = path.join(folder, request.language, wording, `${request.key}-${hash}.wav`);
      const inFlight = pending.get(file);
      if (inFlight) return inFlight;
      const made = stat(file)
        .then(
          () => file,
          () => generate(request, file, text),
        )
        .catch((error: unknown) => {
          logEvent(options.logger, 'voice.generationFailed', {
            key: request.key,
            language: request.language,
            reason: (error as Error).message,
          });
          return null;
        })
        .finally(() => pending.delete(file));
      pending.set(file, made);
      return made;
    },
  };
}

/** Runs espeak-ng with the text on stdin; rejects with what it said when it fails. */
function run(binary: string, args: string[], text: string, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${binary} took longer than ${timeoutMs} ms`));
    }, timeoutMs);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-500);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(error.code === 'ENOENT' ? new Error(`${binary} is not installed`) : (error as Error));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${binary} exited with ${code}: ${stderr.trim() || 'no message'}`));
    });
    child.stdin.on('error', () => {}); // a binary that exits early closes its stdin: 'close' says why
    child.stdin.end(`${text}\n`, 'utf8');
  });
}
