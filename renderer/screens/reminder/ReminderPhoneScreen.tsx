import { DigitKeypad } from '../../components/DigitKeypad.js';
import { PromptLine } from '../../components/PromptLine.js';
import { groupedPhone, ReminderBackButton } from './BackButton.js';
import type { ScreenProps } from '../types.js';

/**
 * The mobile number on a digit keypad; the host holds what was typed and says when it is not a
 * mainland mobile number (the notice banner and the field's own error line).
 */
export function ReminderPhoneScreen({ view, send, t }: ScreenProps<'reminderPhone'>) {
  return (
    <section
      className="screen screen--reminder"
      data-testid="screen-reminderPhone"
      aria-labelledby="reminder-phone-title"
    >
      <h1 id="reminder-phone-title" className="headline">
        {t('reminder.phoneTitle')}
      </h1>
      <p className="reminder-ticket">{t('reminder.yourNumber', { number: view.ticketNumber })}</p>
      <h2 id="reminder-phone-label" className="reminder-label">
        {t('reminder.phoneLabel')}
      </h2>
      <p className="reminder-hint" id="reminder-phone-hint">
        {t('reminder.phoneHint')}
      </p>
      <PromptLine view={view} shown={['reminder.phoneTitle']} />
      <p
        className="reminder-input"
        data-testid="reminder-phone"
        data-invalid={view.invalid}
        aria-labelledby="reminder-phone-label"
        aria-describedby={
          view.invalid ? 'reminder-phone-error reminder-phone-hint' : 'reminder-phone-hint'
        }
      >
        {groupedPhone(view.phone)}
      </p>
      {view.invalid ? (
        // Beside the number, in words; the notice banner above announces it (role alert).
        <p className="reminder-error" id="reminder-phone-error" data-testid="reminder-phone-error">
          {t('reminder.invalidPhone')}
        </p>
      ) : null}
      <DigitKeypad
        label={t('reminder.keypad')}
        eraseLabel={t('reminder.erase')}
        testIdPrefix="phone-key"
        onKey={(digit) => send({ type: 'TYPE_PHONE_DIGIT', digit })}
        onErase={() => send({ type: 'ERASE_PHONE_DIGIT' })}
      />
      <div className="screen__footer reminder-footer">
        <ReminderBackButton send={send} t={t} />
        <button
          type="button"
          className="action action--primary"
          data-testid="reminder-next"
          disabled={view.phone.length === 0}
          onClick={() => send({ type: 'SUBMIT_PHONE' })}
        >
          {t('reminder.next')}
        </button>
      </div>
    </section>
  );
}
