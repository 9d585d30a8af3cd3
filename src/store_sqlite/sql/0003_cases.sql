-- Cases: the rows are the projection of case_events (see cases/case.hpp); every change to a
-- row comes with one event in the same transaction. Instants are microseconds since the epoch.
CREATE TABLE case_numbers (
  district TEXT    NOT NULL,
  day      TEXT    NOT NULL,  -- YYYYMMDD in the district's zone
  last     INTEGER NOT NULL,
  PRIMARY KEY (district, day)
) WITHOUT ROWID;

CREATE TABLE cases (
  id               INTEGER PRIMARY KEY,
  number           TEXT    NOT NULL UNIQUE,
  kind             TEXT    NOT NULL,
  category_kind    TEXT    NOT NULL,
  category_code    TEXT    NOT NULL,
  source           TEXT    NOT NULL,
  urgency          TEXT    NOT NULL,
  description      TEXT    NOT NULL,
  address          TEXT    NOT NULL,
  lon              REAL    NOT NULL,
  lat              REAL    NOT NULL,
  district_code    TEXT    NOT NULL,
  street_code      TEXT    NOT NULL,
  community_code   TEXT    NOT NULL,
  grid_code        TEXT    NOT NULL,
  grid_version     INTEGER NOT NULL,
  reporter_name    TEXT    NOT NULL,
  reporter_phone   TEXT    NOT NULL,
  state            TEXT    NOT NULL,
  current_unit     TEXT    NOT NULL,
  units            TEXT    NOT NULL,  -- JSON array, in dispatch order
  dispatch_count   INTEGER NOT NULL,
  redispatch_count INTEGER NOT NULL,
  rework_count     INTEGER NOT NULL,
  version          INTEGER NOT NULL,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  created_by       INTEGER NOT NULL,
  last_hash        TEXT    NOT NULL
);
CREATE INDEX cases_by_created ON cases (created_at, id);
CREATE INDEX cases_by_state ON cases (state, created_at, id);
CREATE INDEX cases_by_street ON cases (street_code, created_at, id);
CREATE INDEX cases_by_unit ON cases (current_unit, created_at, id);

CREATE TABLE case_events (
  case_id     INTEGER NOT NULL,
  seq         INTEGER NOT NULL,
  action      TEXT    NOT NULL,
  from_state  TEXT,
  to_state    TEXT    NOT NULL,
  actor_id    INTEGER NOT NULL,
  actor_name  TEXT    NOT NULL,
  role        TEXT    NOT NULL,
  unit        TEXT    NOT NULL,
  at          INTEGER NOT NULL,
  note        TEXT    NOT NULL,
  attachments TEXT    NOT NULL,  -- JSON array of sha256
  payload     TEXT    NOT NULL,  -- JSON object
  prev_hash   TEXT    NOT NULL,
  hash        TEXT    NOT NULL,
  PRIMARY KEY (case_id, seq)
) WITHOUT ROWID;

CREATE TABLE idempotency_keys (
  user_id      INTEGER NOT NULL,
  key          TEXT    NOT NULL,
  request_hash TEXT    NOT NULL,
  case_id      INTEGER NOT NULL,
  created_at   INTEGER NOT NULL,
  PRIMARY KEY (user_id, key)
) WITHOUT ROWID;
CREATE INDEX idempotency_by_age ON idempotency_keys (created_at);
