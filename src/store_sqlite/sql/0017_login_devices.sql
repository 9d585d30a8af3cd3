-- The devices each account has signed in on (accounts/login_throttle.hpp): a client that shows
-- one is throttled by its own failed sign-ins only, not by anyone else's. device_hash is the
-- SHA-256 of the device key the server handed out at that sign-in.
CREATE TABLE login_devices (
  user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  device_hash BLOB    NOT NULL,
  first_seen  INTEGER NOT NULL,
  last_seen   INTEGER NOT NULL,
  PRIMARY KEY (user_id, device_hash)
) WITHOUT ROWID;

CREATE INDEX login_devices_by_last_seen ON login_devices (last_seen);
