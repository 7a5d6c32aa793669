-- 0002: numbers from the branch (issue 7). Online, the branch service allocates each number;
-- offline, the kiosk issues from blocks the branch leased to it, marks those tickets, and a
-- reservation interrupted by a crash is voided at the next boot (never reused, never dropped).
--
-- Append-only, like every migration: put later changes in a new file.

-- Blocks of one queue's numbers for one service day, leased by the branch to this kiosk. The
-- branch took them from the same counter as its online numbers, so no other kiosk has them.
-- next_sequence only grows, in the transaction that inserts the ticket: a number is used once,
-- across restarts. A block is only used on its service_day (it expires with the day).
CREATE TABLE number_blocks (
  request_id       TEXT PRIMARY KEY,            -- the lease request's UUID (idempotency key)
  service_day      TEXT NOT NULL,               -- YYYY-MM-DD
  business_type_id TEXT NOT NULL,
  prefix           TEXT NOT NULL,
  first_sequence   INTEGER NOT NULL CHECK (first_sequence BETWEEN 1 AND 9999),
  last_sequence    INTEGER NOT NULL CHECK (last_sequence BETWEEN first_sequence AND 9999),
  next_sequence    INTEGER NOT NULL,
  granted_at       TEXT NOT NULL,
  CHECK (next_sequence BETWEEN first_sequence AND last_sequence + 1)
) STRICT;
CREATE INDEX number_blocks_day_type ON number_blocks (service_day, business_type_id, first_sequence);

-- A number asked of the branch and not yet recorded as a ticket. A row left here by a crash
-- means the branch may have allocated a number nobody got: it is voided at boot.
CREATE TABLE number_requests (
  ticket_id        TEXT PRIMARY KEY,            -- UUIDv7, the allocation's idempotency key
  business_type_id TEXT NOT NULL,
  service_day      TEXT NOT NULL,
  requested_at     TEXT NOT NULL
) STRICT;

-- 1 when the number came from a leased block because the branch service did not answer.
ALTER TABLE tickets ADD COLUMN issued_offline INTEGER NOT NULL DEFAULT 0
  CHECK (issued_offline IN (0, 1));
-- Set at boot on a reservation a crash left unissued; its ticket.voided item tells the branch.
ALTER TABLE tickets ADD COLUMN voided_at TEXT CHECK (voided_at IS NULL OR status = 'reserved');

-- Boot looks for unsettled reservations without reading the day's tickets.
CREATE INDEX tickets_unsettled ON tickets (reserved_at) WHERE status = 'reserved' AND voided_at IS NULL;
