-- Co-visitation: items engaged with (viewed, clicked, carted, bought) close together in one user's
-- sequence, weighted 1/distance (distance ≤ 5), both directions; engagement counts per item for
-- the cosine normalisation weight / √(engagements(a) · engagements(b)). co_visit_positions makes
-- the counting idempotent: events at or before a tenant's position are not counted again.
CREATE TABLE co_visits (
  tenant_id uuid NOT NULL,
  item_id   text NOT NULL,
  other_id  text NOT NULL,
  weight    real NOT NULL,
  PRIMARY KEY (tenant_id, item_id, other_id)
);

CREATE TABLE item_engagement (
  tenant_id   uuid NOT NULL,
  item_id     text NOT NULL,
  engagements real NOT NULL,
  PRIMARY KEY (tenant_id, item_id)
);

CREATE TABLE co_visit_positions (
  tenant_id  uuid   PRIMARY KEY,
  last_tx_id xid8   NOT NULL,
  last_seq   bigint NOT NULL
);

ALTER TABLE co_visits ENABLE ROW LEVEL SECURITY;
CREATE POLICY co_visits_tenant ON co_visits
  USING (tenant_id = kindred_current_tenant()) WITH CHECK (tenant_id = kindred_current_tenant());
ALTER TABLE item_engagement ENABLE ROW LEVEL SECURITY;
CREATE POLICY item_engagement_tenant ON item_engagement
  USING (tenant_id = kindred_current_tenant()) WITH CHECK (tenant_id = kindred_current_tenant());
ALTER TABLE co_visit_positions ENABLE ROW LEVEL SECURITY;
CREATE POLICY co_visit_positions_tenant ON co_visit_positions
  USING (tenant_id = kindred_current_tenant()) WITH CHECK (tenant_id = kindred_current_tenant());

GRANT SELECT, INSERT, UPDATE, DELETE ON co_visits, item_engagement, co_visit_positions TO kindred_app;
