-- Reference branch service schema (PostgreSQL; embedded PGlite by default).
--
-- Applied at every start, so every statement is idempotent (IF NOT EXISTS). This is enough while
-- the schema only grows by new tables; the first change to an existing table needs a migration
-- runner like the kiosk's (migrations/ + schema_migrations).

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
CREATE INDEX IF NOT EXISTS kiosk_items_kiosk_seq ON kiosk_items (kiosk_id, seq);

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
CREATE INDEX IF NOT EXISTS tickets_day_type ON tickets (service_day, business_type_id);

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
