// Managing accounts: adding users, listing them, changing passwords (which signs the user out
// everywhere). Validates before writing, so bad input changes nothing. Blocking; thread-safe.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "accounts/user.hpp"
#include "core/clock.hpp"
#include "core/config.hpp"
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

  core::Result<accounts::User> Add(const accounts::NewUser& user, const std::string& password);
  core::Result<std::vector<accounts::User>> List(std::int64_t after_id, int limit);
  core::Result<void> SetPassword(const std::string& username, const std::string& password);

 private:
  store::Store& store_;
  const core::Clock& clock_;
  PasswordHasher& hasher_;
  std::function<void()> signed_out_;
};

}  // namespace onegrid::service
