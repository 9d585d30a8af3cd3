-- Which cases hold each attached file (issue #21): a photo is served to a user who may see at
-- least one of them now. Filled by every event that attaches a file, in the event's
-- transaction; backfilled here from the cases' attachment lists.
CREATE TABLE case_media (
  sha256  TEXT    NOT NULL,
  case_id INTEGER NOT NULL,
  PRIMARY KEY (sha256, case_id)
) WITHOUT ROWID;

INSERT OR IGNORE INTO case_media (sha256, case_id)
  SELECT j.value, c.id FROM cases c, json_each(c.attachments) j;
