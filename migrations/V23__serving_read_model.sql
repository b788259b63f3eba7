-- The serving read model (issue 22): what a feed needs about a user, in one indexed read, kept by
-- the event store in the append's own transaction (a synchronous projection), so that serving never
-- reads — nor decrypts — the event log per request, and a withdrawal of consent, a not-interested or
-- a purchase holds from the very next request.
--
-- user_items: one row per (user, item) the user engaged with or turned down. kinds is a bit set of the
-- engagements seen (1 viewed, 2 clicked, 4 added to cart, 8 bought); last_* the latest of them (the
-- co-visit and sequence seeds, newest first by last_seq); declined the latest feedback on the item was
-- dislike or not_interested (feedback_seq orders feedback). Every column merges by sequence number
-- (bit OR, the greater seq wins), so the projection and a rebuild from the log commute.
CREATE TABLE user_items (
  tenant_id    uuid        NOT NULL,
  user_id      text        NOT NULL,              -- the user's pseudonym (the stream key)
  item_id      text        NOT NULL,
  kinds        smallint    NOT NULL DEFAULT 0,
  last_type    text,
  last_at      timestamptz,
  last_seq     bigint      NOT NULL DEFAULT 0,
  declined     boolean     NOT NULL DEFAULT false,
  feedback_seq bigint      NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, user_id, item_id)
);

-- user_serving: the user's consent as their latest ConsentChanged says (no row: never asked, allowed).
CREATE TABLE user_serving (
  tenant_id       uuid        NOT NULL,
  user_id         text        NOT NULL,
  personalization boolean     NOT NULL DEFAULT true,
  analytics       boolean     NOT NULL DEFAULT true,
  consent_seq     bigint      NOT NULL DEFAULT 0,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, user_id)
);

ALTER TABLE user_items ENABLE ROW LEVEL SECURITY;
CREATE POLICY user_items_tenant ON user_items
  USING (tenant_id = kindred_current_tenant()) WITH CHECK (tenant_id = kindred_current_tenant());
ALTER TABLE user_serving ENABLE ROW LEVEL SECURITY;
CREATE POLICY user_serving_tenant ON user_serving
  USING (tenant_id = kindred_current_tenant()) WITH CHECK (tenant_id = kindred_current_tenant());
GRANT SELECT, INSERT, UPDATE, DELETE ON user_items, user_serving TO kindred_app;

-- Backfill from what exists: engagements exactly from the log's plain columns; consent from the
-- worker's user_consent projection and turned-down items from the profiles' negatives (the kinds are
-- sealed in the payloads; both projections were as fresh as the worker when this ran).
INSERT INTO user_items (tenant_id, user_id, item_id, kinds, last_type, last_at, last_seq)
SELECT tenant_id, stream_key, item_id,
       bit_or(CASE type WHEN 'ItemViewed' THEN 1 WHEN 'ItemClicked' THEN 2 WHEN 'AddedToCart' THEN 4 ELSE 8 END)::smallint,
       (array_agg(type ORDER BY seq DESC))[1], (array_agg(occurred_at ORDER BY seq DESC))[1], max(seq)
FROM events
WHERE type IN ('ItemViewed', 'ItemClicked', 'AddedToCart', 'ItemPurchased') AND item_id IS NOT NULL
  AND stream_key NOT IN ('_tenant', '_catalogue', '_anonymous', '_privacy')
GROUP BY tenant_id, stream_key, item_id;

INSERT INTO user_items (tenant_id, user_id, item_id, declined, feedback_seq)
SELECT DISTINCT p.tenant_id, p.user_id, n->>'itemId', true, 1
FROM interest_profiles p CROSS JOIN LATERAL jsonb_array_elements(p.profile->'negatives') n
WHERE n->>'reason' IN ('dislike', 'not_interested') AND n->>'itemId' IS NOT NULL
ON CONFLICT (tenant_id, user_id, item_id) DO UPDATE SET declined = true, feedback_seq = 1;

INSERT INTO user_serving (tenant_id, user_id, personalization, analytics, consent_seq)
SELECT tenant_id, user_id, personalization, analytics, 1 FROM user_consent
ON CONFLICT DO NOTHING;

-- Services hold tenants' settings and keys in memory; these announce each change on the channel
-- kindred_changes (payload tenant:<id>, key:<id>, token-key:<id>) so the caches drop the entry at once.
CREATE FUNCTION notify_tenant_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM pg_notify('kindred_changes', 'tenant:' || NEW.id); RETURN NULL; END $$;
CREATE TRIGGER tenants_changed AFTER UPDATE ON tenants FOR EACH ROW EXECUTE FUNCTION notify_tenant_change();
CREATE FUNCTION notify_key_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- last_used_at is written by the services themselves and changes nothing a cache holds.
  IF TG_OP = 'UPDATE' AND NEW.revoked_at IS NOT DISTINCT FROM OLD.revoked_at
      AND NEW.expires_at IS NOT DISTINCT FROM OLD.expires_at AND NEW.secret_hash = OLD.secret_hash THEN
    RETURN NULL;
  END IF;
  PERFORM pg_notify('kindred_changes', 'key:' || NEW.id); RETURN NULL;
END $$;
CREATE TRIGGER api_keys_changed AFTER UPDATE ON api_keys FOR EACH ROW EXECUTE FUNCTION notify_key_change();
CREATE FUNCTION notify_token_key_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM pg_notify('kindred_changes', 'token-key:' || NEW.id); RETURN NULL; END $$;
CREATE TRIGGER user_token_keys_changed AFTER UPDATE ON user_token_keys FOR EACH ROW EXECUTE FUNCTION notify_token_key_change();

-- A key's end of overlap is checked by the services against their cached copy: the resolver returns it.
DROP FUNCTION resolve_api_key(text);
CREATE FUNCTION resolve_api_key(p_key_id text)
  RETURNS TABLE (tenant_id uuid, scope text, secret_hash bytea, revoked boolean, requests_per_second int,
                 allowed_origins text[], client_requests_per_second int, last_used_at timestamptz,
                 expires_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT k.tenant_id, k.scope, k.secret_hash,
         k.revoked_at IS NOT NULL OR (k.expires_at IS NOT NULL AND k.expires_at <= now()),
         coalesce((t.settings #>> '{quotas,requestsPerSecond}')::int, 200),
         coalesce(ARRAY(SELECT jsonb_array_elements_text(t.settings #> '{clientAccess,allowedOrigins}')), '{}'),
         coalesce((t.settings #>> '{clientAccess,requestsPerSecondPerClient}')::int, 20),
         k.last_used_at, k.expires_at
  FROM api_keys k JOIN tenants t ON t.id = k.tenant_id WHERE k.id = p_key_id
$$;
GRANT EXECUTE ON FUNCTION resolve_api_key(text) TO kindred_app;

-- Per-user candidate lists, computed by the worker when a profile changes (candidates_dirty, marked in
-- the projection's transaction): for each unmuted interest and the short-term (session) vector, the
-- nearest live items with their similarity, as parallel arrays. Serving reads them with the user and
-- fetches those items by id, instead of an HNSW search per interest per request; a user without a row
-- (or a request with its own filter) is served by live search.
CREATE TABLE user_candidates (
  tenant_id   uuid        NOT NULL,
  user_id     text        NOT NULL,
  computed_at timestamptz NOT NULL DEFAULT now(),
  sources     text[]      NOT NULL,
  items       text[]      NOT NULL,
  sims        real[]      NOT NULL,
  PRIMARY KEY (tenant_id, user_id)
);
CREATE TABLE candidates_dirty (
  tenant_id   uuid        NOT NULL,
  user_id     text        NOT NULL,
  marked_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, user_id)
);
ALTER TABLE user_candidates ENABLE ROW LEVEL SECURITY;
CREATE POLICY user_candidates_tenant ON user_candidates
  USING (tenant_id = kindred_current_tenant()) WITH CHECK (tenant_id = kindred_current_tenant());
ALTER TABLE candidates_dirty ENABLE ROW LEVEL SECURITY;
CREATE POLICY candidates_dirty_tenant ON candidates_dirty
  USING (tenant_id = kindred_current_tenant()) WITH CHECK (tenant_id = kindred_current_tenant());
GRANT SELECT, INSERT, UPDATE, DELETE ON user_candidates, candidates_dirty TO kindred_app;

-- The refresher works across tenants: this owner-rights function hands out dirty users (oldest mark
-- first, SKIP LOCKED so several workers share them) and removes their marks; the computation itself
-- runs bound to each tenant. A mark that arrives again while a user is computed is kept for the next round.
CREATE FUNCTION claim_dirty_candidates(p_limit int) RETURNS TABLE (tenant_id uuid, user_id text, marked_at timestamptz)
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
  DELETE FROM candidates_dirty d USING (
    SELECT x.tenant_id, x.user_id FROM candidates_dirty x ORDER BY x.marked_at LIMIT p_limit FOR UPDATE SKIP LOCKED) c
  WHERE d.tenant_id = c.tenant_id AND d.user_id = c.user_id
  RETURNING d.tenant_id, d.user_id, d.marked_at
$$;
CREATE FUNCTION dirty_candidates_backlog() RETURNS bigint
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$ SELECT count(*) FROM candidates_dirty $$;
GRANT EXECUTE ON FUNCTION claim_dirty_candidates(int), dirty_candidates_backlog() TO kindred_app;
-- Every profile that exists now gets its candidates computed.
INSERT INTO candidates_dirty (tenant_id, user_id) SELECT tenant_id, user_id FROM interest_profiles ON CONFLICT DO NOTHING;
