-- Duplicates (issue #6). A case may follow another as its duplicate (merged_into), and keeps the
-- candidates found at its intake. open_case_places is the spatial index of the cases that can
-- still be someone's duplicate — open and not themselves merged — over longitude, latitude,
-- minutes since 2020-01-01 UTC and a category number (0 component / 100000 matter + the 5-digit
-- code, so a major class is a range). R*Tree keeps 32-bit floats rounded outwards: a box query
-- finds a superset, and the caller measures exact distances and times on the rows.
ALTER TABLE cases ADD COLUMN merged_into INTEGER;
ALTER TABLE cases ADD COLUMN duplicate_candidates TEXT NOT NULL DEFAULT '[]';
CREATE INDEX cases_by_master ON cases (merged_into) WHERE merged_into IS NOT NULL;

CREATE VIRTUAL TABLE open_case_places USING rtree(
  id, min_lon, max_lon, min_lat, max_lat, min_minute, max_minute, min_category, max_category
);

INSERT INTO open_case_places
  SELECT id, lon, lon, lat, lat,
         created_at / 60000000 - 26297280, created_at / 60000000 - 26297280,
         (CASE category_kind WHEN 'component' THEN 0 ELSE 100000 END) + CAST(category_code AS INTEGER),
         (CASE category_kind WHEN 'component' THEN 0 ELSE 100000 END) + CAST(category_code AS INTEGER)
  FROM cases WHERE state NOT IN ('closed', 'rejected', 'cancelled') AND merged_into IS NULL;

CREATE TRIGGER cases_open_place_insert AFTER INSERT ON cases
  WHEN NEW.state NOT IN ('closed', 'rejected', 'cancelled') AND NEW.merged_into IS NULL
BEGIN
  INSERT INTO open_case_places VALUES (
    NEW.id, NEW.lon, NEW.lon, NEW.lat, NEW.lat,
    NEW.created_at / 60000000 - 26297280, NEW.created_at / 60000000 - 26297280,
    (CASE NEW.category_kind WHEN 'component' THEN 0 ELSE 100000 END) + CAST(NEW.category_code AS INTEGER),
    (CASE NEW.category_kind WHEN 'component' THEN 0 ELSE 100000 END) + CAST(NEW.category_code AS INTEGER));
END;

-- Only when the case starts or stops being open (most updates change neither).
CREATE TRIGGER cases_open_place_update AFTER UPDATE OF state, merged_into ON cases
  WHEN (OLD.state NOT IN ('closed', 'rejected', 'cancelled') AND OLD.merged_into IS NULL) IS NOT
       (NEW.state NOT IN ('closed', 'rejected', 'cancelled') AND NEW.merged_into IS NULL)
BEGIN
  DELETE FROM open_case_places WHERE id = NEW.id;
  INSERT INTO open_case_places
    SELECT NEW.id, NEW.lon, NEW.lon, NEW.lat, NEW.lat,
           NEW.created_at / 60000000 - 26297280, NEW.created_at / 60000000 - 26297280,
           (CASE NEW.category_kind WHEN 'component' THEN 0 ELSE 100000 END) + CAST(NEW.category_code AS INTEGER),
           (CASE NEW.category_kind WHEN 'component' THEN 0 ELSE 100000 END) + CAST(NEW.category_code AS INTEGER)
    WHERE NEW.state NOT IN ('closed', 'rejected', 'cancelled') AND NEW.merged_into IS NULL;
END;

CREATE TRIGGER cases_open_place_delete AFTER DELETE ON cases
BEGIN
  DELETE FROM open_case_places WHERE id = OLD.id;
END;
