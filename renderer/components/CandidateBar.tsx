/**
 * The pinyin input's candidate bar: the letters being composed (split into syllables) above the
 * characters and words they can become, a page at a time. Draws a CandidatePage; every tap is
 * reported to the keyboard, which owns the composition.
 */
import type { CandidatePage } from '../input-method/composition.js';
import type { Translate } from '../i18n.js';

interface CandidateBarProps {
  readonly shown: CandidatePage | null;
  readonly enabled: boolean;
  readonly onChoose: (index: number) => void;
  readonly onPage: (direction: 'previousPage' | 'nextPage') => void;
  readonly t: Translate;
}

/** "yin'hang", as a phone shows the syllables it heard. */
function spelled(shown: CandidatePage): string {
  return shown.segments.map((s) => s.letters).join("'");
}

export function CandidateBar({ shown, enabled, onChoose, onPage, t }: CandidateBarProps) {
  const composing = shown !== null && shown.segments.length > 0;
  return (
    <div className="ime" data-testid="pinyin-bar">
      <p className="ime__composition">
        {composing ? (
          <>
            <span className="ime__label">{t('feedback.pinyinTyped')}</span>{' '}
            <span className="ime__letters" data-testid="pinyin-letters" lang="en">
              {spelled(shown)}
            </span>
          </>
        ) : null}
      </p>
      {composing ? (
        <div className="ime__candidates" role="group" aria-label={t('feedback.candidates')}>
          <button
            type="button"
            className="ime__page"
            data-testid="candidates-previous"
            disabled={!enabled || !shown.hasPrevious}
            onClick={() => onPage('previousPage')}
          >
            {t('feedback.previousCandidates')}
          </button>
          {shown.candidates.length === 0 ? (
            <p className="ime__none">{t('feedback.noCandidates')}</p>
          ) : (
            shown.candidates.map((candidate, index) => (
              <button
                key={`${shown.page}-${index}`}
                type="button"
                className="ime__candidate"
                data-testid={`candidate-${index}`}
                lang="zh-CN"
                disabled={!enabled}
                onClick={() => onChoose(index)}
              >
                {candidate.text}
              </button>
            ))
          )}
          <button
            type="button"
            className="ime__page"
            data-testid="candidates-next"
            disabled={!enabled || !shown.hasNext}
            onClick={() => onPage('nextPage')}
          >
            {t('feedback.nextCandidates')}
          </button>
        </div>
      ) : null}
    </div>
  );
}
