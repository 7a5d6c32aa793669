-- 0010: one ticket index fewer to write per ticket (issue 7, durable enqueue).
--
-- tickets_day_type_status (service_day, business_type_id, status) served the "waiting ahead"
-- count, which went with branch numbering (people ahead come from the branch and are stored).
-- Its one remaining reader was the ticket-number lookup (src/store/ticket-lookup.ts), and it
-- cost a page write on both of a ticket's commits: the insert at reserve and the status change
-- at issue. The lookup gets an index on what it asks for instead, (service_day, number), which
-- is written once at reserve and never at issue (neither column changes). Every other query on
-- tickets is served by the primary key, tickets_day_type_sequence, tickets_unsettled or
-- tickets_customer_day_type (checked with EXPLAIN QUERY PLAN in test/unit/store/ticket-index.test.ts).
--
-- Append-only: never edit this file once released; put a change in a new NNNN_name.sql file.

DROP INDEX tickets_day_type_status;
CREATE INDEX tickets_day_number ON tickets (service_day, number);
