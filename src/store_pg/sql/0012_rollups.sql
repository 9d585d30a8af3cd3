-- Evaluation and the command center (issue #8): as SQLite's 0012. The rollups the writer keeps
-- current with every case change, filled here from what the database already holds.
CREATE TABLE case_tally (
  street_code    text   NOT NULL,
  grid_code      text   NOT NULL,
  category_code  text   NOT NULL,
  state          text   NOT NULL,
  light          text   NOT NULL,  -- green | yellow | red; '' when finished
  community_code text   NOT NULL,
  n              bigint NOT NULL,
  PRIMARY KEY (street_code, grid_code, category_code, state, light)
);

CREATE TABLE case_daily (
  day            text   NOT NULL,  -- YYYY-MM-DD, +08:00
  grid_code      text   NOT NULL,
  street_code    text   NOT NULL,
  community_code text   NOT NULL,
  reported       bigint NOT NULL,
  closed         bigint NOT NULL,
  overdue        bigint NOT NULL,
  PRIMARY KEY (day, grid_code)
);

INSERT INTO case_tally (street_code, grid_code, category_code, state, light, community_code, n)
  SELECT street_code,
         CASE WHEN state IN ('closed', 'rejected', 'cancelled') THEN '' ELSE grid_code END,
         category_code, state,
         CASE WHEN state IN ('closed', 'rejected', 'cancelled') THEN ''
              WHEN ((CASE WHEN clock = '' THEN 0 ELSE (clock::jsonb ->> 'fired')::int END) & 2) <> 0 THEN 'red'
              WHEN ((CASE WHEN clock = '' THEN 0 ELSE (clock::jsonb ->> 'fired')::int END) & 1) <> 0 THEN 'yellow' ELSE 'green' END,
         CASE WHEN state IN ('closed', 'rejected', 'cancelled') THEN '' ELSE community_code END,
         COUNT(*)
  FROM cases WHERE merged_into IS NULL GROUP BY 1, 2, 3, 4, 5, 6;

INSERT INTO case_daily (day, grid_code, street_code, community_code, reported, closed, overdue)
  SELECT to_char(to_timestamp(created_at / 1000000.0 + 8 * 3600) AT TIME ZONE 'UTC', 'YYYY-MM-DD'), grid_code,
         MAX(street_code), MAX(community_code), COUNT(*), 0, 0
  FROM cases GROUP BY 1, 2;
INSERT INTO case_daily (day, grid_code, street_code, community_code, reported, closed, overdue)
  SELECT to_char(to_timestamp(e.at / 1000000.0 + 8 * 3600) AT TIME ZONE 'UTC', 'YYYY-MM-DD'), c.grid_code,
         MAX(c.street_code), MAX(c.community_code), 0,
         SUM(CASE WHEN e.action = 'overdue' THEN 0 ELSE 1 END), SUM(CASE WHEN e.action = 'overdue' THEN 1 ELSE 0 END)
  FROM case_events e JOIN cases c ON c.id = e.case_id
  WHERE e.action = 'overdue' OR (e.to_state = 'closed' AND (e.from_state IS NULL OR e.from_state <> 'closed'))
  GROUP BY 1, 2
  ON CONFLICT (day, grid_code) DO UPDATE SET closed = excluded.closed, overdue = excluded.overdue;

-- Evaluation reads the cases touched since a period began: the last event's time, indexed.
CREATE INDEX cases_by_updated ON cases (updated_at, id);
