-- Duplicates (issue #6). A case may follow another as its duplicate (merged_into), and keeps the
-- candidates found at its intake. The open cases that can still be someone's duplicate — open
-- and not themselves merged — are found through a partial index by category and place: the
-- place cell is the 0.001° square (about 111 m × 91 m here) holding the case, numbered
-- row-major (latitude row × 10^6 + longitude column), so a row of neighbouring cells is one
-- range of the index. (An R*Tree was measured first: its inserts rewrite whole 4 KiB nodes and
-- cut durable intake to a third.)
-- PostgreSQL has no VIRTUAL generated columns, so place_cell is STORED; and its cast to bigint
-- rounds where SQLite's CAST truncates, hence floor (the values are positive).
ALTER TABLE cases ADD COLUMN merged_into bigint;
ALTER TABLE cases ADD COLUMN duplicate_candidates text NOT NULL DEFAULT '[]';
ALTER TABLE cases ADD COLUMN place_cell bigint
  GENERATED ALWAYS AS ((floor((lat + 90) * 1000)::bigint * 1000000 + floor((lon + 180) * 1000)::bigint)) STORED;
CREATE INDEX cases_by_master ON cases (merged_into) WHERE merged_into IS NOT NULL;
CREATE INDEX cases_open_by_place ON cases (category_kind, category_code, place_cell, created_at)
  WHERE state NOT IN ('closed', 'rejected', 'cancelled') AND merged_into IS NULL;
