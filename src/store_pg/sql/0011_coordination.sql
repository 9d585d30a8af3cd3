-- Work shared between units on a case (issue #6; cases/coordination.hpp): the assisting units'
-- sub-tasks and the whistle calls (吹哨报到), as JSON on the row, and the units taking part
-- besides the lead unit (case_parties), so that a unit finds and sees the cases it assists or
-- was called to.
ALTER TABLE cases ADD COLUMN assists text NOT NULL DEFAULT '[]';
ALTER TABLE cases ADD COLUMN calls text NOT NULL DEFAULT '[]';
CREATE TABLE case_parties (
  unit    text    NOT NULL,
  case_id bigint  NOT NULL,
  PRIMARY KEY (unit, case_id)
);
CREATE INDEX case_parties_by_case ON case_parties (case_id);

-- A grid worker's list is the cases of their grid, newest first (a unit's and a street's lists
-- have cases_by_unit and cases_by_street).
CREATE INDEX cases_by_grid ON cases (grid_code, created_at, id);
