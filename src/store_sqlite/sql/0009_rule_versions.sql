-- Versioned rule documents of every kind in one table: SLA policies (kind 'sla', formerly
-- sla_versions) and routing rules (kind 'routing'). Versions count per kind from 1.
CREATE TABLE rule_versions (
  kind       TEXT    NOT NULL,  -- sla | routing
  version    INTEGER NOT NULL,
  doc        TEXT    NOT NULL,  -- JSON: sla::PolicySetJson, routing::RuleSetJson
  created_at INTEGER NOT NULL,
  created_by INTEGER NOT NULL,  -- 0: seeded
  note       TEXT    NOT NULL,
  PRIMARY KEY (kind, version)
) WITHOUT ROWID;
INSERT INTO rule_versions (kind, version, doc, created_at, created_by, note)
  SELECT 'sla', version, doc, created_at, created_by, note FROM sla_versions;
DROP TABLE sla_versions;
