import { PromptLine } from '../../components/PromptLine.js';
import { DigitKeypad } from '../../components/DigitKeypad.js';
import { BackIcon } from '../../components/icons.js';
import type { ScreenProps } from '../types.js';

/** The staff PIN on a digit keypad: dots for the digits typed, never the digits. */
export function GuidePinScreen({ view, send, t }: ScreenProps<'guidePin'>) {
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
      <DigitKeypad
        label={t('guide.pinKeypad')}
        eraseLabel={t('guide.pinErase')}
        testIdPrefix="pin"
        disabled={view.checking}
        onKey={(digit) => send({ type: 'PIN_DIGIT', digit })}
        onErase={() => send({ type: 'PIN_ERASE' })}
      />
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
