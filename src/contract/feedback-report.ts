/**
 * The branch service's feedback report (issue 8): the average satisfaction rating per business
 * type over a range of branch-local days, for the branch manager. Shared by the service and any
 * client that reads the report; no Node and no DOM here.
 */
import { z } from 'zod';
import { CalendarDay, Identifier, type Immutable } from './fields.js';

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
