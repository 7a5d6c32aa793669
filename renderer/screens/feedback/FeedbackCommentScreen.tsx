import { ActionRow, backAction } from '../../components/ActionRow.js';
import { OnScreenKeyboard } from '../../components/OnScreenKeyboard.js';
import { PromptLine } from '../../components/PromptLine.js';
import { FEEDBACK_CATEGORIES } from '../../../src/bridge/features/feedback.js';
import type { ScreenProps } from '../types.js';

/**
 * A suggestion, complaint or praise, typed on the kiosk's keyboard (pinyin for Chinese); then
 * send. Optional.
 */
export function FeedbackCommentScreen({ view, send, t }: ScreenProps<'feedbackComment'>) {
  return (
    <section
      className="screen screen--feedback"
      data-testid="screen-feedbackComment"
      aria-labelledby="comment-title"
    >
      <h1 id="comment-title" className="headline">
        {t('feedback.commentTitle')}
      </h1>
      <PromptLine view={view} shown={['feedback.commentTitle']} />
      {view.rating !== null ? (
        <p className="body-text" data-testid="your-rating">
          {t('feedback.yourRating', { rating: view.rating })}
        </p>
      ) : null}
      <div className="feedback-categories" role="group" aria-label={t('feedback.chooseCategory')}>
        {FEEDBACK_CATEGORIES.map((category) => (
          <button
            key={category}
            type="button"
            className="action action--secondary feedback-category"
            data-testid={`category-${category}`}
            aria-pressed={view.category === category}
            onClick={() => send({ type: 'CHOOSE_FEEDBACK_CATEGORY', category })}
          >
            {t(`feedback.category.${category}`)}
          </button>
        ))}
      </div>
      <h2 id="feedback-text-label" className="feedback-text__label">
        {t('feedback.textLabel')}
      </h2>
      <p
        className="feedback-text"
        data-testid="feedback-text"
        aria-labelledby="feedback-text-label"
      >
        {view.text}
      </p>
      {/* Two sentences, two lines: run together they read as one in either language. */}
      <p className="feedback-hint">
        {view.category === null
          ? t('feedback.chooseCategory')
          : t('feedback.charactersLeft', { count: view.maxLength - view.text.length })}
        <br />
        {t('feedback.keyboardHint')}
      </p>
      <OnScreenKeyboard
        t={t}
        language={view.language}
        elder={view.elder ?? false}
        enabled={view.category !== null}
        room={view.maxLength - view.text.length}
        onInsert={(text) => send({ type: 'TYPE_FEEDBACK_TEXT', text })}
        onErase={() => send({ type: 'ERASE_FEEDBACK_TEXT' })}
      />
      <ActionRow
        className="feedback-footer"
        actions={[
          backAction(),
          {
            testId: 'submit-feedback',
            label: 'feedback.submit',
            command: { type: 'SUBMIT_FEEDBACK' },
            primary: true,
            disabled: !view.canSubmit,
          },
          // Leaving here drops the rating just given: said so, and not the filled "done" of an
          // end screen, which a customer takes for "send".
          {
            testId: 'finish',
            label: 'feedback.leaveWithoutSending',
            command: { type: 'FINISH' },
          },
        ]}
        send={send}
        t={t}
      />
    </section>
  );
}
