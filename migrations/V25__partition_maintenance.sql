-- Partition upkeep for the event log (issue 24). V1 created the monthly partitions of `events`
-- once, for three months: after that every event landed in events_default and retention could no
-- longer drop anything whole. The worker's partition job calls this function on a schedule (and
-- the test calls it with a clock moved ahead), so it takes the time as an argument:
--  1. creates the partitions of the months from p_now's to p_months_ahead later;
--  2. gives every month that has rows in events_default a partition of its own and moves the rows
--     there (the default is detached meanwhile: a partition cannot be created over rows the default
--     holds for its range), keeping seq, tx_id and recorded_at as they were;
--  3. drops a whole past partition when every row in it is one retention would delete anyway —
--     behaviour that occurred before its tenant's cutoff (settings.retentionDays, default 365);
--     consent records and the tenants' own streams are kept, so a partition holding any of them
--     stays and retention deletes rows there (purge_expired_events). The dropped rows' idempotency
--     ids go with them. Reports each action, with the tenants whose rows were dropped (their
--     profiles are re-derived by a replay the worker queues).
-- One run at a time across workers (an advisory lock held to the end of the transaction).
CREATE FUNCTION maintain_event_partitions(p_now timestamptz, p_months_ahead int)
  RETURNS TABLE (action text, partition_name text, row_count bigint, tenant_ids uuid[])
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  month_start timestamptz;
  part_name text;
  n bigint;
  part record;
  kept boolean;
  owners uuid[];
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('kindred.event_partitions'));

  -- 2. Months that landed in the default partition, then 1. the months ahead.
  FOR month_start IN
      SELECT DISTINCT date_trunc('month', d.recorded_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' FROM events_default d
      UNION
      SELECT date_trunc('month', p_now AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' + make_interval(months => m)
      FROM generate_series(0, p_months_ahead) AS m
      ORDER BY 1 LOOP
    part_name := 'events_y' || to_char(month_start AT TIME ZONE 'UTC', 'YYYY') || 'm' || to_char(month_start AT TIME ZONE 'UTC', 'MM');
    CONTINUE WHEN to_regclass(part_name) IS NOT NULL;
    SELECT count(*) INTO n FROM events_default d
    WHERE d.recorded_at >= month_start AND d.recorded_at < month_start + interval '1 month';
    IF n = 0 THEN
      EXECUTE format('CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)',
                     part_name, month_start, month_start + interval '1 month');
      RETURN QUERY SELECT 'created'::text, part_name, 0::bigint, NULL::uuid[];
    ELSE
      ALTER TABLE events DETACH PARTITION events_default;
      EXECUTE format('CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)',
                     part_name, month_start, month_start + interval '1 month');
      EXECUTE format('INSERT INTO %I SELECT * FROM events_default d WHERE d.recorded_at >= %L AND d.recorded_at < %L',
                     part_name, month_start, month_start + interval '1 month');
      DELETE FROM events_default d WHERE d.recorded_at >= month_start AND d.recorded_at < month_start + interval '1 month';
      ALTER TABLE events ATTACH PARTITION events_default DEFAULT;
      RETURN QUERY SELECT 'moved'::text, part_name, n, NULL::uuid[];
    END IF;
  END LOOP;

  -- 3. Past partitions that hold only what retention deletes.
  FOR part IN
      SELECT c.relname AS rel,
             make_timestamptz(substr(c.relname, 9, 4)::int, substr(c.relname, 14, 2)::int, 1, 0, 0, 0, 'UTC') AS lower_bound
      FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'events'::regclass AND c.relname ~ '^events_y[0-9]{4}m[0-9]{2}$'
      ORDER BY 1 LOOP
    CONTINUE WHEN part.lower_bound + interval '1 month' > p_now;
    EXECUTE format($q$
        SELECT EXISTS (
          SELECT 1 FROM %I e LEFT JOIN tenants t ON t.id = e.tenant_id
          WHERE e.type = 'ConsentChanged' OR e.stream_key IN ('_tenant', '_catalogue', '_anonymous', '_privacy')
             OR e.occurred_at >= %L::timestamptz
                  - make_interval(days => coalesce((t.settings->>'retentionDays')::int, 365)))$q$,
        part.rel, p_now) INTO kept;
    CONTINUE WHEN kept;
    EXECUTE format('SELECT count(*), array_agg(DISTINCT tenant_id) FROM %I', part.rel) INTO n, owners;
    EXECUTE format('DELETE FROM event_ids i USING %I e WHERE i.tenant_id = e.tenant_id AND i.event_id = e.event_id',
                   part.rel);
    EXECUTE format('DROP TABLE %I', part.rel);
    RETURN QUERY SELECT 'dropped'::text, part.rel::text, n, coalesce(owners, '{}'::uuid[]);
  END LOOP;
END $$;
GRANT EXECUTE ON FUNCTION maintain_event_partitions(timestamptz, int) TO kindred_app;
