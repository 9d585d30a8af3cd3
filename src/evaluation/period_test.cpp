#include "evaluation/period.hpp"

#include <gtest/gtest.h>

#include "core/time_format.hpp"

namespace onegrid::evaluation {
namespace {

std::string F(core::Instant t) { return core::FormatInstant(t); }

TEST(Period, DaysWeeksAndMonthsAreLocalTime) {
  auto d = ParsePeriod("2026-10-12", "period");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->kind, PeriodKind::kDay);
  EXPECT_EQ(F(d->from), "2026-10-12T00:00:00+08:00");
  EXPECT_EQ(F(d->to), "2026-10-13T00:00:00+08:00");
  auto m = ParsePeriod("2026-12", "period");
  EXPECT_EQ(F(m->from), "2026-12-01T00:00:00+08:00");
  EXPECT_EQ(F(m->to), "2027-01-01T00:00:00+08:00");
  auto w = ParsePeriod("2026-W42", "period");
  ASSERT_TRUE(w.has_value());
  EXPECT_EQ(F(w->from), "2026-10-12T00:00:00+08:00") << "ISO week 42 of 2026 starts on Monday 12 October";
  EXPECT_EQ(F(w->to), "2026-10-19T00:00:00+08:00");
  auto w1 = ParsePeriod("2026-W01", "period");
  EXPECT_EQ(F(w1->from), "2025-12-29T00:00:00+08:00");
  EXPECT_TRUE(ParsePeriod("2026-W53", "period").has_value()) << "2026 begins on a Thursday";
}

TEST(Period, PreviousAndContaining) {
  EXPECT_EQ(Previous(*ParsePeriod("2026-01", "p")).label, "2025-12");
  EXPECT_EQ(Previous(*ParsePeriod("2026-W01", "p")).label, "2025-W52");
  EXPECT_EQ(Previous(*ParsePeriod("2026-03-01", "p")).label, "2026-02-28");
  // 2026-10-11T23:30+08:00 is still Sunday the 11th locally (15:30 UTC).
  auto t = *core::ParseInstant("2026-10-11T15:30:00Z", "t");
  EXPECT_EQ(PeriodOf(PeriodKind::kDay, t).label, "2026-10-11");
  EXPECT_EQ(PeriodOf(PeriodKind::kWeek, t).label, "2026-W41");
  auto t2 = *core::ParseInstant("2026-10-11T16:30:00Z", "t");
  EXPECT_EQ(PeriodOf(PeriodKind::kDay, t2).label, "2026-10-12");
  EXPECT_EQ(PeriodOf(PeriodKind::kMonth, t2).label, "2026-10");
}

TEST(Period, AnythingElseIsRefusedByField) {
  for (const char* bad : {"", "2026", "2026-13", "2026-00", "2026-02-30", "2026-W00", "2025-W53", "2026-W5",
                          "26-10", "2026/10", "2026-10-1", "2026-10-12T00:00", "1999-01"}) {
    auto p = ParsePeriod(bad, "month");
    ASSERT_FALSE(p.has_value()) << bad;
    EXPECT_EQ(p.error().code, core::ErrorCode::kInvalidArgument) << bad;
    EXPECT_EQ(p.error().field, "month") << bad;
  }
}

}  // namespace
}  // namespace onegrid::evaluation
