-- The area tree: every version of every code. The current version has valid_to NULL.
-- geometry is GeoJSON (WGS84); the bounding box is kept for coarse queries.
CREATE TABLE areas (
  code        TEXT    NOT NULL,
  version     INTEGER NOT NULL,
  level       TEXT    NOT NULL CHECK (level IN ('district', 'street', 'community', 'grid')),
  name        TEXT    NOT NULL,
  parent_code TEXT    NOT NULL,
  geometry    TEXT    NOT NULL,
  area_m2     REAL    NOT NULL,
  min_lon     REAL    NOT NULL,
  min_lat     REAL    NOT NULL,
  max_lon     REAL    NOT NULL,
  max_lat     REAL    NOT NULL,
  valid_from  INTEGER NOT NULL,
  valid_to    INTEGER,
  PRIMARY KEY (code, version)
) WITHOUT ROWID;

CREATE UNIQUE INDEX areas_current ON areas (code) WHERE valid_to IS NULL;
CREATE INDEX areas_current_by_parent ON areas (parent_code) WHERE valid_to IS NULL;
