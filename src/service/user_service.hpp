// Managing accounts: adding users, listing them, and their lifecycle — disable and enable
// (every session ends at once), grants changed, a password reset by an administrator (to be
// replaced at the next sign-in), a password changed by its owner (the current one required).
// Accounts are never deleted: their history stays. Every new password meets the policy
// (accounts/password_policy.hpp). Validates before writing, so bad input changes nothing.
// Blocking; thread-safe.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "accounts/password_policy.hpp"
#include "accounts/user.hpp"
#include "core/clock.hpp"
#include "core/config.hpp"
#include "service/admin_scope.hpp"
#include "service/password.hpp"
#include "store/store.hpp"

namespace onegrid::service {

// Which accounts a listing shows: those that may sign in, or the disabled ones, listed apart.
enum class AccountState { kActive, kDisabled };

class UserService {
 public:
  // `signed_out` runs after a change that ends sessions or changes what a session may do
  // (AuthService::Forget, so that no cached token outlives it).
  UserService(store::Store& store, const core::Clock& clock, PasswordHasher& hasher,
              accounts::PasswordPolicy policy = {}, std::function<void()> signed_out = {})
      : store_(store), clock_(clock), hasher_(hasher), policy_(policy), signed_out_(std::move(signed_out)) {}

  // Adds an account without asking who may (fixtures, the demo's seed).
  core::Result<accounts::User> Add(const accounts::NewUser& user, const std::string& password);
  // Adds an account as the administrator `by` may: its fields checked first (400), then its
  // grants and unit against what exists and what `by` manages (AdminScope::CheckAccount).
  core::Result<accounts::User> Create(const AdminScope& by, const accounts::NewUser& user, const std::string& password);
  core::Result<std::vector<accounts::User>> List(std::int64_t after_id, int limit);
  // The accounts `by` manages in that state after `after_id`, by id, at most `limit`.
  core::Result<std::vector<accounts::User>> List(const AdminScope& by, AccountState state, std::int64_t after_id,
                                                 int limit);
  // The account with this id if `by` manages it; kNotFound otherwise, as for one that is not there.
  core::Result<accounts::User> Get(const AdminScope& by, std::int64_t id);
  // The operator's `onegrid user passwd`: a new password, every session ended.
  core::Result<void> SetPassword(const std::string& username, const std::string& password);

  // An administrator's changes to an account `by` manages (404 otherwise), at its version
  // (409 aborted when stale). An administrator cannot disable nor regrant themselves (409
  // failed_precondition): another administrator must, so that nobody locks the district out
  // by a slip.
  core::Result<accounts::User> SetDisabled(const AdminScope& by, const accounts::User& actor, std::int64_t id,
                                           std::int64_t expected_version, bool disabled);
  // Replaces the grants and the unit, checked as for a new account (AdminScope::CheckAccount).
  core::Result<accounts::User> ChangeGrants(const AdminScope& by, const accounts::User& actor, std::int64_t id,
                                            std::int64_t expected_version, std::vector<accounts::RoleGrant> roles,
                                            std::string unit_code);
  // A password the administrator hands over: every session ends, and the user must choose a
  // new one at the next sign-in.
  core::Result<accounts::User> ResetPassword(const AdminScope& by, std::int64_t id, std::int64_t expected_version,
                                             const std::string& password);
  // The signed-in user's own change: 400 (field current_password) when the current one is
  // wrong, the policy's refusal (field new_password), a new password that is the current one
  // refused. Every other session of the user ends; the one it was made in stays.
  core::Result<accounts::User> ChangeOwnPassword(const accounts::User& user, const std::string& session_token_hash,
                                                 const std::string& current_password, const std::string& new_password);

  const accounts::PasswordPolicy& policy() const { return policy_; }

 private:
  core::Result<accounts::User> Apply(const store::UserChange& change);

  store::Store& store_;
  const core::Clock& clock_;
  PasswordHasher& hasher_;
  accounts::PasswordPolicy policy_;
  std::function<void()> signed_out_;
};

}  // namespace onegrid::service
