#include "accounts/login_throttle.hpp"

#include <gtest/gtest.h>

namespace onegrid::accounts {
namespace {

using namespace std::chrono_literals;

class LoginThrottleTest : public ::testing::Test {
 protected:
  core::FakeClock clock_{core::Instant(core::Duration(1'700'000'000'000'000))};
};

TEST_F(LoginThrottleTest, BlocksAUsernameAfterTheLimitUntilTheWindowPasses) {
  LoginThrottle t(clock_, {.max_failures_per_user = 3, .max_failures_per_address = 100, .window = 60s});
  for (int i = 0; i < 3; ++i) {
    EXPECT_FALSE(t.RetryAfter("li", "10.0.0.1").has_value());
    t.RecordFailure("li", "10.0.0.1");
    clock_.Advance(10s);
  }
  // Failures at 0, 10, 20 s; now 30 s: the first leaves the window at 60 s.
  auto wait = t.RetryAfter("li", "10.0.0.2");
  ASSERT_TRUE(wait.has_value());
  EXPECT_EQ(*wait, 30s);
  EXPECT_FALSE(t.RetryAfter("wang", "10.0.0.1").has_value());  // other users are not affected
  clock_.Advance(30s);
  EXPECT_FALSE(t.RetryAfter("li", "10.0.0.1").has_value());
}

TEST_F(LoginThrottleTest, BlocksAnAddressTryingManyNames) {
  LoginThrottle t(clock_, {.max_failures_per_user = 100, .max_failures_per_address = 5, .window = 60s});
  for (int i = 0; i < 5; ++i) t.RecordFailure("user" + std::to_string(i), "10.0.0.9");
  EXPECT_TRUE(t.RetryAfter("someone_else", "10.0.0.9").has_value());
  EXPECT_FALSE(t.RetryAfter("someone_else", "10.0.0.8").has_value());
}

TEST_F(LoginThrottleTest, SuccessForgivesTheUsername) {
  LoginThrottle t(clock_, {.max_failures_per_user = 2, .max_failures_per_address = 100, .window = 60s});
  t.RecordFailure("li", "a");
  t.RecordSuccess("li");
  t.RecordFailure("li", "a");
  EXPECT_FALSE(t.RetryAfter("li", "a").has_value());
}

TEST_F(LoginThrottleTest, MemoryStaysBounded) {
  LoginThrottle t(clock_, {.max_failures_per_user = 2,
                           .max_failures_per_address = 1000000,
                           .window = 60s,
                           .max_tracked = 100});
  for (int i = 0; i < 1000; ++i) t.RecordFailure("u" + std::to_string(i), "a");
  t.RecordFailure("u999", "a");
  EXPECT_TRUE(t.RetryAfter("u999", "b").has_value());  // recent keys are kept
}

}  // namespace
}  // namespace onegrid::accounts
