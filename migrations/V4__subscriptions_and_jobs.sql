-- Checkpointed subscriptions read across tenants, which row-level security forbids to kindred_app;
-- this owner-rights function is the one door, and it only reads.
--
-- Rows come in commit-safe order: only transactions older than every transaction still in flight
-- (tx_id below the snapshot's xmin) are returned, ordered by (tx_id, seq), so a transaction that
-- commits late is read after the checkpoint, never skipped. When fewer than `lim` rows match, the
-- whole range up to that horizon was scanned and a marker row (tenant_id NULL) carries the last
-- position, so a subscription that filters types does not rescan rows it does not want.
CREATE FUNCTION read_subscription_events(after_tx xid8, after_seq bigint, wanted text[], lim int)
RETURNS TABLE (seq bigint, tx_id xid8, tenant_id uuid, stream_key text, event_id uuid, type text,
               item_id text, payload text, occurred_at timestamptz, recorded_at timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
#variable_conflict use_column
DECLARE
  horizon xid8 := pg_snapshot_xmin(pg_current_snapshot());
  found_rows int;
BEGIN
  RETURN QUERY
    SELECT e.seq, e.tx_id, e.tenant_id, e.stream_key, e.event_id, e.type, e.item_id, e.payload::text,
           e.occurred_at, e.recorded_at
    FROM events e
    WHERE (e.tx_id, e.seq) > (after_tx, after_seq) AND e.tx_id < horizon
      AND (wanted IS NULL OR e.type = ANY (wanted))
    ORDER BY e.tx_id, e.seq LIMIT lim;
  GET DIAGNOSTICS found_rows = ROW_COUNT;
  IF found_rows < lim THEN
    RETURN QUERY
      SELECT e.seq, e.tx_id, NULL::uuid, NULL::text, NULL::uuid, NULL::text, NULL::text, NULL::text,
             NULL::timestamptz, NULL::timestamptz
      FROM events e
      WHERE (e.tx_id, e.seq) > (after_tx, after_seq) AND e.tx_id < horizon
      ORDER BY e.tx_id DESC, e.seq DESC LIMIT 1;
  END IF;
END $$;
GRANT EXECUTE ON FUNCTION read_subscription_events(xid8, bigint, text[], int) TO kindred_app;

-- Jobs the worker runs (embedding backfills) are queued as PENDING by the CLI or an API and
-- claimed across tenants by the worker; `total` lets clients draw a progress bar.
ALTER TABLE jobs DROP CONSTRAINT jobs_status_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_status_check
  CHECK (status IN ('PENDING', 'RUNNING', 'COMPLETED', 'FAILED'));
ALTER TABLE jobs ADD COLUMN total bigint;
ALTER TABLE jobs ADD COLUMN params jsonb NOT NULL DEFAULT '{}'::jsonb;
CREATE INDEX jobs_pending_idx ON jobs (created_at) WHERE status = 'PENDING';

-- Claims the oldest pending job of the given kinds (any tenant) and marks it RUNNING.
CREATE FUNCTION claim_pending_job(kinds text[])
RETURNS TABLE (id uuid, tenant_id uuid, kind text, params text)
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
  UPDATE jobs j SET status = 'RUNNING', updated_at = now()
  WHERE j.id = (SELECT p.id FROM jobs p WHERE p.status = 'PENDING' AND p.kind = ANY (kinds)
                ORDER BY p.created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
  RETURNING j.id, j.tenant_id, j.kind, j.params::text
$$;
GRANT EXECUTE ON FUNCTION claim_pending_job(text[]) TO kindred_app;

-- Item vectors are written by the worker, the only writer of that column besides the catalogue.
CREATE INDEX items_missing_embedding_idx ON items (tenant_id, item_id)
  WHERE embedding IS NULL AND NOT removed;
