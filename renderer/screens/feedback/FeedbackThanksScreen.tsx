import { ActionRow } from '../../components/ActionRow.js';
import { CheckIcon } from '../../components/icons.js';
import type { ScreenProps } from '../types.js';

const HEADLINE = {
  saving: 'feedback.saving',
  saved: 'feedback.thanks',
  notSaved: 'feedback.notSaved',
} as const;

/** Thank you (or: sending, or: it could not be saved). */
export function FeedbackThanksScreen({ view, send, t }: ScreenProps<'feedbackThanks'>) {
  return (
    <section
      className="screen screen--feedback"
      data-testid="screen-feedbackThanks"
      aria-labelledby="thanks-title"
    >
      <h1 id="thanks-title" className="headline headline--with-icon" data-status={view.status}>
        {view.status === 'saved' ? (
          <CheckIcon className="icon headline__icon headline__icon--ok" />
        ) : null}
        {t(HEADLINE[view.status])}
      </h1>
      <ActionRow actions={[]} finish={view.status !== 'saving'} send={send} t={t} />
    </section>
  );
}
