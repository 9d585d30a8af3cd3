// A person who signs in, and the rules a new or changed account must meet. Pure values and
// validation; storing them is the store's business, hashing passwords the service's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "accounts/role.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"

namespace onegrid::accounts {

struct User {
  std::int64_t id = 0;
  std::string username;
  std::string display_name;
  std::string phone;
  std::string unit_code;  // the unit the person works for, may be empty
  std::vector<RoleGrant> roles;
  std::string password_hash;  // libsodium crypto_pwhash_str (Argon2id) string
  bool disabled = false;  // a disabled account cannot sign in; its sessions ended when disabled
  bool must_change_password = false;  // set by an administrator's reset, cleared by a change
  std::optional<core::Instant> last_sign_in_at;
  core::Instant created_at;
  core::Instant updated_at;
  std::int64_t version = 1;

  bool HasRole(Role role) const;
};

struct NewUser {
  std::string username;
  std::string display_name;
  std::string phone;
  std::string unit_code;
  std::vector<RoleGrant> roles;
};

inline constexpr std::size_t kMinPasswordLength = 8;
inline constexpr std::size_t kMaxPasswordLength = 256;

// Checks every field; the error names the first bad field and lists all in details.
core::Result<void> ValidateNewUser(const NewUser& user);
// Length limits; `field` names where the password came from ("password").
core::Result<void> ValidatePassword(const std::string& password, const std::string& field);

}  // namespace onegrid::accounts
