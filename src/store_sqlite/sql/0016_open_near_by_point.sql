-- The duplicate search's index carries each open case's point (issue #6, measured under #4). A
-- search reads about three rows of place cells, ~15 open cases of the category in a busy centre,
-- of which about one in ten lies within the 50 m; each was a lookup of its row, a random page,
-- mostly not in the writer's cache. With lat and lon in the index the search's bounding box is
-- tested on the index entries and only the cases inside it have their rows read.
DROP INDEX cases_open_by_place;
CREATE INDEX cases_open_by_place ON cases (category_kind, category_code, place_cell, created_at, lat, lon)
  WHERE state NOT IN ('closed', 'rejected', 'cancelled') AND merged_into IS NULL;
