-- 0013: the ticket journal's rows (0012) are written in a new form from this version on.
--
-- A row's body is a JSON array of its record's fields in a fixed order, no longer an object, and
-- an issue's outbox payload is built by the fold from the issued ticket row (its `payload` column
-- stays NULL): both take work out of a ticket's durable commits (issue 7, durable enqueue; the
-- order is in src/store/ticket-journal-rows.ts, reservationBody and issueBody). This software
-- still reads rows of the old form.
--
-- No table changes. The migration is here so that software from before it refuses a database
-- written by this version ("written by newer software": the out-of-service screen, the
-- technician installs this version again) instead of folding rows it would misread: it would
-- put them aside as damaged, so that an issued ticket left unfolded by a crash never reached the
-- branch and its number was handed out again.
--
-- Append-only: never edit this file once released; put a change in a new NNNN_name.sql file.

SELECT 1;
