import { ActionRow, backAction } from '../../components/ActionRow.js';
import { PromptLine } from '../../components/PromptLine.js';
import { CheckIcon, TicketIcon } from '../../components/icons.js';
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
      <ActionRow
        className="appointment-footer"
        actions={[
          backAction(),
          {
            testId: 'take-appointment-ticket',
            label: 'appointment.takeTicket',
            command: { type: 'TAKE_APPOINTMENT_TICKET' },
            primary: true,
            icon: TicketIcon,
          },
        ]}
        send={send}
        t={t}
      />
    </section>
  );
}
