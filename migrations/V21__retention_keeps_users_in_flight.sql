-- Retention deletes a user's key only when this purge deleted their last events. Before, every key
-- without events lost its row, which with kindred.eventlog=kafka also caught users whose first events
-- were acknowledged on the topic but not archived yet: their records then could not be opened, and
-- were dropped as if erased (bench scale found it). A user the purge did not touch keeps their key.
-- Remaining window (documented): a user whose every event expired and who comes back within the
-- archive's lag loses those newest events with the key.
CREATE OR REPLACE FUNCTION purge_expired_events(p_cutoff timestamptz) RETURNS TABLE (events bigint, users bigint)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  t uuid := kindred_current_tenant();
  n_events bigint;
  n_users bigint;
BEGIN
  IF t IS NULL THEN
    RAISE EXCEPTION 'no tenant bound';
  END IF;
  CREATE TEMP TABLE IF NOT EXISTS purged_streams (stream_key text PRIMARY KEY) ON COMMIT DROP;
  WITH gone AS (
    DELETE FROM events e
    WHERE e.tenant_id = t AND e.occurred_at < p_cutoff AND e.type <> 'ConsentChanged'
      AND e.stream_key NOT IN ('_tenant', '_catalogue', '_anonymous', '_privacy')
    RETURNING e.event_id, e.stream_key
  ), ids AS (
    DELETE FROM event_ids i USING gone g WHERE i.tenant_id = t AND i.event_id = g.event_id RETURNING 1
  ), streams AS (
    INSERT INTO purged_streams SELECT DISTINCT stream_key FROM gone ON CONFLICT DO NOTHING RETURNING 1
  )
  SELECT (SELECT count(*) FROM gone) INTO n_events;
  WITH orphans AS (
    DELETE FROM user_keys k WHERE k.tenant_id = t
      AND k.pseudonym IN (SELECT stream_key FROM purged_streams)
      AND NOT EXISTS (SELECT 1 FROM events e WHERE e.tenant_id = t AND e.stream_key = k.pseudonym)
    RETURNING 1
  )
  SELECT count(*) INTO n_users FROM orphans;
  DROP TABLE purged_streams;
  RETURN QUERY SELECT n_events, n_users;
END $$;
