-- The units that handle cases (departments, street offices, contractors). Members are the users
-- whose users.unit_code is the unit's code.
CREATE TABLE units (
  code        text    PRIMARY KEY,
  name        text    NOT NULL,
  kind        text    NOT NULL,  -- department | street_office | contractor
  parent_code text    NOT NULL DEFAULT '',
  area_code   text    NOT NULL DEFAULT '',
  contact     text    NOT NULL DEFAULT '',
  leader_id   bigint,
  active      bigint  NOT NULL DEFAULT 1,
  created_at  bigint  NOT NULL,
  updated_at  bigint  NOT NULL
);
CREATE INDEX users_by_unit ON users (unit_code);
