import { ActionRow, backAction } from '../../components/ActionRow.js';
import { PromptLine } from '../../components/PromptLine.js';
import { DigitKeypad } from '../../components/DigitKeypad.js';
import type { ScreenProps } from '../types.js';

/** The staff PIN on a digit keypad: dots for the digits typed, never the digits. */
export function GuidePinScreen({ view, send, t }: ScreenProps<'guidePin'>) {
  return (
    <section
      className="screen screen--guide"
      data-testid="screen-guidePin"
      aria-labelledby="guide-pin-title"
    >
      <h1 id="guide-pin-title" className="headline">
        {t('guide.pinTitle')}
      </h1>
      <PromptLine view={view} shown={['guide.pinTitle']} />
      <p
        className="guide-pin"
        data-testid="pin-dots"
        role="status"
        aria-label={t('guide.pinDigits', { count: view.pinLength })}
      >
        {'●'.repeat(view.pinLength) || '\u00a0'}
      </p>
      <DigitKeypad
        label={t('guide.pinKeypad')}
        eraseLabel={t('guide.pinErase')}
        testIdPrefix="pin"
        disabled={view.checking}
        onKey={(digit) => send({ type: 'PIN_DIGIT', digit })}
        onErase={() => send({ type: 'PIN_ERASE' })}
      />
      <ActionRow
        className="guide-footer"
        actions={[
          backAction({ disabled: view.checking }),
          {
            testId: 'pin-submit',
            label: view.checking ? 'guide.checking' : 'guide.pinSubmit',
            command: { type: 'PIN_SUBMIT' },
            primary: true,
            disabled: !view.canSubmit,
          },
        ]}
        send={send}
        t={t}
      />
    </section>
  );
}
