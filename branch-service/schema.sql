-- Reference branch service schema (PostgreSQL; embedded PGlite by default).
--
-- Applied at every start, so every statement is idempotent (IF NOT EXISTS, IF EXISTS, OR
-- REPLACE). This is enough while the schema only grows by new tables or changes its indexes and
-- functions (an index no longer wanted is dropped IF EXISTS, so databases made before lose it at
-- their next start); the first change to an existing table's columns needs a migration runner
-- like the kiosk's (migrations/ + schema_migrations).

-- Every outbox item a kiosk delivered, once: the primary key on the kiosk-made UUIDv7 is what
-- turns at-least-once delivery into effectively-once (a re-sent batch inserts nothing).
CREATE TABLE IF NOT EXISTS kiosk_items (
  id          uuid PRIMARY KEY,
  kiosk_id    text NOT NULL,
  -- Not unique: a kiosk whose database was replaced (corrupt file moved aside) restarts at 1.
  seq         bigint NOT NULL,
  kind        text NOT NULL,
  created_at  timestamptz NOT NULL,
  payload     jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
-- No index on (kiosk_id, seq): no statement of the service reads items by kiosk and seq, and
-- every index here is written once per delivered item (issue 7: the drain of a backlog). Dropped
-- from databases made before (an operator's look-up of a kiosk's seq scans; it is rare).
DROP INDEX IF EXISTS kiosk_items_kiosk_seq;
-- A number request the kiosk gave up on is voided by ticket id (number null): allocateNumber
-- looks for that void under the queue's lock (numbers.ts), once per allocation.
CREATE INDEX IF NOT EXISTS kiosk_items_voided_ticket ON kiosk_items ((payload->>'ticketId'))
  WHERE kind = 'ticket.voided';

-- Tickets as the branch knows them, upserted from 'ticket.issued' items.
CREATE TABLE IF NOT EXISTS tickets (
  id               uuid PRIMARY KEY,
  number           text NOT NULL,
  business_type_id text NOT NULL,
  status           text NOT NULL CHECK (status IN ('reserved', 'issued')),
  delivery         text CHECK (delivery IN ('printed', 'screen')),
  waiting_ahead    integer NOT NULL,
  reserved_at      timestamptz NOT NULL,
  issued_at        timestamptz,
  kiosk_id         text NOT NULL,
  service_day      date NOT NULL,
  source_item_id   uuid NOT NULL REFERENCES kiosk_items (id),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
-- No index by day and queue: the queue is read from queue_entries; tickets are found by id.
DROP INDEX IF EXISTS tickets_day_type;

-- ---------------------------------------------------------------------------------------------
-- Kiosk credentials (branch-service/credentials.ts). One row per kiosk ever provisioned; only
-- the SHA-256 of its token (256 random bits) is kept. A revoked kiosk keeps its row, so the
-- record says when it was revoked; provisioning it again replaces the digest.
CREATE TABLE IF NOT EXISTS kiosk_credentials (
  kiosk_id     text PRIMARY KEY,
  token_sha256 bytea NOT NULL CHECK (length(token_sha256) = 32),
  created_at   timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz
);
-- Branch numbers and queue status (issue 7; handlers in numbers.ts, queue.ts, counter.ts).

-- One row per queue per service day, shared by every kiosk and counter of the branch, holding
-- the two ends of the day's range 1…9999: online allocations take the next value from the
-- bottom (last_sequence rises), offline blocks leased to kiosks take `size` values from the top
-- (lowest_leased falls), both under this row's lock. So every value is handed out once, by
-- exactly one of the two, and online numbers stay dense from 1. The range is used up when the
-- two ends meet.
CREATE TABLE IF NOT EXISTS number_sequences (
  service_day      date NOT NULL,
  business_type_id text NOT NULL,
  last_sequence    integer NOT NULL CHECK (last_sequence BETWEEN 0 AND 9999),
  lowest_leased    integer NOT NULL CHECK (lowest_leased BETWEEN 1 AND 10000),
  PRIMARY KEY (service_day, business_type_id),
  CHECK (last_sequence < lowest_leased)
);

-- Online allocations, one per ticket id (a retried request gets the same number).
CREATE TABLE IF NOT EXISTS number_allocations (
  ticket_id        uuid PRIMARY KEY,
  kiosk_id         text NOT NULL,
  service_day      date NOT NULL,
  business_type_id text NOT NULL,
  sequence         integer NOT NULL CHECK (sequence BETWEEN 1 AND 9999),
  number           text NOT NULL,
  allocated_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (service_day, business_type_id, sequence)
);

-- Blocks leased to kiosks for offline use; they expire with their service day.
CREATE TABLE IF NOT EXISTS number_leases (
  request_id       uuid PRIMARY KEY,
  kiosk_id         text NOT NULL,
  service_day      date NOT NULL,
  business_type_id text NOT NULL,
  first_sequence   integer NOT NULL CHECK (first_sequence BETWEEN 1 AND 9999),
  last_sequence    integer NOT NULL CHECK (last_sequence BETWEEN first_sequence AND 9999),
  granted_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS number_leases_day_type ON number_leases (service_day, business_type_id);

-- The queue as the counters work it: every ticket of the day, from allocation or ingest.
CREATE TABLE IF NOT EXISTS queue_entries (
  ticket_id        uuid PRIMARY KEY,
  service_day      date NOT NULL,
  business_type_id text NOT NULL,
  number           text NOT NULL,
  kiosk_id         text NOT NULL,
  issued_offline   boolean NOT NULL DEFAULT false,
  state            text NOT NULL
                   CHECK (state IN ('waiting', 'called', 'served', 'noShow', 'voided')),
  queued_at        timestamptz NOT NULL,
  counter_id       text,
  called_at        timestamptz,
  finished_at      timestamptz,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  -- The ticket's priority (TICKET_PRIORITIES): served-first ones are called before the
  -- ordinary queue (call-order.ts). From the number request, and from the issued ticket.
  priority         text NOT NULL DEFAULT 'none'
);
-- A database from before priorities: its entries are ordinary (they were called in time order).
ALTER TABLE queue_entries ADD COLUMN IF NOT EXISTS priority text NOT NULL DEFAULT 'none';
-- One index serves a queue's entries by state: the waiting line (filtered by day, queue and
-- state, then ordered by call rank and queued_at), the counts by state, the latest served. It
-- replaces a partial index of the waiting entries and an index by state (each entry was written
-- into both; one fewer per ticket ingested).
CREATE INDEX IF NOT EXISTS queue_entries_day_type_state_queued
  ON queue_entries (service_day, business_type_id, state, queued_at);
DROP INDEX IF EXISTS queue_entries_waiting;
DROP INDEX IF EXISTS queue_entries_day_type_state;
CREATE INDEX IF NOT EXISTS queue_entries_counter
  ON queue_entries (counter_id, service_day) WHERE state = 'called';

-- Tickets and voided numbers reach the queue from the kiosks' delivered items, whatever the
-- ingest statement that stored them (one row or a set): a statement-level trigger reads the
-- inserted items once. An issued ticket joins the queue (an entry made by its allocation keeps
-- its state); a voided number leaves it, or is recorded as skipped. A set may hold several items
-- of one ticket (a batch that updates it twice): one row per ticket, the kiosk's latest (highest
-- seq), since one INSERT … ON CONFLICT DO UPDATE cannot touch a row twice.
CREATE OR REPLACE FUNCTION queue_entries_from_items() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- A void without a number (the kiosk gave up waiting for POST /v1/numbers) can arrive while
  -- that allocation is still running, before it commits. Looked up with no lock, the allocation
  -- is invisible then, and commits afterwards as 'waiting' for ever: a number no customer holds.
  -- So such a void first takes the queue's number_sequences row lock, the one allocateNumber
  -- holds from taking its value to its commit, and only then, in a later statement (under READ
  -- COMMITTED every statement of this function reads a fresh snapshot), looks the allocation up:
  --  * allocation first: the void waits for the lock until the allocation commits, then sees it
  --    and voids its entry;
  --  * void first: the allocation waits for the lock until this transaction commits, then finds
  --    the void item (kiosk_items_voided_ticket) and records its number as voided itself.
  -- The row is created if missing (an INSERT waits for a concurrent uncommitted insert of the
  -- same key, so the void cannot slip past a first allocation of the day). A set-based batch
  -- locks all its queues in one statement, in key order, so two batches do not deadlock on each
  -- other. This runs before any other write of the trigger: lock order is number_sequences, then
  -- queue_entries, as in allocateNumber. The lock is held to the batch's commit (milliseconds).
  -- PGlite runs one transaction at a time, so there only the two orders above exist.
  --
  -- 10000 = MAX_QUEUE_SEQUENCE + 1: nothing leased yet (as takeSequences in numbers.ts).
  INSERT INTO number_sequences (service_day, business_type_id, last_sequence, lowest_leased)
  SELECT DISTINCT (i.payload->>'serviceDay')::date, i.payload->>'businessTypeId', 0, 10000
  FROM new_items i
  WHERE i.kind = 'ticket.voided' AND i.payload->>'number' IS NULL
  ORDER BY 1, 2
  ON CONFLICT DO NOTHING;
  PERFORM 1 FROM number_sequences s
  WHERE (s.service_day, s.business_type_id) IN (
    SELECT (i.payload->>'serviceDay')::date, i.payload->>'businessTypeId' FROM new_items i
    WHERE i.kind = 'ticket.voided' AND i.payload->>'number' IS NULL)
  ORDER BY s.service_day, s.business_type_id
  FOR UPDATE OF s;

  INSERT INTO queue_entries AS q (ticket_id, service_day, business_type_id, number, kiosk_id,
    issued_offline, state, queued_at, priority)
  SELECT DISTINCT ON ((i.payload->>'id')::uuid)
         (i.payload->>'id')::uuid, (i.payload->>'serviceDay')::date,
         i.payload->>'businessTypeId', i.payload->>'number', i.kiosk_id,
         coalesce((i.payload->>'issuedOffline')::boolean, false), 'waiting',
         (i.payload->>'reservedAt')::timestamptz, coalesce(i.payload->>'priority', 'none')
  FROM new_items i
  WHERE i.kind = 'ticket.issued'
  ORDER BY (i.payload->>'id')::uuid, i.seq DESC
  ON CONFLICT (ticket_id) DO UPDATE SET issued_offline = EXCLUDED.issued_offline,
    priority = EXCLUDED.priority, updated_at = now()
  WHERE q.kiosk_id = EXCLUDED.kiosk_id;

  INSERT INTO queue_entries AS q (ticket_id, service_day, business_type_id, number, kiosk_id,
    issued_offline, state, queued_at, finished_at)
  SELECT DISTINCT ON ((i.payload->>'ticketId')::uuid)
         (i.payload->>'ticketId')::uuid, (i.payload->>'serviceDay')::date,
         i.payload->>'businessTypeId',
         coalesce(i.payload->>'number', a.number), i.kiosk_id,
         coalesce((i.payload->>'issuedOffline')::boolean, false), 'voided',
         (i.payload->>'reservedAt')::timestamptz, (i.payload->>'voidedAt')::timestamptz
  FROM new_items i
  LEFT JOIN number_allocations a
    ON a.ticket_id = (i.payload->>'ticketId')::uuid AND a.kiosk_id = i.kiosk_id
  WHERE i.kind = 'ticket.voided' AND coalesce(i.payload->>'number', a.number) IS NOT NULL
  ORDER BY (i.payload->>'ticketId')::uuid, i.seq DESC
  ON CONFLICT (ticket_id) DO UPDATE SET state = 'voided', finished_at = EXCLUDED.finished_at,
    updated_at = now()
  WHERE q.kiosk_id = EXCLUDED.kiosk_id AND q.state = 'waiting';
  RETURN NULL;
END
$$;
CREATE OR REPLACE TRIGGER kiosk_items_to_queue AFTER INSERT ON kiosk_items
  REFERENCING NEW TABLE AS new_items FOR EACH STATEMENT EXECUTE FUNCTION queue_entries_from_items();

-- One online number (numbers.ts, allocateNumber) in one call, so in one round trip: the queue's
-- row lock is held only while the server works, never while a busy service process gets round
-- to sending its next statement. In order, each statement with a fresh READ COMMITTED snapshot
-- (a VOLATILE PL/pgSQL function takes one per statement):
--  1. the next value of the range's bottom end, creating the day's row if missing; ON CONFLICT
--     DO UPDATE locks the row it finds even when its WHERE refuses (the two ends have met), so
--     allocations and leases of the queue, on any instance, take turns until the commit;
--  2. the kiosk's void of this request, if already held (see queue_entries_from_items: a void
--     committed while we waited for the lock is seen here; a later one waits for our commit);
--  3. the allocation, once per ticket id, and its queue entry, 'voided' when the void is held.
-- Outcomes: 'allocated' with the row; 'exhausted' (nothing taken). A ticket id that already has
-- an allocation raises SQLSTATE KA001, which rolls the increment back: the first number stands.
-- p_first_leased = MAX_QUEUE_SEQUENCE + 1, p_digits = QUEUE_NUMBER_DIGITS (src/contract).
-- p_priority: the ticket's priority (its place in the call order, call-order.ts). The version
-- without it, from before priorities, is dropped so no call can reach it.
DROP FUNCTION IF EXISTS allocate_queue_number(uuid, text, date, text, text, integer, integer);
CREATE OR REPLACE FUNCTION allocate_queue_number(p_ticket uuid, p_kiosk text, p_day date,
  p_type text, p_prefix text, p_digits integer, p_first_leased integer, p_priority text)
RETURNS TABLE (o_outcome text, o_sequence integer, o_number text, o_voided boolean)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_sequence integer;
  v_number text;
  v_voided_at text;
  v_voided boolean := false;
BEGIN
  INSERT INTO number_sequences AS s (service_day, business_type_id, last_sequence, lowest_leased)
  VALUES (p_day, p_type, 1, p_first_leased)
  ON CONFLICT (service_day, business_type_id) DO UPDATE SET last_sequence = s.last_sequence + 1
  WHERE s.last_sequence + 1 < s.lowest_leased
  RETURNING s.last_sequence INTO v_sequence;
  IF v_sequence IS NULL THEN
    RETURN QUERY SELECT 'exhausted'::text, NULL::integer, NULL::text, false;
    RETURN;
  END IF;
  v_number := p_prefix || lpad(v_sequence::text, p_digits, '0');
  SELECT i.payload->>'voidedAt', true INTO v_voided_at, v_voided FROM kiosk_items i
  WHERE i.kind = 'ticket.voided' AND i.payload->>'ticketId' = p_ticket::text
    AND i.kiosk_id = p_kiosk
  LIMIT 1;
  v_voided := coalesce(v_voided, false);
  INSERT INTO number_allocations (ticket_id, kiosk_id, service_day, business_type_id, sequence,
    number) VALUES (p_ticket, p_kiosk, p_day, p_type, v_sequence, v_number)
  ON CONFLICT (ticket_id) DO NOTHING;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'ticket % already has a number', p_ticket USING ERRCODE = 'KA001';
  END IF;
  -- A voided request still spends its value (recorded as skipped, like a void that came after
  -- it), so the day's sequence reads the same whichever came first.
  INSERT INTO queue_entries (ticket_id, service_day, business_type_id, number, kiosk_id, state,
    queued_at, finished_at, priority)
  VALUES (p_ticket, p_day, p_type, v_number, p_kiosk,
    CASE WHEN v_voided THEN 'voided' ELSE 'waiting' END, now(), v_voided_at::timestamptz,
    p_priority)
  ON CONFLICT (ticket_id) DO NOTHING;
  RETURN QUERY SELECT 'allocated'::text, v_sequence, v_number, v_voided;
END
$$;

-- Appointments (issue 8): booked by a customer (here: POST /v1/appointments, for demos and tests),
-- checked in at a kiosk by code or by the ID card's customer key (HMAC of the ID number).
CREATE TABLE IF NOT EXISTS appointments (
  code text PRIMARY KEY CHECK (code ~ '^[0-9]{6,8}$'),
  business_type_id text NOT NULL,
  service_day date NOT NULL,
  time_slot text NOT NULL,
  customer_key text CHECK (customer_key IS NULL OR customer_key ~ '^[0-9a-f]{64}$'),
  status text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'checkedIn', 'cancelled')),
  checked_in_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS appointments_by_customer ON appointments (customer_key, service_day)
  WHERE customer_key IS NOT NULL;

-- The branch's customer-key secret (src/contract/customers.ts): every kiosk of the branch keys
-- its ID-card HMAC with it, so bookings, VIP customers and tickets meet on one customer key.
-- Made once (the first instance to start inserts it; the others keep that one).
CREATE TABLE IF NOT EXISTS branch_secrets (
  purpose    text PRIMARY KEY CHECK (purpose IN ('customerKey')),
  secret     bytea NOT NULL CHECK (octet_length(secret) = 32),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- VIP customers by customer key (a bank's CRM would fill this; here a route for demos and
-- tests). Only the key: the ID number it was made from is not kept.
CREATE TABLE IF NOT EXISTS vip_customers (
  customer_key text PRIMARY KEY CHECK (customer_key ~ '^[0-9a-f]{64}$'),
  created_at   timestamptz NOT NULL DEFAULT now()
);
-- SMS reminders (issue 8; branch-service/reminders.ts): a customer asked at the kiosk to be told
-- by SMS when `remind_when_ahead` customers or fewer are ahead of their ticket. Filled by the
-- batch statement from 'reminder.requested' items (branch-service/ingest.ts), whose copy in
-- kiosk_items carries no phone. The phone is personal data (PIPL) used only for this: it is
-- deleted (set to NULL) as soon as the reminder is handed to the SMS gateway or dropped.
CREATE TABLE IF NOT EXISTS sms_reminders (
  id                uuid PRIMARY KEY,
  kiosk_id          text NOT NULL,
  item_id           uuid NOT NULL REFERENCES kiosk_items (id),
  ticket_id         uuid NOT NULL,
  ticket_number     text NOT NULL,
  business_type_id  text NOT NULL,
  service_day       date NOT NULL,
  phone             text,
  remind_when_ahead integer NOT NULL CHECK (remind_when_ahead BETWEEN 0 AND 50),
  language          text NOT NULL CHECK (language IN ('zh-CN', 'en')),
  requested_at      timestamptz NOT NULL,
  state             text NOT NULL DEFAULT 'queued'
                    CHECK (state IN ('queued', 'handedOff', 'dropped')),
  drop_reason       text CHECK (drop_reason IN ('alreadyCalled', 'voided', 'pastDay')),
  finished_at       timestamptz,
  -- The phone is kept only while the reminder is queued; a dropped one says why.
  CHECK ((state = 'queued') = (phone IS NOT NULL)),
  CHECK ((state = 'dropped') = (drop_reason IS NOT NULL))
);
CREATE INDEX IF NOT EXISTS sms_reminders_queued ON sms_reminders (service_day, ticket_id)
  WHERE state = 'queued';
-- Guide calls (issue 8): a customer's "call a guide" as the lobby's guides see it, filled from
-- the delivered 'guide.called' items (the trigger below, and once for items held before this
-- table), acknowledged ("on my way") and closed from a guide's desk (guide-calls.ts). The
-- kiosk that called reads its call's state to tell the customer a guide is on the way.
CREATE TABLE IF NOT EXISTS guide_calls (
  call_id         uuid PRIMARY KEY,
  kiosk_id        text NOT NULL,
  called_at       timestamptz NOT NULL,
  service_day     date NOT NULL,
  reason          text,
  state           text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'acknowledged', 'closed')),
  acknowledged_by text,
  acknowledged_at timestamptz,
  closed_by       text,
  closed_at       timestamptz,
  CHECK ((state = 'open') = (acknowledged_at IS NULL AND closed_at IS NULL)),
  CHECK ((state = 'closed') = (closed_at IS NOT NULL))
);
CREATE INDEX IF NOT EXISTS guide_calls_not_closed ON guide_calls (called_at)
  WHERE state <> 'closed';

CREATE OR REPLACE FUNCTION guide_calls_from_items() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- kiosk_id is the authenticated kiosk's (the item's), never the payload's claim.
  INSERT INTO guide_calls (call_id, kiosk_id, called_at, service_day, reason)
  SELECT (i.payload->>'id')::uuid, i.kiosk_id, (i.payload->>'calledAt')::timestamptz,
         (i.payload->>'serviceDay')::date, i.payload->>'reason'
  FROM new_items i
  WHERE i.kind = 'guide.called'
  ON CONFLICT (call_id) DO NOTHING;
  RETURN NULL;
END
$$;
CREATE OR REPLACE TRIGGER kiosk_items_to_guide_calls AFTER INSERT ON kiosk_items
  REFERENCING NEW TABLE AS new_items FOR EACH STATEMENT EXECUTE FUNCTION guide_calls_from_items();
INSERT INTO guide_calls (call_id, kiosk_id, called_at, service_day, reason)
SELECT (payload->>'id')::uuid, kiosk_id, (payload->>'calledAt')::timestamptz,
       (payload->>'serviceDay')::date, payload->>'reason'
FROM kiosk_items WHERE kind = 'guide.called'
ON CONFLICT (call_id) DO NOTHING;
