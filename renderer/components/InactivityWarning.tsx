import { ClockIcon } from './icons.js';
import type { Translate } from '../i18n.js';

interface InactivityWarningProps {
  readonly seconds: number;
  readonly t: Translate;
  /** Sends ACTIVITY (the pointerdown that reached here has usually sent it already). */
  readonly onContinue: () => void;
}

/**
 * The host's "are you still there?" warning. The countdown is the host's number; the renderer
 * keeps no timer. Any touch on it counts as activity (see useActivityReporter); the button is the
 * obvious target and works from a keyboard or assistive technology too.
 */
export function InactivityWarning({ seconds, t, onContinue }: InactivityWarningProps) {
  return (
    <div className="overlay" data-testid="inactivity-warning">
      <div
        className="overlay__card"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="inactivity-title"
        aria-describedby="inactivity-text"
      >
        <ClockIcon className="icon overlay__icon" />
        <h2 id="inactivity-title" className="overlay__title">
          {t('inactivity.title')}
        </h2>
        <p className="overlay__seconds" aria-hidden="true">
          {seconds}
        </p>
        <p id="inactivity-text" className="overlay__text">
          {t('inactivity.warning', { seconds })}
        </p>
        <button type="button" className="action action--primary" onClick={onContinue}>
          {t('inactivity.continue')}
        </button>
      </div>
    </div>
  );
}
