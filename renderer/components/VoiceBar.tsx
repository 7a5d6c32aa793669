import { VOICE_VOLUMES, type VoiceSettings } from '../../src/bridge/common.js';
import type { KioskCommand } from '../../src/bridge/contract.js';
import type { Translate } from '../i18n.js';
import { MinusIcon, PlusIcon, RepeatIcon } from './icons.js';

interface VoiceBarProps {
  readonly voice: VoiceSettings;
  readonly send: (command: KioskCommand) => void;
  readonly t: Translate;
}

/** The next volume step up or down from the current one, or null at either end. */
function step(volume: number, direction: 1 | -1): number | null {
  const steps = direction === 1 ? VOICE_VOLUMES : [...VOICE_VOLUMES].reverse();
  return steps.find((v) => (direction === 1 ? v > volume : v < volume)) ?? null;
}

/** Repeat and volume, shown while voice is on. The volume is read out as a number, not a bar. */
export function VoiceBar({ voice, send, t }: VoiceBarProps) {
  const quieter = step(voice.volume, -1);
  const louder = step(voice.volume, 1);
  return (
    <div className="voice-bar" role="group" aria-label={t('voice.toggle')}>
      <button
        type="button"
        className="voice-bar__button"
        data-testid="voice-repeat"
        onClick={() => send({ type: 'REPEAT_PROMPT' })}
      >
        <RepeatIcon />
        <span>{t('voice.repeat')}</span>
      </button>
      <button
        type="button"
        className="voice-bar__button"
        data-testid="voice-quieter"
        disabled={quieter === null}
        onClick={() => quieter !== null && send({ type: 'SET_VOLUME', volume: quieter })}
      >
        <MinusIcon />
        <span>{t('voice.quieter')}</span>
      </button>
      <p className="voice-bar__volume" data-testid="voice-volume" aria-live="polite">
        {t('voice.volume', { volume: voice.volume })}
      </p>
      <button
        type="button"
        className="voice-bar__button"
        data-testid="voice-louder"
        disabled={louder === null}
        onClick={() => louder !== null && send({ type: 'SET_VOLUME', volume: louder })}
      >
        <PlusIcon />
        <span>{t('voice.louder')}</span>
      </button>
    </div>
  );
}
