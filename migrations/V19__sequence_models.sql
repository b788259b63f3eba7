-- Sequence models per tenant (SASRec, trained by the worker's train-sequence job from users' item
-- sequences in the event log): every trained model is kept with its validation score and the
-- score of what served before on the same held-out items; at most one per tenant is promoted and
-- serving proposes its next items as the `sequence` source. item_ids maps the model's dense item
-- indices back to the tenant's item ids. Rollback = promote an older row.
CREATE TABLE sequence_models (
  tenant_id       uuid        NOT NULL,
  version         integer     NOT NULL,
  model           bytea       NOT NULL,
  item_ids        text[]      NOT NULL,
  trained_at      timestamptz NOT NULL DEFAULT now(),
  users           integer     NOT NULL,
  positions       bigint      NOT NULL,
  epochs          integer     NOT NULL,
  train_ms        bigint      NOT NULL,
  ndcg            double precision NOT NULL,
  baseline_ndcg   double precision NOT NULL,
  baseline        text        NOT NULL,
  promoted        boolean     NOT NULL DEFAULT false,
  PRIMARY KEY (tenant_id, version)
);
CREATE UNIQUE INDEX sequence_models_one_promoted ON sequence_models (tenant_id) WHERE promoted;
ALTER TABLE sequence_models ENABLE ROW LEVEL SECURITY;
CREATE POLICY sequence_models_tenant ON sequence_models
  USING (tenant_id = kindred_current_tenant()) WITH CHECK (tenant_id = kindred_current_tenant());
GRANT SELECT, INSERT, UPDATE ON sequence_models TO kindred_app;

-- The weighted score gains a `sequence` term (the sequence model's next-item likelihood); stored
-- settings documents must stay complete, so every tenant gets the default weight.
UPDATE tenants SET settings = jsonb_set(settings, '{rankingWeights,sequence}', '1.0'::jsonb)
WHERE settings ? 'rankingWeights' AND NOT settings->'rankingWeights' ? 'sequence';

-- What a job says of itself now (a training job: its latest validation check), shown with its progress.
ALTER TABLE jobs ADD COLUMN detail text;
