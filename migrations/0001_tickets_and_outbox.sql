-- 0001: queue tickets, their per-day counters, the outbox towards the branch service, and the
-- cached branch configuration.
--
-- Migrations are append-only: once released, this file must never change (the kiosk records its
-- sha256 and refuses to start when it differs). Put every change in a new NNNN_name.sql file.
-- Do not write BEGIN/COMMIT here: the runner wraps each file in its own transaction.

-- Which kiosk this database belongs to. A disk image cloned onto another kiosk must not send the
-- first kiosk's pending work under a new identity (see openStore).
CREATE TABLE kiosk_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE tickets (
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
  -- An issued ticket always says when and how the customer got it; a reserved one says neither.
  CHECK ((status = 'issued') = (issued_at IS NOT NULL AND delivery IS NOT NULL)),
  CHECK (status = 'issued' OR (issued_at IS NULL AND delivery IS NULL))
) STRICT;

-- One number per queue per day: a second ticket with the same counter value is a bug.
CREATE UNIQUE INDEX tickets_day_type_sequence ON tickets (service_day, business_type_id, sequence);
CREATE INDEX tickets_day_type_status ON tickets (service_day, business_type_id, status);

CREATE TABLE ticket_counters (
  service_day      TEXT NOT NULL,
  business_type_id TEXT NOT NULL,
  last_sequence    INTEGER NOT NULL CHECK (last_sequence >= 1),
  PRIMARY KEY (service_day, business_type_id)
) STRICT, WITHOUT ROWID;

-- seq is the rowid with AUTOINCREMENT so it only ever grows, even after acknowledged rows are
-- purged: the branch service can order one kiosk's items by it.
CREATE TABLE outbox (
  seq             INTEGER PRIMARY KEY AUTOINCREMENT,
  id              TEXT NOT NULL UNIQUE,          -- UUIDv7, the idempotency key upstream
  kiosk_id        TEXT NOT NULL,
  kind            TEXT NOT NULL,                 -- e.g. 'ticket.issued'
  payload         TEXT NOT NULL CHECK (json_valid(payload)),
  created_at      TEXT NOT NULL,
  state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'acked', 'rejected')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT,
  last_attempt_at TEXT,
  acked_at        TEXT,
  rejected_reason TEXT,
  CHECK ((state = 'acked') = (acked_at IS NOT NULL)),
  CHECK ((state = 'rejected') = (rejected_reason IS NOT NULL))
) STRICT;

-- Serves both "next pending items in seq order" and the per-state counts for the technician.
CREATE INDEX outbox_state_seq ON outbox (state, seq);

CREATE TABLE config_cache (
  key        TEXT PRIMARY KEY,
  json       TEXT NOT NULL CHECK (json_valid(json)),
  etag       TEXT,
  fetched_at TEXT NOT NULL                       -- when the service last confirmed this value
) STRICT;
