-- 0005: customer feedback given at the kiosk after a flow: an optional 1–5 rating and an
-- optional suggestion or complaint (category + text). Each row is sent to the branch service
-- through the outbox ('feedback.submitted'), appended in the same transaction.
--
-- Append-only once released (see 0001). The runner wraps this file in its own transaction.

CREATE TABLE feedback (
  id               TEXT PRIMARY KEY,            -- UUIDv7, also the idempotency key upstream
  kiosk_id         TEXT NOT NULL,
  -- The business type of the flow the customer just finished, when there was one.
  business_type_id TEXT,
  rating           INTEGER CHECK (rating BETWEEN 1 AND 5),
  category         TEXT CHECK (category IN ('suggestion', 'complaint', 'praise')),
  comment          TEXT CHECK (length(comment) <= 500),
  submitted_at     TEXT NOT NULL,               -- ISO 8601 instant (UTC)
  service_day      TEXT NOT NULL,               -- branch-local calendar day, YYYY-MM-DD
  -- A comment always has its category, and feedback says something: a rating or a comment.
  CHECK ((category IS NULL) = (comment IS NULL)),
  CHECK (rating IS NOT NULL OR comment IS NOT NULL)
) STRICT;

CREATE INDEX feedback_day ON feedback (service_day);
