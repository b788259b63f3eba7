-- Events a subscription could not apply on their own (after its batch failed repeatedly), with the
-- error: the projection moves on for every other event and tenant, and an operator sees what to fix
-- (then replays). Operational and cross-tenant, like subscription_checkpoints: no tenant policy.
CREATE TABLE subscription_parked (
  name       text        NOT NULL,
  seq        bigint      NOT NULL,
  tenant_id  uuid        NOT NULL,
  type       text        NOT NULL,
  error      text        NOT NULL,
  parked_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (name, seq)
);
GRANT SELECT, INSERT, UPDATE ON subscription_parked TO kindred_app;
