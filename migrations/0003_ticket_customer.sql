-- 0003: a ticket's priority, and the customer key of the ID card it was taken with.
--
-- The customer key is HMAC-SHA256 of the ID number under this kiosk's device secret
-- (src/store/device-secret.ts): it tells one card from another for the one-live-ticket-per-card
-- guard and is never the ID number, nor anything the ID number can be recovered from.
-- Tickets taken without a card have no key and priority 'none'.
--
-- Append-only: never edit this file once released; put a change in a new NNNN_name.sql file.

ALTER TABLE tickets ADD COLUMN priority TEXT NOT NULL DEFAULT 'none'
  CHECK (priority IN ('none', 'senior'));
ALTER TABLE tickets ADD COLUMN customer_key TEXT
  CHECK (customer_key IS NULL OR (length(customer_key) = 64 AND customer_key NOT GLOB '*[^0-9a-f]*'));

-- The abuse guard's question: this card's tickets for this queue today.
CREATE INDEX tickets_customer_day_type ON tickets (customer_key, service_day, business_type_id)
  WHERE customer_key IS NOT NULL;
