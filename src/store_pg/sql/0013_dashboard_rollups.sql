-- The command center at scale (issue #8): as SQLite's 0013. case_daily summed per community for
-- the trend; cases reported per grid since the window's first day for the hot-spot grids.
CREATE TABLE case_daily_area (
  day            text   NOT NULL,  -- YYYY-MM-DD, +08:00
  community_code text   NOT NULL,
  street_code    text   NOT NULL,
  reported       bigint NOT NULL,
  closed         bigint NOT NULL,
  overdue        bigint NOT NULL,
  PRIMARY KEY (day, street_code, community_code)  -- summed per day and street in key order
);
INSERT INTO case_daily_area (day, community_code, street_code, reported, closed, overdue)
  SELECT day, community_code, street_code, SUM(reported), SUM(closed), SUM(overdue)
  FROM case_daily GROUP BY day, street_code, community_code;

CREATE TABLE rollup_windows (
  name  text NOT NULL PRIMARY KEY,
  since text NOT NULL  -- YYYY-MM-DD, +08:00: the first day the window counts
);
INSERT INTO rollup_windows (name, since)
  VALUES ('hot_grids', COALESCE((SELECT to_char(MAX(day)::date - 29, 'YYYY-MM-DD') FROM case_daily),
                                to_char((now() AT TIME ZONE 'Asia/Shanghai')::date - 29, 'YYYY-MM-DD')));

CREATE TABLE case_grid_recent (
  grid_code      text   NOT NULL PRIMARY KEY,
  street_code    text   NOT NULL,
  community_code text   NOT NULL,
  reported       bigint NOT NULL
);
INSERT INTO case_grid_recent (grid_code, street_code, community_code, reported)
  SELECT grid_code, MAX(street_code), MAX(community_code), SUM(reported) FROM case_daily
  WHERE day >= (SELECT since FROM rollup_windows WHERE name = 'hot_grids')
  GROUP BY grid_code HAVING SUM(reported) > 0;
-- The top grids straight off an index when the window is the one asked for.
CREATE INDEX case_grid_recent_top ON case_grid_recent (reported DESC, grid_code);
