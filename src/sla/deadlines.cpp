#include "sla/deadlines.hpp"

#include <chrono>

namespace onegrid::sla {
namespace {

using cases::StepClock;
using std::chrono::duration_cast;

core::Duration Span(const Limit& l, const calendar::WorkingCalendar& cal) {
  using namespace std::chrono;
  switch (l.unit) {
    case Limit::Unit::kWallMinutes:
    case Limit::Unit::kWorkingMinutes: return minutes(l.amount);
    case Limit::Unit::kWallHours:
    case Limit::Unit::kWorkingHours: return hours(l.amount);
    case Limit::Unit::kWorkingDays: return cal.working_day() * l.amount;
  }
  return {};
}

// `from` + `d` on the clock of the limit kind; records an unknown calendar day.
core::Result<core::Instant> Plus(const calendar::WorkingCalendar& cal, bool wall, core::Instant from,
                                 core::Duration d, bool& unknown) {
  if (wall) return from + d;
  OG_ASSIGN_OR_RETURN(auto r, cal.Add(from, d));
  unknown = unknown || r.calendar_unknown;
  return r.at;
}

core::Duration Yellow(core::Duration limit) { return limit * 4 / 5; }

core::Result<void> Times(const PolicySet& s, const calendar::WorkingCalendar& cal, StepClock& c,
                         core::Instant start) {
  bool unknown = false;
  OG_ASSIGN_OR_RETURN(c.yellow_at, Plus(cal, c.wall, start, Yellow(c.limit), unknown));
  OG_ASSIGN_OR_RETURN(c.due_at, Plus(cal, c.wall, start, c.limit, unknown));
  OG_ASSIGN_OR_RETURN(c.escalate_at, Plus(cal, s.escalate_after.wall(), c.due_at, Span(s.escalate_after, cal), unknown));
  c.calendar_unknown = unknown;
  return core::Ok();
}

}  // namespace

core::Result<core::Instant> Due(const Limit& limit, const calendar::WorkingCalendar& cal, core::Instant from) {
  bool unknown = false;
  return Plus(cal, limit.wall(), from, Span(limit, cal), unknown);
}

core::Result<StepClock> StartStep(const PolicySet& s, const calendar::WorkingCalendar& cal,
                                  const cases::Case& c, cases::Step step, core::Instant start) {
  auto r = Resolve(s, c, step);
  StepClock clock;
  clock.step = step;
  clock.wall = r.limit.wall();
  clock.limit = Span(r.limit, cal);
  clock.started_at = start;
  OG_RETURN_IF_ERROR(Times(s, cal, clock, start));
  return clock;
}

core::Result<StepClock> StartWhole(const PolicySet& s, const calendar::WorkingCalendar& cal,
                                   const cases::Case& c, core::Instant start) {
  OG_ASSIGN_OR_RETURN(StepClock clock, StartStep(s, cal, c, cases::Step::kNone, start));
  clock.fired = cases::kYellowAlert | cases::kOverdueAlert | cases::kEscalatedAlert;  // no timers
  return clock;
}

core::Result<StepClock> Extend(const PolicySet& s, const calendar::WorkingCalendar& cal, StepClock c,
                               core::Instant due, core::Instant now) {
  if (due <= now) return core::InvalidArgument("the new deadline must lie in the future", "deadline");
  if (due <= c.due_at) return core::InvalidArgument("the new deadline must be later than the current one", "deadline");
  // The limit grows by the time added, measured on the step's own clock.
  core::Duration added;
  bool unknown = c.calendar_unknown;
  if (c.wall) {
    added = due - c.due_at;
  } else {
    OG_ASSIGN_OR_RETURN(auto b, cal.Between(c.due_at, due));
    added = b.duration;
    unknown = unknown || b.calendar_unknown;
  }
  c.limit += added;
  OG_RETURN_IF_ERROR(Times(s, cal, c, c.started_at));
  c.due_at = due;  // exactly what was approved (Times recomputed it from the limit)
  OG_ASSIGN_OR_RETURN(c.escalate_at, Plus(cal, s.escalate_after.wall(), due, Span(s.escalate_after, cal), unknown));
  c.calendar_unknown = c.calendar_unknown || unknown;
  int keep = 0;
  if (c.yellow_at <= now) keep |= cases::kYellowAlert;
  c.fired &= keep;
  return c;
}

core::Result<StepClock> Pause(const calendar::WorkingCalendar& cal, StepClock c, core::Instant now) {
  if (!c.running()) return core::FailedPrecondition("the step's clock is not running");
  if (c.wall) {
    c.remaining = c.due_at - now;
  } else {
    OG_ASSIGN_OR_RETURN(auto b, cal.Between(now, c.due_at));
    c.remaining = b.duration;
    c.calendar_unknown = c.calendar_unknown || b.calendar_unknown;
  }
  return c;
}

core::Result<StepClock> Resume(const PolicySet& s, const calendar::WorkingCalendar& cal, StepClock c,
                               core::Instant now) {
  if (!c.remaining) return core::FailedPrecondition("the step's clock is not paused");
  core::Duration left = *c.remaining;
  c.remaining.reset();
  bool unknown = c.calendar_unknown;
  if (left.count() <= 0) {
    // Overdue when it was hung: it is overdue by as much again.
    if (c.wall) {
      c.due_at = now + left;
    } else {
      OG_ASSIGN_OR_RETURN(auto back, cal.Subtract(now, -left));
      c.due_at = back.at;
      unknown = unknown || back.calendar_unknown;
    }
    c.yellow_at = std::min(c.yellow_at, c.due_at);
  } else {
    OG_ASSIGN_OR_RETURN(c.due_at, Plus(cal, c.wall, now, left, unknown));
    core::Duration to_yellow = left - (c.limit - Yellow(c.limit));
    if (!(c.fired & cases::kYellowAlert)) {
      OG_ASSIGN_OR_RETURN(c.yellow_at, Plus(cal, c.wall, now, std::max(to_yellow, core::Duration(0)), unknown));
    }
  }
  OG_ASSIGN_OR_RETURN(c.escalate_at, Plus(cal, s.escalate_after.wall(), c.due_at, Span(s.escalate_after, cal), unknown));
  c.calendar_unknown = unknown;
  return c;
}

core::Result<std::optional<StepClock>> Retime(const PolicySet& s, const calendar::WorkingCalendar& cal,
                                              const StepClock& clock) {
  if (!clock.calendar_unknown || clock.wall || clock.remaining) return std::optional<StepClock>{};
  StepClock c = clock;
  OG_RETURN_IF_ERROR(Times(s, cal, c, c.started_at));
  if (c == clock) return std::optional<StepClock>{};
  return std::optional<StepClock>{c};
}

core::Result<Progress> Measure(const calendar::WorkingCalendar& cal, const StepClock& c, core::Instant now) {
  Progress p;
  p.calendar_unknown = c.calendar_unknown;
  if (c.remaining) {
    p.left = *c.remaining;
    p.paused = true;
  } else if (c.wall) {
    p.left = c.due_at - now;
  } else {
    OG_ASSIGN_OR_RETURN(auto b, cal.Between(now, c.due_at));
    p.left = b.duration;
    p.calendar_unknown = p.calendar_unknown || b.calendar_unknown;
  }
  double limit = static_cast<double>(c.limit.count());
  p.used = limit > 0 ? 1.0 - static_cast<double>(p.left.count()) / limit : 1.0;
  if (p.used < 0) p.used = 0;
  // A running step's light by its instants, as the case list filters by them (`?light=`, SQL on
  // yellow_at and due_at): past due is red even while no working time passes (a lunch break, a
  // night), when the share used stays at exactly 100 %. A paused step by the share it had used.
  if (c.remaining) {
    p.light = cases::Light(p.used);
  } else {
    p.light = now > c.due_at ? "red" : now >= c.yellow_at ? "yellow" : "green";
  }
  return p;
}

}  // namespace onegrid::sla
