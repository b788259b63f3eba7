-- The catalogue (projection of ItemUpserted / ItemRemoved, written in the appending transaction so
-- a tenant reads its own writes) and long-running jobs such as NDJSON imports.
CREATE TABLE items (
  tenant_id       uuid        NOT NULL,
  item_id         text        NOT NULL,
  title           text        NOT NULL,
  description     text,
  categories      text[]      NOT NULL DEFAULT '{}',
  tags            text[]      NOT NULL DEFAULT '{}',
  attributes      jsonb       NOT NULL DEFAULT '{}'::jsonb,
  available       boolean     NOT NULL DEFAULT true,
  image_url       text,
  removed         boolean     NOT NULL DEFAULT false,
  last_event_seq  bigint      NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  -- Filled asynchronously by the embedding projection; the model id travels with the vector.
  embedding       vector(384),
  embedding_model text,
  PRIMARY KEY (tenant_id, item_id)
);
CREATE INDEX items_embedding_hnsw ON items USING hnsw (embedding vector_cosine_ops);
CREATE INDEX items_categories_idx ON items USING gin (categories);

CREATE TABLE jobs (
  id          uuid        PRIMARY KEY,
  tenant_id   uuid        NOT NULL,
  kind        text        NOT NULL,
  status      text        NOT NULL CHECK (status IN ('RUNNING', 'COMPLETED', 'FAILED')),
  processed   bigint      NOT NULL DEFAULT 0,
  accepted    bigint      NOT NULL DEFAULT 0,
  rejected    bigint      NOT NULL DEFAULT 0,
  errors      jsonb       NOT NULL DEFAULT '[]'::jsonb,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX jobs_tenant_idx ON jobs (tenant_id, created_at DESC);

ALTER TABLE items ENABLE ROW LEVEL SECURITY;
CREATE POLICY items_tenant ON items
  USING (tenant_id = kindred_current_tenant()) WITH CHECK (tenant_id = kindred_current_tenant());
ALTER TABLE jobs ENABLE ROW LEVEL SECURITY;
CREATE POLICY jobs_tenant ON jobs
  USING (tenant_id = kindred_current_tenant()) WITH CHECK (tenant_id = kindred_current_tenant());

GRANT SELECT, INSERT, UPDATE ON items, jobs TO kindred_app;
