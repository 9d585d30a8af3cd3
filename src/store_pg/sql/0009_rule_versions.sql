-- Versioned rule documents of every kind in one table: SLA policies (kind 'sla', formerly
-- sla_versions) and routing rules (kind 'routing'). Versions count per kind from 1.
CREATE TABLE rule_versions (
  kind       text    NOT NULL,  -- sla | routing
  version    bigint  NOT NULL,
  doc        text    NOT NULL,  -- JSON: sla::PolicySetJson, routing::RuleSetJson
  created_at bigint  NOT NULL,
  created_by bigint  NOT NULL,  -- 0: seeded
  note       text    NOT NULL,
  PRIMARY KEY (kind, version)
);
INSERT INTO rule_versions (kind, version, doc, created_at, created_by, note)
  SELECT 'sla', version, doc, created_at, created_by, note FROM sla_versions;
DROP TABLE sla_versions;
