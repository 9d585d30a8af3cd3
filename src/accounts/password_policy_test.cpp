#include "accounts/password_policy.hpp"

#include <gtest/gtest.h>

namespace onegrid::accounts {
namespace {

void ExpectRefused(const core::Result<void>& r, const std::string& says) {
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().field, "new_password");
  EXPECT_NE(r.error().message.find(says), std::string::npos) << r.error().message;
}

TEST(PasswordPolicy, LengthIsCountedInCharactersFromTheSetting) {
  PasswordPolicy p{.min_length = 10};
  ExpectRefused(CheckPassword(p, "Short-9ch", "li", "new_password"), "at least 10 characters");
  EXPECT_TRUE(CheckPassword(p, "Short-10ch", "li", "new_password").has_value());
  // Ten Chinese characters are ten characters (30 bytes), nine are not enough.
  EXPECT_TRUE(CheckPassword(p, "郑州管城回族区网格化", "li", "new_password").has_value());
  ExpectRefused(CheckPassword(p, "郑州管城回族区网格", "li", "new_password"), "at least 10");
  ExpectRefused(CheckPassword(p, std::string(257, 'x') + "Q", "li", "new_password"), "at most 256 bytes");
  // The setting cannot go below the floor of 8.
  ExpectRefused(CheckPassword(PasswordPolicy{.min_length = 4}, "Ab3-x7q", "li", "new_password"), "at least 8");
}

TEST(PasswordPolicy, NotTheUserNameWithOrWithoutDigitsAndSigns) {
  PasswordPolicy p;
  ExpectRefused(CheckPassword(p, "zhangsan", "zhangsan", "new_password"), "user name");
  ExpectRefused(CheckPassword(p, "ZhangSan-2026", "zhangsan", "new_password"), "user name");
  ExpectRefused(CheckPassword(p, "2026.zhang_san!", "zhang_san", "new_password"), "user name");
  ExpectRefused(CheckPassword(p, "gw.410104001", "gw.410104001", "new_password"), "user name");
  EXPECT_TRUE(CheckPassword(p, "zhangsan-pass-26", "zhangsan", "new_password").has_value());
  EXPECT_TRUE(CheckPassword(p, "li-password-1", "li", "new_password").has_value());
}

TEST(PasswordPolicy, NotAmongTheMostCommon) {
  PasswordPolicy p;
  for (const char* w : {"password", "12345678", "qwertyuiop", "iloveyou", "PassWord1", "1qaz2wsx"}) {
    ExpectRefused(CheckPassword(p, w, "li", "new_password"), "most common");
    EXPECT_TRUE(IsCommonPassword(w)) << w;
  }
  // The list's first entry, a Chinese favourite and its last entries are all there.
  EXPECT_TRUE(IsCommonPassword("123456"));
  EXPECT_TRUE(IsCommonPassword("5201314"));
  EXPECT_FALSE(IsCommonPassword("gc-410104-wangge"));
  EXPECT_FALSE(IsCommonPassword(""));
  EXPECT_TRUE(CheckPassword(p, "gc-410104-wangge", "li", "new_password").has_value());
}

}  // namespace
}  // namespace onegrid::accounts
