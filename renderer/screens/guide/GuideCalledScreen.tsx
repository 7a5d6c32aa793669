import { BackIcon, CheckIcon } from '../../components/icons.js';
import type { ScreenProps } from '../types.js';

const HEADLINE = {
  calling: 'guide.calling',
  sent: 'guide.sent',
  queued: 'guide.queued',
  onTheWay: 'guide.onTheWay',
  notSent: 'guide.notSent',
} as const;

/**
 * The call: sent, a guide on the way, or queued (will be delivered); or being made, or not sent
 * (ask at a counter). The guide's own key below.
 */
export function GuideCalledScreen({ view, send, t }: ScreenProps<'guideCalled'>) {
  return (
    <section
      className="screen screen--guide"
      data-testid="screen-guideCalled"
      aria-labelledby="guide-called-title"
    >
      <h1
        id="guide-called-title"
        className="headline headline--with-icon"
        data-status={view.status}
      >
        {view.status === 'sent' || view.status === 'onTheWay' ? (
          <CheckIcon className="icon headline__icon headline__icon--ok" />
        ) : null}
        {t(HEADLINE[view.status])}
      </h1>
      <div className="screen__footer guide-footer">
        <button
          type="button"
          className="action action--secondary"
          data-testid="back"
          disabled={view.status === 'calling'}
          onClick={() => send({ type: 'BACK' })}
        >
          <BackIcon />
          <span>{t('common.back')}</span>
        </button>
        <button
          type="button"
          className="action action--secondary"
          data-testid="staff-unlock"
          disabled={view.status === 'calling'}
          onClick={() => send({ type: 'STAFF_UNLOCK' })}
        >
          {t('guide.staffUnlock')}
        </button>
      </div>
    </section>
  );
}
