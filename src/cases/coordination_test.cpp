#include "cases/coordination.hpp"

#include <gtest/gtest.h>

#include "cases/case.hpp"

namespace onegrid::cases {
namespace {

core::Instant At(int minutes) { return core::Instant(core::Duration(1'795'000'000'000'000)) + std::chrono::minutes(minutes); }

Event Next(const Case& c, std::string_view action, nlohmann::json payload, int minute = 0) {
  Event e;
  e.case_id = c.id;
  e.seq = c.version + 1;
  e.action = std::string(action);
  e.from = c.state;
  e.to = c.state;
  e.at = At(minute);
  e.payload = std::move(payload);
  return e;
}

Case Handling() {
  Case c;
  c.id = 9;
  c.state = State::kHandling;
  c.current_unit = "JD001";
  return c;
}

TEST(Coordination, ACallsCheckInDeadlineIsTheCasesNextTimerUntilEveryUnitIsIn) {
  Case c = Handling();
  c.clock.step = Step::kHandle;
  c.clock.yellow_at = At(300);
  c.clock.due_at = At(400);
  c.clock.escalate_at = At(600);
  ASSERT_TRUE(Apply(c, Next(c, kWhistleAction, {{"call", 1}, {"units", {"ZJJ", "SWJ"}},
                                                {"checkin_due", At(120).time_since_epoch().count()}})).has_value());
  auto t = NextCaseTimer(c);
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->action, kCheckInOverdueAction);
  EXPECT_EQ(t->unit, "ZJJ");
  EXPECT_EQ(t->at, At(120));
  ASSERT_TRUE(Apply(c, Next(c, kCheckInAction, {{"call", 1}, {"unit", "ZJJ"}}, 10)).has_value());
  EXPECT_EQ(NextCaseTimer(c)->unit, "SWJ");
  ASSERT_TRUE(Apply(c, Next(c, kCheckInOverdueAction, {{"call", 1}, {"unit", "SWJ"}}, 121)).has_value());
  EXPECT_EQ(NextCaseTimer(c)->action, kYellowAction);  // the step's own timers again
  // What cannot happen does not apply: a second miss, a report before a check-in, another call.
  EXPECT_FALSE(Apply(c, Next(c, kCheckInOverdueAction, {{"call", 1}, {"unit", "SWJ"}})).has_value());
  EXPECT_FALSE(Apply(c, Next(c, kWhistleReportAction, {{"call", 1}, {"unit", "SWJ"}})).has_value());
  EXPECT_FALSE(Apply(c, Next(c, kCheckInAction, {{"call", 2}, {"unit", "SWJ"}})).has_value());
  EXPECT_FALSE(Apply(c, Next(c, kCheckInAction, {{"call", 1}, {"unit", "CGJ"}})).has_value());
  ASSERT_TRUE(Apply(c, Next(c, kCloseWhistleAction, {{"call", 1}})).has_value());
  EXPECT_FALSE(Apply(c, Next(c, kCheckInAction, {{"call", 1}, {"unit", "SWJ"}})).has_value());  // closed
  EXPECT_EQ(PartyUnits(c.assists, c.calls), (std::vector<std::string>{"ZJJ", "SWJ"}));
}

TEST(Coordination, FeedbackWaitsForOpenSubTasksUnlessWaived) {
  Case c = Handling();
  c.assists = {{"ZJJ", TaskState::kOpen, "", {}}, {"SWJ", TaskState::kOpen, "", {}}};
  ASSERT_TRUE(Apply(c, Next(c, kAssistReportAction, {{"unit", "ZJJ"}})).has_value());
  EXPECT_FALSE(Apply(c, Next(c, kAssistReportAction, {{"unit", "ZJJ"}})).has_value());  // done already
  Event feedback = Next(c, "feedback", nlohmann::json::object());
  feedback.to = State::kHandled;
  EXPECT_FALSE(Apply(c, feedback).has_value());
  feedback.payload["assist_waived"] = "未到场";
  ASSERT_TRUE(Apply(c, feedback).has_value());
  EXPECT_EQ(c.assists[0].state, TaskState::kDone);
  EXPECT_EQ(c.assists[1].state, TaskState::kWaived);
  EXPECT_EQ(c.assists[1].note, "未到场");
  // The JSON round trip keeps every field.
  EXPECT_EQ(*ParseAssists(AssistsJson(c.assists)), c.assists);
}

}  // namespace
}  // namespace onegrid::cases
