#include "accounts/user.hpp"

#include <algorithm>

namespace onegrid::accounts {
namespace {

size_t Utf8Length(const std::string& s) {
  return std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; });
}

}  // namespace

bool User::HasRole(Role role) const {
  return std::any_of(roles.begin(), roles.end(), [&](const RoleGrant& g) { return g.role == role; });
}

core::Result<void> ValidateNewUser(const NewUser& user) {
  std::vector<core::ErrorDetail> problems;
  const auto& u = user.username;
  bool username_ok = u.size() >= 2 && u.size() <= 64 && u[0] >= 'a' && u[0] <= 'z' &&
                     std::all_of(u.begin(), u.end(), [](char c) {
                       return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
                              c == '.' || c == '-';
                     });
  if (!username_ok) {
    problems.push_back({"username",
                        "must be 2 to 64 characters of a-z, 0-9, '_', '.', '-', starting with a "
                        "letter"});
  }
  size_t name_len = Utf8Length(user.display_name);
  if (name_len == 0 || name_len > 64) {
    problems.push_back({"display_name", "must be 1 to 64 characters"});
  }
  if (!user.phone.empty() &&
      (user.phone.size() > 20 || !std::all_of(user.phone.begin(), user.phone.end(), [](char c) {
        return (c >= '0' && c <= '9') || c == '+' || c == '-' || c == ' ';
      }))) {
    problems.push_back({"phone", "must be up to 20 digits, spaces, '+' or '-'"});
  }
  if (user.unit_code.size() > 64) {
    problems.push_back({"unit_code", "must be at most 64 characters"});
  }
  if (user.roles.empty()) {
    problems.push_back({"roles", "must name at least one role"});
  }
  for (size_t i = 0; i < user.roles.size(); ++i) {
    const auto& scope = user.roles[i].scope;
    if (scope.empty() || scope.size() > 64) {
      problems.push_back({"roles[" + std::to_string(i) + "].scope",
                          "must be an area or unit code of 1 to 64 characters"});
    }
    for (size_t j = 0; j < i; ++j) {
      if (user.roles[j] == user.roles[i]) {
        problems.push_back({"roles[" + std::to_string(i) + "]", "repeats an earlier grant"});
      }
    }
  }
  if (problems.empty()) return core::Ok();
  core::Error e = core::InvalidArgument(problems[0].message, problems[0].field);
  e.details = std::move(problems);
  return e;
}

core::Result<void> ValidatePassword(const std::string& password, const std::string& field) {
  if (password.size() < kMinPasswordLength || password.size() > kMaxPasswordLength) {
    return core::InvalidArgument("must be " + std::to_string(kMinPasswordLength) + " to " +
                                     std::to_string(kMaxPasswordLength) + " bytes long",
                                 field);
  }
  return core::Ok();
}

}  // namespace onegrid::accounts
