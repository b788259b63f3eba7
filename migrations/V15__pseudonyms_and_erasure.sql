-- Pseudonymisation and erasure by crypto-shredding.
--
-- tenant_keys: one random secret per tenant, wrapped (AES-GCM) by the platform master key
-- (kindred.privacy.master-key; a KMS key in production). The services derive from it the key
-- that wraps users' data keys and the key of the lookup HMAC.
--
-- user_keys: one row per end-user the tenant ever sent: lookup = HMAC(tenant lookup key, user id)
-- (the only form of the user id the database holds), a random pseudonym that is the user's stream
-- key and the key of every projection row about them, and the user's data key wrapped by the
-- tenant key. Event payloads of the user's stream are sealed with that data key. Erasure deletes
-- the row: the payloads become unreadable and the pseudonym can no longer be tied to the user id
-- (it was random, not derived from the id).
CREATE TABLE tenant_keys (
  tenant_id      uuid        PRIMARY KEY,
  wrapped_secret bytea       NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE tenant_keys ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_keys_tenant ON tenant_keys
  USING (tenant_id = kindred_current_tenant()) WITH CHECK (tenant_id = kindred_current_tenant());
GRANT SELECT, INSERT ON tenant_keys TO kindred_app;

CREATE TABLE user_keys (
  tenant_id   uuid        NOT NULL,
  lookup      bytea       NOT NULL,
  pseudonym   text        NOT NULL,
  wrapped_dek bytea       NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, lookup),
  UNIQUE (tenant_id, pseudonym)
);
ALTER TABLE user_keys ENABLE ROW LEVEL SECURITY;
CREATE POLICY user_keys_tenant ON user_keys
  USING (tenant_id = kindred_current_tenant()) WITH CHECK (tenant_id = kindred_current_tenant());
GRANT SELECT, INSERT, DELETE ON user_keys TO kindred_app;

-- Subscriptions read every tenant's events outside a tenant binding (read_subscription_events), so
-- they fetch the keys to open them the same way: owner rights, by (tenant, pseudonym) pairs only.
CREATE FUNCTION tenant_key(p_tenant uuid) RETURNS bytea
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT wrapped_secret FROM tenant_keys WHERE tenant_id = p_tenant $$;
CREATE FUNCTION subscription_user_keys(p_tenants uuid[], p_pseudonyms text[])
  RETURNS TABLE (tenant_id uuid, pseudonym text, wrapped_dek bytea)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT k.tenant_id, k.pseudonym, k.wrapped_dek
    FROM unnest(p_tenants, p_pseudonyms) AS q(t, p)
    JOIN user_keys k ON k.tenant_id = q.t AND k.pseudonym = q.p $$;
GRANT EXECUTE ON FUNCTION tenant_key(uuid), subscription_user_keys(uuid[], text[]) TO kindred_app;

-- The PostgreSQL store keeps item_id beside the sealed payload as an index column (trending,
-- co-visits and "already consumed" query it). Once a user's key is gone, erasure clears that
-- column of their stream too; on an immutable log (Kafka) the item id is only inside the sealed
-- payload. Callable only for the tenant bound to the transaction and a stream whose key is gone.
CREATE FUNCTION redact_erased_stream(p_pseudonym text) RETURNS bigint
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  t uuid := kindred_current_tenant();
  n bigint;
BEGIN
  IF t IS NULL THEN
    RAISE EXCEPTION 'no tenant bound';
  END IF;
  IF EXISTS (SELECT 1 FROM user_keys WHERE tenant_id = t AND pseudonym = p_pseudonym) THEN
    RAISE EXCEPTION 'stream % still has its key; erase the key first', p_pseudonym;
  END IF;
  UPDATE events SET item_id = NULL WHERE tenant_id = t AND stream_key = p_pseudonym AND item_id IS NOT NULL;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;
GRANT EXECUTE ON FUNCTION redact_erased_stream(text) TO kindred_app;

-- Privacy requests (erasure now; the console's export requests later): written by whoever takes
-- the request (ingest for an API key, control for a privacy officer), completed by the worker's
-- erasure subscription. No personal data: the subject is the pseudonym while the request is
-- pending, cleared when it completes.
CREATE TABLE privacy_requests (
  id           uuid        PRIMARY KEY,
  tenant_id    uuid        NOT NULL,
  kind         text        NOT NULL CHECK (kind IN ('ERASURE')),
  status       text        NOT NULL CHECK (status IN ('PENDING', 'COMPLETED', 'FAILED')),
  subject      text,
  requested_by text        NOT NULL,
  requested_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz,
  detail       jsonb       NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX privacy_requests_tenant_idx ON privacy_requests (tenant_id, requested_at DESC);
ALTER TABLE privacy_requests ENABLE ROW LEVEL SECURITY;
CREATE POLICY privacy_requests_tenant ON privacy_requests
  USING (tenant_id = kindred_current_tenant()) WITH CHECK (tenant_id = kindred_current_tenant());
GRANT SELECT, INSERT, UPDATE ON privacy_requests TO kindred_app;
-- FOR SHARE (the interest projector's guard against a concurrent erasure) needs UPDATE on a column.
GRANT UPDATE (created_at) ON user_keys TO kindred_app;
