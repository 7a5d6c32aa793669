/**
 * The feedback feature's part of the store: its table (migrations/0004_feedback.sql) and its one
 * write, which appends the 'feedback.submitted' outbox item in the same transaction, so the
 * branch service learns of every stored feedback and of nothing that was rolled back.
 *
 * The comment is a customer's own words: the table keeps it sealed under the device key
 * (./personal-data.ts, the row id as associated data). The outbox item carries it in clear, for
 * the branch service over TLS, until the purge (./personal-data-purge.ts) removes it from both a
 * configured time after the branch acknowledged it.
 */
import {
  FEEDBACK_CATEGORIES,
  FeedbackSubmittedPayloadSchema,
  MAX_FEEDBACK_COMMENT_LENGTH,
  type FeedbackCategory,
  type FeedbackSubmittedPayload,
} from '../contract/sync.js';
import { localDay } from '../domain/local-time.js';
import { uuidv7 } from '../uuidv7.js';
import { StoreError } from './errors.js';
import { appendOutbox } from './outbox.js';
import type { StoreContext } from './transaction.js';

/** The outbox kind the branch service files feedback under. */
export const FEEDBACK_SUBMITTED = 'feedback.submitted';

export interface FeedbackInput {
  /** The business type of the flow the customer just finished, if any. */
  readonly businessTypeId: string | null;
  /** 1–5, or null when the customer gave no rating. */
  readonly rating: number | null;
  /** A suggestion, complaint or praise, or null. */
  readonly comment: { readonly category: FeedbackCategory; readonly text: string } | null;
}

export type StoredFeedback = FeedbackSubmittedPayload;

export interface FeedbackStore {
  /** Stores the feedback and queues it for the branch service, in one transaction. */
  submitFeedback(input: FeedbackInput): StoredFeedback;
  /** The comment stored with a feedback, opened; null when there was none or it was purged. */
  storedComment(feedbackId: string): string | null;
}

function invalid(message: string): never {
  throw new StoreError('INVALID_ARGUMENT', `submitFeedback: ${message}`);
}

/** Refuses what the table or the contract would refuse, before anything is written. */
function checkInput({ rating, comment }: FeedbackInput): void {
  if (rating !== null && !(Number.isInteger(rating) && rating >= 1 && rating <= 5)) {
    invalid(`the rating must be an integer from 1 to 5 or null, got ${JSON.stringify(rating)}.`);
  }
  if (comment !== null) {
    if (!FEEDBACK_CATEGORIES.includes(comment.category)) {
      invalid(`the category must be one of ${FEEDBACK_CATEGORIES.join(', ')}.`);
    }
    if (comment.text.trim() === '' || comment.text.length > MAX_FEEDBACK_COMMENT_LENGTH) {
      invalid(`the comment must hold 1 to ${MAX_FEEDBACK_COMMENT_LENGTH} characters.`);
    }
  }
  if (rating === null && comment === null) invalid('give a rating or a comment (or nothing).');
}

export function createFeedbackStore({ db, write, personalData }: StoreContext): FeedbackStore {
  const insert = db.prepare(
    `INSERT INTO feedback (id, kiosk_id, business_type_id, rating, category, comment,
       submitted_at, service_day)
     VALUES (@id, @kioskId, @businessTypeId, @rating, @category, @comment, @submittedAt,
       @serviceDay)`,
  );
  const commentOf = db.prepare('SELECT comment FROM feedback WHERE id = ?').pluck();
  return {
    submitFeedback(input) {
      checkInput(input);
      return write((tx) => {
        const feedback: StoredFeedback = FeedbackSubmittedPayloadSchema.parse({
          id: uuidv7(tx.now.getTime()),
          kioskId: tx.kioskId,
          businessTypeId: input.businessTypeId,
          rating: input.rating,
          category: input.comment?.category ?? null,
          comment: input.comment?.text.trim() ?? null,
          submittedAt: tx.now.toISOString(),
          serviceDay: localDay(tx.now),
        });
        insert.run({
          ...feedback,
          comment:
            feedback.comment === null ? null : personalData.seal(feedback.comment, feedback.id),
        });
        appendOutbox(tx, FEEDBACK_SUBMITTED, feedback);
        return feedback;
      });
    },
    storedComment(feedbackId) {
      const sealed = commentOf.get(feedbackId) as string | null | undefined;
      return sealed == null ? null : personalData.open(sealed, feedbackId);
    },
  };
}
