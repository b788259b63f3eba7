-- The lag measure read the whole log (issue 23). V28's query joined the slowest checkpoint's
-- position as a parameter of the scan, so the planner could not see how few rows follow it, guessed
-- a third of the log and chose a sequential scan: 1.3 s and 2 GB of reads at 5M events, every few
-- seconds, from the lag monitor and from the benchmarks' "drained yet?" polls — more database time
-- than the interest projection itself had while catching up. The position is now read first and put
-- into the statement as literals, so each call is planned for it and walks events_tx_idx from the
-- checkpoint on: milliseconds when caught up, proportional to the backlog otherwise.
-- p_cap (optional) stops counting after that many events per call: "is anything left?" costs one row.
DROP FUNCTION measure_subscription_lag(text[]);
CREATE FUNCTION measure_subscription_lag(p_names text[], p_cap bigint DEFAULT NULL)
  RETURNS TABLE (tenant_id uuid, events bigint, oldest_at timestamptz)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
DECLARE
  v_tx  xid8;
  v_seq bigint;
BEGIN
  SELECT c.last_tx_id, c.last_seq INTO v_tx, v_seq FROM subscription_checkpoints c WHERE c.name = ANY (p_names)
  ORDER BY c.last_tx_id, c.last_seq LIMIT 1;
  -- No checkpoint by those names: no rows, rather than the whole log.
  IF NOT FOUND THEN
    RETURN;
  END IF;
  RETURN QUERY EXECUTE format($q$
    SELECT b.tenant_id, count(*), min(b.recorded_at) FROM (
      SELECT e.tenant_id, e.recorded_at FROM events e
      WHERE (e.tx_id, e.seq) > (%L::xid8, %L::bigint) AND e.stream_key NOT IN ('_tenant', '_catalogue', '_privacy')
      ORDER BY e.tx_id, e.seq %s
    ) b GROUP BY b.tenant_id$q$, v_tx, v_seq, CASE WHEN p_cap IS NULL THEN '' ELSE 'LIMIT ' || p_cap END);
END $$;
GRANT EXECUTE ON FUNCTION measure_subscription_lag(text[], bigint) TO kindred_app;
