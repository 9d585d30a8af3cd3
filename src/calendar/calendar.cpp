#include "calendar/calendar.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

namespace onegrid::calendar {
namespace {

using std::chrono::days;
using std::chrono::microseconds;
using std::chrono::minutes;

constexpr std::int64_t kMinuteUs = 60'000'000;
constexpr std::int64_t kDayUs = 24 * 60 * kMinuteUs;
constexpr std::int64_t kZoneUs = 8 * 60 * kMinuteUs;  // Asia/Shanghai, no DST since 1991
constexpr int kFirstYear = 2000;
constexpr int kYearsPastKnown = 10;
// Deadlines are days away: look at the next days one by one before searching the whole table.
constexpr std::int64_t kLinearDays = 16;

std::int64_t FloorDiv(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

std::int64_t ScheduleUs(const Schedule& s) {
  std::int64_t total = 0;
  for (const auto& p : s) total += (p.end - p.start) * kMinuteUs;
  return total;
}

// Working time of a day's schedule before time-of-day `tod` (µs after local midnight).
std::int64_t WithinDay(const Schedule& s, std::int64_t tod) {
  std::int64_t worked = 0;
  for (const auto& p : s) {
    std::int64_t a = p.start * kMinuteUs, b = p.end * kMinuteUs;
    if (tod <= a) break;
    worked += std::min(tod, b) - a;
  }
  return worked;
}

bool InSeason(const Season& s, unsigned month, unsigned day) {
  int md = static_cast<int>(month) * 100 + static_cast<int>(day);
  int from = s.from_month * 100 + s.from_day, to = s.to_month * 100 + s.to_day;
  return from <= to ? (md >= from && md <= to) : (md >= from || md <= to);
}

core::Error BadSchedule(std::string_view field, std::string why) {
  return core::InvalidArgument(std::move(why) + " (expected periods like \"08:00-12:00,14:00-18:00\")",
                               std::string(field));
}

std::optional<int> ParseClock(std::string_view t) {
  if (t.size() != 5 || t[2] != ':') return std::nullopt;
  for (int i : {0, 1, 3, 4}) {
    if (t[static_cast<std::size_t>(i)] < '0' || t[static_cast<std::size_t>(i)] > '9') return std::nullopt;
  }
  int h = (t[0] - '0') * 10 + (t[1] - '0'), m = (t[3] - '0') * 10 + (t[4] - '0');
  if (m > 59 || h > 24 || (h == 24 && m != 0)) return std::nullopt;
  return h * 60 + m;
}

core::Result<void> CheckSchedule(const Schedule& s, std::string_view field) {
  int last_end = 0;
  for (const auto& p : s) {
    if (p.start < 0 || p.end > 24 * 60 || p.start >= p.end) {
      return BadSchedule(field, "a period must start before it ends, within the day");
    }
    if (p.start < last_end) return BadSchedule(field, "periods must be in order and must not overlap");
    last_end = p.end;
  }
  return core::Ok();
}

}  // namespace

core::Result<Schedule> ParseSchedule(std::string_view text, std::string_view field) {
  Schedule out;
  if (text.empty()) return BadSchedule(field, "no working periods");
  std::size_t at = 0;
  while (at <= text.size()) {
    auto comma = text.find(',', at);
    auto part = text.substr(at, comma == std::string_view::npos ? std::string_view::npos : comma - at);
    auto dash = part.find('-');
    auto a = dash == std::string_view::npos ? std::nullopt : ParseClock(part.substr(0, dash));
    auto b = dash == std::string_view::npos ? std::nullopt : ParseClock(part.substr(dash + 1));
    if (!a || !b) return BadSchedule(field, "\"" + std::string(part) + "\" is not a period HH:MM-HH:MM");
    out.push_back({*a, *b});
    if (comma == std::string_view::npos) break;
    at = comma + 1;
  }
  OG_RETURN_IF_ERROR(CheckSchedule(out, field));
  return out;
}

std::string FormatSchedule(const Schedule& s) {
  std::string out;
  char buf[64];
  for (const auto& p : s) {
    std::snprintf(buf, sizeof buf, "%02d:%02d-%02d:%02d", p.start / 60, p.start % 60, p.end / 60, p.end % 60);
    if (!out.empty()) out += ",";
    out += buf;
  }
  return out;
}

std::optional<LocalDays> ParseDate(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  int v[3] = {0, 0, 0};
  std::size_t starts[3] = {0, 5, 8}, lens[3] = {4, 2, 2};
  for (int i = 0; i < 3; ++i) {
    for (std::size_t k = 0; k < lens[i]; ++k) {
      char ch = t[starts[i] + k];
      if (ch < '0' || ch > '9') return std::nullopt;
      v[i] = v[i] * 10 + (ch - '0');
    }
  }
  using namespace std::chrono;
  year_month_day ymd{year{v[0]}, month{static_cast<unsigned>(v[1])}, day{static_cast<unsigned>(v[2])}};
  if (!ymd.ok()) return std::nullopt;
  return sys_days(ymd);
}

std::string FormatDate(LocalDays d) {
  std::chrono::year_month_day ymd(d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

LocalDays WorkingCalendar::LocalDate(core::Instant t) {
  return LocalDays(days(FloorDiv(t.time_since_epoch().count() + kZoneUs, kDayUs)));
}

core::Instant WorkingCalendar::At(LocalDays d, minutes since_midnight) {
  std::int64_t us = d.time_since_epoch().count() * kDayUs + since_midnight.count() * kMinuteUs - kZoneUs;
  return core::Instant(microseconds(us));
}

core::Result<std::shared_ptr<const WorkingCalendar>> WorkingCalendar::Build(const Definition& def) {
  if (def.schedule.empty()) return BadSchedule("schedule", "no working periods");
  OG_RETURN_IF_ERROR(CheckSchedule(def.schedule, "schedule"));
  for (const auto& s : def.seasons) {
    OG_RETURN_IF_ERROR(CheckSchedule(s.schedule, "seasons." + s.name));
    using namespace std::chrono;
    if (!year_month_day(year(2000), month(static_cast<unsigned>(s.from_month)), day(static_cast<unsigned>(s.from_day))).ok() ||
        !year_month_day(year(2000), month(static_cast<unsigned>(s.to_month)), day(static_cast<unsigned>(s.to_day))).ok()) {
      return core::InvalidArgument("season " + s.name + " has no such month and day", "seasons");
    }
  }
  if (def.working_day <= minutes(0)) {
    return core::InvalidArgument("a working day must be longer than zero", "working_day");
  }
  std::map<LocalDays, const SpecialDay*> special;
  for (const auto& d : def.days) {
    auto [it, fresh] = special.emplace(d.date, &d);
    if (!fresh && it->second->off != d.off) {
      return core::InvalidArgument("the day " + FormatDate(d.date) + " is listed both as a day off and as a working day",
                                   "days");
    }
  }
  std::shared_ptr<WorkingCalendar> c(new WorkingCalendar());
  c->def_ = def;
  std::sort(c->def_.known_years.begin(), c->def_.known_years.end());
  c->working_day_ = def.working_day;
  int last_year = std::max(def.known_years.empty() ? kFirstYear
                                                   : *std::max_element(def.known_years.begin(), def.known_years.end()),
                           kFirstYear) + kYearsPastKnown;
  using namespace std::chrono;
  c->first_day_ = sys_days(year(kFirstYear) / January / 1);
  auto end_day = sys_days(year(last_year + 1) / January / 1);
  auto n = static_cast<std::size_t>((end_day - c->first_day_).count());
  c->schedules_.push_back(def.schedule);
  for (const auto& s : def.seasons) c->schedules_.push_back(s.schedule);
  c->cum_.assign(n + 1, 0);
  c->unknown_cum_.assign(n + 1, 0);
  c->schedule_of_.assign(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    auto d = c->first_day_ + days(static_cast<long>(i));
    year_month_day ymd(d);
    bool working;
    if (auto it = special.find(d); it != special.end()) {
      working = !it->second->off;
    } else {
      unsigned wd = weekday(d).c_encoding();  // 0 Sunday … 6 Saturday
      working = wd >= 1 && wd <= 5;
    }
    std::uint16_t k = 0;
    if (working) {
      k = 1;
      for (std::size_t s = 0; s < def.seasons.size(); ++s) {
        if (InSeason(def.seasons[s], static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()))) {
          k = static_cast<std::uint16_t>(s + 2);
          break;
        }
      }
    }
    c->schedule_of_[i] = k;
    c->cum_[i + 1] = c->cum_[i] + (k == 0 ? 0 : ScheduleUs(c->schedules_[k - 1]));
    bool known = std::binary_search(c->def_.known_years.begin(), c->def_.known_years.end(),
                                    static_cast<int>(ymd.year()));
    c->unknown_cum_[i + 1] = c->unknown_cum_[i] + (known ? 0 : 1);
  }
  return std::shared_ptr<const WorkingCalendar>(std::move(c));
}

bool WorkingCalendar::YearKnown(int year) const {
  return std::binary_search(def_.known_years.begin(), def_.known_years.end(), year);
}

std::int64_t WorkingCalendar::WorkedBefore(core::Instant t, std::int64_t* day) const {
  std::int64_t local = t.time_since_epoch().count() + kZoneUs;
  std::int64_t abs_day = FloorDiv(local, kDayUs);
  std::int64_t d = abs_day - first_day_.time_since_epoch().count();
  if (d < 0 || d >= static_cast<std::int64_t>(schedule_of_.size())) return -1;
  if (day) *day = d;
  auto k = schedule_of_[static_cast<std::size_t>(d)];
  std::int64_t before = cum_[static_cast<std::size_t>(d)];
  return k == 0 ? before : before + WithinDay(schedules_[k - 1u], local - abs_day * kDayUs);
}

bool WorkingCalendar::UnknownBetween(std::int64_t a, std::int64_t b) const {
  if (b < a) std::swap(a, b);
  return unknown_cum_[static_cast<std::size_t>(b + 1)] - unknown_cum_[static_cast<std::size_t>(a)] > 0;
}

bool WorkingCalendar::IsWorking(core::Instant t) const {
  std::int64_t local = t.time_since_epoch().count() + kZoneUs;
  std::int64_t abs_day = FloorDiv(local, kDayUs);
  std::int64_t d = abs_day - first_day_.time_since_epoch().count();
  if (d < 0 || d >= static_cast<std::int64_t>(schedule_of_.size())) return false;
  auto k = schedule_of_[static_cast<std::size_t>(d)];
  if (k == 0) return false;
  std::int64_t tod = local - abs_day * kDayUs;
  for (const auto& p : schedules_[k - 1u]) {
    if (tod >= p.start * kMinuteUs && tod < p.end * kMinuteUs) return true;
  }
  return false;
}

namespace {
core::Error OutOfTable(const WorkingCalendar& c) {
  int last = c.definition().known_years.empty() ? kFirstYear : c.definition().known_years.back();
  return core::Error{core::ErrorCode::kOutOfRange,
                     "the working calendar covers " + std::to_string(kFirstYear) + " to " +
                         std::to_string(std::max(last, kFirstYear) + kYearsPastKnown),
                     "", {}};
}
}  // namespace

core::Result<core::Instant> WorkingCalendar::InstantAt(std::int64_t target, std::int64_t& d) const {
  // The earliest instant by which `target` working time (since the first day) has passed,
  // searching from day `d` (a hint: deadlines are a few days away); d becomes its day.
  auto n = static_cast<std::int64_t>(schedule_of_.size());
  if (target <= 0) {
    d = 0;
    return At(first_day_, minutes(0));
  }
  if (d < 0 || d >= n || cum_[static_cast<std::size_t>(d)] >= target) d = 0;
  std::int64_t start = d;
  while (d < n && d < start + kLinearDays && cum_[static_cast<std::size_t>(d + 1)] < target) ++d;
  if (d < n && cum_[static_cast<std::size_t>(d + 1)] < target) {
    auto it = std::lower_bound(cum_.begin() + d + 1, cum_.end(), target);
    if (it == cum_.end()) return OutOfTable(*this);
    d = (it - cum_.begin()) - 1;
  }
  if (d >= n) return OutOfTable(*this);
  std::int64_t rem = target - cum_[static_cast<std::size_t>(d)];
  std::int64_t tod = 0;
  for (const auto& p : schedules_[schedule_of_[static_cast<std::size_t>(d)] - 1u]) {
    std::int64_t len = (p.end - p.start) * kMinuteUs;
    if (rem <= len) {
      tod = p.start * kMinuteUs + rem;
      break;
    }
    rem -= len;
  }
  std::int64_t abs_day = d + first_day_.time_since_epoch().count();
  return core::Instant(microseconds(abs_day * kDayUs + tod - kZoneUs));
}

core::Result<Computed> WorkingCalendar::Add(core::Instant from, core::Duration working) const {
  if (working.count() < 0) return core::InvalidArgument("working time to add must not be negative", "hours");
  std::int64_t d0 = 0;
  std::int64_t w0 = WorkedBefore(from, &d0);
  if (w0 < 0) return OutOfTable(*this);
  if (working.count() == 0) return Computed{from, working, UnknownBetween(d0, d0)};
  std::int64_t d = d0;
  OG_ASSIGN_OR_RETURN(core::Instant at, InstantAt(w0 + working.count(), d));
  return Computed{at, working, UnknownBetween(d0, d)};
}

core::Result<Computed> WorkingCalendar::Subtract(core::Instant from, core::Duration working) const {
  if (working.count() < 0) return core::InvalidArgument("working time to subtract must not be negative", "hours");
  std::int64_t d0 = 0;
  std::int64_t w0 = WorkedBefore(from, &d0);
  if (w0 < 0) return OutOfTable(*this);
  if (working.count() == 0) return Computed{from, working, UnknownBetween(d0, d0)};
  std::int64_t d = std::max<std::int64_t>(0, d0 - kLinearDays);
  OG_ASSIGN_OR_RETURN(core::Instant at, InstantAt(w0 - working.count(), d));
  return Computed{at, working, UnknownBetween(d, d0)};
}

core::Result<Computed> WorkingCalendar::AddDays(core::Instant from, double working_days) const {
  if (!(working_days >= 0)) return core::InvalidArgument("working days to add must not be negative", "days");
  auto us = static_cast<std::int64_t>(working_days * static_cast<double>(working_day_.count() * kMinuteUs) + 0.5);
  return Add(from, microseconds(us));
}

core::Result<Computed> WorkingCalendar::Between(core::Instant from, core::Instant to) const {
  std::int64_t da = 0, db = 0;
  std::int64_t wa = WorkedBefore(from, &da), wb = WorkedBefore(to, &db);
  if (wa < 0 || wb < 0) return OutOfTable(*this);
  return Computed{to, microseconds(wb - wa), UnknownBetween(da, db)};
}

core::Result<Computed> WorkingCalendar::NextWorking(core::Instant t) const {
  if (IsWorking(t)) {
    std::int64_t d = 0;
    if (WorkedBefore(t, &d) < 0) return OutOfTable(*this);
    return Computed{t, {}, UnknownBetween(d, d)};
  }
  OG_ASSIGN_OR_RETURN(auto next, Add(t, microseconds(1)));
  next.at -= microseconds(1);
  next.duration = {};
  return next;
}

}  // namespace onegrid::calendar
