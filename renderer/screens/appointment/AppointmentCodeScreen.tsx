import { ActionRow, backAction } from '../../components/ActionRow.js';
import { PromptLine } from '../../components/PromptLine.js';
import { DigitKeypad } from '../../components/DigitKeypad.js';
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
      <ActionRow
        className="appointment-footer"
        actions={[
          backAction(),
          view.canUseIdCard && {
            testId: 'use-id-card',
            label: 'appointment.useIdCard',
            command: { type: 'USE_ID_CARD' },
          },
          {
            testId: 'check-in',
            label: 'appointment.checkIn',
            command: { type: 'SUBMIT_APPOINTMENT_CODE' },
            primary: true,
            disabled: !view.complete,
          },
        ]}
        send={send}
        t={t}
      />
    </section>
  );
}
