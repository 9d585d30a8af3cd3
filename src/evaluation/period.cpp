#include "evaluation/period.hpp"

#include <chrono>
#include <cstdio>

#include "calendar/calendar.hpp"

namespace onegrid::evaluation {
namespace {

using namespace std::chrono;

core::Instant LocalMidnight(year_month_day d) { return calendar::WorkingCalendar::At(sys_days(d), minutes(0)); }
year_month_day LocalDate(core::Instant t) { return year_month_day(calendar::WorkingCalendar::LocalDate(t)); }

std::string Two(unsigned v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02u", v);
  return buf;
}

Period Day(year_month_day d) {
  Period p;
  p.kind = PeriodKind::kDay;
  p.label = calendar::FormatDate(sys_days(d));
  p.from = LocalMidnight(d);
  p.to = LocalMidnight(year_month_day(sys_days(d) + days(1)));
  return p;
}

Period Month(year_month ym) {
  Period p;
  p.kind = PeriodKind::kMonth;
  p.label = std::to_string(static_cast<int>(ym.year())) + "-" + Two(static_cast<unsigned>(ym.month()));
  p.from = LocalMidnight(ym / 1);
  p.to = LocalMidnight((ym + months(1)) / 1);
  return p;
}

// The Monday of ISO week 1 of `y`: the week with the year's first Thursday.
sys_days IsoYearStart(year y) {
  sys_days jan4 = sys_days(y / January / 4);
  return jan4 - (weekday(jan4) - Monday);
}

Period Week(sys_days monday) {
  year_month_day thursday(monday + days(3));
  year y = thursday.year();
  int week = static_cast<int>((monday - IsoYearStart(y)).count() / 7) + 1;
  Period p;
  p.kind = PeriodKind::kWeek;
  p.label = std::to_string(static_cast<int>(y)) + "-W" + Two(static_cast<unsigned>(week));
  p.from = LocalMidnight(year_month_day(monday));
  p.to = LocalMidnight(year_month_day(monday + days(7)));
  return p;
}

}  // namespace

std::string_view PeriodKindName(PeriodKind k) {
  switch (k) {
    case PeriodKind::kDay: return "daily";
    case PeriodKind::kWeek: return "weekly";
    case PeriodKind::kMonth: return "monthly";
  }
  return "monthly";
}

core::Result<Period> ParsePeriod(std::string_view text, std::string_view field) {
  auto bad = [&] {
    return core::InvalidArgument("a period is a day YYYY-MM-DD, an ISO week YYYY-Www or a month YYYY-MM",
                                 std::string(field));
  };
  auto digits = [&](std::size_t pos, std::size_t n, int& out) {
    if (pos + n > text.size()) return false;
    out = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      out = out * 10 + (text[i] - '0');
    }
    return true;
  };
  int y = 0, m = 0, d = 0;
  if (!digits(0, 4, y) || text.size() < 7 || text[4] != '-' || y < 2000 || y > 2200) return bad();
  if (text.size() == 8 && text[5] == 'W') {
    int w = 0;
    if (!digits(6, 2, w) || w < 1) return bad();
    sys_days monday = IsoYearStart(year(y)) + days(7 * (w - 1));
    Period p = Week(monday);
    if (p.label != text) return core::InvalidArgument(std::to_string(y) + " has no week " + std::to_string(w), std::string(field));
    return p;
  }
  if (!digits(5, 2, m) || m < 1 || m > 12) return bad();
  if (text.size() == 7) return Month(year(y) / month(static_cast<unsigned>(m)));
  if (text.size() != 10 || text[7] != '-' || !digits(8, 2, d)) return bad();
  year_month_day date(year(y), month(static_cast<unsigned>(m)), day(static_cast<unsigned>(d)));
  if (!date.ok()) return core::InvalidArgument(std::string(text) + " is not a date", std::string(field));
  return Day(date);
}

Period PeriodOf(PeriodKind kind, core::Instant t) {
  year_month_day d = LocalDate(t);
  switch (kind) {
    case PeriodKind::kDay: return Day(d);
    case PeriodKind::kMonth: return Month(d.year() / d.month());
    case PeriodKind::kWeek: {
      sys_days sd(d);
      return Week(sd - (weekday(sd) - Monday));
    }
  }
  return Day(d);
}

Period Previous(const Period& p) { return PeriodOf(p.kind, p.from - core::Duration(1)); }

}  // namespace onegrid::evaluation
