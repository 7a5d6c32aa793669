import { ActionRow, backAction } from '../../components/ActionRow.js';
import { PromptLine } from '../../components/PromptLine.js';
import { TicketIcon, WarningIcon } from '../../components/icons.js';
import type { ScreenProps } from '../types.js';

/** No appointment today, or the branch cannot be asked: say which, and offer a walk-in ticket. */
export function AppointmentNotFoundScreen({ view, send, t }: ScreenProps<'appointmentNotFound'>) {
  const said = (
    {
      noneToday: 'appointment.noneToday',
      noneTodayByCard: 'appointment.noneTodayByCard',
      unreachable: 'appointment.unreachable',
    } as const
  )[view.reason];
  return (
    <section
      className="screen screen--centered"
      data-testid="screen-appointmentNotFound"
      data-reason={view.reason}
      aria-labelledby="appointment-not-found-title"
    >
      <WarningIcon className="icon screen__icon" />
      <h1 id="appointment-not-found-title" className="headline">
        {t('appointment.title')}
      </h1>
      <p className="body-text" data-testid="appointment-reason">
        {t(said)}
      </p>
      <PromptLine view={view} shown={[said, 'appointment.title']} />
      <ActionRow
        className="appointment-footer"
        actions={[
          backAction({ label: 'appointment.tryAgain' }),
          {
            testId: 'walk-in',
            label: 'appointment.walkIn',
            command: { type: 'TAKE_WALK_IN_TICKET' },
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
