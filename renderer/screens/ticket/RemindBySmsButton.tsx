import type { ScreenProps } from '../types.js';

/**
 * "Remind me by SMS": optional, after a ticket (printed or not), when the branch offers it
 * (`canRemindBySms`). Starts the reminder flow; nothing is asked before the customer taps.
 */
export function RemindBySmsButton({
  offered,
  send,
  t,
}: { offered: boolean | undefined } & Pick<ScreenProps, 'send' | 't'>) {
  if (offered !== true) return null;
  return (
    <button
      type="button"
      className="action action--secondary action--wide"
      data-testid="remind-by-sms"
      onClick={() => send({ type: 'REMIND_BY_SMS' })}
    >
      {t('reminder.remindMe')}
    </button>
  );
}
