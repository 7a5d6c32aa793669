import { ActionRow, backAction } from '../../components/ActionRow.js';
import type { ScreenProps } from '../types.js';

/**
 * "Continue without the card" (and Back), on every screen of the ID card: the customer can always
 * go on with their ticket without it.
 */
export function ContinueWithoutCard({ send, t }: Pick<ScreenProps, 'send' | 't'>) {
  return (
    <ActionRow
      actions={[
        backAction(),
        {
          testId: 'continue-without-id-card',
          label: 'identify.continueWithout',
          command: { type: 'CONTINUE_WITHOUT_ID_CARD' },
        },
      ]}
      send={send}
      t={t}
    />
  );
}
