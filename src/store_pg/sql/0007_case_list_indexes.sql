-- The dispatcher's commonest list, a street's cases in one state, newest first: without this
-- index it walked the street's cases and skipped the other states (7 of 8 rows read in vain).
CREATE INDEX cases_by_street_state ON cases (street_code, state, created_at, id);
