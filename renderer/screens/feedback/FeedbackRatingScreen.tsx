import { ActionRow } from '../../components/ActionRow.js';
import { PromptLine } from '../../components/PromptLine.js';
import type { ScreenProps } from '../types.js';

const RATINGS = [1, 2, 3, 4, 5] as const;

/** How satisfied were you? Five large buttons, each with its number and its words. Optional. */
export function FeedbackRatingScreen({ view, send, t }: ScreenProps<'feedbackRating'>) {
  return (
    <section
      className="screen screen--feedback"
      data-testid="screen-feedbackRating"
      aria-labelledby="rating-title"
    >
      <h1 id="rating-title" className="headline">
        {t('feedback.ratingTitle')}
      </h1>
      <PromptLine view={view} shown={['feedback.ratingTitle']} />
      <ul className="feedback-ratings">
        {RATINGS.map((rating) => (
          <li key={rating}>
            <button
              type="button"
              className="card-button feedback-rating"
              data-testid={`rating-${rating}`}
              aria-pressed={view.rating === rating}
              onClick={() => send({ type: 'RATE_SERVICE', rating })}
            >
              <span className="feedback-rating__number" aria-hidden="true">
                {rating}
              </span>
              <span className="card-button__label">{t(`feedback.rating.${rating}`)}</span>
            </button>
          </li>
        ))}
      </ul>
      <ActionRow
        className="feedback-footer"
        actions={[
          { testId: 'skip-rating', label: 'feedback.skipRating', command: { type: 'SKIP_RATING' } },
        ]}
        finish
        send={send}
        t={t}
      />
    </section>
  );
}
