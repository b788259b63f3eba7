-- Tenants and their API keys: same-transaction projections of TenantCreated, TenantSettingsChanged,
-- ApiKeyIssued and ApiKeyRevoked events appended by the control service.
CREATE TABLE tenants (
  id              uuid        PRIMARY KEY,
  slug            text        NOT NULL UNIQUE,
  name            text        NOT NULL,
  organization_id text,
  settings        jsonb       NOT NULL DEFAULT '{}'::jsonb,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
  id          text        PRIMARY KEY,             -- public part of the key, e.g. kd_ing_ab12cd34
  tenant_id   uuid        NOT NULL REFERENCES tenants(id),
  scope       text        NOT NULL CHECK (scope IN ('ingest', 'serve')),
  secret_hash bytea       NOT NULL,                -- SHA-256 of the whole key; the key itself is shown once
  label       text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz
);
CREATE INDEX api_keys_tenant_idx ON api_keys (tenant_id);

ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenants_self ON tenants
  USING (id = kindred_current_tenant()) WITH CHECK (id = kindred_current_tenant());
ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
CREATE POLICY api_keys_tenant ON api_keys
  USING (tenant_id = kindred_current_tenant()) WITH CHECK (tenant_id = kindred_current_tenant());

-- Authentication happens before the tenant is known: this owner-rights function is the one door
-- through which a key id is resolved to its tenant, and it returns no more than that.
CREATE FUNCTION resolve_api_key(p_key_id text)
  RETURNS TABLE (tenant_id uuid, scope text, secret_hash bytea, revoked boolean, requests_per_second int)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT k.tenant_id, k.scope, k.secret_hash, k.revoked_at IS NOT NULL,
         coalesce((t.settings #>> '{quotas,requestsPerSecond}')::int, 200)
  FROM api_keys k JOIN tenants t ON t.id = k.tenant_id WHERE k.id = p_key_id
$$;

-- The platform-admin's cross-tenant listing, the only other owner-rights read.
CREATE FUNCTION platform_list_tenants()
  RETURNS TABLE (id uuid, slug text, name text, organization_id text, created_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT t.id, t.slug, t.name, t.organization_id, t.created_at FROM tenants t ORDER BY t.created_at
$$;

CREATE FUNCTION tenant_id_by_slug(p_slug text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$ SELECT id FROM tenants WHERE slug = p_slug $$;

GRANT SELECT, INSERT, UPDATE ON tenants, api_keys TO kindred_app;
GRANT EXECUTE ON FUNCTION resolve_api_key(text), platform_list_tenants(), tenant_id_by_slug(text) TO kindred_app;
