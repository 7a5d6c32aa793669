import { BackIcon } from '../../components/icons.js';
import type { ScreenProps } from '../types.js';

/**
 * "Continue without the card" (and Back), on every screen of the ID card: the customer can always
 * go on with their ticket without it.
 */
export function ContinueWithoutCard({ send, t }: Pick<ScreenProps, 'send' | 't'>) {
  return (
    <div className="screen__footer">
      <button
        type="button"
        className="action action--secondary"
        data-testid="back"
        onClick={() => send({ type: 'BACK' })}
      >
        <BackIcon />
        <span>{t('common.back')}</span>
      </button>
      <button
        type="button"
        className="action action--secondary"
        data-testid="continue-without-id-card"
        onClick={() => send({ type: 'CONTINUE_WITHOUT_ID_CARD' })}
      >
        {t('identify.continueWithout')}
      </button>
    </div>
  );
}
