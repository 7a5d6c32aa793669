-- 0004: a placeholder on the queries branch only, so that 0005_feedback.sql applies in order
-- (migration numbers have no gaps). The lead replaces it with the real 0004 at merge; it
-- changes nothing.
SELECT 1;
