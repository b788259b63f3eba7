-- The candidate refresher claims the oldest marks first (claim_dirty_candidates, V23): without an
-- index on marked_at each claim sorted the whole table, which under a backlog of tens of thousands
-- of marked users took a quarter of the refresher's database time.
CREATE INDEX candidates_dirty_marked_idx ON candidates_dirty (marked_at);
