-- 0011: no unsettled-reservation index to write per ticket (issue 7, durable enqueue).
--
-- tickets_unsettled (a partial index on reservations neither issued nor voided) let boot find
-- what a crash left between reserving and issuing without reading the day's tickets. It cost a
-- page write on both of a ticket's commits: its entry is added at reserve and removed at issue.
-- But boot settles every such reservation (src/store/tickets.ts, settleInterruptedReservations),
-- so only tickets added since can be unsettled. This table records, per kiosk id, the highest
-- tickets rowid at or below which every ticket of that kiosk is issued or voided: boot's
-- settlement sets it, and the store moves it up when idle, stopping below the first reservation
-- still open (src/store/store.ts), so boot reads only the tickets since. Tickets are never
-- deleted, so a new ticket's rowid is above every mark.
--
-- The marks start where the index says: below each kiosk id's first unsettled reservation, or
-- at the last ticket when it has none; a reservation left open by a crash before this upgrade is
-- still found and voided at the next boot.
--
-- In the same change, without a schema change: number_blocks.next_sequence (0002) is no longer
-- advanced by each reservation. A block's next number is one past the highest number of its
-- range among the day's offline tickets of its queue (read off tickets_day_type_sequence), and
-- next_sequence is its floor: the first number at a grant, past the last when salvage retires
-- the block (src/store/number-blocks.ts). The blocks as 0001–0010 left them read the same way.
--
-- Append-only: never edit this file once released; put a change in a new NNNN_name.sql file.

CREATE TABLE ticket_settlement (
  kiosk_id        TEXT PRIMARY KEY,
  settled_through INTEGER NOT NULL CHECK (settled_through >= 0)  -- a tickets rowid
) STRICT, WITHOUT ROWID;

INSERT INTO ticket_settlement (kiosk_id, settled_through)
SELECT kiosk_id,
       coalesce(min(CASE WHEN status = 'reserved' AND voided_at IS NULL THEN rowid END) - 1,
                max(rowid))
FROM tickets GROUP BY kiosk_id;

DROP INDEX tickets_unsettled;
