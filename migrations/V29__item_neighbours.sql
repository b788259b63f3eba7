-- Item-to-item lists (issue 22, "similar gets the same treatment" as the feed): for every item with an
-- embedding, its nearest items with their similarity, as parallel arrays sorted best first, kept by the
-- worker. Serving's similar endpoint reads the anchor's list and fetches those items by id (one indexed
-- read) instead of an HNSW search per request; availability, removal and the tenant's rules are applied
-- when the list is read, so the lists hold every item with an embedding and need no refresh when an
-- item's availability changes. An item without a list yet is served by live search, as before.
CREATE TABLE item_neighbours (
  tenant_id   uuid        NOT NULL,
  item_id     text        NOT NULL,
  computed_at timestamptz NOT NULL DEFAULT now(),
  items       text[]      NOT NULL,
  sims        real[]      NOT NULL,
  PRIMARY KEY (tenant_id, item_id)
);
-- Items whose list is to be computed: every item whose embedding was written (a new item, a new text,
-- a new model), marked by the triggers below in the writer's own transaction.
CREATE TABLE neighbours_dirty (
  tenant_id   uuid        NOT NULL,
  item_id     text        NOT NULL,
  marked_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, item_id)
);
ALTER TABLE item_neighbours ENABLE ROW LEVEL SECURITY;
CREATE POLICY item_neighbours_tenant ON item_neighbours
  USING (tenant_id = kindred_current_tenant()) WITH CHECK (tenant_id = kindred_current_tenant());
ALTER TABLE neighbours_dirty ENABLE ROW LEVEL SECURITY;
CREATE POLICY neighbours_dirty_tenant ON neighbours_dirty
  USING (tenant_id = kindred_current_tenant()) WITH CHECK (tenant_id = kindred_current_tenant());
GRANT SELECT, INSERT, UPDATE, DELETE ON item_neighbours, neighbours_dirty TO kindred_app;

-- Statement-level triggers with transition tables: a bulk load of 100k items marks them in one insert.
CREATE FUNCTION mark_neighbours_inserted() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  INSERT INTO neighbours_dirty (tenant_id, item_id)
  SELECT n.tenant_id, n.item_id FROM new_items n WHERE n.embedding IS NOT NULL
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE FUNCTION mark_neighbours_updated() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  INSERT INTO neighbours_dirty (tenant_id, item_id)
  SELECT n.tenant_id, n.item_id FROM new_items n
  JOIN old_items o ON o.tenant_id = n.tenant_id AND o.item_id = n.item_id
  WHERE n.embedding IS NOT NULL AND n.embedding IS DISTINCT FROM o.embedding
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER items_neighbours_inserted AFTER INSERT ON items REFERENCING NEW TABLE AS new_items
  FOR EACH STATEMENT EXECUTE FUNCTION mark_neighbours_inserted();
CREATE TRIGGER items_neighbours_updated AFTER UPDATE ON items REFERENCING OLD TABLE AS old_items NEW TABLE AS new_items
  FOR EACH STATEMENT EXECUTE FUNCTION mark_neighbours_updated();

-- The refresher works across tenants, like claim_dirty_candidates (V23): oldest mark first, SKIP LOCKED.
CREATE FUNCTION claim_dirty_neighbours(p_limit int) RETURNS TABLE (tenant_id uuid, item_id text, marked_at timestamptz)
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
  DELETE FROM neighbours_dirty d USING (
    SELECT x.tenant_id, x.item_id FROM neighbours_dirty x ORDER BY x.marked_at LIMIT p_limit FOR UPDATE SKIP LOCKED) c
  WHERE d.tenant_id = c.tenant_id AND d.item_id = c.item_id
  RETURNING d.tenant_id, d.item_id, d.marked_at
$$;
CREATE FUNCTION dirty_neighbours_backlog() RETURNS bigint
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$ SELECT count(*) FROM neighbours_dirty $$;
GRANT EXECUTE ON FUNCTION claim_dirty_neighbours(int), dirty_neighbours_backlog() TO kindred_app;

-- Every item that has an embedding now gets its list.
INSERT INTO neighbours_dirty (tenant_id, item_id) SELECT tenant_id, item_id FROM items WHERE embedding IS NOT NULL
ON CONFLICT DO NOTHING;
