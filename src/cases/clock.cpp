#include "cases/clock.hpp"

#include <array>

#include "cases/json_text.hpp"

namespace onegrid::cases {
namespace {

constexpr std::array<std::string_view, kStepCount> kStepNames = {"", "accept", "verify", "dispatch",
                                                                  "sign", "handle", "check"};

std::int64_t Us(core::Instant t) { return t.time_since_epoch().count(); }
core::Instant FromUs(std::int64_t us) { return core::Instant(core::Duration(us)); }

}  // namespace

std::string_view StepName(Step s) { return kStepNames[static_cast<int>(s)]; }

std::optional<Step> ParseStep(std::string_view name) {
  for (int i = 1; i < kStepCount; ++i) {
    if (kStepNames[static_cast<std::size_t>(i)] == name) return static_cast<Step>(i);
  }
  return std::nullopt;
}

Step StepOf(State s) {
  switch (s) {
    case State::kReported: return Step::kAccept;
    case State::kVerifying: return Step::kVerify;
    case State::kAccepted:
    case State::kRegistered: return Step::kDispatch;
    case State::kDispatched: return Step::kSign;
    case State::kHandling:
    case State::kHung: return Step::kHandle;
    case State::kHandled:
    case State::kChecking: return Step::kCheck;
    default: return Step::kNone;
  }
}

nlohmann::json ClockJson(const StepClock& c) {
  nlohmann::json j = {{"step", StepName(c.step)},
                      {"wall", c.wall},
                      {"limit_us", c.limit.count()},
                      {"started_at", Us(c.started_at)},
                      {"yellow_at", Us(c.yellow_at)},
                      {"due_at", Us(c.due_at)},
                      {"escalate_at", Us(c.escalate_at)},
                      {"fired", c.fired},
                      {"calendar_unknown", c.calendar_unknown}};
  if (c.remaining) j["remaining_us"] = c.remaining->count();
  return j;
}

std::string ClockText(const StepClock& c) {
  using namespace json_text;
  std::string out = "{";
  out.reserve(200);
  BoolMember(out, "calendar_unknown", c.calendar_unknown);
  IntMember(out, "due_at", Us(c.due_at));
  IntMember(out, "escalate_at", Us(c.escalate_at));
  IntMember(out, "fired", c.fired);
  IntMember(out, "limit_us", c.limit.count());
  if (c.remaining) IntMember(out, "remaining_us", c.remaining->count());
  IntMember(out, "started_at", Us(c.started_at));
  StringMember(out, "step", StepName(c.step));
  BoolMember(out, "wall", c.wall);
  IntMember(out, "yellow_at", Us(c.yellow_at));
  Close(out);
  return out;
}

core::Result<StepClock> ParseClock(const nlohmann::json& j) {
  try {
    StepClock c;
    auto step = j.at("step").get<std::string>();
    if (!step.empty()) {
      auto s = ParseStep(step);
      if (!s) return core::Internal("unknown step " + step);
      c.step = *s;
    }
    c.wall = j.at("wall").get<bool>();
    c.limit = core::Duration(j.at("limit_us").get<std::int64_t>());
    c.started_at = FromUs(j.at("started_at").get<std::int64_t>());
    c.yellow_at = FromUs(j.at("yellow_at").get<std::int64_t>());
    c.due_at = FromUs(j.at("due_at").get<std::int64_t>());
    c.escalate_at = FromUs(j.at("escalate_at").get<std::int64_t>());
    c.fired = j.at("fired").get<int>();
    c.calendar_unknown = j.at("calendar_unknown").get<bool>();
    if (j.contains("remaining_us")) c.remaining = core::Duration(j["remaining_us"].get<std::int64_t>());
    return c;
  } catch (const std::exception& ex) {
    return core::Internal(std::string("bad clock: ") + ex.what());
  }
}

ClockChange ChangeFor(const StepClock& running, std::string_view action, State to) {
  if (IsTerminal(to)) return ClockChange::kStop;
  if (action == "approve_hang") return ClockChange::kPause;
  if (action == "resume") return ClockChange::kResume;
  if (action == "approve_extension") return ClockChange::kExtend;
  Step next = StepOf(to);
  if (next == Step::kNone || next == running.step) return ClockChange::kKeep;
  return ClockChange::kStart;
}

bool IsTimerAction(std::string_view action) {
  return action == kYellowAction || action == kOverdueAction || action == kEscalateAction;
}

std::optional<Timer> NextTimer(const StepClock& c) {
  if (!c.running()) return std::nullopt;
  if (!(c.fired & kYellowAlert)) return Timer{c.yellow_at, kYellowAction};
  if (!(c.fired & kOverdueAlert)) return Timer{c.due_at, kOverdueAction};
  if (!(c.fired & kEscalatedAlert)) return Timer{c.escalate_at, kEscalateAction};
  return std::nullopt;
}

std::string_view Light(double used) {
  if (used < 0.8) return "green";
  if (used <= 1.0) return "yellow";
  return "red";
}

}  // namespace onegrid::cases
