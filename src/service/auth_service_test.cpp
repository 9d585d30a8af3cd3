#include "service/auth_service.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

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
    hasher_ = std::make_unique<PasswordHasher>(config_.password_hash, 2);
    auth_ = std::make_unique<AuthService>(*store_, clock_, config_, *hasher_);
    users_ = std::make_unique<UserService>(*store_, clock_, *hasher_, accounts::PasswordPolicy{},
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
  core::Result<LoginResult> Login(const std::string& user, const std::string& password,
                                  const std::string& address, const std::string& device = "",
                                  core::Instant* retry_at = nullptr) {
    return auth_->Login({.username = user, .password = password, .client_address = address, .device = device},
                        retry_at);
  }

  core::FakeClock clock_{core::Instant(core::Duration(1'790'000'000'000'000))};
  core::Config config_;
  testing::TempDir dir_;
  testing::TestDb db_{dir_};
  std::unique_ptr<store_sql::Database> store_;
  std::unique_ptr<PasswordHasher> hasher_;
  std::unique_ptr<UserService> users_;
  std::unique_ptr<AuthService> auth_;
};

TEST_F(AuthServiceTest, LoginGivesATokenThatAuthenticates) {
  auto login = Login("li", "correct horse", "127.0.0.1");
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
  auto wrong = Login("li", "wrong horse", "127.0.0.1");
  auto unknown = Login("nobody", "wrong horse", "127.0.0.1");
  ASSERT_FALSE(wrong.has_value());
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(wrong.error().code, core::ErrorCode::kUnauthenticated);
  EXPECT_EQ(wrong.error(), unknown.error());
}

TEST_F(AuthServiceTest, TokensExpire) {
  auto login = Login("li", "correct horse", "127.0.0.1");
  clock_.Advance(3599s);
  EXPECT_TRUE(auth_->Authenticate(login->token).has_value());
  clock_.Advance(1s);
  auto r = auth_->Authenticate(login->token);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, core::ErrorCode::kUnauthenticated);
  EXPECT_NE(r.error().message.find("expired"), std::string::npos);
}

TEST_F(AuthServiceTest, LogoutRevokes) {
  auto login = Login("li", "correct horse", "127.0.0.1");
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

// Issue #20: five wrong passwords typed by anyone used to lock the account for 15 minutes, the
// right password included. Now failures slow new clients down, the owner's own device goes on,
// an administrator can unlock, and the wait is said.
TEST_F(AuthServiceTest, FailuresSlowStrangersDownButNotTheDeviceTheOwnerSignedInOn) {
  auto first = Login("li", "correct horse", "10.0.0.5");
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->device.size(), 43u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(Login("li", "bad", "203.0.113.9").error().code, core::ErrorCode::kUnauthenticated);
  }
  // A client li never signed in on waits, whatever the password...
  core::Instant retry_at{};
  auto stranger = Login("li", "correct horse", "10.0.0.6", "", &retry_at);
  ASSERT_FALSE(stranger.has_value());
  EXPECT_EQ(stranger.error().code, core::ErrorCode::kResourceExhausted);
  EXPECT_EQ(retry_at, clock_.Now() + 1s);
  EXPECT_EQ(stranger.error().message, "too many failed sign-ins; try again at 2026-09-21T22:13:21+08:00 (in 1 s)");
  // ...and a made-up device key is no better; li's own device signs in at once.
  EXPECT_FALSE(Login("li", "correct horse", "10.0.0.6", "made-up-device-key").has_value());
  auto again = Login("li", "correct horse", "10.0.0.5", first->device);
  ASSERT_TRUE(again.has_value()) << again.error().message;
  EXPECT_EQ(again->device, first->device);  // the same device, seen again
  // Slowed, not locked: the stranger's turn comes.
  clock_.Advance(1s);
  EXPECT_TRUE(Login("li", "correct horse", "10.0.0.6").has_value());
}

TEST_F(AuthServiceTest, AnAdministratorsUnlockLetsTheAccountSignInAtOnce) {
  for (int i = 0; i < 6; ++i) (void)Login("li", "bad", "203.0.113.9");
  ASSERT_EQ(Login("li", "correct horse", "10.0.0.6").error().code, core::ErrorCode::kResourceExhausted);
  auth_->Unlock("li");
  EXPECT_TRUE(Login("li", "correct horse", "10.0.0.6").has_value());
}

TEST_F(AuthServiceTest, GuessesSentAtOnceAreCountedBeforeTheyAreHashed) {
  std::vector<std::thread> threads;
  std::atomic<int> checked{0}, throttled{0};
  for (int i = 0; i < 40; ++i) {
    threads.emplace_back([&, i] {
      auto r = Login("li", "guess-" + std::to_string(i), "198.51.100." + std::to_string(i));
      if (r.error().code == core::ErrorCode::kUnauthenticated) ++checked;
      if (r.error().code == core::ErrorCode::kResourceExhausted) ++throttled;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(checked.load(), 3);  // auth.login_max_failures_per_user
  EXPECT_EQ(throttled.load(), 37);
}

TEST_F(AuthServiceTest, PasswordChangeSignsOutEverywhere) {
  auto login = Login("li", "correct horse", "127.0.0.1");
  ASSERT_TRUE(auth_->Authenticate(login->token).has_value());  // now cached
  ASSERT_TRUE(users_->SetPassword("li", "battery staple").has_value());
  EXPECT_FALSE(auth_->Authenticate(login->token).has_value());
  EXPECT_FALSE(Login("li", "correct horse", "127.0.0.1").has_value());
  EXPECT_TRUE(Login("li", "battery staple", "127.0.0.1").has_value());
}

// A token is trusted for auth.token_cache after it was checked; a revocation made behind this
// service's back (another process) is seen once that time has passed, never later.
TEST_F(AuthServiceTest, ARevocationByAnotherProcessIsSeenWithinTheTokenCacheTime) {
  auto login = Login("li", "correct horse", "127.0.0.1");
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
  auto login = Login("li", "correct horse", "127.0.0.1");
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

TEST(Password, AtMostConcurrencyHashesRunAndTheRestWaitOrAreTurnedAway) {
  ASSERT_TRUE(InitCrypto().has_value());
  PasswordHasher hasher(core::PasswordHashStrength::kMinimum, 1, /*max_waiting=*/0);
  auto hash = hasher.Hash("secret pass");
  ASSERT_TRUE(hash.has_value());
  EXPECT_TRUE(*hasher.Verify(*hash, "secret pass"));
  EXPECT_FALSE(*hasher.Verify(*hash, "secret pasS"));
  // One runs; with no room to wait, a second at the same moment is told to retry.
  std::atomic<int> busy{0}, done{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      auto r = hasher.Verify(*hash, "secret pass");
      if (r) ++done;
      if (!r && r.error().code == core::ErrorCode::kUnavailable) ++busy;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(done + busy, 8);
  EXPECT_GE(done.load(), 1);
  EXPECT_EQ(PasswordHasher(core::PasswordHashStrength::kMinimum, 0).concurrency(),
            static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
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
