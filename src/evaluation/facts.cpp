#include "evaluation/facts.hpp"

#include <array>
#include <optional>

#include "cases/merge.hpp"

namespace onegrid::evaluation {
namespace {

using cases::State;

// On time against the step clock that ran before the action: no deadline cannot be missed; a
// paused clock (挂账) was on time while time was left.
bool OnTime(const cases::StepClock& clock, core::Instant at) {
  if (clock.step == cases::Step::kNone || clock.due_at == core::Instant{}) return true;
  if (clock.remaining) return clock.remaining->count() >= 0;
  return at <= clock.due_at;
}

// With the unit and not yet handled: the states in which a dispatch can run out of time.
bool AwaitsUnit(State s) {
  switch (s) {
    case State::kDispatched:
    case State::kHandling:
    case State::kHung:
    case State::kReturnRequested:
    case State::kExtensionRequested:
    case State::kHangRequested:
      return true;
    default:
      return false;
  }
}

// The unit a case is with, from its dispatch until it is handled, returned, merged away or closed.
struct Task {
  bool open = false;
  bool handled = false;
};

}  // namespace

std::string_view MeasureName(Measure m) {
  static constexpr std::array<std::string_view, kMeasureCount> kNames = {
      "assigned", "handled",   "overdue_unhandled", "closed",  "rework",  "extended",        "dispatched",
      "registered", "close_action", "reported",     "verified", "checked", "area_registered"};
  return kNames[static_cast<std::size_t>(m)];
}

core::Result<CaseFacts> Extract(const std::vector<cases::Event>& events, core::Instant as_of) {
  if (events.empty() || events.front().action != cases::kReportAction) {
    return core::Internal("a case's log must begin with its report");
  }
  if (events.front().at >= as_of) return core::NotFound("the case was reported after the instant");
  cases::Case c;
  CaseFacts out;
  std::optional<Fact> report;  // counted once decided
  Task task;
  auto decide_report = [&](core::Instant at, bool valid) {
    if (!report) return;
    report->at = at;
    report->ok = valid;
    out.facts.push_back(*report);
    report.reset();
  };
  auto fact = [&](Measure m, const cases::Event& e) -> Fact& {
    out.facts.push_back(Fact{.measure = m, .at = e.at, .unit = {}, .actor = e.actor_id, .role = e.role});
    return out.facts.back();
  };
  for (const auto& e : events) {
    if (e.at >= as_of) break;
    const cases::StepClock clock = c.clock;  // the step the action ends or acts in
    const cases::StepClock whole = c.whole;
    const std::string unit_before = c.current_unit;
    OG_RETURN_IF_ERROR(cases::Apply(c, e));
    const std::string& a = e.action;
    if (a == cases::kReportAction) {
      report = Fact{.measure = Measure::kReported, .at = e.at, .unit = {}, .actor = e.actor_id, .role = e.role};
    } else if (a == "register") {
      fact(Measure::kRegistered, e).ok_time = OnTime(clock, e.at);
      fact(Measure::kAreaRegistered, e).ok =
          c.source == cases::Source::kGridWorker || c.source == cases::Source::kPatrol;
      decide_report(e.at, true);
    } else if (a == "reject" || a == "cancel") {
      decide_report(e.at, false);
    } else if (a == "confirm" || a == "refute") {
      fact(Measure::kVerified, e).ok_time = OnTime(clock, e.at);
      if (a == "refute") decide_report(e.at, false);
    } else if (a == cases::kMergeAction) {
      // A duplicate: its report was not a new problem, and registering it was not accurate.
      decide_report(e.at, false);
      for (auto& f : out.facts) {
        if (f.measure == Measure::kRegistered) f.ok = false;
      }
      task.open = false;
    } else if (a == "dispatch") {
      for (auto& f : out.facts) {
        if (f.measure == Measure::kDispatched && f.unit != c.current_unit) f.ok = false;
      }
      Fact& d = fact(Measure::kDispatched, e);
      d.unit = c.current_unit;
      d.ok_time = OnTime(clock, e.at);
      fact(Measure::kAssigned, e).unit = c.current_unit;
      task = Task{.open = true, .handled = false};
    } else if (a == "feedback") {
      if (task.open && !task.handled) {
        Fact& h = fact(Measure::kHandled, e);
        h.unit = c.current_unit;
        h.ok = OnTime(clock, e.at);
        task.handled = true;
      }
    } else if (a == "check_pass" || a == "check_fail") {
      fact(Measure::kChecked, e).ok_time = OnTime(clock, e.at);
      if (a == "check_fail") fact(Measure::kRework, e).unit = c.current_unit;
    } else if (a == "send_back") {
      fact(Measure::kRework, e).unit = c.current_unit;
    } else if (a == "approve_extension") {
      fact(Measure::kExtended, e).unit = c.current_unit;
    } else if (a == "approve_return") {
      task.open = false;  // counted against the dispatch (准确派遣), not the unit
    } else if (a == "close") {
      fact(Measure::kCloseAction, e).ok_time = OnTime(clock, e.at);
      if (!unit_before.empty()) {
        Fact& f = fact(Measure::kClosed, e);
        f.unit = unit_before;
        f.ok = whole.due_at == core::Instant{} || e.at <= whole.due_at;
      }
      task.open = false;
    }
  }
  if (task.open && AwaitsUnit(c.state) && c.merged_into == 0 && c.clock.step != cases::Step::kNone &&
      c.clock.due_at != core::Instant{}) {
    bool late = c.clock.remaining ? c.clock.remaining->count() < 0 : c.clock.due_at <= as_of;
    if (late) {
      out.facts.push_back(Fact{.measure = Measure::kOverdueUnhandled,
                               .at = c.clock.due_at,
                               .unit = c.current_unit,
                               .actor = 0,
                               .role = {},
                               .ok = false});
    }
  }
  out.case_id = c.id;
  out.number = c.number;
  out.category_code = c.category_code;
  out.category_kind = c.category_kind;
  out.source = c.source;
  out.district_code = c.district_code;
  out.street_code = c.street_code;
  out.community_code = c.community_code;
  out.grid_code = c.grid_code;
  out.state = c.state;
  out.current_unit = c.current_unit;
  out.created_at = c.created_at;
  out.reporter = events.front().actor_id;
  return out;
}

}  // namespace onegrid::evaluation
