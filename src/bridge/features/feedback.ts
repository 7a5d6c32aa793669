/**
 * The feedback flow's commands and screens. Imported by the renderer: no Node, no DOM.
 *
 * The comment is typed on the kiosk's own keyboard, one key a command, so the text lives in the
 * host (cleared with the session like every other trace of the customer), never in the page.
 */
import { z } from 'zod';
import {
  FEEDBACK_CATEGORIES,
  FeedbackCategorySchema,
  MAX_FEEDBACK_COMMENT_LENGTH,
} from '../../contract/sync.js';
import { ViewBaseSchema } from '../common.js';

export { FEEDBACK_CATEGORIES, MAX_FEEDBACK_COMMENT_LENGTH };

const Rating = z.int().min(1).max(5);

export const FeedbackCommandSchemas = [
  // "Rate us" on a flow's end screen: the flow ends into the feedback flow (never required).
  z.object({ type: z.literal('RATE_US') }),
  z.object({ type: z.literal('RATE_SERVICE'), rating: Rating }),
  z.object({ type: z.literal('SKIP_RATING') }),
  z.object({ type: z.literal('CHOOSE_FEEDBACK_CATEGORY'), category: FeedbackCategorySchema }),
  // One key of the on-screen keyboard (a letter, a digit, a space, a punctuation mark), or what
  // the pinyin input inserts at once: a chosen character or word, at most 4 characters.
  z.object({ type: z.literal('TYPE_FEEDBACK_TEXT'), text: z.string().min(1).max(4) }),
  z.object({ type: z.literal('ERASE_FEEDBACK_TEXT') }),
  z.object({ type: z.literal('SUBMIT_FEEDBACK') }),
] as const;

export const FeedbackScreenSchemas = [
  // How satisfied were you? 1–5, or skip.
  ViewBaseSchema.extend({ screen: z.literal('feedbackRating'), rating: Rating.nullable() }),
  // A suggestion, complaint or praise (optional), then send.
  ViewBaseSchema.extend({
    screen: z.literal('feedbackComment'),
    rating: Rating.nullable(),
    category: FeedbackCategorySchema.nullable(),
    text: z.string().max(MAX_FEEDBACK_COMMENT_LENGTH),
    maxLength: z.int().positive(),
    /** A rating or a categorised, non-empty comment: something to send. */
    canSubmit: z.boolean(),
  }),
  // Thank you (or: it could not be saved, nothing else to do).
  ViewBaseSchema.extend({
    screen: z.literal('feedbackThanks'),
    status: z.enum(['saving', 'saved', 'notSaved']),
  }),
] as const;
