-- 0006: personal data at rest (issue 7, PIPL). The feedback comment is stored sealed
-- (AES-256-GCM under the device key, src/store/personal-data.ts: 'pd1.<key id>.<nonce>.<data>'),
-- which is longer than the 500 characters the customer may type, and it is purged (set to NULL,
-- comment_purged_at set) a configured time after the branch service acknowledged it
-- (src/store/personal-data-purge.ts). SQLite cannot change a CHECK in place, so the table is
-- rebuilt with the same rows; comments written before this migration are sealed by the store at
-- its next open.
--
-- Append-only once released (see 0001). The runner wraps this file in its own transaction.

CREATE TABLE feedback_0006 (
  id                TEXT PRIMARY KEY,           -- UUIDv7, also the idempotency key upstream
  kiosk_id          TEXT NOT NULL,
  business_type_id  TEXT,
  rating            INTEGER CHECK (rating BETWEEN 1 AND 5),
  category          TEXT CHECK (category IN ('suggestion', 'complaint', 'praise')),
  -- Sealed: 500 typed characters are at most 1,500 UTF-8 bytes, about 2,060 sealed characters.
  comment           TEXT CHECK (length(comment) <= 4096),
  comment_purged_at TEXT,                       -- ISO 8601 instant (UTC) the comment was purged
  submitted_at      TEXT NOT NULL,              -- ISO 8601 instant (UTC)
  service_day       TEXT NOT NULL,              -- branch-local calendar day, YYYY-MM-DD
  CHECK (comment_purged_at IS NULL OR comment IS NULL),
  -- Until purged: a comment always has its category, and feedback says something.
  CHECK (comment_purged_at IS NOT NULL OR (category IS NULL) = (comment IS NULL)),
  CHECK (comment_purged_at IS NOT NULL OR rating IS NOT NULL OR comment IS NOT NULL)
) STRICT;

INSERT INTO feedback_0006 (id, kiosk_id, business_type_id, rating, category, comment,
    submitted_at, service_day)
  SELECT id, kiosk_id, business_type_id, rating, category, comment, submitted_at, service_day
  FROM feedback;

DROP TABLE feedback;
ALTER TABLE feedback_0006 RENAME TO feedback;
CREATE INDEX feedback_day ON feedback (service_day);
