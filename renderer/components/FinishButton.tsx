import type { ScreenProps } from '../screens/types.js';

/** "Done": hands the terminal to the next customer. The same button on every end screen. */
export function FinishButton({ send, t }: Pick<ScreenProps, 'send' | 't'>) {
  return (
    <button
      type="button"
      className="action action--primary action--wide"
      data-testid="finish"
      onClick={() => send({ type: 'FINISH' })}
    >
      {t('common.finish')}
    </button>
  );
}
