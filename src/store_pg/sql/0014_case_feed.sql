-- The case feed (issue #9): as SQLite's 0014. Every case event numbered in commit order.
CREATE TABLE case_feed (
  id      bigint NOT NULL PRIMARY KEY,
  case_id bigint NOT NULL,
  seq     bigint NOT NULL
);
CREATE TABLE feed_counter (
  name text   NOT NULL PRIMARY KEY,
  last bigint NOT NULL
);
INSERT INTO case_feed (id, case_id, seq)
  SELECT ROW_NUMBER() OVER (ORDER BY at, case_id, seq), case_id, seq FROM case_events;
INSERT INTO feed_counter (name, last) VALUES ('case_events', (SELECT COUNT(*) FROM case_feed));
