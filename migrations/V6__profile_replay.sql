-- Replay (bin/kindred replay): a tenant's interest profiles are rebuilt from the event log into build
-- tables shaped like the live ones while serving keeps reading the live ones, then swapped in, in
-- one transaction. profile_generations counts a tenant's swaps: the live projection prepares a batch
-- outside its transaction and checks, under a share lock on this row, that no swap happened since;
-- the swap takes the row exclusively, so the two never interleave.
CREATE TABLE profile_generations (
  tenant_id  uuid PRIMARY KEY,
  generation int  NOT NULL DEFAULT 0,
  swapped_at timestamptz
);

CREATE TABLE interest_profiles_build (LIKE interest_profiles INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES);
CREATE TABLE interest_clusters_build (LIKE interest_clusters INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES);

ALTER TABLE profile_generations ENABLE ROW LEVEL SECURITY;
CREATE POLICY profile_generations_tenant ON profile_generations
  USING (tenant_id = kindred_current_tenant()) WITH CHECK (tenant_id = kindred_current_tenant());
ALTER TABLE interest_profiles_build ENABLE ROW LEVEL SECURITY;
CREATE POLICY interest_profiles_build_tenant ON interest_profiles_build
  USING (tenant_id = kindred_current_tenant()) WITH CHECK (tenant_id = kindred_current_tenant());
ALTER TABLE interest_clusters_build ENABLE ROW LEVEL SECURITY;
CREATE POLICY interest_clusters_build_tenant ON interest_clusters_build
  USING (tenant_id = kindred_current_tenant()) WITH CHECK (tenant_id = kindred_current_tenant());

GRANT SELECT, INSERT, UPDATE, DELETE ON profile_generations, interest_profiles_build, interest_clusters_build
  TO kindred_app;
