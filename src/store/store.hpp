// The repository interfaces that services program against, and the Store that bundles them.
// Backends (store_sqlite, later store_pg) implement them; only `app` and tests name a backend.
//
// Contract for every method: it blocks until done. A write returns only after the transaction
// holding it is durable (committed and fsync'd); a write that fails changes nothing. Expected
// failures come back as Result errors: kNotFound, kAlreadyExists (field named), kUnavailable
// when the database cannot answer. Implementations are thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "accounts/user.hpp"
#include "store/area_repository.hpp"
#include "store/case_repository.hpp"
#include "store/deadline_repositories.hpp"
#include "store/feed_repository.hpp"
#include "store/rollup_repository.hpp"
#include "store/media_store.hpp"
#include "store/unit_repository.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"

namespace onegrid::store {

// A change to an account (UserRepository::Change): each field that is set is written.
struct UserChange {
  std::int64_t id = 0;
  std::int64_t expected_version = 0;
  std::optional<bool> disabled;
  std::optional<std::vector<accounts::RoleGrant>> roles;  // replaces every grant
  std::optional<std::string> unit_code;
  std::optional<std::string> password_hash;
  std::optional<bool> must_change_password;
  // Ends every session of the account (a disable, a new password) but the one with this token
  // hash, if given (whoever changes their own password stays signed in where they did it).
  bool revoke_sessions = false;
  std::string keep_session;
};

class UserRepository {
 public:
  virtual ~UserRepository() = default;
  // kAlreadyExists with field "username" when the name is taken.
  virtual core::Result<accounts::User> Create(const accounts::NewUser& user,
                                              const std::string& password_hash,
                                              core::Instant now) = 0;
  virtual core::Result<accounts::User> FindByUsername(const std::string& username) = 0;
  virtual core::Result<accounts::User> FindById(std::int64_t id) = 0;
  // Users ordered by id, those with id > after_id, at most limit.
  virtual core::Result<std::vector<accounts::User>> List(std::int64_t after_id, int limit) = 0;
  virtual core::Result<std::int64_t> Count() = 0;
  // Ids of the users holding `role` scoped to one of `scopes`.
  virtual core::Result<std::vector<std::int64_t>> WithRole(accounts::Role role,
                                                           const std::vector<std::string>& scopes) = 0;
  // Replaces the password hash and revokes every session of the user in the same transaction.
  virtual core::Result<void> SetPasswordHash(std::int64_t user_id, const std::string& hash,
                                             core::Instant now) = 0;
  // Makes the change in one transaction if the account is at `expected_version` (0: whatever it
  // is), raising the version by one, and announces it (topic "users"); kAborted when the
  // version is another, kNotFound when there is no such account.
  virtual core::Result<accounts::User> Change(const UserChange& change, core::Instant now) = 0;
};

struct Session {
  std::string token_hash;  // SHA-256 of the bearer token, 32 raw bytes
  std::int64_t user_id = 0;
  core::Instant created_at;
  core::Instant expires_at;
  std::optional<core::Instant> revoked_at;
  std::string client;  // client address at login
  // SHA-256 of the key of the device signed in on (accounts/login_throttle.hpp); empty: none.
  std::string device_hash;
};

class SessionRepository {
 public:
  virtual ~SessionRepository() = default;
  // Stores the session and, in the same write, remembers its device (session.device_hash) as
  // one its user signed in on, or notes that it was seen again.
  virtual core::Result<void> Create(const Session& session) = 0;
  // Whether the user signed in on the device with this key hash before.
  virtual core::Result<bool> KnowsDevice(std::int64_t user_id, const std::string& device_hash) = 0;
  // Forgets devices not seen since `before`; returns how many.
  virtual core::Result<std::int64_t> DeleteStaleDevices(core::Instant before) = 0;
  // The session with this token hash, revoked or not; kNotFound if none.
  virtual core::Result<Session> Find(const std::string& token_hash) = 0;
  // Marks it revoked; kNotFound if unknown or already revoked.
  virtual core::Result<void> Revoke(const std::string& token_hash, core::Instant now) = 0;
  // Deletes sessions that expired before `before`; returns how many.
  virtual core::Result<std::int64_t> DeleteExpired(core::Instant before) = 0;
};

// A change committed to the database, as every server on it hears of it. topic: "case" (id and
// version of the case), "sla" or "routing" (a rule document; version), "areas" (the map),
// "calendar", "units", or "resync" (changes may have been missed: reload what you keep).
struct Change {
  std::string topic;
  std::int64_t id = 0;
  std::int64_t version = 0;
  bool here = false;  // committed by this server
};

class Store {
 public:
  virtual ~Store() = default;
  virtual UserRepository& users() = 0;
  virtual SessionRepository& sessions() = 0;
  virtual AreaRepository& areas() = 0;
  virtual CaseRepository& cases() = 0;
  virtual MediaStore& media() = 0;
  virtual RuleVersionRepository& sla() = 0;
  virtual RuleVersionRepository& routing() = 0;
  virtual CalendarRepository& calendar() = 0;
  virtual InboxRepository& inbox() = 0;
  virtual UnitRepository& units() = 0;
  virtual RollupRepository& rollups() = 0;
  virtual FeedRepository& feed() = 0;
  // The evaluation schemes (issue #8), versioned like the SLA policies.
  virtual RuleVersionRepository& schemes() = 0;
  // True while this process is the one to run the timers: servers sharing one database elect one
  // leader (it leads until it stops or its session dies, then another takes over); the only
  // process of an embedded database always leads.
  virtual core::Result<bool> LeadTimers() = 0;
  // Calls fn for every change committed from now on, by this server or by another on the same
  // database, after its commit, on a thread of the store (fn must be quick: hand work on).
  // Returns the subscription, for Unsubscribe.
  virtual std::int64_t Subscribe(std::function<void(const Change&)> fn) = 0;
  virtual void Unsubscribe(std::int64_t subscription) = 0;
  // kUnavailable unless the database answers a query and accepts writes.
  virtual core::Result<void> Ping() = 0;
  // Commits what is queued and stops accepting writes; later writes get kUnavailable.
  virtual void Close() = 0;
};

}  // namespace onegrid::store
