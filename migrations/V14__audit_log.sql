-- Who read or changed what: every export of a user's data, and every settings change, key issue and
-- key revocation. Append-only for the services (INSERT and SELECT only); privacy officers read it
-- through control. No personal data beyond the subject id the tenant itself uses.
CREATE TABLE audit_log (
  id         bigserial   PRIMARY KEY,
  tenant_id  uuid        NOT NULL,
  at         timestamptz NOT NULL DEFAULT now(),
  actor      text        NOT NULL,
  action     text        NOT NULL,
  subject    text,
  detail     jsonb       NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_tenant_idx ON audit_log (tenant_id, at DESC);
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY audit_log_tenant ON audit_log
  USING (tenant_id = kindred_current_tenant()) WITH CHECK (tenant_id = kindred_current_tenant());
GRANT SELECT, INSERT ON audit_log TO kindred_app;
GRANT USAGE ON SEQUENCE audit_log_id_seq TO kindred_app;
