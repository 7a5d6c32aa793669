import type { KioskCommand, KioskView } from '../../src/bridge/contract.js';
import { otherLanguage } from '../i18n.js';
import type { Translate } from '../i18n.js';
import { CheckIcon, GlobeIcon, SpeakerIcon, TextSizeIcon } from './icons.js';
import { VoiceBar } from './VoiceBar.js';

interface HeaderProps {
  readonly view: KioskView;
  readonly send: (command: KioskCommand) => void;
  readonly t: Translate;
}

/**
 * Branch name and the customer's settings, one tap away on every screen (design.md §7): the
 * language (labelled in the language it switches to), elder mode and voice (toggle buttons with
 * their state in aria-pressed, and on screen by a check mark and fill, never colour alone). With voice on, the voice bar below offers
 * repeat and volume.
 */
export function Header({ view, send, t }: HeaderProps) {
  const target = otherLanguage(view.language);
  const elder = view.elder ?? false;
  const voiceOn = view.voice?.enabled ?? false;
  return (
    <header className="kiosk-top">
      <div className="kiosk-header">
        <div className="kiosk-header__titles">
          <p className="kiosk-header__branch">{view.branchName}</p>
          <p className="kiosk-header__app">{t('app.title')}</p>
        </div>
        <div className="kiosk-header__controls" role="group" aria-label={t('header.settings')}>
          <button
            type="button"
            className="header-toggle"
            data-testid="voice-toggle"
            aria-pressed={voiceOn}
            onClick={() => send({ type: 'SET_VOICE', on: !voiceOn })}
          >
            {voiceOn ? <CheckIcon /> : null}
            <SpeakerIcon />
            <span>{t('voice.toggle')}</span>
          </button>
          <button
            type="button"
            className="header-toggle"
            data-testid="elder-toggle"
            aria-pressed={elder}
            onClick={() => send({ type: 'SET_ELDER', on: !elder })}
          >
            {elder ? <CheckIcon /> : null}
            <TextSizeIcon />
            <span>{t('header.elder')}</span>
          </button>
          <button
            type="button"
            className="language-toggle"
            data-testid="language-toggle"
            lang={target}
            onClick={() => send({ type: 'SET_LANGUAGE', language: target })}
          >
            <GlobeIcon />
            <span>{t('common.language')}</span>
          </button>
        </div>
      </div>
      {voiceOn && view.voice ? <VoiceBar voice={view.voice} send={send} t={t} /> : null}
    </header>
  );
}
