-- The files attached to a case (sha256 of each, JSON array in attach order); the files
-- themselves live in the media store beside the database.
ALTER TABLE cases ADD COLUMN attachments text NOT NULL DEFAULT '[]';
