#include "cases/clock.hpp"

#include <gtest/gtest.h>

#include "cases/case.hpp"

namespace onegrid::cases {
namespace {

using namespace std::chrono_literals;

core::Instant At(int minutes) {
  return core::Instant(core::Duration(1'790'000'000'000'000)) + std::chrono::minutes(minutes);
}

StepClock Running(Step step, int start_minute) {
  StepClock c;
  c.step = step;
  c.limit = 100min;
  c.started_at = At(start_minute);
  c.yellow_at = At(start_minute + 80);
  c.due_at = At(start_minute + 100);
  c.escalate_at = At(start_minute + 200);
  return c;
}

TEST(Clock, AStepStartsWhenTheStateBelongsToAnotherStep) {
  StepClock accept = Running(Step::kAccept, 0);
  EXPECT_EQ(ChangeFor(accept, "accept", State::kAccepted), ClockChange::kStart);       // → dispatch
  StepClock dispatch = Running(Step::kDispatch, 0);
  EXPECT_EQ(ChangeFor(dispatch, "register", State::kRegistered), ClockChange::kKeep);  // 立案 + 派遣
  EXPECT_EQ(ChangeFor(dispatch, "dispatch", State::kDispatched), ClockChange::kStart);
  StepClock handle = Running(Step::kHandle, 0);
  EXPECT_EQ(ChangeFor(handle, "request_extension", State::kExtensionRequested), ClockChange::kKeep);
  EXPECT_EQ(ChangeFor(handle, "deny_extension", State::kHandling), ClockChange::kKeep);
  EXPECT_EQ(ChangeFor(handle, "approve_extension", State::kHandling), ClockChange::kExtend);
  EXPECT_EQ(ChangeFor(handle, "approve_hang", State::kHung), ClockChange::kPause);
  EXPECT_EQ(ChangeFor(handle, "resume", State::kHandling), ClockChange::kResume);
  EXPECT_EQ(ChangeFor(handle, "feedback", State::kHandled), ClockChange::kStart);
  EXPECT_EQ(ChangeFor(handle, "approve_return", State::kRegistered), ClockChange::kStart);
  StepClock check = Running(Step::kCheck, 0);
  EXPECT_EQ(ChangeFor(check, "check_fail", State::kHandling), ClockChange::kStart);  // 返工
  EXPECT_EQ(ChangeFor(check, "check_pass", State::kChecking), ClockChange::kKeep);
  EXPECT_EQ(ChangeFor(check, "close", State::kClosed), ClockChange::kStop);
  // A return asked for before signing, then denied: the case is handled from then on.
  StepClock sign = Running(Step::kSign, 0);
  EXPECT_EQ(ChangeFor(sign, "deny_return", State::kHandling), ClockChange::kStart);
}

TEST(Clock, TimersComeInOrderAndNotWhilePaused) {
  StepClock c = Running(Step::kHandle, 0);
  EXPECT_EQ(NextTimer(c)->action, kYellowAction);
  EXPECT_EQ(NextTimer(c)->at, At(80));
  c.fired |= kYellowAlert;
  EXPECT_EQ(NextTimer(c)->action, kOverdueAction);
  c.fired |= kOverdueAlert;
  EXPECT_EQ(NextTimer(c)->at, At(200));
  c.fired |= kEscalatedAlert;
  EXPECT_FALSE(NextTimer(c).has_value());
  StepClock paused = Running(Step::kHandle, 0);
  paused.remaining = 30min;
  EXPECT_FALSE(NextTimer(paused).has_value());
  EXPECT_FALSE(NextTimer(StepClock{}).has_value());
}

TEST(Clock, LightsByShareUsed) {
  EXPECT_EQ(Light(0.0), "green");
  EXPECT_EQ(Light(0.79), "green");
  EXPECT_EQ(Light(0.8), "yellow");
  EXPECT_EQ(Light(1.0), "yellow");
  EXPECT_EQ(Light(1.01), "red");
}

TEST(Clock, RoundTripsThroughJson) {
  StepClock c = Running(Step::kCheck, 5);
  c.wall = true;
  c.fired = kYellowAlert;
  c.remaining = -3min;
  c.calendar_unknown = true;
  auto back = ParseClock(ClockJson(c));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, c);
  EXPECT_FALSE(ParseClock(nlohmann::json{{"step", "nap"}}).has_value());
}

// A case made by its report event, its accept step's clock running from minute 0.
Case Reported() {
  Event report;
  report.case_id = 1;
  report.seq = 1;
  report.action = std::string(kReportAction);
  Case seed;
  seed.number = "410104-20260921-000001";
  report.payload = ReportPayload(seed);
  report.payload["clock"] = ClockJson(Running(Step::kAccept, 0));
  Case c;
  EXPECT_TRUE(Apply(c, report).has_value());
  return c;
}

// Apply takes the clock from the events and lets each timer fire once per step.
TEST(Clock, TextIsTheTreesDump) {
  // ClockText writes what ClockJson(c).dump() writes: stored in case rows and hashed in events.
  for (int i = 0; i < kStepCount; ++i) {
    StepClock c = Running(static_cast<Step>(i), i * 7);
    c.wall = i % 2 == 0;
    c.fired = i;
    c.calendar_unknown = i % 3 == 0;
    c.escalate_at = At(-i * 1000);
    if (i % 2) c.remaining = i == 3 ? -45min : 17min;
    EXPECT_EQ(ClockText(c), ClockJson(c).dump()) << i;
    EXPECT_EQ(*ParseClock(nlohmann::json::parse(ClockText(c))), c) << i;
  }
  EXPECT_EQ(ClockText(StepClock{}), ClockJson(StepClock{}).dump());
}

TEST(Clock, ApplyRecordsEachTimerOncePerStep) {
  Case c = Reported();
  EXPECT_EQ(c.clock.step, Step::kAccept);
  auto timer = [&](std::string_view action, std::int64_t seq) {
    Event e;
    e.case_id = 1;
    e.seq = seq;
    e.action = std::string(action);
    e.from = c.state;
    e.to = c.state;
    return Apply(c, e);
  };
  EXPECT_FALSE(timer(kOverdueAction, 2).has_value());  // yellow comes first
  ASSERT_TRUE(timer(kYellowAction, 2).has_value());
  EXPECT_FALSE(timer(kYellowAction, 3).has_value());   // once
  ASSERT_TRUE(timer(kOverdueAction, 3).has_value());
  ASSERT_TRUE(timer(kEscalateAction, 4).has_value());
  EXPECT_FALSE(timer(kEscalateAction, 5).has_value());
  EXPECT_EQ(c.clock.fired, kYellowAlert | kOverdueAlert | kEscalatedAlert);
  // The next step brings a fresh clock; a finished case has none.
  Event accept;
  accept.case_id = 1;
  accept.seq = 5;
  accept.action = "accept";
  accept.from = State::kReported;
  accept.to = State::kAccepted;
  accept.payload = {{"clock", ClockJson(Running(Step::kDispatch, 10))}};
  ASSERT_TRUE(Apply(c, accept).has_value());
  EXPECT_EQ(c.clock.step, Step::kDispatch);
  EXPECT_EQ(c.clock.fired, 0);
  Event cancel;
  cancel.case_id = 1;
  cancel.seq = 6;
  cancel.action = "cancel";
  cancel.from = State::kAccepted;
  cancel.to = State::kCancelled;
  ASSERT_TRUE(Apply(c, cancel).has_value());
  EXPECT_EQ(c.clock.step, Step::kNone);
}

// A retime replaces the clocks it carries, within the same step only.
TEST(Clock, ARetimeKeepsTheStep) {
  Case c = Reported();
  Event retime;
  retime.case_id = 1;
  retime.seq = 2;
  retime.action = std::string(kRetimeAction);
  retime.from = c.state;
  retime.to = c.state;
  retime.payload = {{"clock", ClockJson(Running(Step::kHandle, 60))}};
  EXPECT_FALSE(Apply(c, retime).has_value());
  retime.payload = {{"clock", ClockJson(Running(Step::kAccept, 60))}};
  ASSERT_TRUE(Apply(c, retime).has_value());
  EXPECT_EQ(c.clock.due_at, At(160));
}

}  // namespace
}  // namespace onegrid::cases
