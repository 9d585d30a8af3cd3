-- Full-text search over a case's description and address, for Chinese as well as Latin text.
-- Queries of three or more characters use the trigram index; one- and two-character queries
-- (common in Chinese: 井盖, 垃圾) use the unigram index, which holds the same text with every
-- character made a token of its own, queried as a phrase of adjacent characters. Both are
-- contentless (they hold only the index; rowid = case id).
CREATE VIRTUAL TABLE case_search_tri USING fts5 (text, content = '', tokenize = 'trigram');
CREATE VIRTUAL TABLE case_search_uni USING fts5 (text, content = '', tokenize = 'unicode61 remove_diacritics 0');
