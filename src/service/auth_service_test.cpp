#include "service/auth_service.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "support/temp_dir.hpp"
#include "support/test_db.hpp"

#include "service/password.hpp"
#include "service/user_service.hpp"

namespace onegrid::service {
namespace {

using namespace std::chrono_literals;

class AuthServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCrypto().has_value());
    config_.password_hash = core::PasswordHashStrength::kMinimum;
    config_.session_ttl = 3600s;
    config_.login_max_failures_per_user = 3;
    config_.login_max_failures_per_address = 10;
    config_.login_window = 600s;
    auto s = db_.Open(clock_);
    ASSERT_TRUE(s.has_value());
    store_ = std::move(*s);
    auth_ = std::make_unique<AuthService>(*store_, clock_, config_);
    users_ = std::make_unique<UserService>(*store_, clock_, config_.password_hash,
                                           [this] { auth_->Forget(); });
    ASSERT_TRUE(users_
                    ->Add({.username = "li",
                           .display_name = "李建国",
                           .phone = "",
                           .unit_code = "",
                           .roles = {{accounts::Role::kGridWorker, "410104"}}},
                          "correct horse")
                    .has_value());
  }
  void TearDown() override {
    auth_.reset();
    users_.reset();
    store_.reset();
  }

  core::FakeClock clock_{core::Instant(core::Duration(1'790'000'000'000'000))};
  core::Config config_;
  testing::TempDir dir_;
  testing::TestDb db_{dir_};
  std::unique_ptr<store_sql::Database> store_;
  std::unique_ptr<UserService> users_;
  std::unique_ptr<AuthService> auth_;
};

TEST_F(AuthServiceTest, LoginGivesATokenThatAuthenticates) {
  auto login = auth_->Login("li", "correct horse", "127.0.0.1");
  ASSERT_TRUE(login.has_value()) << login.error().message;
  EXPECT_EQ(login->token.size(), 43u);
  EXPECT_EQ(login->expires_at, clock_.Now() + 3600s);
  auto who = auth_->Authenticate(login->token);
  ASSERT_TRUE(who.has_value());
  EXPECT_EQ(who->user.username, "li");
  // Only the hash is stored.
  auto stored = store_->sessions().Find(TokenHash(login->token));
  ASSERT_TRUE(stored.has_value());
  EXPECT_NE(stored->token_hash, login->token);
}

TEST_F(AuthServiceTest, WrongPasswordAndUnknownUserLookTheSame) {
  auto wrong = auth_->Login("li", "wrong horse", "127.0.0.1");
  auto unknown = auth_->Login("nobody", "wrong horse", "127.0.0.1");
  ASSERT_FALSE(wrong.has_value());
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(wrong.error().code, core::ErrorCode::kUnauthenticated);
  EXPECT_EQ(wrong.error(), unknown.error());
}

TEST_F(AuthServiceTest, TokensExpire) {
  auto login = auth_->Login("li", "correct horse", "127.0.0.1");
  clock_.Advance(3599s);
  EXPECT_TRUE(auth_->Authenticate(login->token).has_value());
  clock_.Advance(1s);
  auto r = auth_->Authenticate(login->token);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, core::ErrorCode::kUnauthenticated);
  EXPECT_NE(r.error().message.find("expired"), std::string::npos);
}

TEST_F(AuthServiceTest, LogoutRevokes) {
  auto login = auth_->Login("li", "correct horse", "127.0.0.1");
  ASSERT_TRUE(auth_->Authenticate(login->token).has_value());  // now cached
  ASSERT_TRUE(auth_->Logout(login->token).has_value());
  auto r = auth_->Authenticate(login->token);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("revoked"), std::string::npos);
  EXPECT_EQ(auth_->Logout(login->token).error().code, core::ErrorCode::kUnauthenticated);
}

TEST_F(AuthServiceTest, GarbageTokensAreUnauthenticated) {
  for (const char* t : {"", "x", "not-a-token-at-all-but-43-characters-long!!"}) {
    EXPECT_EQ(auth_->Authenticate(t).error().code, core::ErrorCode::kUnauthenticated);
  }
}

TEST_F(AuthServiceTest, RepeatedFailuresAreThrottledEvenWithTheRightPassword) {
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(auth_->Login("li", "bad", "10.0.0.1").error().code,
              core::ErrorCode::kUnauthenticated);
  }
  std::chrono::seconds retry{0};
  auto r = auth_->Login("li", "correct horse", "10.0.0.2", &retry);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, core::ErrorCode::kResourceExhausted);
  EXPECT_EQ(retry, 600s);
  clock_.Advance(600s);
  EXPECT_TRUE(auth_->Login("li", "correct horse", "10.0.0.2").has_value());
}

TEST_F(AuthServiceTest, PasswordChangeSignsOutEverywhere) {
  auto login = auth_->Login("li", "correct horse", "127.0.0.1");
  ASSERT_TRUE(auth_->Authenticate(login->token).has_value());  // now cached
  ASSERT_TRUE(users_->SetPassword("li", "battery staple").has_value());
  EXPECT_FALSE(auth_->Authenticate(login->token).has_value());
  EXPECT_FALSE(auth_->Login("li", "correct horse", "127.0.0.1").has_value());
  EXPECT_TRUE(auth_->Login("li", "battery staple", "127.0.0.1").has_value());
}

// A token is trusted for auth.token_cache after it was checked; a revocation made behind this
// service's back (another process) is seen once that time has passed, never later.
TEST_F(AuthServiceTest, ARevocationByAnotherProcessIsSeenWithinTheTokenCacheTime) {
  auto login = auth_->Login("li", "correct horse", "127.0.0.1");
  ASSERT_TRUE(auth_->Authenticate(login->token).has_value());
  ASSERT_TRUE(store_->sessions().Revoke(TokenHash(login->token), clock_.Now()).has_value());
  clock_.Advance(1s);
  EXPECT_TRUE(auth_->Authenticate(login->token).has_value());  // still within 2 s
  clock_.Advance(1s);
  auto r = auth_->Authenticate(login->token);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("revoked"), std::string::npos);
}

TEST_F(AuthServiceTest, ACachedTokenStillExpiresOnTime) {
  auto login = auth_->Login("li", "correct horse", "127.0.0.1");
  clock_.Advance(3599s);
  ASSERT_TRUE(auth_->Authenticate(login->token).has_value());
  clock_.Advance(1s);
  EXPECT_EQ(auth_->Authenticate(login->token).error().code, core::ErrorCode::kUnauthenticated);
}

TEST_F(AuthServiceTest, BadNewUsersWriteNothing) {
  auto r = users_->Add({.username = "wang",
                        .display_name = "王",
                        .phone = "",
                        .unit_code = "",
                        .roles = {{accounts::Role::kLeader, "410104"}}},
                       "short");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, "password");
  EXPECT_EQ(*store_->users().Count(), 1);
}

TEST(Password, HashesVerifyAndDiffer) {
  ASSERT_TRUE(InitCrypto().has_value());
  auto a = HashPassword("secret pass", core::PasswordHashStrength::kMinimum);
  auto b = HashPassword("secret pass", core::PasswordHashStrength::kMinimum);
  ASSERT_TRUE(a.has_value());
  EXPECT_NE(*a, *b);  // salted
  EXPECT_EQ(a->rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(VerifyPassword(*a, "secret pass"));
  EXPECT_FALSE(VerifyPassword(*a, "secret pasS"));
  EXPECT_NE(NewToken(), NewToken());
  EXPECT_EQ(TokenHash("x").size(), 32u);
}

}  // namespace
}  // namespace onegrid::service
