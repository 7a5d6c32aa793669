import { ActionRow, backAction } from '../../components/ActionRow.js';
import { WarningIcon } from '../../components/icons.js';
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
      <ActionRow
        className="guide-footer"
        actions={[
          backAction(),
          { testId: 'staff-unlock', label: 'guide.tryAgain', command: { type: 'STAFF_UNLOCK' } },
        ]}
        send={send}
        t={t}
      />
    </section>
  );
}
