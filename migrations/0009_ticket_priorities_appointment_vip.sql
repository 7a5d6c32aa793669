-- 0009: two more priorities served first (issue 8): 'appointment' for a checked-in appointment
-- (until now marked 'senior'), and 'vip' for a customer the branch service knows as VIP by their
-- ID card's customer key. 0008 made priorities rows, so this is an INSERT, not a rebuild.
--
-- Append-only: never edit this file once released; put a change in a new NNNN_name.sql file.

INSERT INTO ticket_priorities (priority) VALUES ('appointment'), ('vip');
