#include "sla/deadlines.hpp"

#include <gtest/gtest.h>

#include "calendar/holiday_file.hpp"
#include "core/time_format.hpp"

namespace onegrid::sla {
namespace {

using namespace std::chrono_literals;
using cases::Step;

core::Instant T(const std::string& local) { return *core::ParseInstant(local + ":00+08:00", "t"); }
std::string S(core::Instant t) { return core::FormatInstant(t).substr(0, 16); }

class DeadlinesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    calendar::Definition def;
    def.schedule = *calendar::ParseSchedule("08:00-12:00,14:00-18:00", "hours");
    calendar::AddYears(def, calendar::ShippedYears());
    cal_ = *calendar::WorkingCalendar::Build(def);
    set_ = *ParsePolicySet(DefaultPolicySet());
    c_.category_kind = cases::CategoryKind::kMatter;
    c_.category_code = "06013";  // 道路破损: the catch-all's 2 working days
    c_.street_code = "410104001000";
  }
  cases::StepClock Start(Step step, const std::string& at) {
    auto r = StartStep(set_, *cal_, c_, step, T(at));
    EXPECT_TRUE(r.has_value()) << r.error().message;
    return *r;
  }
  std::shared_ptr<const calendar::WorkingCalendar> cal_;
  PolicySet set_;
  cases::Case c_;
};

TEST_F(DeadlinesTest, AStepGetsItsDeadlineYellowAndEscalationInWorkingTime) {
  c_.category_code = "06010";  // 暴露垃圾: handle within 4 working hours
  auto c = Start(Step::kHandle, "2026-02-13T11:00");
  EXPECT_EQ(c.limit, 4h);
  EXPECT_EQ(S(c.due_at), "2026-02-13T17:00");
  EXPECT_EQ(S(c.yellow_at), "2026-02-13T16:12");     // 80 % = 3 h 12 min
  EXPECT_EQ(S(c.escalate_at), "2026-02-14T11:00");   // + 4 wh, Saturday 02-14 is worked
  EXPECT_FALSE(c.wall);
  EXPECT_FALSE(c.calendar_unknown);
}

TEST_F(DeadlinesTest, UrgentCasesRunOnTheWallClock) {
  c_.urgency = cases::Urgency::kUrgent;
  c_.category_code = "06010";  // urgency weighs more than the category
  auto c = Start(Step::kHandle, "2026-11-28T22:00");
  EXPECT_TRUE(c.wall);
  EXPECT_EQ(S(c.due_at), "2026-11-29T02:00");
  EXPECT_EQ(S(c.yellow_at), "2026-11-29T01:12");
  EXPECT_EQ(S(c.escalate_at), "2026-11-30T12:00");  // escalation waits 4 working hours
}

TEST_F(DeadlinesTest, HangKeepsTheTimeLeftAndResumeGivesItBack) {
  auto c = Start(Step::kHandle, "2026-11-23T09:00");
  EXPECT_EQ(S(c.due_at), "2026-11-25T09:00");
  auto paused = *Pause(*cal_, c, T("2026-11-23T15:00"));
  EXPECT_EQ(*paused.remaining, 12h);
  EXPECT_FALSE(paused.running());
  auto frozen = *Measure(*cal_, paused, T("2026-11-26T15:00"));
  EXPECT_TRUE(frozen.paused);
  EXPECT_EQ(frozen.left, 12h);
  auto resumed = *Resume(set_, *cal_, paused, T("2026-11-27T10:00"));
  EXPECT_FALSE(resumed.remaining.has_value());
  EXPECT_EQ(S(resumed.due_at), "2026-11-30T16:00");
  EXPECT_EQ(cal_->Between(T("2026-11-27T10:00"), resumed.due_at)->duration, 12h);
  auto m = *Measure(*cal_, resumed, T("2026-11-27T10:00"));
  EXPECT_DOUBLE_EQ(m.used, 0.25);
  EXPECT_EQ(m.light, "green");
}

TEST_F(DeadlinesTest, ACaseHungWhileOverdueStaysOverdueByAsMuch) {
  auto c = Start(Step::kHandle, "2026-11-23T09:00");  // due 11-25 09:00
  auto paused = *Pause(*cal_, c, T("2026-11-25T11:00"));
  EXPECT_EQ(*paused.remaining, -2h);
  auto resumed = *Resume(set_, *cal_, paused, T("2026-11-30T09:00"));
  auto m = *Measure(*cal_, resumed, T("2026-11-30T09:00"));
  EXPECT_EQ(m.left, -2h);
  EXPECT_EQ(m.light, "red");
}

TEST_F(DeadlinesTest, AnExtensionMovesTheDeadlineAndTheAlertsStillAhead) {
  auto c = Start(Step::kHandle, "2026-11-23T09:00");
  c.fired = cases::kYellowAlert;  // yellow came on 11-24
  auto e = Extend(set_, *cal_, c, T("2026-11-27T18:00"), T("2026-11-24T17:00"));
  ASSERT_TRUE(e.has_value()) << e.error().message;
  EXPECT_EQ(e->limit, 39h);
  EXPECT_EQ(S(e->due_at), "2026-11-27T18:00");
  EXPECT_EQ(S(e->yellow_at), "2026-11-27T08:12");
  EXPECT_EQ(S(e->escalate_at), "2026-11-30T12:00");
  EXPECT_EQ(e->fired, 0);  // yellow lies ahead again
  auto past = Extend(set_, *cal_, c, T("2026-11-24T10:00"), T("2026-11-24T17:00"));
  ASSERT_FALSE(past.has_value());
  EXPECT_EQ(past.error().field, "deadline");
}

TEST_F(DeadlinesTest, LightsFollowTheWorkingTimeUsed) {
  auto c = Start(Step::kHandle, "2026-11-23T09:00");  // 16 working hours
  EXPECT_EQ(Measure(*cal_, c, T("2026-11-23T10:00"))->light, "green");
  EXPECT_EQ(Measure(*cal_, c, T("2026-11-24T16:30"))->light, "yellow");  // 14.5 h of 16
  EXPECT_EQ(Measure(*cal_, c, T("2026-11-25T09:00"))->light, "yellow");  // exactly due: 100 %
  EXPECT_EQ(Measure(*cal_, c, T("2026-11-28T10:00"))->light, "red");
  // Due as the morning ends: over the lunch break no working time passes, the share used stays
  // at 100 %, and the step is past due: red, as the case list's ?light=red finds it.
  auto noon = Start(Step::kHandle, "2026-11-23T14:00");
  ASSERT_EQ(S(noon.due_at), "2026-11-25T12:00");
  auto lunch = Measure(*cal_, noon, T("2026-11-25T13:00"));
  EXPECT_EQ(lunch->used, 1.0);
  EXPECT_EQ(lunch->light, "red");
  EXPECT_EQ(Measure(*cal_, noon, T("2026-11-25T12:00"))->light, "yellow");  // the instant itself
}

TEST_F(DeadlinesTest, ADeadlineInAnUnloadedYearIsFlagged) {
  auto c = Start(Step::kHandle, "2026-12-31T09:00");
  EXPECT_TRUE(c.calendar_unknown);
  EXPECT_FALSE(Start(Step::kHandle, "2026-12-28T09:00").calendar_unknown);
}

TEST_F(DeadlinesTest, TheWholeCaseHasItsOwnLimit) {
  auto w = StartWhole(set_, *cal_, c_, T("2026-11-23T09:00"));
  ASSERT_TRUE(w.has_value());
  EXPECT_EQ(w->limit, 40h);  // 5 working days
  EXPECT_EQ(S(w->due_at), "2026-11-30T09:00");
  EXPECT_FALSE(cases::NextTimer(*w).has_value());  // no alerts for the whole case
}

}  // namespace
}  // namespace onegrid::sla
