import { PromptLine } from '../../components/PromptLine.js';
import { BackIcon } from '../../components/icons.js';
import type { ScreenProps } from '../types.js';
import '../../components/keyboard.css';

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'] as const;

/** The staff PIN on a digit keypad: dots for the digits typed, never the digits. */
export function GuidePinScreen({ view, send, t }: ScreenProps<'guidePin'>) {
  const key = (digit: string) => (
    <button
      key={digit}
      type="button"
      className="keyboard__key"
      data-testid={`pin-${digit}`}
      disabled={view.checking}
      onClick={() => send({ type: 'PIN_DIGIT', digit })}
    >
      {digit}
    </button>
  );
  return (
    <section
      className="screen screen--guide"
      data-testid="screen-guidePin"
      aria-labelledby="guide-pin-title"
    >
      <h1 id="guide-pin-title" className="headline">
        {t('guide.pinTitle')}
      </h1>
      <PromptLine view={view} shown={['guide.pinTitle']} />
      <p
        className="guide-pin"
        data-testid="pin-dots"
        role="status"
        aria-label={t('guide.pinDigits', { count: view.pinLength })}
      >
        {'●'.repeat(view.pinLength) || '\u00a0'}
      </p>
      <div className="keyboard" role="group" aria-label={t('guide.pinKeypad')}>
        <div className="keyboard__row">{DIGITS.slice(0, 5).map(key)}</div>
        <div className="keyboard__row">{DIGITS.slice(5).map(key)}</div>
        <div className="keyboard__row">
          <button
            type="button"
            className="keyboard__key keyboard__key--erase"
            data-testid="pin-erase"
            disabled={view.checking}
            onClick={() => send({ type: 'PIN_ERASE' })}
          >
            {t('guide.pinErase')}
          </button>
        </div>
      </div>
      <div className="screen__footer guide-footer">
        <button
          type="button"
          className="action action--secondary"
          data-testid="back"
          disabled={view.checking}
          onClick={() => send({ type: 'BACK' })}
        >
          <BackIcon />
          <span>{t('common.back')}</span>
        </button>
        <button
          type="button"
          className="action action--primary"
          data-testid="pin-submit"
          disabled={!view.canSubmit}
          onClick={() => send({ type: 'PIN_SUBMIT' })}
        >
          {t(view.checking ? 'guide.checking' : 'guide.pinSubmit')}
        </button>
      </div>
    </section>
  );
}
