-- 0008: ticket priorities as rows, and 'disability' among them (issue 8: a lobby guide marks a
-- customer who needs priority for a disability, in assisted mode).
--
-- 0003 fixed the priorities in a CHECK (none, senior), which SQLite cannot change without
-- rebuilding the table. So this migration rebuilds tickets once, with the column referencing
-- ticket_priorities instead: a later priority (e.g. 'appointment') is one INSERT in its own
-- migration, never another rebuild. Every row, column and index is kept as it was; nothing
-- references tickets, so the table can be replaced inside the runner's transaction.
--
-- Append-only: never edit this file once released; put a change in a new NNNN_name.sql file.

CREATE TABLE ticket_priorities (
  priority TEXT PRIMARY KEY CHECK (priority GLOB '[a-z]*')
) STRICT, WITHOUT ROWID;
INSERT INTO ticket_priorities (priority) VALUES ('none'), ('senior'), ('disability');

CREATE TABLE tickets_0008 (
  id               TEXT PRIMARY KEY,            -- UUIDv7, also the idempotency key upstream
  number           TEXT NOT NULL,               -- what the customer sees, e.g. 'A023'
  sequence         INTEGER NOT NULL,            -- counter value behind number (number wraps at 999)
  business_type_id TEXT NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('reserved', 'issued')),
  delivery         TEXT CHECK (delivery IN ('printed', 'screen')),
  waiting_ahead    INTEGER NOT NULL CHECK (waiting_ahead >= 0),
  reserved_at      TEXT NOT NULL,               -- ISO 8601 instant (UTC)
  issued_at        TEXT,                        -- ISO 8601 instant (UTC)
  kiosk_id         TEXT NOT NULL,
  service_day      TEXT NOT NULL,               -- branch-local calendar day, YYYY-MM-DD
  issued_offline   INTEGER NOT NULL DEFAULT 0 CHECK (issued_offline IN (0, 1)),
  voided_at        TEXT CHECK (voided_at IS NULL OR status = 'reserved'),
  priority         TEXT NOT NULL DEFAULT 'none' REFERENCES ticket_priorities (priority),
  customer_key     TEXT
    CHECK (customer_key IS NULL OR (length(customer_key) = 64 AND customer_key NOT GLOB '*[^0-9a-f]*')),
  -- An issued ticket always says when and how the customer got it; a reserved one says neither.
  CHECK ((status = 'issued') = (issued_at IS NOT NULL AND delivery IS NOT NULL)),
  CHECK (status = 'issued' OR (issued_at IS NULL AND delivery IS NULL))
) STRICT;

INSERT INTO tickets_0008 (id, number, sequence, business_type_id, status, delivery, waiting_ahead,
  reserved_at, issued_at, kiosk_id, service_day, issued_offline, voided_at, priority, customer_key)
SELECT id, number, sequence, business_type_id, status, delivery, waiting_ahead,
  reserved_at, issued_at, kiosk_id, service_day, issued_offline, voided_at, priority, customer_key
FROM tickets;

DROP TABLE tickets;
ALTER TABLE tickets_0008 RENAME TO tickets;

CREATE UNIQUE INDEX tickets_day_type_sequence ON tickets (service_day, business_type_id, sequence);
CREATE INDEX tickets_day_type_status ON tickets (service_day, business_type_id, status);
CREATE INDEX tickets_unsettled ON tickets (reserved_at) WHERE status = 'reserved' AND voided_at IS NULL;
CREATE INDEX tickets_customer_day_type ON tickets (customer_key, service_day, business_type_id)
  WHERE customer_key IS NOT NULL;
