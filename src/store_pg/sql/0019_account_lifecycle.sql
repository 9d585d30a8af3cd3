-- Account lifecycle (issue #21): a password reset by an administrator must be replaced at the
-- next sign-in; the last sign-in is shown to administrators. Users are never deleted.
ALTER TABLE users ADD COLUMN must_change_password bigint NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN last_sign_in_at bigint;
