/** The feedback feature's screens (no menu entry: "rate us" on a flow's end screen starts it). */
import type { ScreenMap } from '../types.js';
import { FeedbackCommentScreen } from './FeedbackCommentScreen.js';
import { FeedbackRatingScreen } from './FeedbackRatingScreen.js';
import { FeedbackThanksScreen } from './FeedbackThanksScreen.js';
import './feedback.css';

export const feedbackScreens: ScreenMap<'feedbackRating' | 'feedbackComment' | 'feedbackThanks'> = {
  feedbackRating: FeedbackRatingScreen,
  feedbackComment: FeedbackCommentScreen,
  feedbackThanks: FeedbackThanksScreen,
};
