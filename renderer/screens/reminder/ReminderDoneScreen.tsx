import { FinishButton } from '../../components/FinishButton.js';
import { CheckIcon } from '../../components/icons.js';
import type { ScreenProps } from '../types.js';

const HEADLINE = {
  saving: 'reminder.saving',
  saved: 'reminder.saved',
  notSaved: 'reminder.notSaved',
} as const;

/** The reminder is set (or: being set, or: it could not be); a ticket that did not print is named. */
export function ReminderDoneScreen({ view, send, t }: ScreenProps<'reminderDone'>) {
  return (
    <section
      className="screen screen--reminder"
      data-testid="screen-reminderDone"
      aria-labelledby="reminder-done-title"
    >
      <h1
        id="reminder-done-title"
        className="headline headline--with-icon"
        data-status={view.status}
      >
        {view.status === 'saved' ? (
          <CheckIcon className="icon headline__icon headline__icon--ok" />
        ) : null}
        {t(HEADLINE[view.status])}
      </h1>
      {view.status === 'saved' ? (
        <p className="body-text">{t('reminder.savedBody', { count: view.remindWhenAhead })}</p>
      ) : null}
      <p
        className={view.printed ? 'reminder-ticket' : 'instruction instruction--strong'}
        data-testid="reminder-ticket"
      >
        {view.printed
          ? t('reminder.yourNumber', { number: view.ticketNumber })
          : t('reminder.noteNumber', { number: view.ticketNumber })}
      </p>
      <div className="screen__footer">
        {/* Optional, as after the ticket: "done" leaves without a word of feedback. */}
        {view.status === 'saving' ? null : (
          <button
            type="button"
            className="action action--secondary"
            data-testid="rate-us"
            onClick={() => send({ type: 'RATE_US' })}
          >
            {t('feedback.rateUs')}
          </button>
        )}
        {view.status === 'saving' ? null : <FinishButton send={send} t={t} />}
      </div>
    </section>
  );
}
