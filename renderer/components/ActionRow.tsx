import type { ComponentType } from 'react';
import type { KioskCommand } from '../../src/bridge/contract.js';
import type { MessageKey } from '../../src/i18n/messages.js';
import type { ScreenProps } from '../screens/types.js';
import { FinishButton } from './FinishButton.js';
import { BackIcon, type IconProps } from './icons.js';

/** One button of a screen's footer: what it says, what it sends, and how it looks. */
export interface RowAction {
  /** The button's `data-testid` (the end-to-end tests and benchmarks find it by it). */
  readonly testId: string;
  readonly label: MessageKey;
  readonly command: KioskCommand;
  /** The main way on is primary (filled); every other is secondary (outlined). */
  readonly primary?: boolean;
  /** An icon before the label (decorative: the label carries the meaning). */
  readonly icon?: ComponentType<IconProps>;
  readonly disabled?: boolean;
}

/** "Back" (or another label for the same command), with its arrow. */
export function backAction(
  options: { readonly label?: MessageKey; readonly disabled?: boolean } = {},
): RowAction {
  return {
    testId: 'back',
    label: options.label ?? 'common.back',
    command: { type: 'BACK' },
    icon: BackIcon,
    ...(options.disabled === undefined ? {} : { disabled: options.disabled }),
  };
}

interface ActionRowProps extends Pick<ScreenProps, 'send' | 't'> {
  /** In order; a `null` or `false` entry (an action this view does not offer) is left out. */
  readonly actions: readonly (RowAction | null | false)[];
  /** "Done" last, the same button as on every end screen. */
  readonly finish?: boolean;
  /** The feature's own footer class (its layout), besides `screen__footer`. */
  readonly className?: string;
}

/** The row of buttons at the foot of a screen: back, the ways on, and "done". */
export function ActionRow({ actions, finish = false, className, send, t }: ActionRowProps) {
  return (
    <div className={className ? `screen__footer ${className}` : 'screen__footer'}>
      {actions.map((action) =>
        action ? <ActionButton key={action.testId} action={action} send={send} t={t} /> : null,
      )}
      {finish ? <FinishButton send={send} t={t} /> : null}
    </div>
  );
}

function ActionButton({
  action,
  send,
  t,
}: Pick<ScreenProps, 'send' | 't'> & { readonly action: RowAction }) {
  const { icon: Icon } = action;
  return (
    <button
      type="button"
      className={action.primary ? 'action action--primary' : 'action action--secondary'}
      data-testid={action.testId}
      disabled={action.disabled}
      onClick={() => send(action.command)}
    >
      {Icon ? (
        <>
          <Icon />
          <span>{t(action.label)}</span>
        </>
      ) : (
        t(action.label)
      )}
    </button>
  );
}
