-- Exploration. item_clusters: a tenant's catalogue in clusters (spherical k-means over the item
-- embeddings, a worker job), each with its nearest clusters — the graph that says which interest
-- areas are adjacent to a user's. explore_slots: the exploration slots served (from ImpressionLogged),
-- so a click on one is credited to its cluster once. explore_arms: per cluster, exploration slots
-- shown and clicked — the Beta posterior that Thompson sampling draws from.
CREATE TABLE item_clusters (
  tenant_id  uuid        NOT NULL,
  cluster_id int         NOT NULL,
  centroid   vector(384) NOT NULL,
  size       int         NOT NULL,
  neighbours int[]       NOT NULL DEFAULT '{}',
  built_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, cluster_id)
);

CREATE TABLE explore_slots (
  tenant_id         uuid        NOT NULL,
  recommendation_id text        NOT NULL,
  item_id           text        NOT NULL,
  cluster_id        int         NOT NULL,
  clicked           boolean     NOT NULL DEFAULT false,
  served_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, recommendation_id, item_id)
);

CREATE TABLE explore_arms (
  tenant_id  uuid   NOT NULL,
  cluster_id int    NOT NULL,
  shown      bigint NOT NULL DEFAULT 0,
  clicked    bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, cluster_id)
);

ALTER TABLE item_clusters ENABLE ROW LEVEL SECURITY;
CREATE POLICY item_clusters_tenant ON item_clusters
  USING (tenant_id = kindred_current_tenant()) WITH CHECK (tenant_id = kindred_current_tenant());
ALTER TABLE explore_slots ENABLE ROW LEVEL SECURITY;
CREATE POLICY explore_slots_tenant ON explore_slots
  USING (tenant_id = kindred_current_tenant()) WITH CHECK (tenant_id = kindred_current_tenant());
ALTER TABLE explore_arms ENABLE ROW LEVEL SECURITY;
CREATE POLICY explore_arms_tenant ON explore_arms
  USING (tenant_id = kindred_current_tenant()) WITH CHECK (tenant_id = kindred_current_tenant());

GRANT SELECT, INSERT, UPDATE, DELETE ON item_clusters, explore_slots, explore_arms TO kindred_app;
