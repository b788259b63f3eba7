-- Trending's read model (issue 22): each item's decayed heat — every engagement counts
-- 2^(−age / 3 days) — kept by the co-visit projection in the same batch and under the same position
-- (so a batch is counted once), instead of aggregating two weeks of the event log per refresh.
-- heat is log2 Σ 2^((recorded_at − 2020-01-01) / 3 days) (recsys Heat): an engagement only adds to
-- it, it orders items as their heat now does, and the index hands out the hottest first. last_at:
-- the latest engagement; trending lists items engaged with in the last 14 days.
CREATE TABLE item_heat (
  tenant_id uuid             NOT NULL,
  item_id   text             NOT NULL,
  heat      double precision NOT NULL,
  last_at   timestamptz      NOT NULL,
  PRIMARY KEY (tenant_id, item_id)
);
CREATE INDEX item_heat_hottest ON item_heat (tenant_id, heat DESC);
ALTER TABLE item_heat ENABLE ROW LEVEL SECURITY;
CREATE POLICY item_heat_tenant ON item_heat
  USING (tenant_id = kindred_current_tenant()) WITH CHECK (tenant_id = kindred_current_tenant());
GRANT SELECT, INSERT, UPDATE, DELETE ON item_heat TO kindred_app;

-- log2(2^a + 2^b) without leaving the logarithm (recsys Heat.add).
CREATE FUNCTION kindred_log2_add(a double precision, b double precision) RETURNS double precision
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT greatest(a, b) + ln(1 + power(2::float8, -abs(a - b))) / ln(2::float8)
$$;
-- log2(2^a − 2^b) for b < a (erasure takes a user's engagements back out).
CREATE FUNCTION kindred_log2_subtract(a double precision, b double precision) RETURNS double precision
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT a + ln(1 - power(2::float8, b - a)) / ln(2::float8)
$$;

-- Backfill what co-visitation has counted (up to each tenant's position; later events reach the table
-- through the projection), from the log's plain columns.
INSERT INTO item_heat (tenant_id, item_id, heat, last_at)
SELECT tenant_id, item_id, top + ln(sum(power(2::float8, x - top))) / ln(2::float8), max(recorded_at)
FROM (
  SELECT e.tenant_id, e.item_id, e.recorded_at, x, max(x) OVER (PARTITION BY e.tenant_id, e.item_id) AS top
  FROM events e
  JOIN co_visit_positions p ON p.tenant_id = e.tenant_id AND (e.tx_id, e.seq) <= (p.last_tx_id, p.last_seq)
  CROSS JOIN LATERAL (SELECT extract(epoch FROM e.recorded_at - timestamptz '2020-01-01 00:00:00+00')::float8 / 259200 AS x) h
  WHERE e.type IN ('ItemViewed', 'ItemClicked', 'AddedToCart', 'ItemPurchased') AND e.item_id IS NOT NULL
) t
GROUP BY tenant_id, item_id, top;
