-- The units that handle cases (departments, street offices, contractors). Members are the users
-- whose users.unit_code is the unit's code.
CREATE TABLE units (
  code        TEXT    PRIMARY KEY,
  name        TEXT    NOT NULL,
  kind        TEXT    NOT NULL,  -- department | street_office | contractor
  parent_code TEXT    NOT NULL DEFAULT '',
  area_code   TEXT    NOT NULL DEFAULT '',
  contact     TEXT    NOT NULL DEFAULT '',
  leader_id   INTEGER,
  active      INTEGER NOT NULL DEFAULT 1,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX users_by_unit ON users (unit_code);
