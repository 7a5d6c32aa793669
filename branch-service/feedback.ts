/**
 * Customer feedback at the branch service: storing a kiosk's 'feedback.submitted' items, and the
 * report of the average rating per business type.
 *
 * The item itself is the record (kiosk_items, keyed by its UUIDv7): feedback is never updated, so
 * no table of its own is needed, and a re-sent item is held once like every other kind.
 */
import type { FeedbackReport, FeedbackReportQuery } from '../src/contract/feedback-report.js';
import type { SqlExecutor } from './db.js';

interface ReportRow {
  business_type_id: string | null;
  ratings: string | number;
  average_rating: string | number | null;
  comments: string | number;
}

/**
 * The average rating per business type over branch-local days `from`..`to` (both included,
 * either open). Rows are ordered by business type id, feedback without one last.
 *
 * For a GET /v1/reports/feedback?from=&to= route (the lead registers it): check the query with
 * FeedbackReportQuerySchema, answer FeedbackReportSchema.
 */
export async function feedbackReport(
  db: SqlExecutor,
  query: FeedbackReportQuery = {},
): Promise<FeedbackReport> {
  const rows = await db.query<ReportRow>(
    `SELECT payload->>'businessTypeId' AS business_type_id,
            count(payload->'rating') FILTER (WHERE jsonb_typeof(payload->'rating') = 'number')
              AS ratings,
            round(avg((payload->>'rating')::numeric)
              FILTER (WHERE jsonb_typeof(payload->'rating') = 'number'), 2) AS average_rating,
            count(*) FILTER (WHERE jsonb_typeof(payload->'comment') = 'string'
                                OR payload ? 'commentPurgedAt') AS comments
       FROM kiosk_items
      WHERE kind = 'feedback.submitted'
        AND ($1::date IS NULL OR (payload->>'serviceDay')::date >= $1::date)
        AND ($2::date IS NULL OR (payload->>'serviceDay')::date <= $2::date)
      GROUP BY 1
      ORDER BY 1 NULLS LAST`,
    [query.from ?? null, query.to ?? null],
  );
  return {
    from: query.from ?? null,
    to: query.to ?? null,
    rows: rows.map((r) => ({
      businessTypeId: r.business_type_id,
      ratings: Number(r.ratings),
      averageRating: r.average_rating === null ? null : Number(r.average_rating),
      comments: Number(r.comments),
    })),
  };
}
