-- The event store: one append-only table, range-partitioned by the month it was recorded so that
-- retention drops whole partitions. Every other table is a projection of it.
CREATE EXTENSION IF NOT EXISTS vector;

-- The tenant of the current transaction, set by the services with set_config(..., true).
-- An unset or reset setting reads as '' which must mean "no tenant", never a cast error.
CREATE FUNCTION kindred_current_tenant() RETURNS uuid
  LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('kindred.tenant_id', true), '')::uuid $$;

CREATE SEQUENCE event_seq AS bigint;

CREATE TABLE events (
  seq          bigint      NOT NULL DEFAULT nextval('event_seq'),
  -- Commit order guard for subscriptions: readers only take rows whose transaction is older than
  -- every transaction still in flight, so a late commit of a lower seq is never skipped.
  tx_id        xid8        NOT NULL DEFAULT pg_current_xact_id(),
  tenant_id    uuid        NOT NULL,
  stream_key   text        NOT NULL,
  event_id     uuid        NOT NULL,
  type         text        NOT NULL,
  item_id      text,
  payload      jsonb       NOT NULL,
  occurred_at  timestamptz NOT NULL,
  recorded_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (seq, recorded_at)
) PARTITION BY RANGE (recorded_at);

CREATE INDEX events_stream_idx ON events (tenant_id, stream_key, seq);
CREATE INDEX events_tx_idx ON events (tx_id, seq);
CREATE INDEX events_tenant_type_idx ON events (tenant_id, type, seq);
CREATE TABLE events_default PARTITION OF events DEFAULT;

-- Idempotency: a client-supplied event id is stored once per tenant. Partitioned tables cannot
-- carry a unique key without the partition column, so the ids live in their own table.
CREATE TABLE event_ids (
  tenant_id   uuid        NOT NULL,
  event_id    uuid        NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, event_id)
);

-- Creates the monthly partitions from the current month to months_ahead months later.
CREATE FUNCTION ensure_event_partitions(months_ahead int) RETURNS int
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  m int; start_ts timestamptz; end_ts timestamptz; name text; created int := 0;
BEGIN
  FOR m IN 0..months_ahead LOOP
    start_ts := date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' + make_interval(months => m);
    end_ts := start_ts + interval '1 month';
    name := 'events_y' || to_char(start_ts AT TIME ZONE 'UTC', 'YYYY') || 'm' || to_char(start_ts AT TIME ZONE 'UTC', 'MM');
    IF to_regclass(name) IS NULL THEN
      EXECUTE format('CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)', name, start_ts, end_ts);
      created := created + 1;
    END IF;
  END LOOP;
  RETURN created;
END $$;
SELECT ensure_event_partitions(2);

-- Checkpointed subscriptions (projections read in commit order and remember where they are).
CREATE TABLE subscription_checkpoints (
  name        text        PRIMARY KEY,
  last_tx_id  xid8        NOT NULL DEFAULT '0',
  last_seq    bigint      NOT NULL DEFAULT 0,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Wakes subscribers without polling; the payload is empty, readers fetch by checkpoint.
CREATE FUNCTION notify_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM pg_notify('kindred_events', ''); RETURN NULL; END $$;
CREATE TRIGGER events_notify AFTER INSERT ON events FOR EACH STATEMENT EXECUTE FUNCTION notify_events();

ALTER TABLE events ENABLE ROW LEVEL SECURITY;
CREATE POLICY events_tenant ON events
  USING (tenant_id = kindred_current_tenant()) WITH CHECK (tenant_id = kindred_current_tenant());
ALTER TABLE event_ids ENABLE ROW LEVEL SECURITY;
CREATE POLICY event_ids_tenant ON event_ids
  USING (tenant_id = kindred_current_tenant()) WITH CHECK (tenant_id = kindred_current_tenant());

-- The runtime role may append and read, never rewrite history.
GRANT SELECT, INSERT ON events, event_ids TO kindred_app;
GRANT USAGE ON SEQUENCE event_seq TO kindred_app;
GRANT SELECT, INSERT, UPDATE ON subscription_checkpoints TO kindred_app;
GRANT EXECUTE ON FUNCTION ensure_event_partitions(int) TO kindred_app;
