// CaseService: work shared between units on a case — assisting units (协办) and whistle calls
// (吹哨报到); see cases/coordination.hpp.
#include <algorithm>

#include "cases/coordination.hpp"
#include "service/case_service.hpp"
#include "sla/deadlines.hpp"

namespace onegrid::service {

using accounts::Role;

std::vector<std::pair<Role, std::string>> CaseService::PartyRoles(const accounts::User& user,
                                                                  const cases::Case& c) const {
  std::vector<std::pair<Role, std::string>> out;
  auto parties = cases::PartyUnits(c.assists, c.calls);
  for (const auto& g : user.roles) {
    if (accounts::IsUnitRole(g.role) && std::find(parties.begin(), parties.end(), g.scope) != parties.end()) {
      out.emplace_back(g.role, g.scope);
    }
  }
  return out;
}

// A list of unit codes an action names: each a unit that exists and takes cases, none twice.
core::Result<void> CheckUnitList(store::Store& store, const std::vector<std::string>& units, const std::string& field,
                                 const std::string& lead) {
  for (std::size_t i = 0; i < units.size(); ++i) {
    std::string at = field + "[" + std::to_string(i) + "]";
    if (units[i] == lead) return core::InvalidArgument("is the unit the case is with", at);
    if (std::find(units.begin(), units.begin() + static_cast<std::ptrdiff_t>(i), units[i]) !=
        units.begin() + static_cast<std::ptrdiff_t>(i)) {
      return core::InvalidArgument("is named twice", at);
    }
    auto unit = store.units().Get(units[i]);
    if (!unit) {
      if (unit.error().code != core::ErrorCode::kNotFound) return std::move(unit).error();
      return core::InvalidArgument("is not a unit (see /api/v1/units)", at);
    }
    if (!unit->active) return core::InvalidArgument("is a unit that no longer takes cases", at);
  }
  return core::Ok();
}

core::Result<void> CaseService::CheckAssistUnits(const ActionRequest& req) const {
  if (req.assist_units.empty()) return core::Ok();
  if (req.action != "dispatch") return core::InvalidArgument("is only for dispatch", "assist_units");
  return CheckUnitList(store_, req.assist_units, "assist_units", req.unit_code);
}

core::Result<void> CaseService::CheckFeedback(const ActionRequest& req, const cases::Case& c) {
  if (!req.assist_waived.empty() && req.action != "feedback") {
    return core::InvalidArgument("is only for feedback", "assist_waived");
  }
  if (req.action != "feedback") return core::Ok();
  auto open = cases::OpenAssists(c.assists);
  if (open.empty() || !req.assist_waived.empty()) return core::Ok();
  std::string names;
  for (const auto& u : open) names += (names.empty() ? "" : ", ") + u;
  return core::Error{core::ErrorCode::kFailedPrecondition,
                     "the assisting units " + names + " have not reported; wait for them, or say in assist_waived why not",
                     "assist_waived", {}};
}

core::Result<cases::Case> CaseService::Coordinate(const accounts::User& user, std::int64_t id,
                                                  const ActionRequest& req) {
  const std::string& action = req.action;
  // Fields of other actions were refused by CaseService::Act (OnlyItsFields).
  bool names_call = action == cases::kCheckInAction || action == cases::kWhistleReportAction ||
                    action == cases::kCloseWhistleAction;
  if (names_call && req.call == 0) return core::InvalidArgument("names the call (its number on the case)", "call");
  std::optional<core::Instant> checkin_due;
  auto now = clock_.Now();
  if (action == cases::kWhistleAction) {
    if (req.units.empty()) return core::InvalidArgument("names the departments called (unit codes)", "units");
    OG_RETURN_IF_ERROR(CheckUnitList(store_, req.units, "units", ""));
    OG_ASSIGN_OR_RETURN(auto limit, sla::ParseLimit(req.checkin_limit.empty() ? "2wh" : req.checkin_limit, "checkin_limit"));
    OG_ASSIGN_OR_RETURN(checkin_due, sla::Due(limit, *deadlines_.calendar(), now));
  }
  if (action == cases::kWhistleReportAction && req.note.empty()) {
    return core::InvalidArgument("says what the department did", "note");
  }
  return store_.cases().Act(id, [&](const cases::Case& c) -> core::Result<cases::Event> {
    auto lead_roles = RolesOver(user, c);
    auto party_roles = PartyRoles(user, c);
    if (lead_roles.empty() && party_roles.empty()) return core::NotFound("no case " + std::to_string(id));
    OG_RETURN_IF_ERROR(CheckVersion(req, c));
    OG_RETURN_IF_ERROR(NotFollowing(c));
    if (cases::IsTerminal(c.state)) {
      return core::FailedPrecondition("the case is " + std::string(cases::StateName(c.state)));
    }
    auto holds = [&](std::initializer_list<Role> roles) -> std::optional<Role> {
      for (Role r : roles) {
        if (std::find(lead_roles.begin(), lead_roles.end(), r) != lead_roles.end()) return r;
      }
      return std::nullopt;
    };
    // The party unit through which the user acts: one of theirs among `units`.
    auto party = [&](const std::vector<std::string>& units) -> std::optional<std::pair<Role, std::string>> {
      for (const auto& pr : party_roles) {
        if (std::find(units.begin(), units.end(), pr.second) != units.end()) return pr;
      }
      return std::nullopt;
    };
    cases::Event e;
    if (action == cases::kAssistReportAction) {
      auto as = party(cases::OpenAssists(c.assists));
      if (!as) return core::PermissionDenied("assist_report is for a unit whose assisting sub-task on this case is open");
      e = SameStateEvent(user, as->first, c, action, req.note);
      e.payload = {{"unit", as->second}};
      return e;
    }
    if (action == cases::kWhistleAction || action == cases::kCloseWhistleAction) {
      // The street: the unit handling the case, or a leader or shift lead over its place.
      auto as = holds({Role::kUnitStaff, Role::kUnitLeader, Role::kLeader, Role::kShiftLead});
      if (!as) return core::PermissionDenied(action + " is for the unit handling the case or a leader over it");
      if (action == cases::kWhistleAction) {
        if (c.state != cases::State::kHandling && c.state != cases::State::kHung) {
          return core::FailedPrecondition("a call is made while the case is being handled (handling or hung); "
                                          "it is " + std::string(cases::StateName(c.state)));
        }
        e = SameStateEvent(user, *as, c, action, req.note);
        e.payload = {{"call", static_cast<int>(c.calls.size()) + 1},
                     {"units", req.units},
                     {"checkin_due", checkin_due->time_since_epoch().count()}};
        OG_ASSIGN_OR_RETURN(auto to, store_.users().WithRole(Role::kUnitStaff, req.units));
        e.payload["notify"] = to;
        return e;
      }
      auto it = std::find_if(c.calls.begin(), c.calls.end(), [&](const auto& call) { return call.id == req.call; });
      if (it == c.calls.end()) return core::Error{core::ErrorCode::kNotFound, "no call " + std::to_string(req.call) + " on this case", "call", {}};
      if (it->closed_at) return core::Error{core::ErrorCode::kFailedPrecondition, "the call is closed", "call", {}};
      bool all_reported = std::all_of(it->units.begin(), it->units.end(), [](const auto& u) { return u.reported_at.has_value(); });
      if (!all_reported && req.note.empty()) {
        return core::InvalidArgument("says why the call is closed before every department has reported", "note");
      }
      e = SameStateEvent(user, *as, c, action, req.note);
      e.payload = {{"call", req.call}};
      return e;
    }
    // check_in, whistle_report: by a called department of that call.
    auto it = std::find_if(c.calls.begin(), c.calls.end(), [&](const auto& call) { return call.id == req.call; });
    if (it == c.calls.end()) return core::Error{core::ErrorCode::kNotFound, "no call " + std::to_string(req.call) + " on this case", "call", {}};
    std::vector<std::string> called;
    for (const auto& u : it->units) called.push_back(u.unit);
    auto as = party(called);
    if (!as) return core::PermissionDenied(action + " is for a department named in call " + std::to_string(req.call));
    if (it->closed_at) return core::Error{core::ErrorCode::kFailedPrecondition, "the call is closed", "call", {}};
    const auto& unit = *std::find_if(it->units.begin(), it->units.end(), [&](const auto& u) { return u.unit == as->second; });
    if (action == cases::kCheckInAction && unit.checked_in_at) {
      return core::FailedPrecondition(as->second + " checked in already");
    }
    if (action == cases::kWhistleReportAction && (!unit.checked_in_at || unit.reported_at)) {
      return core::FailedPrecondition(unit.reported_at ? as->second + " reported already" : "check in first");
    }
    e = SameStateEvent(user, as->first, c, action, req.note);
    e.payload = {{"call", req.call}, {"unit", as->second}};
    return e;
  });
}

}  // namespace onegrid::service
