-- 0005: guide assistance (issue 8). A customer's call for a lobby guide, and the audit log of
-- the staff PIN that unlocks assisted mode: every use (accepted, rejected, locked out), never
-- the PIN. Each row is sent to the branch service through the outbox ('guide.called',
-- 'guide.audit'), appended in the same transaction.
--
-- Append-only once released (see 0001). The runner wraps this file in its own transaction.

CREATE TABLE guide_calls (
  id          TEXT PRIMARY KEY,                 -- UUIDv7, also the idempotency key upstream
  kiosk_id    TEXT NOT NULL,
  called_at   TEXT NOT NULL,                    -- ISO 8601 instant (UTC)
  service_day TEXT NOT NULL                     -- branch-local calendar day, YYYY-MM-DD
) STRICT;

CREATE TABLE guide_audit (
  id           TEXT PRIMARY KEY,                -- UUIDv7, also the idempotency key upstream
  kiosk_id     TEXT NOT NULL,
  outcome      TEXT NOT NULL CHECK (outcome IN ('accepted', 'rejected', 'lockedOut')),
  -- Consecutive failures after this use: 0 once a PIN is accepted.
  failures     INTEGER NOT NULL CHECK (failures >= 0),
  locked_until TEXT,                            -- ISO 8601 instant, or NULL when not locked
  at           TEXT NOT NULL,                   -- ISO 8601 instant (UTC)
  service_day  TEXT NOT NULL
) STRICT;

CREATE INDEX guide_audit_day ON guide_audit (service_day);
