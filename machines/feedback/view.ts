/** What the customer sees of the feedback flow, one screen per state. Pure. */
import type { SnapshotFrom } from 'xstate';
import { MAX_FEEDBACK_COMMENT_LENGTH } from '../../src/contract/sync.js';
import type { FlowScreen } from '../flow.js';
import { canSubmit, type feedbackMachine } from './machine.js';

export function projectFeedbackFlow(snapshot: SnapshotFrom<typeof feedbackMachine>): FlowScreen {
  const { context } = snapshot;
  if (snapshot.matches('commenting')) {
    return {
      screen: 'feedbackComment',
      prompt: { key: 'feedback.commentTitle' },
      notice: null,
      rating: context.rating,
      category: context.category,
      text: context.text,
      maxLength: MAX_FEEDBACK_COMMENT_LENGTH,
      canSubmit: canSubmit(context),
    };
  }
  if (snapshot.matches('saving')) {
    return { screen: 'feedbackThanks', prompt: { key: 'feedback.saving' }, status: 'saving' };
  }
  if (snapshot.matches('thanked')) {
    return { screen: 'feedbackThanks', prompt: { key: 'feedback.thanks' }, status: 'saved' };
  }
  if (snapshot.matches('notSaved')) {
    return {
      screen: 'feedbackThanks',
      prompt: { key: 'feedback.notSaved' },
      notice: { key: 'feedback.notSaved' },
      status: 'notSaved',
    };
  }
  // Rating (and the instant before the session follows `done`).
  return {
    screen: 'feedbackRating',
    prompt: { key: 'feedback.ratingTitle' },
    notice: null,
    rating: context.rating,
  };
}
