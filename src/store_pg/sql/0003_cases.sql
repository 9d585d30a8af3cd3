-- Cases: the rows are the projection of case_events (see cases/case.hpp); every change to a
-- row comes with one event in the same transaction. Instants are microseconds since the epoch.
-- cases.id has no default: the application takes each id with nextval('cases_id_seq').
CREATE TABLE case_numbers (
  district text    NOT NULL,
  day      text    NOT NULL,  -- YYYYMMDD in the district's zone
  last     bigint  NOT NULL,
  PRIMARY KEY (district, day)
);

CREATE TABLE cases (
  id               bigint            PRIMARY KEY,
  number           text              NOT NULL UNIQUE,
  kind             text              NOT NULL,
  category_kind    text              NOT NULL,
  category_code    text              NOT NULL,
  source           text              NOT NULL,
  urgency          text              NOT NULL,
  description      text              NOT NULL,
  address          text              NOT NULL,
  lon              double precision  NOT NULL,
  lat              double precision  NOT NULL,
  district_code    text              NOT NULL,
  street_code      text              NOT NULL,
  community_code   text              NOT NULL,
  grid_code        text              NOT NULL,
  grid_version     bigint            NOT NULL,
  reporter_name    text              NOT NULL,
  reporter_phone   text              NOT NULL,
  state            text              NOT NULL,
  current_unit     text              NOT NULL,
  units            text              NOT NULL,  -- JSON array, in dispatch order
  dispatch_count   bigint            NOT NULL,
  redispatch_count bigint            NOT NULL,
  rework_count     bigint            NOT NULL,
  version          bigint            NOT NULL,
  created_at       bigint            NOT NULL,
  updated_at       bigint            NOT NULL,
  created_by       bigint            NOT NULL,
  last_hash        text              NOT NULL
);
CREATE SEQUENCE cases_id_seq OWNED BY cases.id;
CREATE INDEX cases_by_created ON cases (created_at, id);
CREATE INDEX cases_by_state ON cases (state, created_at, id);
CREATE INDEX cases_by_street ON cases (street_code, created_at, id);
CREATE INDEX cases_by_unit ON cases (current_unit, created_at, id);

CREATE TABLE case_events (
  case_id     bigint  NOT NULL,
  seq         bigint  NOT NULL,
  action      text    NOT NULL,
  from_state  text,
  to_state    text    NOT NULL,
  actor_id    bigint  NOT NULL,
  actor_name  text    NOT NULL,
  role        text    NOT NULL,
  unit        text    NOT NULL,
  at          bigint  NOT NULL,
  note        text    NOT NULL,
  attachments text    NOT NULL,  -- JSON array of sha256
  payload     text    NOT NULL,  -- JSON object
  prev_hash   text    NOT NULL,
  hash        text    NOT NULL,
  PRIMARY KEY (case_id, seq)
);

CREATE TABLE idempotency_keys (
  user_id      bigint  NOT NULL,
  key          text    NOT NULL,
  request_hash text    NOT NULL,
  case_id      bigint  NOT NULL,
  created_at   bigint  NOT NULL,
  PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_by_age ON idempotency_keys (created_at);
