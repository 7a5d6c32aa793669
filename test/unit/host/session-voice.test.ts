/**
 * Voice prompts from the host: every catalogue message (so every screen's prompt) has an audio
 * address in both languages and both wordings; espeak-ng makes a real WAV once and the data
 * folder keeps it; the browser shell serves it, and nothing but catalogue messages.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { KioskView } from '../../../src/bridge/contract.js';
import type { HostBridge } from '../../../src/bridge/host.js';
import { parseVoicePath, voicePath, voiceText } from '../../../src/bridge/voice.js';
import { LANGUAGES } from '../../../src/domain/business-type.js';
import { MESSAGES, type MessageKey } from '../../../src/i18n/messages.js';
import { createMemoryLog } from '../../../src/log/index.js';
import { startBrowserShell, type BrowserShell } from '../../../main/browser-shell.js';
import { createVoicePrompts } from '../../../main/voice-prompts.js';
import { tempDir } from '../../support/temp-dir.js';

const hasEspeak = spawnSync('espeak-ng', ['--version'], { stdio: 'ignore' }).status === 0;
const KEYS = Object.keys(MESSAGES.en) as MessageKey[];

const voiceDir = () => tempDir('kiosk-voice');

const shells: BrowserShell[] = [];
afterEach(async () => {
  for (const shell of shells.splice(0)) await shell.close();
});

describe('voice prompt addresses', () => {
  it('gives every catalogue message an address and a sentence, in both languages and wordings', () => {
    for (const language of LANGUAGES) {
      for (const elder of [false, true]) {
        for (const key of KEYS) {
          const request = { language, elder, key };
          expect(parseVoicePath(voicePath(request))).toEqual(request);
          const text = voiceText(request);
          expect(text, key).not.toMatch(/[{}]/);
          expect(text.length, key).toBeGreaterThan(0);
        }
      }
    }
    // Parameters are left out, never spoken from a customer's session.
    expect(voiceText({ language: 'en', elder: false, key: 'ticketIssued.waitingAhead' })).toBe(
      'people ahead of you',
    );
    expect(voiceText({ language: 'zh-CN', elder: true, key: 'menu.title' })).toBe(
      '您要办什么？请点一下',
    );
  });

  it.each([
    '/voice/zh-CN/standard/no.such.key.wav',
    '/voice/fr/standard/menu.title.wav',
    '/voice/en/loud/menu.title.wav',
    '/voice/en/standard/../../secret.wav',
    '/voice/en/standard/A023.wav',
    '/voice/en/standard/menu.title.mp3',
  ])('names no catalogue message at %s', (address) => {
    expect(parseVoicePath(address)).toBeNull();
  });
});

describe('voice prompts made by espeak-ng', () => {
  it.skipIf(!hasEspeak)(
    'makes a real WAV once and keeps it in the data folder (skipped: espeak-ng is not installed)',
    async () => {
      const dataDir = voiceDir();
      const log = createMemoryLog();
      const voice = createVoicePrompts({ dataDir, logger: log.logger });
      const request = { language: 'zh-CN', elder: true, key: 'menu.title' } as const;
      const [file, again] = await Promise.all([voice.audioFor(request), voice.audioFor(request)]);
      expect(file).not.toBeNull();
      expect(again).toBe(file);
      expect(file!.startsWith(path.join(dataDir, 'voice', 'zh-CN', 'elder'))).toBe(true);
      const wav = readFileSync(file!);
      expect(wav.subarray(0, 4).toString('latin1')).toBe('RIFF');
      expect(wav.subarray(8, 12).toString('latin1')).toBe('WAVE');
      // Half a second or more of speech at espeak-ng's 22 050 Hz, 16-bit mono.
      expect(wav.length).toBeGreaterThan(22_050);
      expect(await voice.audioFor(request)).toBe(file);
      const generated = log.events().filter((e) => e.event === 'voice.generated');
      expect(generated).toHaveLength(1);
      expect(generated[0]).toMatchObject({ key: 'menu.title', language: 'zh-CN' });
    },
  );

  it('says what to install when espeak-ng is missing, and the prompt has no audio', async () => {
    const log = createMemoryLog();
    const voice = createVoicePrompts({
      dataDir: voiceDir(),
      logger: log.logger,
      binary: path.join(voiceDir(), 'no-espeak-here'),
    });
    expect(await voice.audioFor({ language: 'en', elder: false, key: 'menu.title' })).toBeNull();
    expect(log.events().filter((e) => e.event === 'voice.generationFailed')).toEqual([
      expect.objectContaining({ key: 'menu.title', language: 'en' }),
    ]);
  });
});

describe('voice audio in the browser shell', () => {
  const bridge: HostBridge = {
    view: () => ({ screen: 'attract' }) as KioskView,
    onView: () => () => {},
    dispatch: () => {},
  };

  async function shellWith(voice: ReturnType<typeof createVoicePrompts> | undefined) {
    const staticDir = path.join(voiceDir(), 'renderer');
    mkdirSync(staticDir);
    writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>kiosk</title>');
    const shell = await startBrowserShell({
      bridge,
      staticDir,
      port: 0,
      ...(voice ? { voice } : {}),
    });
    shells.push(shell);
    return shell;
  }

  it.skipIf(!hasEspeak)(
    'serves a catalogue message as audio/wav, and nothing else (skipped: espeak-ng is not installed)',
    async () => {
      const log = createMemoryLog();
      const shell = await shellWith(
        createVoicePrompts({ dataDir: voiceDir(), logger: log.logger }),
      );
      const ok = await fetch(`${shell.origin}/voice/en/standard/attract.touchToStart.wav`);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toBe('audio/wav');
      expect(ok.headers.get('cache-control')).toBe('no-store');
      const body = Buffer.from(await ok.arrayBuffer());
      expect(body.subarray(0, 4).toString('latin1')).toBe('RIFF');
      for (const address of ['/voice/en/standard/no.such.key.wav', '/voice/en/standard/A023.wav']) {
        expect((await fetch(`${shell.origin}${address}`)).status).toBe(404);
      }
    },
  );

  it('answers 404 for voice audio when the shell has no voice prompts', async () => {
    const shell = await shellWith(undefined);
    const response = await fetch(`${shell.origin}/voice/en/standard/menu.title.wav`);
    expect(response.status).toBe(404);
  });
});
