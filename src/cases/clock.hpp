// The clock of a case (governance.md §6): the deadline of the step it is in and of the whole
// case (捆绑时限). The deadlines themselves are computed by the service from the SLA policy and
// the working calendar, and recorded in the payload of the event that starts, extends, pauses or
// resumes a step; Apply only copies them. So the log alone rebuilds every deadline exactly, even
// after the calendar or the policies have changed.
//
// Which step a state belongs to, and when a step starts, is decided here:
//   reported: accept · verifying: verify · accepted, registered: dispatch (立案 + 派遣) ·
//   dispatched: sign (签收) · handling: handle · handled, checking: check (核查 + 结案)
// A step starts whenever an action leads to a state whose step is not the running one (so a
// failed check starts a new handle step: 返工); the pending requests (return, extension, hang)
// keep the running step; approve_hang pauses it and resume gives back exactly the working time
// that was left; approve_extension sets a new deadline; a finished case has no clock.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "cases/workflow.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"

namespace onegrid::cases {

enum class Step { kNone, kAccept, kVerify, kDispatch, kSign, kHandle, kCheck };
inline constexpr int kStepCount = 7;
std::string_view StepName(Step s);
std::optional<Step> ParseStep(std::string_view name);
// The step a case in this state is in (kNone for finished cases and pending requests).
Step StepOf(State s);

// Alerts of one step, each raised once.
enum Alert : int { kYellowAlert = 1, kOverdueAlert = 2, kEscalatedAlert = 4 };

struct StepClock {
  Step step = Step::kNone;
  bool wall = false;  // the limit runs on the wall clock (urgent types), not in working time
  core::Duration limit{};  // the time allowed, working time unless wall
  core::Instant started_at{}, yellow_at{}, due_at{}, escalate_at{};
  // While paused (挂账): the time that was left (negative when already overdue).
  std::optional<core::Duration> remaining;
  int fired = 0;  // Alert bits
  bool calendar_unknown = false;  // a day of an unloaded year was counted on weekdays

  bool running() const { return step != Step::kNone && !remaining; }
  bool operator==(const StepClock&) const = default;
};

nlohmann::json ClockJson(const StepClock& c);
// ClockJson(c).dump(), written without the tree (json_text.hpp).
std::string ClockText(const StepClock& c);
core::Result<StepClock> ParseClock(const nlohmann::json& j);

// What an action does to the running step clock.
enum class ClockChange { kKeep, kStart, kStop, kPause, kResume, kExtend };
ClockChange ChangeFor(const StepClock& running, std::string_view action, State to);

// The timer actions the system takes when a step's time comes: yellow at 80 % used, overdue at
// the deadline (督办 to the unit's leader), escalate after a further delay (to the district's
// leader). Each is an event in the case's log, at most once per step.
inline constexpr std::string_view kYellowAction = "yellow";
inline constexpr std::string_view kOverdueAction = "overdue";
inline constexpr std::string_view kEscalateAction = "escalate";
// A reminder (催办) sent by hand.
inline constexpr std::string_view kRemindAction = "remind";
// The system's recomputation of deadlines that were counted on weekdays (calendar_unknown) once
// the year's holidays are loaded: the payload carries the new "clock" and/or "whole".
inline constexpr std::string_view kRetimeAction = "retime";
bool IsTimerAction(std::string_view action);

struct Timer {
  core::Instant at;
  std::string_view action;  // yellow, overdue or escalate
};
// The next timer of a running step, if any is left.
std::optional<Timer> NextTimer(const StepClock& c);

// Share of the step's time used at `now` (1.0 = the deadline), given the working time used
// (for wall-clock steps pass the wall time), and its light: green below 0.8, yellow to 1.0, red.
std::string_view Light(double used);

}  // namespace onegrid::cases
