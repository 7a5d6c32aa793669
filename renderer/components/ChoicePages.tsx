import { useState, type ReactElement } from 'react';
import type { Translate } from '../i18n.js';
import { BackIcon, ChevronIcon } from './icons.js';
import './elder.css';

/**
 * At most this many choices on one screen in elder mode (design.md §7: fewer choices per
 * screen); the rest are a large "more" away. Normal mode shows them all.
 */
export const ELDER_CHOICES_PER_PAGE = 4;

export interface ChoicePages<T> {
  /** The choices to draw now. */
  readonly shown: readonly T[];
  /** "Previous", "page 1 of 2", "more"; null when everything fits on one screen. */
  readonly controls: ReactElement | null;
}

/**
 * Fewer choices per screen in elder mode. Pure presentation, so it lives here and not in the
 * host: every choice is still sent by its id, the host's view and prompt do not depend on the
 * page, and a page turn is a touch (which reports activity like any other). The page is this
 * screen's own state: the screen is mounted afresh for each screen and each customer.
 */
export function useChoicePages<T>(
  choices: readonly T[],
  elder: boolean,
  t: Translate,
): ChoicePages<T> {
  const [wanted, setPage] = useState(0);
  if (!elder || choices.length <= ELDER_CHOICES_PER_PAGE) return { shown: choices, controls: null };
  const pages = Math.ceil(choices.length / ELDER_CHOICES_PER_PAGE);
  // The list may shrink under a page (a new configuration): stay on the last one there is.
  const page = Math.min(wanted, pages - 1);
  const start = page * ELDER_CHOICES_PER_PAGE;
  return {
    shown: choices.slice(start, start + ELDER_CHOICES_PER_PAGE),
    controls: (
      <nav className="choice-pages" aria-label={t('paging.position', { page: page + 1, pages })}>
        <button
          type="button"
          className="action action--secondary choice-pages__button"
          data-testid="page-previous"
          disabled={page === 0}
          onClick={() => setPage(page - 1)}
        >
          <BackIcon />
          <span>{t('paging.previous')}</span>
        </button>
        <p className="choice-pages__position" data-testid="page-position" aria-live="polite">
          {t('paging.position', { page: page + 1, pages })}
        </p>
        <button
          type="button"
          className="action action--primary choice-pages__button"
          data-testid="page-more"
          disabled={page === pages - 1}
          onClick={() => setPage(page + 1)}
        >
          <span>{t('paging.more')}</span>
          <ChevronIcon className="icon" />
        </button>
      </nav>
    ),
  };
}
