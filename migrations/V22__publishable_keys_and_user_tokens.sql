-- What a web page or app may hold, and how an end-user proves who they are (issue 25).
--
-- Key kinds: 'ingest' and 'serve' keys are SECRET (server-side only); a 'publishable' key
-- (kd_pub_…) may sit in a page: it tracks events and reads recommendations, similar and trending,
-- for an anonymous id or for the user named by a user token, and nothing else. A publishable key
-- is bound to the tenant's allowed origins and rate-limited per client address as well as per key.
ALTER TABLE api_keys DROP CONSTRAINT api_keys_scope_check;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_scope_check CHECK (scope IN ('ingest', 'serve', 'publishable'));

-- Rotation keeps a live app running: the replaced key stays valid until expires_at (default 24 h
-- after the rotation), then it is refused; the control service records the expiry (audit + event)
-- once the time has passed (expiry_recorded). last_used_at is written at most once a minute per key.
ALTER TABLE api_keys ADD COLUMN expires_at timestamptz;
ALTER TABLE api_keys ADD COLUMN expiry_recorded boolean NOT NULL DEFAULT false;
ALTER TABLE api_keys ADD COLUMN last_used_at timestamptz;
ALTER TABLE api_keys ADD COLUMN replaced_by text;

-- Client access settings: the origins a publishable key answers (empty: any origin) and the
-- requests per second one client address may make with a publishable key.
UPDATE tenants SET settings = settings
  || jsonb_build_object('clientAccess', jsonb_build_object('allowedOrigins', '[]'::jsonb, 'requestsPerSecondPerClient', 20))
WHERE NOT settings ? 'clientAccess';

DROP FUNCTION resolve_api_key(text);
CREATE FUNCTION resolve_api_key(p_key_id text)
  RETURNS TABLE (tenant_id uuid, scope text, secret_hash bytea, revoked boolean, requests_per_second int,
                 allowed_origins text[], client_requests_per_second int, last_used_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT k.tenant_id, k.scope, k.secret_hash,
         k.revoked_at IS NOT NULL OR (k.expires_at IS NOT NULL AND k.expires_at <= now()),
         coalesce((t.settings #>> '{quotas,requestsPerSecond}')::int, 200),
         coalesce(ARRAY(SELECT jsonb_array_elements_text(t.settings #> '{clientAccess,allowedOrigins}')), '{}'),
         coalesce((t.settings #>> '{clientAccess,requestsPerSecondPerClient}')::int, 20),
         k.last_used_at
  FROM api_keys k JOIN tenants t ON t.id = k.tenant_id WHERE k.id = p_key_id
$$;

-- The key was used now (called at most once a minute per key by each service instance).
CREATE FUNCTION touch_api_key(p_key_id text) RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
  UPDATE api_keys SET last_used_at = now() WHERE id = p_key_id AND (last_used_at IS NULL OR last_used_at < now() - interval '30 seconds')
$$;

-- Keys whose overlap window has passed and whose expiry is not recorded yet, every tenant's.
CREATE FUNCTION expired_api_keys() RETURNS TABLE (tenant_id uuid, key_id text, expires_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT k.tenant_id, k.id, k.expires_at FROM api_keys k
  WHERE k.expires_at IS NOT NULL AND k.expires_at <= now() AND NOT k.expiry_recorded AND k.revoked_at IS NULL
  ORDER BY k.expires_at LIMIT 500
$$;
CREATE INDEX api_keys_expiring_idx ON api_keys (expires_at) WHERE expires_at IS NOT NULL AND NOT expiry_recorded;

GRANT EXECUTE ON FUNCTION resolve_api_key(text), touch_api_key(text), expired_api_keys() TO kindred_app;

-- User-token signing keys: the tenant's backend signs short-lived end-user tokens (HS256 JWT, kid =
-- this id, sub = the user id, exp) with the secret of one of these keys. The secret is not stored:
-- it is derived from the platform master key, the tenant and this id (HMAC), so a database dump
-- holds nothing that signs. Rotation: issue a new key, let the old one expire.
CREATE TABLE user_token_keys (
  id          text        PRIMARY KEY,            -- kd_utk_<hex>, the JWT header's kid
  tenant_id   uuid        NOT NULL REFERENCES tenants(id),
  label       text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz,
  revoked_at  timestamptz
);
CREATE INDEX user_token_keys_tenant_idx ON user_token_keys (tenant_id);
ALTER TABLE user_token_keys ENABLE ROW LEVEL SECURITY;
CREATE POLICY user_token_keys_tenant ON user_token_keys
  USING (tenant_id = kindred_current_tenant()) WITH CHECK (tenant_id = kindred_current_tenant());
GRANT SELECT, INSERT, UPDATE ON user_token_keys TO kindred_app;
