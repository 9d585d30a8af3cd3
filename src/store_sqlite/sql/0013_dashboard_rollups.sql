-- The command center at scale (issue #8: its figures in at most 50 ms on 10 M cases). Reading
-- case_daily's rows per grid for 90 days grows with the number of grids that see cases each day
-- (up to 21,000 a day in the demo district); so the big screen reads two more rollups whose
-- size does not grow with the cases (store/rollup_repository.hpp):
--   case_daily_area  — case_daily summed per community: the trend of the last 90 days;
--   case_grid_recent — cases reported per grid since the day in rollup_windows 'hot_grids',
--                      which the writer moves on to 29 days before its newest write (taking the
--                      days it leaves from case_daily): the hot-spot grids of the last 30 days.
CREATE TABLE case_daily_area (
  day            TEXT    NOT NULL,  -- YYYY-MM-DD, +08:00
  community_code TEXT    NOT NULL,
  street_code    TEXT    NOT NULL,
  reported       INTEGER NOT NULL,
  closed         INTEGER NOT NULL,
  overdue        INTEGER NOT NULL,
  PRIMARY KEY (day, street_code, community_code)  -- summed per day and street in key order
) WITHOUT ROWID;
INSERT INTO case_daily_area (day, community_code, street_code, reported, closed, overdue)
  SELECT day, community_code, street_code, SUM(reported), SUM(closed), SUM(overdue)
  FROM case_daily GROUP BY day, street_code, community_code;

CREATE TABLE rollup_windows (
  name  TEXT NOT NULL PRIMARY KEY,
  since TEXT NOT NULL  -- YYYY-MM-DD, +08:00: the first day the window counts
) WITHOUT ROWID;
INSERT INTO rollup_windows (name, since)
  VALUES ('hot_grids', COALESCE((SELECT date(MAX(day), '-29 days') FROM case_daily), date('now', '+8 hours', '-29 days')));

CREATE TABLE case_grid_recent (
  grid_code      TEXT    NOT NULL PRIMARY KEY,
  street_code    TEXT    NOT NULL,
  community_code TEXT    NOT NULL,
  reported       INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO case_grid_recent (grid_code, street_code, community_code, reported)
  SELECT grid_code, MAX(street_code), MAX(community_code), SUM(reported) FROM case_daily
  WHERE day >= (SELECT since FROM rollup_windows WHERE name = 'hot_grids')
  GROUP BY grid_code HAVING SUM(reported) > 0;
-- The top grids straight off an index when the window is the one asked for.
CREATE INDEX case_grid_recent_top ON case_grid_recent (reported DESC, grid_code);
