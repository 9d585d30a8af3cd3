-- The case feed (issue #9, store/feed_repository.hpp): every case event numbered in the order
-- of the commits that made it durable, without gaps, for the live stream and its resumption.
-- The writer takes the numbers from feed_counter inside each commit. The events already here
-- are numbered in the order they happened.
CREATE TABLE case_feed (
  id      INTEGER NOT NULL PRIMARY KEY,
  case_id INTEGER NOT NULL,
  seq     INTEGER NOT NULL
);
CREATE TABLE feed_counter (
  name TEXT    NOT NULL PRIMARY KEY,
  last INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO case_feed (id, case_id, seq)
  SELECT ROW_NUMBER() OVER (ORDER BY at, case_id, seq), case_id, seq FROM case_events;
INSERT INTO feed_counter (name, last) VALUES ('case_events', (SELECT COUNT(*) FROM case_feed));
