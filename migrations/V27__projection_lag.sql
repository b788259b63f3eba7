-- Lag made visible and bounded (issue 23). The worker measures, every few seconds, how far each
-- subscription is behind the log — per tenant: events not yet applied and the record time of the
-- oldest of them — and keeps the interest projection's figures per tenant in tenant_lag. Ingest reads
-- that table (all tenants at once, owner rights, every second) and answers a tenant 429 with
-- Retry-After while its oldest unprojected event is older than kindred.ingest.max-lag-seconds;
-- the console and /q/metrics show the same figures.
CREATE TABLE tenant_lag (
  tenant_id   uuid        PRIMARY KEY,
  events      bigint      NOT NULL,
  oldest_at   timestamptz,
  measured_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE tenant_lag ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_lag_tenant ON tenant_lag USING (tenant_id = kindred_current_tenant());
GRANT SELECT ON tenant_lag TO kindred_app;

-- Per tenant: the events after the slowest of the named checkpoints (a subscription in partitions is
-- as far as its slowest partition; the worker names the ones it runs, so a checkpoint left by an
-- older partitioning never counts), and the record time of the oldest. Reads the log by seq from the
-- checkpoint on (the primary key's range).
CREATE FUNCTION measure_subscription_lag(p_names text[])
  RETURNS TABLE (tenant_id uuid, events bigint, oldest_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT e.tenant_id, count(*), min(e.recorded_at)
  FROM events e
  -- No checkpoint by those names: no rows, rather than the whole log.
  WHERE e.seq > (SELECT min(c.last_seq) FROM subscription_checkpoints c WHERE c.name = ANY (p_names))
    AND e.stream_key NOT IN ('_tenant', '_catalogue', '_privacy')
  GROUP BY e.tenant_id
$$;

-- The interest projection's lag per tenant (its partitions named) into tenant_lag (tenants caught
-- up lose their row); answers the events behind, all tenants together.
CREATE FUNCTION record_interest_lag(p_names text[]) RETURNS bigint
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
  WITH measured AS (
    SELECT * FROM measure_subscription_lag(p_names)
  ), caught_up AS (
    DELETE FROM tenant_lag l WHERE NOT EXISTS (SELECT 1 FROM measured m WHERE m.tenant_id = l.tenant_id)
    RETURNING 1
  ), recorded AS (
    INSERT INTO tenant_lag (tenant_id, events, oldest_at, measured_at)
    SELECT tenant_id, events, oldest_at, now() FROM measured
    ON CONFLICT (tenant_id) DO UPDATE SET events = EXCLUDED.events, oldest_at = EXCLUDED.oldest_at,
      measured_at = EXCLUDED.measured_at
    RETURNING 1
  )
  SELECT coalesce(sum(events), 0)::bigint FROM measured
$$;

-- Every tenant's row, for ingest's gate (one read per second for all tenants).
CREATE FUNCTION all_tenant_lag() RETURNS TABLE (tenant_id uuid, events bigint, oldest_at timestamptz, measured_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT tenant_id, events, oldest_at, measured_at FROM tenant_lag
$$;
GRANT EXECUTE ON FUNCTION measure_subscription_lag(text[]), record_interest_lag(text[]), all_tenant_lag() TO kindred_app;
