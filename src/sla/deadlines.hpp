// Deadlines of a case's steps, from its SLA policy set and the working calendar (§6): a step's
// deadline is its limit added to its start, in working time (or on the wall clock for wall
// limits); yellow comes when 80 % of the limit is used, the second level of supervision
// (escalate) `escalate_after` past the deadline. Hang (挂账) keeps the time that was left and
// resume gives back exactly that; an approved extension (延期) moves the deadline.
#pragma once

#include <optional>

#include "calendar/calendar.hpp"
#include "cases/case.hpp"
#include "sla/policy.hpp"

namespace onegrid::sla {

// `from` plus the limit, on the wall clock or in working time (e.g. a call's check-in deadline).
core::Result<core::Instant> Due(const Limit& limit, const calendar::WorkingCalendar& cal, core::Instant from);

// The clock of `step` starting at `start` for this case (its category, urgency and place).
core::Result<cases::StepClock> StartStep(const PolicySet& s, const calendar::WorkingCalendar& cal,
                                         const cases::Case& c, cases::Step step, core::Instant start);
// The whole-case clock (捆绑时限), from intake.
core::Result<cases::StepClock> StartWhole(const PolicySet& s, const calendar::WorkingCalendar& cal,
                                          const cases::Case& c, core::Instant start);
// The running clock with its deadline moved to `due` (later than `now`). Alerts whose new time
// is still past stay fired; the others will fire again.
core::Result<cases::StepClock> Extend(const PolicySet& s, const calendar::WorkingCalendar& cal,
                                      cases::StepClock clock, core::Instant due, core::Instant now);
core::Result<cases::StepClock> Pause(const calendar::WorkingCalendar& cal, cases::StepClock clock,
                                     core::Instant now);
core::Result<cases::StepClock> Resume(const PolicySet& s, const calendar::WorkingCalendar& cal,
                                      cases::StepClock clock, core::Instant now);

// The clock recomputed on the calendar as it is now, from its start and limit, when it was
// counted with a day of an unloaded year (calendar_unknown); nullopt when there is nothing to do
// (not flagged, on the wall clock, paused — resume recomputes — or still unknown the same way).
// Alerts already raised stay raised.
core::Result<std::optional<cases::StepClock>> Retime(const PolicySet& s, const calendar::WorkingCalendar& cal,
                                                     const cases::StepClock& clock);

// How far a clock is at `now`: the time left (negative when overdue), the share of the limit
// used and its light; a paused clock stands still.
struct Progress {
  core::Duration left{};
  double used = 0;
  std::string_view light;
  bool paused = false;
  bool calendar_unknown = false;
};
core::Result<Progress> Measure(const calendar::WorkingCalendar& cal, const cases::StepClock& clock,
                               core::Instant now);

}  // namespace onegrid::sla
