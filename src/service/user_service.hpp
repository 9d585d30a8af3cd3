// Managing accounts: adding users, listing them, changing passwords (which signs the user out
// everywhere). Validates before writing, so bad input changes nothing. Blocking; thread-safe.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "accounts/user.hpp"
#include "core/clock.hpp"
#include "core/config.hpp"
#include "service/admin_scope.hpp"
#include "service/password.hpp"
#include "store/store.hpp"

namespace onegrid::service {

class UserService {
 public:
  // `signed_out` runs after a change that ends sessions (AuthService::Forget, so that no cached
  // token outlives it).
  UserService(store::Store& store, const core::Clock& clock, PasswordHasher& hasher,
              std::function<void()> signed_out = {})
      : store_(store), clock_(clock), hasher_(hasher), signed_out_(std::move(signed_out)) {}

  // Adds an account without asking who may (fixtures, the demo's seed).
  core::Result<accounts::User> Add(const accounts::NewUser& user, const std::string& password);
  // Adds an account as the administrator `by` may: its fields checked first (400), then its
  // grants and unit against what exists and what `by` manages (AdminScope::CheckAccount).
  core::Result<accounts::User> Create(const AdminScope& by, const accounts::NewUser& user, const std::string& password);
  core::Result<std::vector<accounts::User>> List(std::int64_t after_id, int limit);
  // The accounts `by` manages after `after_id`, by id, at most `limit`.
  core::Result<std::vector<accounts::User>> List(const AdminScope& by, std::int64_t after_id, int limit);
  // The account with this id if `by` manages it; kNotFound otherwise, as for one that is not there.
  core::Result<accounts::User> Get(const AdminScope& by, std::int64_t id);
  core::Result<void> SetPassword(const std::string& username, const std::string& password);

 private:
  store::Store& store_;
  const core::Clock& clock_;
  PasswordHasher& hasher_;
  std::function<void()> signed_out_;
};

}  // namespace onegrid::service
