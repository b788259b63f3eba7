-- Interest profiles: a projection of behaviour events maintained by interest-worker. The profile
-- document (clusters' words, weights, support, context, negatives, session) is jsonb; centroids
-- live in interest_clusters as pgvector values so serving can retrieve by them. (last_tx_id,
-- last_seq) is the position of the last event applied to the profile: re-delivered events at or
-- before it are skipped, which makes the projection idempotent.
CREATE TABLE interest_profiles (
  tenant_id      uuid        NOT NULL,
  user_id        text        NOT NULL,
  profile        jsonb       NOT NULL,
  -- The centroids again, packed (int32 id + float32[384] each, little-endian), so the worker loads a
  -- profile without parsing pgvector text; interest_clusters is what retrieval queries.
  centroids      bytea       NOT NULL,
  session_vector vector(384),
  last_tx_id     xid8        NOT NULL DEFAULT '0',
  last_seq       bigint      NOT NULL DEFAULT 0,
  last_event_id  uuid,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, user_id)
);

CREATE TABLE interest_clusters (
  tenant_id        uuid             NOT NULL,
  user_id          text             NOT NULL,
  cluster_id       int              NOT NULL,
  centroid         vector(384)      NOT NULL,
  weight           double precision NOT NULL,
  label            text,
  label_source     text,
  label_confidence real,
  muted            boolean          NOT NULL DEFAULT false,
  PRIMARY KEY (tenant_id, user_id, cluster_id)
);

-- What each end-user allows; no personalization means no profile (and an existing one is dropped).
CREATE TABLE user_consent (
  tenant_id       uuid        NOT NULL,
  user_id         text        NOT NULL,
  personalization boolean     NOT NULL,
  analytics       boolean     NOT NULL,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, user_id)
);

ALTER TABLE interest_profiles ENABLE ROW LEVEL SECURITY;
CREATE POLICY interest_profiles_tenant ON interest_profiles
  USING (tenant_id = kindred_current_tenant()) WITH CHECK (tenant_id = kindred_current_tenant());
ALTER TABLE interest_clusters ENABLE ROW LEVEL SECURITY;
CREATE POLICY interest_clusters_tenant ON interest_clusters
  USING (tenant_id = kindred_current_tenant()) WITH CHECK (tenant_id = kindred_current_tenant());
ALTER TABLE user_consent ENABLE ROW LEVEL SECURITY;
CREATE POLICY user_consent_tenant ON user_consent
  USING (tenant_id = kindred_current_tenant()) WITH CHECK (tenant_id = kindred_current_tenant());

GRANT SELECT, INSERT, UPDATE, DELETE ON interest_profiles, interest_clusters, user_consent TO kindred_app;
