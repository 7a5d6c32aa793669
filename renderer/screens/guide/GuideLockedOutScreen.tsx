import { BackIcon, WarningIcon } from '../../components/icons.js';
import type { ScreenProps } from '../types.js';

/** Too many wrong PINs: wait, then try again (the host keeps the lockout). */
export function GuideLockedOutScreen({ view, send, t }: ScreenProps<'guideLockedOut'>) {
  return (
    <section
      className="screen screen--guide"
      data-testid="screen-guideLockedOut"
      aria-labelledby="guide-locked-title"
    >
      <h1 id="guide-locked-title" className="headline headline--with-icon">
        <WarningIcon className="icon headline__icon" />
        {t('guide.lockedOut', { seconds: view.lockedSeconds })}
      </h1>
      <div className="screen__footer guide-footer">
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
          data-testid="staff-unlock"
          onClick={() => send({ type: 'STAFF_UNLOCK' })}
        >
          {t('guide.tryAgain')}
        </button>
      </div>
    </section>
  );
}
