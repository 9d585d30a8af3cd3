// The district's working calendar: which instants are working time, and arithmetic in working
// time (add N working minutes, working time between two instants, the next working instant).
//
// Always in the district's zone, Asia/Shanghai (UTC+8 without daylight saving since 1991), so
// the server's own zone never matters. A day is a working day when it is Monday to Friday and
// not a holiday, or a weekend day declared a working day (调休); its working hours come from the
// weekly schedule, or from a season's schedule (e.g. summer hours) when the day lies in that
// season. Holidays and adjusted days come from yearly files (holiday_file.hpp) plus local
// closures. A day of a year no file covers is never silently treated as ordinary: it counts on
// weekdays and every result that touches it says `calendar_unknown`.
//
// An immutable snapshot built once: days from 2000 to ten years past the last known year are
// tabulated with the working time before each, so every operation is O(1) plus a short search.
// Thread-safe (const).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace onegrid::calendar {

using LocalDays = std::chrono::sys_days;  // a date in the district's zone

// "2026-02-15" → the date; nullopt when malformed or not a real date.
std::optional<LocalDays> ParseDate(std::string_view text);
std::string FormatDate(LocalDays d);

// Working hours of one day: [start, end) in minutes after local midnight, ascending, disjoint.
struct Period {
  int start = 0;
  int end = 0;
  bool operator==(const Period&) const = default;
};
using Schedule = std::vector<Period>;

// "08:00-12:00,14:00-18:00" → periods; kInvalidArgument naming `field` otherwise.
core::Result<Schedule> ParseSchedule(std::string_view text, std::string_view field);
std::string FormatSchedule(const Schedule& s);

// A part of the year with other hours, by month and day, both ends included ("05-01".."09-30";
// a season may wrap the new year: "10-01".."04-30").
struct Season {
  std::string name;
  int from_month = 1, from_day = 1, to_month = 12, to_day = 31;
  Schedule schedule;
};

// One day that is not what its weekday says: a holiday (off) or an adjusted working day.
struct SpecialDay {
  LocalDays date;
  bool off = true;
  std::string name;
};

struct Definition {
  Schedule schedule;                 // Monday to Friday and adjusted working days
  std::vector<Season> seasons;       // first match wins
  std::vector<int> known_years;      // years whose holidays are loaded
  std::vector<SpecialDay> days;      // holidays, adjusted working days, local closures
  std::chrono::minutes working_day{8 * 60};  // what "1 working day" means
};

// A computed instant or duration, and whether an unknown year's day was counted on weekdays.
struct Computed {
  core::Instant at{};
  core::Duration duration{};
  bool calendar_unknown = false;
};

class WorkingCalendar {
 public:
  // kInvalidArgument for an empty or malformed schedule, or a day listed twice with two meanings.
  static core::Result<std::shared_ptr<const WorkingCalendar>> Build(const Definition& def);

  bool IsWorking(core::Instant t) const;
  // The earliest instant at or after `from` by which `working` working time has passed (a
  // deadline). kOutOfRange beyond the tabulated years.
  core::Result<Computed> Add(core::Instant from, core::Duration working) const;
  // The earliest instant from which `working` working time passes until `from` (a deadline
  // that was missed by that much).
  core::Result<Computed> Subtract(core::Instant from, core::Duration working) const;
  core::Result<Computed> AddDays(core::Instant from, double working_days) const;
  // Working time in [from, to) (negative when to < from).
  core::Result<Computed> Between(core::Instant from, core::Instant to) const;
  // `t` itself when it is working time, otherwise the start of the next working period.
  core::Result<Computed> NextWorking(core::Instant t) const;

  std::chrono::minutes working_day() const { return working_day_; }
  const Definition& definition() const { return def_; }
  bool YearKnown(int year) const;
  // The local date of an instant, and the instant of a local time.
  static LocalDays LocalDate(core::Instant t);
  static core::Instant At(LocalDays d, std::chrono::minutes since_midnight);

 private:
  WorkingCalendar() = default;
  // Working time before the instant since the first tabulated day; -1 outside the table.
  std::int64_t WorkedBefore(core::Instant t, std::int64_t* day = nullptr) const;
  bool UnknownBetween(std::int64_t day_a, std::int64_t day_b) const;
  core::Result<core::Instant> InstantAt(std::int64_t target, std::int64_t& day) const;

  Definition def_;
  std::chrono::minutes working_day_{};
  LocalDays first_day_{};
  std::vector<std::int64_t> cum_;          // µs of working time before each day (size days+1)
  std::vector<std::uint16_t> schedule_of_; // 0: day off, k: schedules_[k-1]
  std::vector<Schedule> schedules_;
  std::vector<std::int32_t> unknown_cum_;  // unknown days before each day (size days+1)
};

}  // namespace onegrid::calendar
