#include "evaluation/facts.hpp"

#include <gtest/gtest.h>

#include "cases/merge.hpp"
#include "evaluation/test_log.hpp"

namespace onegrid::evaluation {
namespace {

using cases::Source;
using cases::State;
using cases::Step;
using testing::Log;
using testing::T;

constexpr std::int64_t kWorker = 11, kLead = 12, kDispatcher = 13, kStaff = 14, kChecker = 15;

// Reported at 0:00, registered 0:20 (dispatch step due 0:30), dispatched 0:25 to CGJ, signed
// 1:00 (handle due 5:00), handled at `handled`, checked 6:00 (due 7:00), closed at `closed`
// (the whole case due 24:00).
Log Loop(std::int64_t id, core::Instant handled, core::Instant closed, Source source = Source::kGridWorker) {
  Log log(id, source, kWorker, T(0));
  log.Whole(T(24))
      .Do("accept", State::kAccepted, T(0, 10), kLead, "shift_lead", T(0, 30))
      .Do("register", State::kRegistered, T(0, 20), kLead, "shift_lead")
      .Do("dispatch", State::kDispatched, T(0, 25), kDispatcher, "dispatcher", T(1), Step::kNone, "CGJ")
      .Do("sign", State::kHandling, T(1), kStaff, "unit_staff", T(5))
      .Do("feedback", State::kHandled, handled, kStaff, "unit_staff", T(7))
      .Do("check_pass", State::kChecking, T(6), kChecker, "grid_worker")
      .Do("close", State::kClosed, closed, kLead, "shift_lead");
  return log;
}

std::vector<Fact> Of(const CaseFacts& f, Measure m) {
  std::vector<Fact> out;
  for (const auto& x : f.facts) {
    if (x.measure == m) out.push_back(x);
  }
  return out;
}

TEST(Facts, ACaseThroughTheLoopOnTime) {
  auto f = Extract(Loop(1, T(4), T(6, 30)).events(), T(48));
  ASSERT_TRUE(f.has_value()) << f.error().message;
  EXPECT_EQ(f->state, State::kClosed);
  ASSERT_EQ(Of(*f, Measure::kReported).size(), 1u);
  EXPECT_TRUE(Of(*f, Measure::kReported)[0].ok);
  EXPECT_EQ(Of(*f, Measure::kReported)[0].at, T(0, 20)) << "a report counts when it is decided";
  EXPECT_EQ(Of(*f, Measure::kReported)[0].actor, kWorker);
  ASSERT_EQ(Of(*f, Measure::kRegistered).size(), 1u);
  EXPECT_TRUE(Of(*f, Measure::kRegistered)[0].ok_time);
  EXPECT_EQ(Of(*f, Measure::kRegistered)[0].actor, kLead);
  EXPECT_TRUE(Of(*f, Measure::kAreaRegistered)[0].ok) << "found by a grid worker: not missed";
  ASSERT_EQ(Of(*f, Measure::kDispatched).size(), 1u);
  EXPECT_TRUE(Of(*f, Measure::kDispatched)[0].ok);
  EXPECT_TRUE(Of(*f, Measure::kDispatched)[0].ok_time);
  EXPECT_EQ(Of(*f, Measure::kAssigned)[0].unit, "CGJ");
  ASSERT_EQ(Of(*f, Measure::kHandled).size(), 1u);
  EXPECT_TRUE(Of(*f, Measure::kHandled)[0].ok);
  EXPECT_EQ(Of(*f, Measure::kHandled)[0].unit, "CGJ");
  EXPECT_TRUE(Of(*f, Measure::kChecked)[0].ok_time);
  EXPECT_TRUE(Of(*f, Measure::kCloseAction)[0].ok_time);
  ASSERT_EQ(Of(*f, Measure::kClosed).size(), 1u);
  EXPECT_TRUE(Of(*f, Measure::kClosed)[0].ok);
  EXPECT_EQ(Of(*f, Measure::kClosed)[0].unit, "CGJ");
  EXPECT_TRUE(Of(*f, Measure::kOverdueUnhandled).empty());
  EXPECT_TRUE(Of(*f, Measure::kRework).empty());
}

TEST(Facts, FinishedExactlyAtTheDeadlineIsOnTimeAndAMomentLaterIsNot) {
  auto at = Extract(Loop(1, T(5), T(24)).events(), T(48));
  EXPECT_TRUE(Of(*at, Measure::kHandled)[0].ok) << "handled at the handling deadline";
  EXPECT_TRUE(Of(*at, Measure::kClosed)[0].ok) << "closed at the whole-case deadline";
  auto late = Extract(Loop(1, T(5) + core::Duration(1), T(24) + core::Duration(1)).events(), T(48));
  EXPECT_FALSE(Of(*late, Measure::kHandled)[0].ok);
  EXPECT_FALSE(Of(*late, Measure::kClosed)[0].ok);
  EXPECT_FALSE(Of(*late, Measure::kCloseAction)[0].ok_time) << "the check step was due at 7:00";
}

TEST(Facts, HungTimeIsNotCounted) {
  // Handle step due 5:00; hung at 2:00 with 3 h left, resumed at 20:00: due 23:00; handled 22:00.
  Log log(1, Source::kGridWorker, kWorker, T(0));
  log.Do("accept", State::kAccepted, T(0, 10), kLead, "shift_lead", T(0, 30))
      .Do("register", State::kRegistered, T(0, 20), kLead, "shift_lead")
      .Do("dispatch", State::kDispatched, T(0, 25), kDispatcher, "dispatcher", T(1), Step::kNone, "CGJ")
      .Do("sign", State::kHandling, T(1), kStaff, "unit_staff", T(5))
      .Do("request_hang", State::kHangRequested, T(1, 30), kStaff, "unit_staff")
      .Paused("approve_hang", State::kHung, T(2), kLead, std::chrono::hours(3))
      .Do("resume", State::kHandling, T(20), kLead, "shift_lead", T(23), Step::kHandle)
      .Do("feedback", State::kHandled, T(22), kStaff, "unit_staff", T(24));
  auto f = Extract(log.events(), T(48));
  ASSERT_TRUE(f.has_value()) << f.error().message;
  ASSERT_EQ(Of(*f, Measure::kHandled).size(), 1u);
  EXPECT_TRUE(Of(*f, Measure::kHandled)[0].ok);
  // While hung, the dispatch is not overdue even long after its first deadline.
  auto hung = Extract(log.events(), T(19));
  EXPECT_TRUE(Of(*hung, Measure::kOverdueUnhandled).empty());
  EXPECT_EQ(hung->state, State::kHung);
}

TEST(Facts, EveryFailedCheckIsOneReworkAndTheHandlingCountsOnce) {
  // After the feedback: a failed check, another feedback, a pass, the shift lead's send-back.
  Log l2(1, Source::kGridWorker, kWorker, T(0));
  l2.Do("accept", State::kAccepted, T(0, 10), kLead, "shift_lead", T(0, 30))
      .Do("register", State::kRegistered, T(0, 20), kLead, "shift_lead")
      .Do("dispatch", State::kDispatched, T(0, 25), kDispatcher, "dispatcher", T(1), Step::kNone, "CGJ")
      .Do("sign", State::kHandling, T(1), kStaff, "unit_staff", T(5))
      .Do("feedback", State::kHandled, T(2), kStaff, "unit_staff", T(3))
      .Do("check_fail", State::kHandling, T(2, 30), kChecker, "grid_worker", T(6))
      .Do("feedback", State::kHandled, T(3), kStaff, "unit_staff", T(4))
      .Do("check_pass", State::kChecking, T(3, 30), kChecker, "grid_worker", T(5))
      .Do("send_back", State::kHandling, T(4), kLead, "shift_lead", T(8))
      .Do("feedback", State::kHandled, T(9), kStaff, "unit_staff", T(10));
  auto f = Extract(l2.events(), T(48));
  ASSERT_TRUE(f.has_value()) << f.error().message;
  EXPECT_EQ(Of(*f, Measure::kRework).size(), 2u);
  EXPECT_EQ(Of(*f, Measure::kRework)[0].unit, "CGJ");
  EXPECT_EQ(Of(*f, Measure::kHandled).size(), 1u) << "the unit's handling counts once, at its first feedback";
  EXPECT_EQ(Of(*f, Measure::kChecked).size(), 2u);
}

TEST(Facts, AReturnedCaseMakesItsFirstDispatchInaccurateAndDropsThatUnitsTask) {
  Log log(1, Source::kHotline, kWorker, T(0));
  log.Do("accept", State::kAccepted, T(0, 10), kLead, "shift_lead", T(0, 30))
      .Do("register", State::kRegistered, T(0, 20), kLead, "shift_lead")
      .Do("dispatch", State::kDispatched, T(0, 25), kDispatcher, "dispatcher", T(1), Step::kNone, "YLJ")
      .Do("request_return", State::kReturnRequested, T(3), kStaff, "unit_staff")
      .Do("approve_return", State::kRegistered, T(3, 10), kLead, "shift_lead", T(3, 40))
      .Do("dispatch", State::kDispatched, T(3, 50), kDispatcher, "dispatcher", T(4), Step::kNone, "CGJ");
  auto f = Extract(log.events(), T(48));
  ASSERT_TRUE(f.has_value()) << f.error().message;
  auto d = Of(*f, Measure::kDispatched);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_FALSE(d[0].ok) << "the case went to another unit after it";
  EXPECT_TRUE(d[0].ok_time);
  EXPECT_TRUE(d[1].ok);
  auto overdue = Of(*f, Measure::kOverdueUnhandled);
  ASSERT_EQ(overdue.size(), 1u) << "CGJ has not signed by 4:00";
  EXPECT_EQ(overdue[0].unit, "CGJ");
  EXPECT_EQ(overdue[0].at, T(4));
  EXPECT_FALSE(Of(*f, Measure::kAreaRegistered)[0].ok) << "a hotline case is one the grid worker missed";
}

TEST(Facts, OnlyTheEventsBeforeTheInstantCount) {
  auto log = Loop(1, T(4), T(6, 30));
  auto before = Extract(log.events(), T(3));
  ASSERT_TRUE(before.has_value());
  EXPECT_EQ(before->state, State::kHandling);
  EXPECT_TRUE(Of(*before, Measure::kHandled).empty());
  EXPECT_TRUE(Of(*before, Measure::kOverdueUnhandled).empty()) << "due at 5:00";
  auto later = Extract(std::vector<cases::Event>(log.events().begin(), log.events().begin() + 5), T(6));
  ASSERT_EQ(Of(*later, Measure::kOverdueUnhandled).size(), 1u) << "unhandled at 6:00, due at 5:00";
  EXPECT_EQ(Of(*later, Measure::kOverdueUnhandled)[0].at, T(5));
  auto none = Extract(log.events(), T(0) - core::Duration(1));
  EXPECT_FALSE(none.has_value()) << "nothing of the case existed yet";
}

TEST(Facts, AMergedDuplicateIsNeitherAValidReportNorAnAccurateRegistration) {
  Log log(2, Source::kGridWorker, kWorker, T(0));
  log.Do("accept", State::kAccepted, T(0, 10), kLead, "shift_lead", T(0, 30))
      .Do("register", State::kRegistered, T(0, 20), kLead, "shift_lead");
  auto registered = Extract(log.events(), T(48));
  EXPECT_TRUE(Of(*registered, Measure::kRegistered)[0].ok);
  Log dup(3, Source::kGridWorker, kWorker, T(0));
  dup.Do("accept", State::kAccepted, T(0, 10), kLead, "shift_lead", T(0, 30));
  auto e = dup.events();
  cases::Event merge;
  merge.case_id = 3;
  merge.seq = 3;
  merge.action = "merge";
  merge.from = State::kAccepted;
  merge.to = State::kAccepted;
  merge.actor_id = kLead;
  merge.role = "shift_lead";
  merge.at = T(0, 15);
  cases::Case master, follower;
  master.id = 2;
  master.number = "410104-20261012-000002";
  follower.state = State::kAccepted;
  merge.payload = cases::MergePayload(master, follower);
  e.push_back(merge);
  auto merged = Extract(e, T(48));
  ASSERT_TRUE(merged.has_value()) << merged.error().message;
  ASSERT_EQ(Of(*merged, Measure::kReported).size(), 1u);
  EXPECT_FALSE(Of(*merged, Measure::kReported)[0].ok);
}

TEST(Facts, ALogThatDoesNotBeginWithItsReportIsRefused) {
  EXPECT_FALSE(Extract({}, T(1)).has_value());
  auto log = Loop(1, T(4), T(6));
  std::vector<cases::Event> tail(log.events().begin() + 1, log.events().end());
  EXPECT_FALSE(Extract(tail, T(48)).has_value());
}

}  // namespace
}  // namespace onegrid::evaluation
