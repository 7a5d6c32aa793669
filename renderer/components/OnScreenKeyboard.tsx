import { useMemo, useState } from 'react';
import type { Language } from '../../src/domain/business-type.js';
import type { Translate } from '../i18n.js';
import {
  candidatePage,
  initialComposition,
  press,
  type Composition,
  type KeyPress,
  type KeyboardMode,
  type KeyboardOutput,
} from '../input-method/composition.js';
import { isLetterKey, KEY_ROWS, KEYBOARD_MODES } from '../input-method/layouts.js';
import { pinyinDictionary } from '../input-method/pinyin-dictionary.js';
import { CandidateBar } from './CandidateBar.js';
import './keyboard.css';

/** Candidates per page: fewer and larger in elder mode (design.md §7). */
const PAGE_SIZE = { normal: 6, elder: 4 } as const;

interface OnScreenKeyboardProps {
  readonly t: Translate;
  /** The session language: Chinese customers start in pinyin, English ones with letters. */
  readonly language: Language;
  readonly elder: boolean;
  /** False until typing makes sense (the host refuses keys then anyway). */
  readonly enabled: boolean;
  /** Characters the text can still take; a candidate that does not fit is not taken. */
  readonly room: number;
  /** Text to add to what the host holds (a key, a space, a chosen character or word). */
  readonly onInsert: (text: string) => void;
  /** Remove the last character the host holds. */
  readonly onErase: () => void;
}

/**
 * A touch keyboard with a pinyin input method. The text typed lives in the host, one command per
 * insert, so nothing the customer typed stays in the page after the session resets; only the
 * pinyin letters being composed stay here (the input method's state, ../input-method/), until the
 * customer picks what they become.
 */
export function OnScreenKeyboard(props: OnScreenKeyboardProps) {
  const { t, language, elder, enabled, room, onInsert, onErase } = props;
  const [composition, setComposition] = useState<Composition>(() =>
    initialComposition(language === 'zh-CN' ? 'pinyin' : 'latin'),
  );
  const pageSize = elder ? PAGE_SIZE.elder : PAGE_SIZE.normal;
  const dictionary = composition.mode === 'pinyin' ? pinyinDictionary() : null;
  const shown = useMemo(
    () => (dictionary === null ? null : candidatePage(composition, dictionary, pageSize)),
    [composition, dictionary, pageSize],
  );

  const handle = (key: KeyPress) => {
    const result = press(composition, key, { dictionary: pinyinDictionary(), pageSize, room });
    setComposition(result.composition);
    result.outputs.forEach((output: KeyboardOutput) =>
      output.type === 'insert' ? onInsert(output.text) : onErase(),
    );
  };

  const key = (text: string) => (
    <button
      key={text}
      type="button"
      className="keyboard__key"
      data-testid={`key-${text}`}
      disabled={!enabled}
      onClick={() =>
        handle(isLetterKey(text) ? { type: 'letter', letter: text } : { type: 'text', text })
      }
    >
      {text}
    </button>
  );

  return (
    <div
      className="keyboard"
      role="group"
      aria-label={t('feedback.keyboard')}
      data-testid="keyboard"
      data-mode={composition.mode}
    >
      {composition.mode === 'pinyin' ? (
        <CandidateBar
          shown={shown}
          enabled={enabled}
          onChoose={(index) => handle({ type: 'choose', index })}
          onPage={(type) => handle({ type })}
          t={t}
        />
      ) : null}
      {KEY_ROWS[composition.mode].map((row, r) => (
        <div key={`${composition.mode}-${r}`} className="keyboard__row">
          {row.map(key)}
        </div>
      ))}
      <div className="keyboard__row">
        <div className="keyboard__modes" role="group" aria-label={t('feedback.layouts')}>
          {KEYBOARD_MODES.map((mode: KeyboardMode) => (
            <button
              key={mode}
              type="button"
              className="keyboard__key keyboard__key--mode"
              data-testid={`keyboard-mode-${mode}`}
              aria-pressed={composition.mode === mode}
              onClick={() => handle({ type: 'mode', mode })}
            >
              {t(`feedback.mode.${mode}`)}
            </button>
          ))}
        </div>
        <button
          type="button"
          className="keyboard__key keyboard__key--space"
          data-testid="key-space"
          disabled={!enabled}
          onClick={() => handle({ type: 'space' })}
        >
          {t('feedback.space')}
        </button>
        <button
          type="button"
          className="keyboard__key keyboard__key--erase"
          data-testid="key-erase"
          disabled={!enabled}
          onClick={() => handle({ type: 'erase' })}
        >
          {t('feedback.erase')}
        </button>
      </div>
    </div>
  );
}
