-- Learned rankers per tenant (LambdaMART on XGBoost, trained by the worker's train-ranker job from
-- logged impressions): every trained model is kept with its validation scores; at most one per
-- tenant is promoted, and serving uses it instead of the weighted score. Rollback = promote an
-- older row.
CREATE TABLE ranker_models (
  tenant_id          uuid        NOT NULL,
  version            integer     NOT NULL,
  model              bytea       NOT NULL,
  feature_names      text[]      NOT NULL,
  trained_at         timestamptz NOT NULL DEFAULT now(),
  train_requests     integer     NOT NULL,
  validation_requests integer    NOT NULL,
  ndcg               double precision NOT NULL,
  baseline_ndcg      double precision NOT NULL,
  baseline           text        NOT NULL,
  promoted           boolean     NOT NULL DEFAULT false,
  PRIMARY KEY (tenant_id, version)
);
CREATE UNIQUE INDEX ranker_models_one_promoted ON ranker_models (tenant_id) WHERE promoted;
ALTER TABLE ranker_models ENABLE ROW LEVEL SECURITY;
CREATE POLICY ranker_models_tenant ON ranker_models
  USING (tenant_id = kindred_current_tenant()) WITH CHECK (tenant_id = kindred_current_tenant());
GRANT SELECT, INSERT, UPDATE ON ranker_models TO kindred_app;
