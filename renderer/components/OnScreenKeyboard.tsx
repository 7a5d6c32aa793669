import type { ScreenProps } from '../screens/types.js';
import './keyboard.css';

/** The keys, row by row: digits, letters, punctuation. A pinyin input method is not included. */
const ROWS: readonly (readonly string[])[] = [
  ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'],
  ['q', 'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p'],
  ['a', 's', 'd', 'f', 'g', 'h', 'j', 'k', 'l', '?'],
  ['z', 'x', 'c', 'v', 'b', 'n', 'm', ',', '.', '!'],
];

interface OnScreenKeyboardProps extends Pick<ScreenProps, 't'> {
  /** False until typing makes sense (the host refuses keys then anyway). */
  readonly enabled: boolean;
  readonly onKey: (text: string) => void;
  readonly onErase: () => void;
}

/**
 * A touch keyboard: every key is a command to the host, which holds the text, so nothing the
 * customer typed stays in the page after the session resets.
 */
export function OnScreenKeyboard({ enabled, onKey, onErase, t }: OnScreenKeyboardProps) {
  return (
    <div
      className="keyboard"
      role="group"
      aria-label={t('feedback.keyboard')}
      data-testid="keyboard"
    >
      {ROWS.map((row, r) => (
        <div key={r} className="keyboard__row">
          {row.map((key) => (
            <button
              key={key}
              type="button"
              className="keyboard__key"
              data-testid={`key-${key}`}
              disabled={!enabled}
              onClick={() => onKey(key)}
            >
              {key}
            </button>
          ))}
        </div>
      ))}
      <div className="keyboard__row">
        <button
          type="button"
          className="keyboard__key keyboard__key--space"
          data-testid="key-space"
          disabled={!enabled}
          onClick={() => onKey(' ')}
        >
          {t('feedback.space')}
        </button>
        <button
          type="button"
          className="keyboard__key keyboard__key--erase"
          data-testid="key-erase"
          disabled={!enabled}
          onClick={onErase}
        >
          {t('feedback.erase')}
        </button>
      </div>
    </div>
  );
}
