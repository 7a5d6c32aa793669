-- 0012: the ticket journal (issue 7, durable enqueue: a ticket's two durable commits).
--
-- Reserving a ticket (before printing) and issuing it (after) are each a durable commit. Written
-- into tickets and outbox, with their indexes and AUTOINCREMENT's sqlite_sequence, they cost
-- 4 and 5 WAL pages; on a kiosk's disk every page beyond the first costs flush time. So each of
-- the two commits appends one row here instead: an index-free table (rowid only, no other index,
-- no AUTOINCREMENT), one page per commit, holding everything that commit must make durable (the
-- reservation's ticket fields; the issue's status change and its outbox item).
--
-- The store moves the rows into tickets and outbox (src/store/ticket-journal.ts, the fold): in
-- one transaction, in rowid order, and deletes them from here in the same transaction. It folds
-- at open (before anything reads the tables), when idle, and before any other read or write of
-- tickets, outbox or number_blocks, so nothing else ever sees the journal.
--
--   kind    'reserve' or 'issue'
--   body    JSON: the reservation's ticket row, or the issue (ticket id, delivery, time and the
--           outbox item's id, kind and creation time)
--   payload the outbox item's payload (JSON text) for 'issue'; NULL for 'reserve'
--
-- Append-only: never edit this file once released; put a change in a new NNNN_name.sql file.

CREATE TABLE ticket_journal (
  kind    TEXT NOT NULL,
  body    TEXT NOT NULL,
  payload TEXT
) STRICT;
