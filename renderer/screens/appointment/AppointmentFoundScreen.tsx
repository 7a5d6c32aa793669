import { PromptLine } from '../../components/PromptLine.js';
import { BackIcon, CheckIcon, TicketIcon } from '../../components/icons.js';
import type { ScreenProps } from '../types.js';

/** Today's appointment: its service and slot, and the priority ticket one tap away. */
export function AppointmentFoundScreen({ view, send, t }: ScreenProps<'appointmentFound'>) {
  return (
    <section
      className="screen screen--centered"
      data-testid="screen-appointmentFound"
      aria-labelledby="appointment-found-title"
    >
      <CheckIcon className="icon screen__icon" />
      <h1 id="appointment-found-title" className="headline">
        {t('appointment.found')}
      </h1>
      <p className="body-text" data-testid="appointment-business-type">
        {view.businessTypeName}
      </p>
      <p className="body-text" data-testid="appointment-slot">
        {t('appointment.slot', { slot: view.timeSlot })}
      </p>
      <PromptLine view={view} shown={['appointment.found']} />
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
        <button
          type="button"
          className="action action--primary"
          data-testid="take-appointment-ticket"
          onClick={() => send({ type: 'TAKE_APPOINTMENT_TICKET' })}
        >
          <TicketIcon />
          <span>{t('appointment.takeTicket')}</span>
        </button>
      </div>
    </section>
  );
}
