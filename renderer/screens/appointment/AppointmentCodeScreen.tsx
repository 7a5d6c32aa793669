import { PromptLine } from '../../components/PromptLine.js';
import { DigitKeypad } from '../../components/DigitKeypad.js';
import { BackIcon } from '../../components/icons.js';
import type { ScreenProps } from '../types.js';

/** The appointment code on a digit keypad; the host holds what was typed. */
export function AppointmentCodeScreen({ view, send, t }: ScreenProps<'appointmentCode'>) {
  return (
    <section
      className="screen screen--appointment"
      data-testid="screen-appointmentCode"
      aria-labelledby="appointment-code-title"
    >
      <h1 id="appointment-code-title" className="headline">
        {t('appointment.title')}
      </h1>
      <h2 id="appointment-code-label" className="appointment-label">
        {t('appointment.enterCode')}
      </h2>
      <PromptLine view={view} shown={['appointment.enterCode', 'appointment.title']} />
      <p
        className="appointment-input"
        data-testid="appointment-input"
        aria-labelledby="appointment-code-label"
      >
        {view.input}
      </p>
      <DigitKeypad
        label={t('appointment.code')}
        eraseLabel={t('feedback.erase')}
        onKey={(text) => send({ type: 'TYPE_APPOINTMENT_CODE', text })}
        onErase={() => send({ type: 'ERASE_APPOINTMENT_CODE' })}
      />
      <div className="screen__footer appointment-footer">
        <button
          type="button"
          className="action action--secondary"
          data-testid="back"
          onClick={() => send({ type: 'BACK' })}
        >
          <BackIcon />
          <span>{t('common.back')}</span>
        </button>
        {view.canUseIdCard ? (
          <button
            type="button"
            className="action action--secondary"
            data-testid="use-id-card"
            onClick={() => send({ type: 'USE_ID_CARD' })}
          >
            {t('appointment.useIdCard')}
          </button>
        ) : null}
        <button
          type="button"
          className="action action--primary"
          data-testid="check-in"
          disabled={!view.complete}
          onClick={() => send({ type: 'SUBMIT_APPOINTMENT_CODE' })}
        >
          {t('appointment.checkIn')}
        </button>
      </div>
    </section>
  );
}
