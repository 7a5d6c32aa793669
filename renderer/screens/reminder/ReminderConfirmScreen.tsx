import { PromptLine } from '../../components/PromptLine.js';
import { groupedPhone, ReminderBackButton, ReminderNoThanksButton } from './BackButton.js';
import type { ScreenProps } from '../types.js';

/** "We will text 139 1234 5678 when 3 customers are ahead of A023": confirm, change, or leave. */
export function ReminderConfirmScreen({ view, send, t }: ScreenProps<'reminderConfirm'>) {
  return (
    <section
      className="screen screen--reminder"
      data-testid="screen-reminderConfirm"
      aria-labelledby="reminder-confirm-title"
    >
      <h1 id="reminder-confirm-title" className="headline">
        {t('reminder.confirmTitle')}
      </h1>
      <p className="reminder-input" data-testid="reminder-confirm-phone">
        {groupedPhone(view.phone)}
      </p>
      <p className="body-text">
        {t('reminder.confirmBody', {
          phone: groupedPhone(view.phone),
          count: view.remindWhenAhead,
          number: view.ticketNumber,
        })}
      </p>
      <PromptLine view={view} shown={['reminder.confirmTitle']} />
      <div className="actions">
        <button
          type="button"
          className="action action--primary action--wide"
          data-testid="confirm-reminder"
          onClick={() => send({ type: 'CONFIRM_REMINDER' })}
        >
          {t('reminder.confirm')}
        </button>
      </div>
      <div className="screen__footer reminder-footer">
        <ReminderBackButton send={send} t={t} />
        <ReminderNoThanksButton send={send} t={t} />
      </div>
    </section>
  );
}
