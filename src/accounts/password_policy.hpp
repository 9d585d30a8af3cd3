// The password policy (等保 level-2 habits): a length from the settings, not the user name (nor
// the user name with digits and signs added: zhangsan → ZhangSan-2026), not among the 10 000 most common passwords (data/passwords/common-10k.txt,
// built in, compared in lower case). Pure; thread-safe.
#pragma once

#include <cstddef>
#include <string>

#include "core/result.hpp"

namespace onegrid::accounts {

struct PasswordPolicy {
  std::size_t min_length = 8;  // characters (password.min_length)
};

// kInvalidArgument naming `field` with the rule broken; the password is never in the message.
core::Result<void> CheckPassword(const PasswordPolicy& policy, const std::string& password,
                                 const std::string& username, const std::string& field);

// Whether the password (in lower case) is on the built-in list of common passwords.
bool IsCommonPassword(const std::string& password);

}  // namespace onegrid::accounts
