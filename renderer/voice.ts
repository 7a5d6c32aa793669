/**
 * Voice prompts in the renderer (design.md §7): the current screen's prompt, spoken when the
 * customer has voice on (elder mode turns it on by default), and the inactivity warning spoken
 * always (a customer who looked away must hear it). Chromium's speech synthesis speaks where it
 * has a voice for the language; otherwise the browser shell's pre-generated espeak-ng audio for
 * the same catalogue message plays (src/bridge/voice.ts). Repeat and volume are the session's
 * (view.voice): this module keeps nothing of a customer, and `silence()` stops whatever is
 * queued at the reset.
 *
 * What it did last is written on a hidden element (`data-testid="voice"`): what was spoken (the
 * catalogue key, never the text), by which means, how loud, how many times.
 */
import { useEffect, useRef, useState } from 'react';
import type { KioskView, Prompt } from '../src/bridge/contract.js';
import type { Language } from '../src/domain/business-type.js';
import { VOICE_AVAILABLE_PATH, voicePath } from '../src/bridge/voice.js';
import { formatPrompt } from './i18n.js';

export interface VoiceActivity {
  readonly source: 'speech' | 'audio' | 'none';
  readonly key: string | null;
  readonly volume: number;
  readonly plays: number;
}

export const NO_VOICE_ACTIVITY: VoiceActivity = { source: 'none', key: null, volume: 0, plays: 0 };

/** Whether the shell serves pre-generated audio: asked once per page. */
let audioAvailable: Promise<boolean> | null = null;
function shellHasAudio(): Promise<boolean> {
  if (!/^https?:$/.test(location.protocol)) return Promise.resolve(false);
  audioAvailable ??= fetch(VOICE_AVAILABLE_PATH, { cache: 'no-store' })
    .then((r) => (r.ok ? (r.json() as Promise<unknown>) : null))
    .then((body) => (body as { available?: unknown } | null)?.available === true)
    .catch(() => false);
  return audioAvailable;
}

function synthesisVoice(language: Language): SpeechSynthesisVoice | null {
  if (typeof speechSynthesis === 'undefined') return null;
  const prefix = language === 'zh-CN' ? 'zh' : 'en';
  return speechSynthesis.getVoices().find((v) => v.lang.toLowerCase().startsWith(prefix)) ?? null;
}

let playing: HTMLAudioElement | null = null;

/** Stops anything spoken or queued: the customer left, or a new prompt replaces it. */
export function silence(): void {
  if (typeof speechSynthesis !== 'undefined') speechSynthesis.cancel();
  if (playing) {
    playing.pause();
    playing.removeAttribute('src');
    playing.load();
    playing = null;
  }
}

/** What to say now, if anything: the warning when it is up, else the screen's prompt. */
function utterance(view: KioskView): Prompt | null {
  if (view.inactivityWarningSeconds !== null) return { key: 'inactivity.spoken' };
  return view.voice?.enabled ? view.prompt : null;
}

/** Speaks the view's prompt whenever it, the language, the wording or the repeat counter changes. */
export function useVoicePrompts(view: KioskView | null): VoiceActivity {
  const [activity, setActivity] = useState<VoiceActivity>(NO_VOICE_ACTIVITY);
  const plays = useRef(0);
  const prompt = view ? utterance(view) : null;
  const language = view?.language ?? 'zh-CN';
  const elder = view?.elder ?? false;
  const volume = view?.voice?.volume ?? 0;
  const repeat = view?.voice?.repeat ?? 0;
  const what = prompt ? JSON.stringify(prompt) : null;

  useEffect(() => {
    if (what === null || prompt === null) {
      silence();
      return;
    }
    let cancelled = false;
    silence();
    const voice = synthesisVoice(language);
    const done = (source: VoiceActivity['source']) => {
      plays.current += 1;
      setActivity({ source, key: prompt.key, volume, plays: plays.current });
    };
    if (voice) {
      const spoken = new SpeechSynthesisUtterance(formatPrompt(language, prompt, elder));
      spoken.voice = voice;
      spoken.lang = voice.lang;
      spoken.volume = volume / 100;
      spoken.rate = elder ? 0.8 : 1;
      speechSynthesis.speak(spoken);
      done('speech');
    } else {
      void shellHasAudio().then((available) => {
        if (cancelled || !available) return;
        const audio = new Audio(voicePath({ language, elder, key: prompt.key }));
        audio.volume = volume / 100;
        playing = audio;
        // Autoplay may be refused before the first touch; the screen still shows every prompt.
        audio.play().catch(() => {});
        done('audio');
      });
    }
    return () => {
      cancelled = true;
    };
    // `what` stands for the prompt; `repeat` asks for the same prompt again.
  }, [what, language, elder, repeat]);

  // A volume change applies to what is playing now.
  useEffect(() => {
    if (playing) playing.volume = volume / 100;
    setActivity((a) => (a.source === 'none' ? a : { ...a, volume }));
  }, [volume]);

  return activity;
}
