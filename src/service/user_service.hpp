// Managing accounts: adding users, listing them, changing passwords (which signs the user out
// everywhere). Validates before writing, so bad input changes nothing. Blocking; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "accounts/user.hpp"
#include "core/clock.hpp"
#include "core/config.hpp"
#include "store/store.hpp"

namespace onegrid::service {

class UserService {
 public:
  UserService(store::Store& store, const core::Clock& clock, core::PasswordHashStrength strength)
      : store_(store), clock_(clock), strength_(strength) {}

  core::Result<accounts::User> Add(const accounts::NewUser& user, const std::string& password);
  core::Result<std::vector<accounts::User>> List(std::int64_t after_id, int limit);
  core::Result<void> SetPassword(const std::string& username, const std::string& password);

 private:
  store::Store& store_;
  const core::Clock& clock_;
  core::PasswordHashStrength strength_;
};

}  // namespace onegrid::service
