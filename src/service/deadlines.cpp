#include "service/deadlines.hpp"

#include <algorithm>

namespace onegrid::service {
namespace {

using accounts::Role;
using cases::ClockChange;

std::vector<std::string> AreaScopes(const cases::Case& c) {
  return {c.district_code, c.street_code, c.community_code, c.grid_code};
}

}  // namespace

std::shared_ptr<const sla::PolicySet> Deadlines::PolicyOf(const cases::Case& c) const {
  auto set = sla_.Version(c.sla_version);
  return set ? set : sla_.Current();
}

core::Result<void> Deadlines::Start(cases::Case& c, core::Instant at) const {
  auto set = sla_.Current();
  auto cal = calendar_.calendar();
  c.sla_version = set->version;
  c.sla_policy = sla::Resolve(*set, c, cases::Step::kHandle).policy->name;
  OG_ASSIGN_OR_RETURN(c.whole, sla::StartWhole(*set, *cal, c, at));
  OG_ASSIGN_OR_RETURN(c.clock, sla::StartStep(*set, *cal, c, cases::StepOf(cases::State::kReported), at));
  return core::Ok();
}

core::Result<std::optional<cases::StepClock>> Deadlines::After(const cases::Case& c, std::string_view action,
                                                               cases::State to, core::Instant now,
                                                               std::optional<core::Instant> deadline) const {
  if (action == "request_extension" || action == "approve_extension") {
    if (!deadline) return core::InvalidArgument("names the new deadline asked for (RFC 3339)", "deadline");
    if (c.sla_version != 0 && c.clock.running() && *deadline <= c.clock.due_at) {
      return core::InvalidArgument("must be later than the current deadline", "deadline");
    }
    if (*deadline <= now) return core::InvalidArgument("must lie in the future", "deadline");
  } else if (deadline) {
    return core::InvalidArgument("is only for an extension", "deadline");
  }
  if (c.sla_version == 0) return std::optional<cases::StepClock>{};  // a case from before deadlines
  auto set = PolicyOf(c);
  auto cal = calendar_.calendar();
  switch (cases::ChangeFor(c.clock, action, to)) {
    case ClockChange::kKeep: return std::optional<cases::StepClock>{};
    case ClockChange::kStop: return std::optional<cases::StepClock>{cases::StepClock{}};
    case ClockChange::kStart: {
      OG_ASSIGN_OR_RETURN(auto clock, sla::StartStep(*set, *cal, c, cases::StepOf(to), now));
      return std::optional<cases::StepClock>{clock};
    }
    case ClockChange::kPause: {
      OG_ASSIGN_OR_RETURN(auto clock, sla::Pause(*cal, c.clock, now));
      return std::optional<cases::StepClock>{clock};
    }
    case ClockChange::kResume: {
      OG_ASSIGN_OR_RETURN(auto clock, sla::Resume(*set, *cal, c.clock, now));
      return std::optional<cases::StepClock>{clock};
    }
    case ClockChange::kExtend: {
      OG_ASSIGN_OR_RETURN(auto clock, sla::Extend(*set, *cal, c.clock, *deadline, now));
      return std::optional<cases::StepClock>{clock};
    }
  }
  return std::optional<cases::StepClock>{};
}

core::Result<std::vector<std::int64_t>> Deadlines::Recipients(const cases::Case& c, std::string_view action,
                                                              const std::string& unit) const {
  std::vector<std::int64_t> out;
  auto add = [&](Role role, const std::vector<std::string>& scopes) -> core::Result<void> {
    OG_ASSIGN_OR_RETURN(auto ids, store_.users().WithRole(role, scopes));
    out.insert(out.end(), ids.begin(), ids.end());
    return core::Ok();
  };
  bool unit_step = !c.current_unit.empty() &&
                   (c.clock.step == cases::Step::kSign || c.clock.step == cases::Step::kHandle);
  if (action == cases::kEscalateAction) {
    OG_RETURN_IF_ERROR(add(Role::kLeader, AreaScopes(c)));
  } else if (action == cases::kCheckInOverdueAction) {
    // Escalated at once, like an overdue step that has run on: the called department's own
    // staff and leader, the street that called, and the district's leaders.
    OG_RETURN_IF_ERROR(add(Role::kUnitStaff, {unit}));
    OG_RETURN_IF_ERROR(add(Role::kUnitLeader, {unit}));
    if (!c.current_unit.empty()) OG_RETURN_IF_ERROR(add(Role::kUnitLeader, {c.current_unit}));
    OG_RETURN_IF_ERROR(add(Role::kLeader, AreaScopes(c)));
  } else {
    // Those who may act on the case in its state.
    std::vector<Role> roles;
    for (auto a : cases::AllowedActions(c.kind, c.state)) {
      auto rule = cases::FindRule(c.kind, c.state, a);
      if (rule) roles.insert(roles.end(), (*rule)->roles.begin(), (*rule)->roles.end());
    }
    std::sort(roles.begin(), roles.end());
    roles.erase(std::unique(roles.begin(), roles.end()), roles.end());
    for (Role r : roles) {
      OG_RETURN_IF_ERROR(add(r, accounts::IsUnitRole(r) ? std::vector<std::string>{c.current_unit} : AreaScopes(c)));
    }
    if (action == cases::kOverdueAction) {
      if (unit_step) {
        OG_RETURN_IF_ERROR(add(Role::kUnitLeader, {c.current_unit}));
      } else {
        OG_RETURN_IF_ERROR(add(Role::kShiftLead, AreaScopes(c)));
      }
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

core::Result<nlohmann::json> Deadlines::Retime(const cases::Case& c) const {
  nlohmann::json payload = nullptr;
  if (c.sla_version == 0 || cases::IsTerminal(c.state)) return payload;
  auto set = PolicyOf(c);
  auto cal = calendar_.calendar();
  for (auto [key, clock] : {std::pair{"clock", &c.clock}, std::pair{"whole", &c.whole}}) {
    OG_ASSIGN_OR_RETURN(auto retimed, sla::Retime(*set, *cal, *clock));
    if (retimed) payload[key] = cases::ClockJson(*retimed);
  }
  return payload;
}

core::Result<sla::Progress> Deadlines::Measure(const cases::StepClock& clock, core::Instant now) const {
  return sla::Measure(*calendar_.calendar(), clock, now);
}

}  // namespace onegrid::service
