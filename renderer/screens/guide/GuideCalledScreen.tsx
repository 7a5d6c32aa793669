import { ActionRow, backAction } from '../../components/ActionRow.js';
import { CheckIcon } from '../../components/icons.js';
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
      <ActionRow
        className="guide-footer"
        actions={[
          backAction({ disabled: view.status === 'calling' }),
          {
            testId: 'staff-unlock',
            label: 'guide.staffUnlock',
            command: { type: 'STAFF_UNLOCK' },
            disabled: view.status === 'calling',
          },
        ]}
        send={send}
        t={t}
      />
    </section>
  );
}
