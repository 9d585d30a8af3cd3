#include "accounts/password_policy.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "accounts/user.hpp"

namespace onegrid::embedded {
const std::vector<std::pair<std::string_view, std::string_view>>& common_passwords();
}  // namespace onegrid::embedded

namespace onegrid::accounts {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; });
  return s;
}

// The ASCII letters of the text, in lower case: "ZhangSan-2026" → "zhangsan".
std::string Letters(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c >= 'A' && c <= 'Z') out.push_back(static_cast<char>(c + 32));
    if (c >= 'a' && c <= 'z') out.push_back(static_cast<char>(c));
  }
  return out;
}

std::size_t Characters(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

const std::unordered_set<std::string_view>& Common() {
  static const std::unordered_set<std::string_view> words = [] {
    std::unordered_set<std::string_view> out;
    std::string_view text = embedded::common_passwords().at(0).second;
    out.reserve(10000);
    while (!text.empty()) {
      auto end = text.find('\n');
      auto line = text.substr(0, end);
      if (!line.empty()) out.insert(line);
      if (end == std::string_view::npos) break;
      text.remove_prefix(end + 1);
    }
    return out;
  }();
  return words;
}

}  // namespace

bool IsCommonPassword(const std::string& password) { return Common().contains(Lower(password)); }

core::Result<void> CheckPassword(const PasswordPolicy& policy, const std::string& password,
                                 const std::string& username, const std::string& field) {
  std::size_t min = std::max(policy.min_length, kMinPasswordLength);
  if (Characters(password) < min || password.size() > kMaxPasswordLength) {
    return core::InvalidArgument("must be at least " + std::to_string(min) + " characters long (and at most " +
                                     std::to_string(kMaxPasswordLength) + " bytes)",
                                 field);
  }
  std::string lower = Lower(password);
  if (!username.empty() && (lower == Lower(username) || (!Letters(username).empty() && Letters(password) == Letters(username)))) {
    return core::InvalidArgument("must not be the user name (with or without digits and signs)", field);
  }
  if (Common().contains(lower)) {
    return core::InvalidArgument("is one of the 10 000 most common passwords: choose another", field);
  }
  return core::Ok();
}

}  // namespace onegrid::accounts
