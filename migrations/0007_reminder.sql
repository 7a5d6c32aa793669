-- 0007: the SMS reminder (issue 8). A customer with a ticket asked to be told by SMS when their
-- turn is near. The phone number is personal data (PIPL): stored sealed (AES-256-GCM under the
-- device key, src/store/personal-data.ts), in this row and in the 'reminder.requested' outbox
-- item appended in the same transaction (opened only for the wire), and purged (set to NULL,
-- phone_purged_at set) a configured time after the branch service acknowledged the item
-- (src/store/reminder.ts).
--
-- Append-only once released (see 0001). The runner wraps this file in its own transaction.

CREATE TABLE reminders (
  id                 TEXT PRIMARY KEY,          -- UUIDv7, also the idempotency key upstream
  kiosk_id           TEXT NOT NULL,
  ticket_id          TEXT NOT NULL,                -- the issued ticket (checked by the store)
  ticket_number      TEXT NOT NULL,
  business_type_id   TEXT NOT NULL,
  -- Sealed: 11 digits are about 70 sealed characters; the bound only stops a runaway value.
  phone              TEXT CHECK (length(phone) <= 512),
  phone_purged_at    TEXT,                      -- ISO 8601 instant (UTC) the phone was purged
  remind_when_ahead  INTEGER NOT NULL CHECK (remind_when_ahead BETWEEN 0 AND 50),
  language           TEXT NOT NULL CHECK (language IN ('zh-CN', 'en')),
  requested_at       TEXT NOT NULL,             -- ISO 8601 instant (UTC)
  service_day        TEXT NOT NULL,             -- branch-local calendar day, YYYY-MM-DD
  -- A phone until purged, none after.
  CHECK ((phone IS NULL) = (phone_purged_at IS NOT NULL))
) STRICT;

CREATE INDEX reminders_ticket ON reminders (ticket_id);
