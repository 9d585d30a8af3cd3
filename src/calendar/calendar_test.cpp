#include "calendar/calendar.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>

#include "calendar/holiday_file.hpp"
#include "core/time_format.hpp"

namespace onegrid::calendar {
namespace {

using namespace std::chrono_literals;

core::Instant T(const std::string& local) {  // "2026-02-13T11:00" in +08:00
  auto t = core::ParseInstant(local + ":00+08:00", "t");
  EXPECT_TRUE(t.has_value()) << local;
  return *t;
}
std::string S(core::Instant t) { return core::FormatInstant(t).substr(0, 16); }

Definition Shipped() {
  Definition def;
  def.schedule = *ParseSchedule("08:00-12:00,14:00-18:00", "schedule");
  AddYears(def, ShippedYears());
  return def;
}

std::shared_ptr<const WorkingCalendar> Cal(const Definition& def = Shipped()) {
  auto c = WorkingCalendar::Build(def);
  EXPECT_TRUE(c.has_value()) << c.error().message;
  return *c;
}

TEST(ShippedYears, AreTheTwentyYearsFrom2007) {
  const auto& years = ShippedYears();
  ASSERT_EQ(years.size(), 20u);
  EXPECT_EQ(years.front().year, 2007);
  EXPECT_EQ(years.back().year, 2026);
  for (const auto& y : years) EXPECT_FALSE(y.days.empty()) << y.year;
}

struct Golden {
  const char* why;
  const char* from;
  double hours;
  const char* expect;
};

// Worked by hand on the 2024–2026 State Council notices; schedule 08–12 and 14–18.
TEST(WorkingCalendar, AddsWorkingHoursAcrossWeekendsLunchAndHolidays) {
  auto cal = Cal();
  const Golden cases[] = {
      {"within the morning", "2026-11-25T09:00", 2, "2026-11-25T11:00"},
      {"over lunch", "2026-11-23T11:00", 2, "2026-11-23T15:00"},
      {"over a weekend", "2026-11-27T16:00", 4, "2026-11-30T10:00"},
      {"from a Saturday", "2026-11-28T10:00", 1, "2026-11-30T09:00"},
      {"from the lunch break", "2026-11-25T12:30", 1, "2026-11-25T15:00"},
      {"after hours", "2026-11-25T19:00", 1, "2026-11-26T09:00"},
      {"ends exactly at a period's end", "2026-11-25T10:00", 2, "2026-11-25T12:00"},
      {"2024 Spring Festival, back on the adjusted Sunday", "2024-02-09T16:00", 8, "2024-02-18T16:00"},
      {"2024 adjusted Sunday 02-04 works", "2024-02-03T10:00", 1, "2024-02-04T09:00"},
      {"2025 Spring Festival", "2025-01-27T17:00", 2, "2025-02-05T09:00"},
      {"2025 National Day and Mid-Autumn", "2025-09-30T15:00", 8, "2025-10-09T15:00"},
      {"2026 Spring Festival with Saturday 02-14 worked", "2026-02-13T11:00", 24, "2026-02-25T11:00"},
      {"2026 National Day, ends at noon", "2026-09-30T14:00", 16, "2026-10-09T12:00"},
      {"2026 adjusted Saturday 10-10 works", "2026-10-09T17:00", 2, "2026-10-10T09:00"},
  };
  for (const auto& c : cases) {
    auto r = cal->Add(T(c.from), std::chrono::duration_cast<core::Duration>(std::chrono::duration<double, std::ratio<3600>>(c.hours)));
    ASSERT_TRUE(r.has_value()) << c.why;
    EXPECT_EQ(S(r->at), c.expect) << c.why;
    EXPECT_FALSE(r->calendar_unknown) << c.why;
  }
}

TEST(WorkingCalendar, WorkingDaysAreEightWorkingHoursOrWhatIsConfigured) {
  auto r = Cal()->AddDays(T("2026-02-13T11:00"), 3);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(S(r->at), "2026-02-25T11:00");
  auto def = Shipped();
  def.working_day = 7h;
  r = Cal(def)->AddDays(T("2026-11-25T08:00"), 1);
  EXPECT_EQ(S(r->at), "2026-11-25T17:00");
}

TEST(WorkingCalendar, MeasuresWorkingTimeBetweenTwoInstants) {
  auto cal = Cal();
  EXPECT_EQ(cal->Between(T("2026-11-27T12:00"), T("2026-11-30T12:00"))->duration, 8h);
  EXPECT_EQ(cal->Between(T("2024-02-09T00:00"), T("2024-02-19T00:00"))->duration, 16h);
  EXPECT_EQ(cal->Between(T("2026-11-25T11:30"), T("2026-11-25T14:30"))->duration, 60min);
  EXPECT_EQ(cal->Between(T("2026-11-30T12:00"), T("2026-11-27T12:00"))->duration, -8h);
  // Add and Between agree.
  auto from = T("2026-09-30T14:00");
  EXPECT_EQ(cal->Between(from, cal->Add(from, 16h)->at)->duration, 16h);
}

TEST(WorkingCalendar, SubtractsWorkingTime) {
  auto cal = Cal();
  EXPECT_EQ(S(cal->Subtract(T("2026-11-30T10:00"), 4h)->at), "2026-11-27T16:00");
  EXPECT_EQ(S(cal->Subtract(T("2024-02-18T16:00"), 8h)->at), "2024-02-09T16:00");
  auto from = T("2026-10-09T12:00");
  EXPECT_EQ(cal->Between(cal->Subtract(from, 16h)->at, from)->duration, 16h);
}

TEST(WorkingCalendar, TellsWorkingTimeAndTheNextWorkingInstant) {
  auto cal = Cal();
  EXPECT_TRUE(cal->IsWorking(T("2026-10-10T09:00")));   // adjusted Saturday
  EXPECT_FALSE(cal->IsWorking(T("2026-10-05T10:00")));  // National Day, a Monday
  EXPECT_TRUE(cal->IsWorking(T("2026-11-25T08:00")));
  EXPECT_FALSE(cal->IsWorking(T("2026-11-25T12:00")));  // periods end exclusive
  EXPECT_EQ(S(cal->NextWorking(T("2026-11-28T10:00"))->at), "2026-11-30T08:00");
  EXPECT_EQ(S(cal->NextWorking(T("2026-11-25T12:30"))->at), "2026-11-25T14:00");
  EXPECT_EQ(S(cal->NextWorking(T("2026-11-25T09:15"))->at), "2026-11-25T09:15");
  EXPECT_EQ(S(cal->NextWorking(T("2026-09-30T18:00"))->at), "2026-10-08T08:00");
}

TEST(WorkingCalendar, ADayOfAnUnknownYearCountsOnWeekdaysAndIsFlagged) {
  auto cal = Cal();
  auto inside = cal->Add(T("2026-12-30T09:00"), 2h);
  EXPECT_FALSE(inside->calendar_unknown);
  // 2027 is not loaded: New Year's Day (a Friday) is counted as a working day, and said so.
  auto r = cal->Add(T("2026-12-31T16:00"), 4h);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(S(r->at), "2027-01-01T10:00");
  EXPECT_TRUE(r->calendar_unknown);
  EXPECT_TRUE(cal->Between(T("2026-12-31T16:00"), T("2027-01-04T16:00"))->calendar_unknown);
  // Once the year is loaded, the holiday counts and the flag is gone.
  auto file = ParseYearFile(R"({"year": 2027, "papers": [], "days": [
      {"name": "元旦", "date": "2027-01-01", "isOffDay": true}]})");
  ASSERT_TRUE(file.has_value());
  auto def = Shipped();
  AddYears(def, {*file});
  auto known = Cal(def)->Add(T("2026-12-31T16:00"), 4h);
  EXPECT_EQ(S(known->at), "2027-01-04T10:00");
  EXPECT_FALSE(known->calendar_unknown);
}

TEST(WorkingCalendar, ASeasonHasItsOwnHours) {
  auto def = Shipped();
  def.seasons.push_back({"summer", 5, 1, 9, 30, *ParseSchedule("08:00-12:00,15:00-18:30", "summer")});
  auto cal = Cal(def);
  EXPECT_EQ(S(cal->Add(T("2026-06-03T11:00"), 2h)->at), "2026-06-03T16:00");
  EXPECT_EQ(S(cal->Add(T("2026-11-25T11:00"), 2h)->at), "2026-11-25T15:00");
  EXPECT_FALSE(cal->IsWorking(T("2026-06-03T14:30")));
  EXPECT_TRUE(cal->IsWorking(T("2026-06-03T18:15")));
}

TEST(WorkingCalendar, DoesNotDependOnTheServersZone) {
  auto before = Cal()->Add(T("2026-02-13T11:00"), 24h)->at;
  const char* old = std::getenv("TZ");
  std::string saved = old ? old : "";
  setenv("TZ", "America/Los_Angeles", 1);
  tzset();
  auto after = Cal()->Add(T("2026-02-13T11:00"), 24h)->at;
  if (old) setenv("TZ", saved.c_str(), 1); else unsetenv("TZ");
  tzset();
  EXPECT_EQ(before, after);
}

TEST(WorkingCalendar, RefusesNegativeTimeAndInstantsOutsideItsYears) {
  auto cal = Cal();
  auto neg = cal->Add(T("2026-11-25T09:00"), -1h);
  ASSERT_FALSE(neg.has_value());
  EXPECT_EQ(neg.error().code, core::ErrorCode::kInvalidArgument);
  auto early = cal->Add(T("1999-06-01T09:00"), 1h);
  ASSERT_FALSE(early.has_value());
  EXPECT_EQ(early.error().code, core::ErrorCode::kOutOfRange);
  auto zero = cal->Add(T("2026-11-28T10:00"), 0h);
  EXPECT_EQ(S(zero->at), "2026-11-28T10:00");
}

TEST(ParseSchedule, NamesWhatIsWrong) {
  for (const char* bad : {"", "8-12", "08:00-12:00,11:00-13:00", "12:00-08:00", "08:00-24:30", "08:00-12:00;14:00-18:00"}) {
    auto r = ParseSchedule(bad, "calendar.hours");
    ASSERT_FALSE(r.has_value()) << bad;
    EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().field, "calendar.hours");
  }
  auto ok = ParseSchedule("08:30-12:00,14:00-24:00", "x");
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(FormatSchedule(*ok), "08:30-12:00,14:00-24:00");
}

TEST(ParseYearFile, NamesTheFaultyField) {
  struct Case {
    const char* text;
    const char* field;
  } cases[] = {
      {"not json", "file"},
      {R"({"papers": [], "days": []})", "year"},
      {R"({"year": 1890, "days": []})", "year"},
      {R"({"year": 2027})", "days"},
      {R"({"year": 2027, "days": [{"date": "2027-02-30", "isOffDay": true}]})", "days[0].date"},
      {R"({"year": 2027, "days": [{"date": "2029-01-01", "isOffDay": true}]})", "days[0].date"},
      {R"({"year": 2027, "days": [{"date": "2027-01-01"}]})", "days[0].isOffDay"},
      {R"({"year": 2027, "days": [{"date": "2027-01-01", "isOffDay": true},
                                  {"date": "2027-01-01", "isOffDay": false}]})", "days[1].date"},
      // Found by the attack test (tests/attack_test.cpp): unknown fields were ignored, and a year
      // was narrowed to int before its range was checked (4294969296 read as 2000).
      {R"({"year": 2027, "days": [], "holidays": []})", "holidays"},
      {R"({"year": 2027, "days": [{"date": "2027-01-01", "isOffDay": true, "off": true}]})", "days[0].off"},
      {R"({"year": 4294969296, "days": []})", "year"},
      {R"({"year": 18446744073709551615, "days": []})", "year"},
  };
  for (const auto& c : cases) {
    auto r = ParseYearFile(c.text);
    ASSERT_FALSE(r.has_value()) << c.text;
    EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument) << c.text;
    EXPECT_EQ(r.error().field, c.field) << c.text;
  }
  auto round = ParseYearFile(WriteYearFile(ShippedYears().back()));
  ASSERT_TRUE(round.has_value());
  EXPECT_EQ(round->days.size(), ShippedYears().back().days.size());
}

}  // namespace
}  // namespace onegrid::calendar
