#include "core/loop_thread.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <stdexcept>

#include "core/firewall.hpp"

namespace onegrid::core {
namespace {

using namespace std::chrono_literals;

// Waits for a promise the loop keeps; a generous bound, so that a slow machine never fails it.
void Await(std::future<void>& f) { ASSERT_EQ(f.wait_for(60s), std::future_status::ready); }

TEST(LoopThread, AThrowingJobOrStepFailsAloneAndTheLoopGoesOn) {
  std::atomic<int> steps{0};
  std::atomic<bool> throw_in_step{true};
  LoopThread loop("og-test-loop", 1h, [&] {
    ++steps;
    if (throw_in_step.exchange(false)) throw std::runtime_error("the first step throws");
  });
  loop.Start();
  loop.Post([] { throw std::logic_error("a posted job throws"); });
  loop.Post([] { throw 42; });  // not even a std::exception
  std::promise<void> ran;
  loop.Post([&] { ran.set_value(); });
  auto f = ran.get_future();
  Await(f);
  // The step threw once, at the start; a wake runs it again on the same thread.
  loop.Wake();
  std::promise<void> again;
  loop.Post([&] { again.set_value(); });
  auto g = again.get_future();
  Await(g);
  loop.Stop();
  EXPECT_GE(steps.load(), 1);
  EXPECT_FALSE(throw_in_step.load());
}

TEST(LoopThread, StopJoinsAndLaterJobsAreDropped) {
  LoopThread loop("og-test-loop", 1h, [] {});
  loop.Start();
  loop.Stop();
  loop.Post([] { FAIL() << "ran after Stop"; });
  loop.Stop();  // idempotent
  EXPECT_TRUE(loop.stopping());
}

__attribute__((noinline)) void ThrowFromHere() { throw std::out_of_range("index 7 of 3"); }

TEST(Firewall, TheDescriptionGivesTypeMessageAndWhereItWasThrown) {
  std::string text;
  try {
    ThrowFromHere();
  } catch (...) {
    text = DescribeCurrentException();
  }
  EXPECT_EQ(text.rfind("std::out_of_range: index 7 of 3", 0), 0u) << text;
  EXPECT_NE(text.find("\n    at "), std::string::npos) << text;
  EXPECT_EQ(text.find("__cxa_throw"), std::string::npos) << text;
  auto r = RunGuarded("test", [] { throw 7; });
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kInternal);
  EXPECT_EQ(r.error().message, "internal error in test");
  EXPECT_TRUE(RunGuarded("test", [] {}).has_value());
}

TEST(Firewall, AThreadBodyThatThrowsRunsAgain) {
  int runs = 0;
  RunThreadGuarded("test", [&] {
    if (++runs < 3) throw std::runtime_error("again");
  });
  EXPECT_EQ(runs, 3);
}

}  // namespace
}  // namespace onegrid::core
