-- Retention: a tenant's retentionDays (settings) bounds how long behaviour is kept. The worker's
-- retention job calls this for the tenant bound to its transaction: events of users' streams that
-- occurred before the cutoff are deleted (owner rights: the only DELETE on the log;
-- kindred_app itself may never delete events), with their idempotency ids. Kept: the tenant's own
-- streams (catalogue, settings, privacy requests: needed to rebuild, no personal data) and every
-- user's consent records (the proof of what they allowed, and the switch that must not fall back to
-- "allowed" when it ages). Users left with no events at all lose their key row too.
-- Monthly partitions are shared by all tenants and hold the catalogue, so whole partitions are
-- not dropped here: rows are.
CREATE FUNCTION purge_expired_events(p_cutoff timestamptz) RETURNS TABLE (events bigint, users bigint)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  t uuid := kindred_current_tenant();
  n_events bigint;
  n_users bigint;
BEGIN
  IF t IS NULL THEN
    RAISE EXCEPTION 'no tenant bound';
  END IF;
  WITH gone AS (
    DELETE FROM events e
    WHERE e.tenant_id = t AND e.occurred_at < p_cutoff AND e.type <> 'ConsentChanged'
      AND e.stream_key NOT IN ('_tenant', '_catalogue', '_anonymous', '_privacy')
    RETURNING e.event_id
  ), ids AS (
    DELETE FROM event_ids i USING gone g WHERE i.tenant_id = t AND i.event_id = g.event_id RETURNING 1
  )
  SELECT count(*) INTO n_events FROM gone;
  WITH orphans AS (
    DELETE FROM user_keys k WHERE k.tenant_id = t
      AND NOT EXISTS (SELECT 1 FROM events e WHERE e.tenant_id = t AND e.stream_key = k.pseudonym)
    RETURNING 1
  )
  SELECT count(*) INTO n_users FROM orphans;
  RETURN QUERY SELECT n_events, n_users;
END $$;
GRANT EXECUTE ON FUNCTION purge_expired_events(timestamptz) TO kindred_app;
