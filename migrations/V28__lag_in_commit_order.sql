-- Subscriptions read the log in commit order, (tx_id, seq), not by seq alone (V1): a transaction
-- with a lower id may take higher sequence numbers than one that committed after it. V27 counted
-- "seq after the checkpoint's seq", which, after concurrent appends, showed events already applied
-- as lag for ever (107 of them after a 300k burst). The lag is what follows the slowest named
-- checkpoint's position in the order the subscriptions read (events_tx_idx serves the range).
CREATE OR REPLACE FUNCTION measure_subscription_lag(p_names text[])
  RETURNS TABLE (tenant_id uuid, events bigint, oldest_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  WITH slowest AS (
    SELECT c.last_tx_id, c.last_seq FROM subscription_checkpoints c WHERE c.name = ANY (p_names)
    ORDER BY c.last_tx_id, c.last_seq LIMIT 1
  )
  SELECT e.tenant_id, count(*), min(e.recorded_at)
  FROM events e, slowest s
  -- No checkpoint by those names: no rows, rather than the whole log.
  WHERE (e.tx_id, e.seq) > (s.last_tx_id, s.last_seq)
    AND e.stream_key NOT IN ('_tenant', '_catalogue', '_privacy')
  GROUP BY e.tenant_id
$$;
