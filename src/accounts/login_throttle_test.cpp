#include "accounts/login_throttle.hpp"

#include <gtest/gtest.h>

namespace onegrid::accounts {
namespace {

using namespace std::chrono_literals;

class LoginThrottleTest : public ::testing::Test {
 protected:
  core::FakeClock clock_{core::Instant(core::Duration(1'700'000'000'000'000))};
  core::Instant now() const { return clock_.Now(); }
  // One failed attempt: admitted, counted, and not forgiven.
  static bool Fail(LoginThrottle& t, const LoginAttempt& a) { return !t.Begin(a).has_value(); }
};

TEST_F(LoginThrottleTest, PastTheLimitEachAttemptWaitsTwiceAsLongUpToTheMaximum) {
  LoginThrottle t(clock_, {.max_failures_per_user = 3, .max_failures_per_address = 100, .window = 3600s,
                           .max_delay = 10s});
  LoginAttempt li{"li", "10.0.0.1", ""};
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(Fail(t, li)) << i;  // within the limit: no wait
  // The third failure reached the limit: the next attempt waits 1 s, and being refused counts
  // nothing.
  EXPECT_EQ(t.Begin(li), now() + 1s);
  EXPECT_EQ(t.Begin(li), now() + 1s);
  std::chrono::seconds expected[] = {2s, 4s, 8s, 10s, 10s};
  clock_.Advance(1s);
  for (auto wait : expected) {
    ASSERT_TRUE(Fail(t, li));
    EXPECT_EQ(t.Begin(li), now() + wait);
    clock_.Advance(wait);
  }
  // Slowed, never locked: the right password, when its turn comes, goes through.
  ASSERT_FALSE(t.Begin(li).has_value());
  t.Succeeded(li);
  EXPECT_FALSE(t.Begin(li).has_value());
}

TEST_F(LoginThrottleTest, AHundredAttemptsAtOnceCannotPassTheLimit) {
  LoginThrottle t(clock_, {.max_failures_per_user = 5, .max_failures_per_address = 1000});
  int admitted = 0;
  // All begun before any is decided (their passwords being hashed in parallel).
  for (int i = 0; i < 100; ++i) admitted += t.Begin({"leader", "10.0.0." + std::to_string(i), ""}) ? 0 : 1;
  EXPECT_EQ(admitted, 5);
}

TEST_F(LoginThrottleTest, OthersFailuresDoNotSlowADeviceTheAccountSignedInOn) {
  LoginThrottle t(clock_, {.max_failures_per_user = 3, .max_failures_per_address = 100, .window = 600s});
  for (int i = 0; i < 10; ++i) (void)t.Begin({"leader", "203.0.113.9", ""});  // someone guessing
  EXPECT_TRUE(t.Begin({"leader", "10.0.0.5", ""}).has_value());        // a new client is slowed
  LoginAttempt phone{"leader", "10.0.0.5", "device-key-of-the-leaders-phone"};
  ASSERT_FALSE(t.Begin(phone).has_value());  // the leader's own phone is not
  t.Succeeded(phone);
  // And the device's own failures slow only that device.
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(Fail(t, phone));
  EXPECT_TRUE(t.Begin(phone).has_value());
  EXPECT_FALSE(t.Begin({"leader", "10.0.0.5", "device-key-of-the-leaders-desk"}).has_value());
}

TEST_F(LoginThrottleTest, AnAddressGuessingManyAccountsIsSlowed) {
  LoginThrottle t(clock_, {.max_failures_per_user = 100, .max_failures_per_address = 5});
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(Fail(t, {"user" + std::to_string(i), "10.0.0.9", ""}));
  EXPECT_TRUE(t.Begin({"someone_else", "10.0.0.9", ""}).has_value());
  EXPECT_FALSE(t.Begin({"someone_else", "10.0.0.8", ""}).has_value());
  // A device the account signed in on does not answer for its address.
  EXPECT_FALSE(t.Begin({"user1", "10.0.0.9", "known-device"}).has_value());
}

TEST_F(LoginThrottleTest, ASuccessForgivesTheAccountAndNoLongerCountsAgainstTheAddress) {
  LoginThrottle t(clock_, {.max_failures_per_user = 2, .max_failures_per_address = 3});
  LoginAttempt li{"li", "a", ""};
  ASSERT_TRUE(Fail(t, li));
  ASSERT_FALSE(t.Begin(li).has_value());
  t.Succeeded(li);
  ASSERT_TRUE(Fail(t, li));
  ASSERT_FALSE(t.Begin(li).has_value());  // one failure since the success: still within 2
  t.Succeeded(li);
  // The address holds the two failures only, not the two successes.
  ASSERT_TRUE(Fail(t, {"wang", "a", ""}));
  EXPECT_TRUE(t.Begin({"zhao", "a", ""}).has_value());
}

TEST_F(LoginThrottleTest, FailuresAreForgottenAfterTheWindowOrByAnUnlock) {
  LoginThrottle t(clock_, {.max_failures_per_user = 2, .max_failures_per_address = 100, .window = 60s,
                           .max_delay = 30s});
  LoginAttempt li{"li", "a", ""};
  for (int i = 0; i < 2; ++i) ASSERT_TRUE(Fail(t, li));
  ASSERT_TRUE(t.Begin(li).has_value());
  clock_.Advance(60s);
  EXPECT_FALSE(t.Begin(li).has_value());  // a failure a minute ago is forgotten
  ASSERT_TRUE(Fail(t, li));
  EXPECT_TRUE(t.Begin(li).has_value());
  EXPECT_FALSE(t.Begin({"li", "b", "a-device"}).has_value());
  for (int i = 0; i < 3; ++i) (void)t.Begin({"li", "b", "a-device"});
  EXPECT_TRUE(t.Begin({"li", "b", "a-device"}).has_value());
  t.Unlock("li");
  EXPECT_FALSE(t.Begin(li).has_value());
  EXPECT_FALSE(t.Begin({"li", "b", "a-device"}).has_value());
}

TEST_F(LoginThrottleTest, AnUndecidedAttemptDoesNotCount) {
  LoginThrottle t(clock_, {.max_failures_per_user = 1, .max_failures_per_address = 100});
  LoginAttempt li{"li", "a", ""};
  ASSERT_FALSE(t.Begin(li).has_value());
  t.Cancelled(li);
  ASSERT_FALSE(t.Begin(li).has_value());
  EXPECT_TRUE(t.Begin(li).has_value());
}

TEST_F(LoginThrottleTest, MemoryStaysBounded) {
  LoginThrottle t(clock_, {.max_failures_per_user = 2, .max_failures_per_address = 1000000, .max_tracked = 100});
  for (int i = 0; i < 1000; ++i) (void)t.Begin({"u" + std::to_string(i), "a", ""});
  clock_.Advance(1s);
  (void)t.Begin({"u999", "a", ""});
  (void)t.Begin({"u999", "a", ""});
  EXPECT_TRUE(t.Begin({"u999", "b", ""}).has_value());  // the newest are kept
}

}  // namespace
}  // namespace onegrid::accounts
