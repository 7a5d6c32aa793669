-- 0002: a placeholder on the identify branch only, so that 0003_ticket_customer.sql applies in
-- order (migration numbers have no gaps). The lead replaces it with the real 0002 at merge;
-- it changes nothing.
SELECT 1;
