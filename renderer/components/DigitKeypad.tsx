/**
 * An on-screen digit keypad (appointment code, ticket number, staff PIN): optional letter keys
 * first (a queue's prefixes), the ten digits in two rows, and an erase key. It only reports the
 * key pressed: what was typed lives in the host, like every other input.
 */
import './keyboard.css';

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'] as const;

export interface DigitKeypadProps {
  /** Names the group for assistive technology. */
  readonly label: string;
  readonly eraseLabel: string;
  readonly onKey: (text: string) => void;
  readonly onErase: () => void;
  /** Keys shown above the digits (e.g. the branch's ticket prefixes). */
  readonly letters?: readonly string[];
  /** Test ids are `<testIdPrefix>-<key>` and `<testIdPrefix>-erase`. Default `key`. */
  readonly testIdPrefix?: string;
  readonly disabled?: boolean;
}

export function DigitKeypad({
  label,
  eraseLabel,
  onKey,
  onErase,
  letters = [],
  testIdPrefix = 'key',
  disabled = false,
}: DigitKeypadProps) {
  const key = (text: string) => (
    <button
      key={text}
      type="button"
      className="keyboard__key"
      data-testid={`${testIdPrefix}-${text}`}
      disabled={disabled}
      onClick={() => onKey(text)}
    >
      {text}
    </button>
  );
  return (
    <div className="keyboard keyboard--digits" role="group" aria-label={label}>
      {letters.length > 0 ? <div className="keyboard__row">{letters.map(key)}</div> : null}
      <div className="keyboard__row">{DIGITS.slice(0, 5).map(key)}</div>
      <div className="keyboard__row">{DIGITS.slice(5).map(key)}</div>
      <div className="keyboard__row">
        <button
          type="button"
          className="keyboard__key keyboard__key--erase"
          data-testid={`${testIdPrefix}-erase`}
          disabled={disabled}
          onClick={onErase}
        >
          {eraseLabel}
        </button>
      </div>
    </div>
  );
}
