import { BackIcon } from '../../components/icons.js';
import type { ScreenProps } from '../types.js';

/** "Back" on every reminder screen: one step back, never required to go on. */
export function ReminderBackButton({ send, t }: Pick<ScreenProps, 'send' | 't'>) {
  return (
    <button
      type="button"
      className="action action--secondary"
      data-testid="back"
      onClick={() => send({ type: 'BACK' })}
    >
      <BackIcon />
      <span>{t('common.back')}</span>
    </button>
  );
}

/**
 * "No SMS, thanks" while a reminder is still being set up: it leaves as "done" does, but says
 * that no reminder is set, and is not the filled button a customer takes for "confirm".
 */
export function ReminderNoThanksButton({ send, t }: Pick<ScreenProps, 'send' | 't'>) {
  return (
    <button
      type="button"
      className="action action--secondary"
      data-testid="finish"
      onClick={() => send({ type: 'FINISH' })}
    >
      {t('reminder.noThanks')}
    </button>
  );
}

/** A phone number grouped as it is read aloud in China: 139 1234 5678. */
export function groupedPhone(digits: string): string {
  return [digits.slice(0, 3), digits.slice(3, 7), digits.slice(7)].filter(Boolean).join(' ');
}
