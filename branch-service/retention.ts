/**
 * Personal data at the branch service is kept briefly (PIPL: minimise, keep briefly; design.md
 * §5). What the service holds of a person: the text of feedback comments (free text, which may
 * name someone or give a phone number) and the ID card's customer key on appointments (a keyed
 * hash, still a pseudonymous identifier). Both serve the day they were given: a comment is read
 * by the branch within days, a customer key only matters for checking in on the appointment's
 * day. After `personalDataDays` the comment text and the key are removed; the counts the
 * reports need (ratings, how many comments, appointments) stay.
 *
 * Runs at start and then periodically; every statement is idempotent and touches only rows
 * still holding personal data, so two service instances on one database may both run it.
 */
import type { SqlExecutor } from './db.js';

export interface RetentionPolicy {
  /** Days after receipt (comments) or after the appointment's day (customer keys). */
  readonly personalDataDays: number;
}

/** A month: long enough for a branch to read and answer a complaint, short enough to be brief. */
export const DEFAULT_RETENTION: RetentionPolicy = { personalDataDays: 30 };

/** How often a running service purges: hourly is fine-grained enough for a policy in days. */
export const RETENTION_INTERVAL_MS = 60 * 60 * 1000;

export interface PurgeResult {
  readonly feedbackComments: number;
  readonly appointmentKeys: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Removes personal data older than the policy allows, as of `now`. */
export async function purgePersonalData(
  db: SqlExecutor,
  policy: RetentionPolicy,
  now: Date,
): Promise<PurgeResult> {
  if (!Number.isInteger(policy.personalDataDays) || policy.personalDataDays < 1) {
    throw new Error(
      `personalDataDays must be a whole number of days, at least 1; got ${policy.personalDataDays}.`,
    );
  }
  const cutoff = new Date(now.getTime() - policy.personalDataDays * DAY_MS);
  // The comment becomes null and the moment of the purge is recorded beside it, so the
  // feedback report still counts the comment (./feedback.ts) and an auditor sees why its text
  // is gone. The category stays: it says what the comment was about, not who wrote it.
  const comments = await db.query<{ id: string }>(
    `UPDATE kiosk_items
        SET payload = jsonb_set(payload, '{comment}', 'null'::jsonb)
                      || jsonb_build_object('commentPurgedAt', $2::text)
      WHERE kind = 'feedback.submitted'
        AND jsonb_typeof(payload->'comment') = 'string'
        AND received_at < $1
      RETURNING id`,
    [cutoff.toISOString(), now.toISOString()],
  );
  const keys = await db.query<{ code: string }>(
    `UPDATE appointments SET customer_key = NULL
      WHERE customer_key IS NOT NULL AND service_day < $1::date
      RETURNING code`,
    [cutoff.toISOString().slice(0, 10)],
  );
  return { feedbackComments: comments.length, appointmentKeys: keys.length };
}
