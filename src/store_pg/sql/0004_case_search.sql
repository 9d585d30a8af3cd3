-- Full-text search over a case's description and address, for Chinese as well as Latin text.
-- (SQLite keeps two FTS5 indexes, trigram and unigram; PostgreSQL needs only the unigram one.)
-- Every character of description + address is a token of its own (cases::Unigrams, e.g.
-- "机 动 车 a b"), stored as to_tsvector('simple', …) and queried as a phrase of adjacent
-- characters with phraseto_tsquery('simple', …), so that one- and two-character Chinese
-- queries (井盖, 垃圾) match like longer ones. One row per case.
CREATE TABLE case_search (
  case_id bigint   PRIMARY KEY,
  grams   tsvector NOT NULL
);
CREATE INDEX case_search_grams ON case_search USING gin (grams);
