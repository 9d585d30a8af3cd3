// The district's working calendar in force: the weekly and summer hours from the settings
// (calendar.*), the holiday files shipped in the binary (2007–2026), and the files imported
// since — a newer statutory year, or local closures (台风停工, a district's own days off) — from
// the store. Load() builds the snapshot; Import() stores a file and swaps in a new snapshot, so
// readers never wait. Thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "calendar/calendar.hpp"
#include "calendar/holiday_file.hpp"
#include "core/clock.hpp"
#include "core/config.hpp"
#include "core/snapshot.hpp"
#include "store/store.hpp"

namespace onegrid::service {

struct CalendarImport {
  int year = 0;
  bool local = false;
  std::size_t days = 0;
  bool replaced = false;  // a file of the same year and kind was there before
  int cases_retimed = 0;  // open cases whose deadlines the file changed
};

class CalendarService {
 public:
  CalendarService(store::Store& store, const core::Config& config, const core::Clock& clock)
      : store_(store), config_(config), clock_(clock) {}

  // kInvalidArgument naming the calendar.* setting that is malformed.
  core::Result<void> Load();
  std::shared_ptr<const calendar::WorkingCalendar> calendar() const { return current_.Load(); }

  // A holiday-cn file: statutory (marks its year known) or local closures (days off added
  // over the statutory ones). kInvalidArgument naming the field; nothing stored then.
  core::Result<CalendarImport> Import(std::string_view json_text, bool local, const std::string& by);
  // Runs after each import, with the new calendar in force (the case clocks are retimed).
  void OnChange(std::function<core::Result<int>()> fn) { on_change_ = std::move(fn); }

 private:
  core::Result<std::shared_ptr<const calendar::WorkingCalendar>> Build();

  store::Store& store_;
  const core::Config& config_;
  const core::Clock& clock_;
  std::mutex import_mu_;
  core::Snapshot<calendar::WorkingCalendar> current_;
  std::function<core::Result<int>()> on_change_;
};

}  // namespace onegrid::service
