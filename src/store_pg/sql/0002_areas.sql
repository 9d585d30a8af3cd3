-- The area tree: every version of every code. The current version has valid_to NULL.
-- geometry is GeoJSON (WGS84); the bounding box is kept for coarse queries.
CREATE TABLE areas (
  code        text              NOT NULL,
  version     bigint            NOT NULL,
  level       text              NOT NULL CHECK (level IN ('district', 'street', 'community', 'grid')),
  name        text              NOT NULL,
  parent_code text              NOT NULL,
  geometry    text              NOT NULL,
  area_m2     double precision  NOT NULL,
  min_lon     double precision  NOT NULL,
  min_lat     double precision  NOT NULL,
  max_lon     double precision  NOT NULL,
  max_lat     double precision  NOT NULL,
  valid_from  bigint            NOT NULL,
  valid_to    bigint,
  PRIMARY KEY (code, version)
);

CREATE UNIQUE INDEX areas_current ON areas (code) WHERE valid_to IS NULL;
CREATE INDEX areas_current_by_parent ON areas (parent_code) WHERE valid_to IS NULL;
