import { PromptLine } from '../../components/PromptLine.js';
import { ClockIcon } from '../../components/icons.js';
import type { ScreenProps } from '../types.js';

/** A calm message while the branch service answers; the host moves on. */
export function AppointmentCheckingInScreen({ view, t }: ScreenProps<'appointmentCheckingIn'>) {
  return (
    <section
      className="screen screen--centered"
      data-testid="screen-appointmentCheckingIn"
      aria-labelledby="appointment-checking-title"
      aria-live="polite"
    >
      <ClockIcon className="icon screen__icon" />
      <h1 id="appointment-checking-title" className="headline">
        {t('appointment.checkingIn')}
      </h1>
      <PromptLine view={view} shown={['appointment.checkingIn']} />
    </section>
  );
}
