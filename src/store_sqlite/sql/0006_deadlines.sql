-- Deadlines (issue #5): the SLA version a case started with, its step clock and whole-case clock
-- (JSON, copied from events by Apply), the running step's deadline (NULL when none or paused)
-- for the overdue filter, and the next timer for the timer index.
ALTER TABLE cases ADD COLUMN sla_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN sla_policy TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN clock TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN whole TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN due_at INTEGER;
ALTER TABLE cases ADD COLUMN next_timer_at INTEGER;
CREATE INDEX cases_by_timer ON cases (next_timer_at) WHERE next_timer_at IS NOT NULL;
CREATE INDEX cases_by_due ON cases (due_at) WHERE due_at IS NOT NULL;

-- SLA policy sets, one row per version; the newest is in force.
CREATE TABLE sla_versions (
  version    INTEGER PRIMARY KEY,
  doc        TEXT    NOT NULL,  -- JSON, sla::PolicySetJson
  created_at INTEGER NOT NULL,
  created_by INTEGER NOT NULL,  -- 0: seeded
  note       TEXT    NOT NULL
);

-- Holiday files imported after the release (statutory) and local closures (local); the years
-- 2007-2026 ship in the binary.
CREATE TABLE calendar_files (
  year        INTEGER NOT NULL,
  kind        TEXT    NOT NULL,  -- statutory | local
  file        TEXT    NOT NULL,  -- holiday-cn JSON
  imported_at INTEGER NOT NULL,
  imported_by TEXT    NOT NULL,
  PRIMARY KEY (year, kind)
) WITHOUT ROWID;

-- Each user's notices: written with the case event that raised them (its payload names the
-- recipients), so a notice exists exactly when its event does.
CREATE TABLE inbox (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL,
  case_id    INTEGER NOT NULL,
  seq        INTEGER NOT NULL,
  kind       TEXT    NOT NULL,  -- the event's action: yellow, overdue, escalate, remind
  created_at INTEGER NOT NULL,
  read_at    INTEGER
);
CREATE INDEX inbox_by_user ON inbox (user_id, id);
