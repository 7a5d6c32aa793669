import { FinishButton } from '../../components/FinishButton.js';
import { PromptLine } from '../../components/PromptLine.js';
import { ReminderBackButton, ReminderNoThanksButton } from './BackButton.js';
import type { ScreenProps } from '../types.js';

/**
 * The separate consent the phone number needs (PIPL): what it is used for, how long it is kept,
 * and that it is optional, before a digit is typed.
 */
export function ReminderConsentScreen({ view, send, t }: ScreenProps<'reminderConsent'>) {
  return (
    <section
      className="screen screen--reminder"
      data-testid="screen-reminderConsent"
      aria-labelledby="reminder-consent-title"
    >
      <h1 id="reminder-consent-title" className="headline">
        {t('reminder.consentTitle')}
      </h1>
      {view.ticketNumber ? (
        <p className="reminder-ticket" data-testid="reminder-ticket">
          {t('reminder.yourNumber', { number: view.ticketNumber })}
        </p>
      ) : null}
      <p className="body-text">{t('reminder.consentBody', { count: view.remindWhenAhead })}</p>
      <p className="body-text">{t('reminder.consentUse')}</p>
      <p className="body-text">{t('reminder.consentKeep')}</p>
      <p className="body-text">{t('reminder.consentOptional')}</p>
      <PromptLine view={view} shown={['reminder.consentTitle']} />
      {view.canAccept ? (
        <div className="actions">
          <button
            type="button"
            className="action action--primary action--wide"
            data-testid="agree-reminder"
            onClick={() => send({ type: 'ACCEPT_REMINDER_CONSENT' })}
          >
            {t('reminder.agree')}
          </button>
        </div>
      ) : null}
      <div className="screen__footer reminder-footer">
        <ReminderBackButton send={send} t={t} />
        {/* Without a ticket to remind of, the only way on is "done" (reminder.noTicket says so). */}
        {view.canAccept ? (
          <ReminderNoThanksButton send={send} t={t} />
        ) : (
          <FinishButton send={send} t={t} />
        )}
      </div>
    </section>
  );
}
