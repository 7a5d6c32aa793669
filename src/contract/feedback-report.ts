/**
 * Customer feedback in the contract: the 'feedback.submitted' payload a kiosk sends (its item
 * schema is in ./sync.ts with the other outbox kinds), and the branch service's feedback report
 * (issue 8): the average satisfaction rating per business type over a range of branch-local
 * days, for the branch manager. Shared by the service and any client that reads the report; no
 * Node and no DOM here.
 */
import { z } from 'zod';
import {
  CalendarDay,
  Identifier,
  Instant,
  nonEmptyText,
  say,
  Uuid,
  type Immutable,
} from './fields.js';

/** What a customer's comment is about; the branch sorts its feedback by it. */
export const FEEDBACK_CATEGORIES = ['suggestion', 'complaint', 'praise'] as const;
export const FeedbackCategorySchema = z.enum(FEEDBACK_CATEGORIES, {
  error: `must be one of ${FEEDBACK_CATEGORIES.join(', ')}`,
});
export type FeedbackCategory = z.infer<typeof FeedbackCategorySchema>;
/** Longest comment a customer can type on the kiosk's keyboard. */
export const MAX_FEEDBACK_COMMENT_LENGTH = 500;

/**
 * Payload of kind 'feedback.submitted': an optional 1–5 rating and an optional comment, given
 * after a flow (of a business type, when the flow had one). At least one of the two is present.
 * Loose like the ticket's, so a newer kiosk's fields are kept.
 */
export const FeedbackSubmittedPayloadSchema = z
  .looseObject(
    {
      id: Uuid,
      kioskId: Identifier,
      businessTypeId: Identifier.nullable(),
      rating: z
        .int({ error: say('must be an integer from 1 to 5, or null') })
        .min(1, { error: 'must be an integer from 1 to 5, or null' })
        .max(5, { error: 'must be an integer from 1 to 5, or null' })
        .nullable(),
      category: FeedbackCategorySchema.nullable(),
      comment: nonEmptyText(MAX_FEEDBACK_COMMENT_LENGTH).nullable(),
      submittedAt: Instant,
      /** YYYY-MM-DD, the branch's calendar day. */
      serviceDay: CalendarDay,
    },
    { error: say('must be an object (the feedback)') },
  )
  .refine((f) => (f.category === null) === (f.comment === null), {
    error: 'must give a category with a comment, and no category without one',
  })
  .refine((f) => f.rating !== null || f.comment !== null, {
    error: 'must carry a rating or a comment',
  });
export type FeedbackSubmittedPayload = Immutable<z.infer<typeof FeedbackSubmittedPayloadSchema>>;

export const FeedbackReportQuerySchema = z.object({
  /** First branch-local day included (YYYY-MM-DD); default: no lower bound. */
  from: CalendarDay.optional(),
  /** Last branch-local day included; default: no upper bound. */
  to: CalendarDay.optional(),
});
export type FeedbackReportQuery = z.infer<typeof FeedbackReportQuerySchema>;

export const FeedbackReportRowSchema = z.object({
  /** null: feedback given after a flow without a business type (a query, for example). */
  businessTypeId: Identifier.nullable(),
  /** How many feedback items carried a rating. */
  ratings: z.int().nonnegative(),
  /** Mean of those ratings, two decimals; null when none carried one. */
  averageRating: z.number().min(1).max(5).nullable(),
  /** How many carried a suggestion, complaint or praise. */
  comments: z.int().nonnegative(),
});
export type FeedbackReportRow = Immutable<z.infer<typeof FeedbackReportRowSchema>>;

export const FeedbackReportSchema = z.object({
  from: CalendarDay.nullable(),
  to: CalendarDay.nullable(),
  rows: z.array(FeedbackReportRowSchema),
});
export type FeedbackReport = Immutable<z.infer<typeof FeedbackReportSchema>>;
