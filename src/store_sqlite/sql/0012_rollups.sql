-- Evaluation and the command center (issue #8). The rollups the writer keeps current with every
-- case change (store/rollup_repository.hpp): cases now by street × grid × category × state ×
-- light (finished cases by street only, grid ''), and per local day and grid the cases reported,
-- closed and gone overdue. Filled here from what the database already holds.
CREATE TABLE case_tally (
  street_code    TEXT    NOT NULL,
  grid_code      TEXT    NOT NULL,
  category_code  TEXT    NOT NULL,
  state          TEXT    NOT NULL,
  light          TEXT    NOT NULL,  -- green | yellow | red; '' when finished
  community_code TEXT    NOT NULL,
  n              INTEGER NOT NULL,
  PRIMARY KEY (street_code, grid_code, category_code, state, light)
) WITHOUT ROWID;

CREATE TABLE case_daily (
  day            TEXT    NOT NULL,  -- YYYY-MM-DD, +08:00
  grid_code      TEXT    NOT NULL,
  street_code    TEXT    NOT NULL,
  community_code TEXT    NOT NULL,
  reported       INTEGER NOT NULL,
  closed         INTEGER NOT NULL,
  overdue        INTEGER NOT NULL,
  PRIMARY KEY (day, grid_code)
) WITHOUT ROWID;

INSERT INTO case_tally (street_code, grid_code, category_code, state, light, community_code, n)
  SELECT street_code,
         CASE WHEN state IN ('closed', 'rejected', 'cancelled') THEN '' ELSE grid_code END,
         category_code, state,
         CASE WHEN state IN ('closed', 'rejected', 'cancelled') THEN ''
              WHEN clock LIKE '%"fired":2,%' OR clock LIKE '%"fired":3,%' OR clock LIKE '%"fired":6,%'
                OR clock LIKE '%"fired":7,%' THEN 'red'
              WHEN clock LIKE '%"fired":1,%' OR clock LIKE '%"fired":5,%' THEN 'yellow' ELSE 'green' END,
         CASE WHEN state IN ('closed', 'rejected', 'cancelled') THEN '' ELSE community_code END,
         COUNT(*)
  FROM cases WHERE merged_into IS NULL GROUP BY 1, 2, 3, 4, 5, 6;

INSERT INTO case_daily (day, grid_code, street_code, community_code, reported, closed, overdue)
  SELECT date(created_at / 1000000, 'unixepoch', '+8 hours'), grid_code, MAX(street_code), MAX(community_code),
         COUNT(*), 0, 0
  FROM cases GROUP BY 1, 2;
INSERT INTO case_daily (day, grid_code, street_code, community_code, reported, closed, overdue)
  SELECT date(e.at / 1000000, 'unixepoch', '+8 hours'), c.grid_code, MAX(c.street_code), MAX(c.community_code), 0,
         SUM(CASE WHEN e.action = 'overdue' THEN 0 ELSE 1 END), SUM(CASE WHEN e.action = 'overdue' THEN 1 ELSE 0 END)
  FROM case_events e JOIN cases c ON c.id = e.case_id
  WHERE e.action = 'overdue' OR (e.to_state = 'closed' AND (e.from_state IS NULL OR e.from_state <> 'closed'))
  GROUP BY 1, 2
  ON CONFLICT (day, grid_code) DO UPDATE SET closed = excluded.closed, overdue = excluded.overdue;

-- Evaluation reads the cases touched since a period began: the last event's time, indexed.
CREATE INDEX cases_by_updated ON cases (updated_at, id);
