#include "accounts/user.hpp"

#include <gtest/gtest.h>

namespace onegrid::accounts {
namespace {

NewUser Good() {
  return {.username = "li.jianguo",
          .display_name = "李建国",
          .phone = "+86 138-0000-0000",
          .unit_code = "",
          .roles = {{Role::kGridWorker, "410104001"}}};
}

TEST(User, ValidUserPasses) { EXPECT_TRUE(ValidateNewUser(Good()).has_value()); }

TEST(User, EachBadFieldIsNamed) {
  struct Case {
    std::function<void(NewUser&)> mutate;
    std::string field;
  };
  std::vector<Case> cases = {
      {[](NewUser& u) { u.username = "Li"; }, "username"},
      {[](NewUser& u) { u.username = "1abc"; }, "username"},
      {[](NewUser& u) { u.username = "a"; }, "username"},
      {[](NewUser& u) { u.username = "li jianguo"; }, "username"},
      {[](NewUser& u) { u.display_name = ""; }, "display_name"},
      {[](NewUser& u) { u.display_name = std::string(65, 'x'); }, "display_name"},
      {[](NewUser& u) { u.phone = "call me"; }, "phone"},
      {[](NewUser& u) { u.roles.clear(); }, "roles"},
      {[](NewUser& u) { u.roles[0].scope = ""; }, "roles[0].scope"},
      {[](NewUser& u) { u.roles.push_back(u.roles[0]); }, "roles[1]"},
  };
  for (const auto& c : cases) {
    auto u = Good();
    c.mutate(u);
    auto r = ValidateNewUser(u);
    ASSERT_FALSE(r.has_value()) << c.field;
    EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().field, c.field);
  }
}

TEST(User, AllProblemsAreListed) {
  NewUser u = Good();
  u.username = "";
  u.display_name = "";
  auto r = ValidateNewUser(u);
  ASSERT_FALSE(r.has_value());
  ASSERT_EQ(r.error().details.size(), 2u);
  EXPECT_EQ(r.error().details[0].field, "username");
  EXPECT_EQ(r.error().details[1].field, "display_name");
}

TEST(User, DisplayNameCountsCharactersNotBytes) {
  NewUser u = Good();
  u.display_name = "";
  for (int i = 0; i < 64; ++i) u.display_name += "网";  // 192 bytes, 64 characters
  EXPECT_TRUE(ValidateNewUser(u).has_value());
}

TEST(User, PasswordLength) {
  EXPECT_FALSE(ValidatePassword("short", "password").has_value());
  EXPECT_EQ(ValidatePassword("short", "password").error().field, "password");
  EXPECT_TRUE(ValidatePassword("long enough", "password").has_value());
  EXPECT_FALSE(ValidatePassword(std::string(257, 'x'), "password").has_value());
}

TEST(Role, NamesRoundTrip) {
  for (const auto& r : AllRoles()) {
    EXPECT_EQ(ParseRole(r.name), r.role);
    EXPECT_FALSE(r.label_zh.empty());
  }
  EXPECT_FALSE(ParseRole("mayor").has_value());
}

}  // namespace
}  // namespace onegrid::accounts
