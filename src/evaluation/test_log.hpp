// Hand-built case logs for the evaluation tests: each step names its action, state, time and the
// deadline its step runs to, as the service would have recorded it.
#pragma once

#include <string>
#include <vector>

#include "cases/case.hpp"
#include "core/clock.hpp"

namespace onegrid::evaluation::testing {

inline core::Instant T(int hours, int minutes = 0) {  // hours after 2026-10-12T00:00Z (a Monday)
  return core::Instant(std::chrono::sys_days(std::chrono::year(2026) / 10 / 12)) + std::chrono::hours(hours) +
         std::chrono::minutes(minutes);
}

class Log {
 public:
  Log(std::int64_t id, cases::Source source, std::int64_t reporter, core::Instant at,
      std::string grid = "410104001001001") {
    cases::Case c;
    c.id = id;
    c.number = "410104-20261012-" + std::to_string(100000 + id).substr(0, 6);
    c.category_code = "06010";
    c.source = source;
    c.district_code = "410104";
    c.street_code = grid.substr(0, 9) + "000";
    c.community_code = grid.substr(0, 12);
    c.grid_code = grid;
    c.whole.step = cases::Step::kNone;
    cases::Event e;
    e.case_id = id;
    e.seq = 1;
    e.action = std::string(cases::kReportAction);
    e.to = cases::State::kReported;
    e.actor_id = reporter;
    e.role = "grid_worker";
    e.at = at;
    e.payload = cases::ReportPayload(c);
    e.payload["number"] = c.number;
    events_.push_back(std::move(e));
    state_ = cases::State::kReported;
  }

  // The whole-case limit (捆绑时限), set as the intake would.
  Log& Whole(core::Instant due) {
    cases::StepClock w;
    w.started_at = events_.front().at;
    w.due_at = due;
    events_.front().payload["sla"] = {{"version", 1}, {"policy", "t"}, {"whole", cases::ClockJson(w)}};
    return *this;
  }

  // An action to `to` at `at` by `actor` in `role`; `due`: the deadline of the step it starts
  // (none: the step's clock is kept); `unit` for a dispatch.
  Log& Do(const std::string& action, cases::State to, core::Instant at, std::int64_t actor, const std::string& role,
          std::optional<core::Instant> due = std::nullopt, cases::Step step = cases::Step::kNone,
          const std::string& unit = "") {
    cases::Event e;
    e.case_id = events_.front().case_id;
    e.seq = static_cast<std::int64_t>(events_.size()) + 1;
    e.action = action;
    e.from = state_;
    e.to = to;
    e.actor_id = actor;
    e.role = role;
    e.at = at;
    if (!unit.empty()) e.payload["unit"] = unit;
    if (due) {
      cases::StepClock clock;
      clock.step = step == cases::Step::kNone ? cases::StepOf(to) : step;
      clock.started_at = at;
      clock.due_at = *due;
      e.payload["clock"] = cases::ClockJson(clock);
    }
    events_.push_back(std::move(e));
    state_ = to;
    return *this;
  }
  // The clock paused (挂账) with `left` remaining, or another raw clock.
  Log& Paused(const std::string& action, cases::State to, core::Instant at, std::int64_t actor, core::Duration left) {
    Do(action, to, at, actor, "shift_lead");
    cases::StepClock clock;
    clock.step = cases::Step::kHandle;
    clock.remaining = left;
    events_.back().payload["clock"] = cases::ClockJson(clock);
    return *this;
  }

  const std::vector<cases::Event>& events() const { return events_; }

 private:
  std::vector<cases::Event> events_;
  cases::State state_;
};

}  // namespace onegrid::evaluation::testing
