// Deadlines on the case loop (governance.md §6): which SLA version and clock a new case starts
// with, what each action does to the running step's clock (start, keep, pause, resume, extend,
// stop — cases/clock.hpp decides which, sla/deadlines.hpp computes the times on the calendar in
// force), who is told when a step's time comes, and how far each clock is now. Thread-safe.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "cases/case.hpp"
#include "service/calendar_service.hpp"
#include "service/sla_service.hpp"
#include "sla/deadlines.hpp"
#include "store/store.hpp"

namespace onegrid::service {

class Deadlines {
 public:
  Deadlines(CalendarService& calendar, SlaService& sla, store::Store& store)
      : calendar_(calendar), sla_(sla), store_(store) {}

  // Gives a new case the policy version in force, its whole-case clock and its first step's.
  core::Result<void> Start(cases::Case& c, core::Instant at) const;
  // The clock of `c` after `action` takes it to `to` at `now`; nullopt when it stays as it is.
  // `deadline`: the new deadline an extension asks for (required by request/approve_extension).
  core::Result<std::optional<cases::StepClock>> After(const cases::Case& c, std::string_view action,
                                                      cases::State to, core::Instant now,
                                                      std::optional<core::Instant> deadline) const;
  // Who is told of a timer or reminder on this case: yellow and reminders go to those who may
  // act on it now; overdue (督办) also to the leader of the unit (or the shift lead for the
  // centre's own steps); escalate to the district's leaders over its place; a missed check-in
  // (checkin_overdue, `unit` the called department) to that department, its leader, the
  // calling unit's leader and the district's leaders.
  core::Result<std::vector<std::int64_t>> Recipients(const cases::Case& c, std::string_view action,
                                                     const std::string& unit = "") const;

  // The payload of a "retime" event for a case whose clocks were counted on weekdays of an
  // unloaded year and come out otherwise on the calendar now; null when nothing changes.
  core::Result<nlohmann::json> Retime(const cases::Case& c) const;

  core::Result<sla::Progress> Measure(const cases::StepClock& clock, core::Instant now) const;
  std::shared_ptr<const calendar::WorkingCalendar> calendar() const { return calendar_.calendar(); }

 private:
  std::shared_ptr<const sla::PolicySet> PolicyOf(const cases::Case& c) const;
  CalendarService& calendar_;
  SlaService& sla_;
  store::Store& store_;
};

}  // namespace onegrid::service
