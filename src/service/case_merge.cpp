// CaseService: duplicate candidates at intake, and merging a duplicate into its master.
#include <algorithm>

#include "cases/merge.hpp"
#include "service/case_service.hpp"

namespace onegrid::service {

using accounts::Role;

store::NearbyQuery CaseService::DuplicateQuery(const cases::Case& c, core::Instant now) const {
  const auto& rule = routing::DuplicateRuleFor(*routing_.Current(), c.category_kind, c.category_code);
  store::NearbyQuery q;
  q.lon = c.lon;
  q.lat = c.lat;
  q.radius_m = rule.radius_m;
  q.from = now - std::chrono::hours(rule.window_hours);
  q.to = now;
  q.category_kind = c.category_kind;
  q.category_prefix = rule.same_class ? c.category_code.substr(0, 2) : c.category_code;
  return q;
}

std::optional<Role> CaseService::MergeRole(const accounts::User& user, const cases::Case& c) const {
  auto roles = RolesOver(user, c);
  for (Role r : {Role::kShiftLead, Role::kDispatcher, Role::kIntakeOperator}) {
    if (std::find(roles.begin(), roles.end(), r) != roles.end()) return r;
  }
  return std::nullopt;
}

core::Result<cases::Case> CaseService::Merge(const accounts::User& user, std::int64_t id, const ActionRequest& req) {
  if (req.master_id == 0) return core::InvalidArgument("names the case this one duplicates", "master_id");
  if (req.master_id == id) return core::InvalidArgument("is this case: a case cannot be merged into itself", "master_id");
  // The master is read before the write: if it changes meanwhile, its next change reaches the
  // follower through the cascade all the same.
  auto master = store_.cases().Get(req.master_id);
  if (!master && master.error().code != core::ErrorCode::kNotFound) return std::move(master).error();
  if (!master || !Visible(user, *master)) return core::NotFound("no case " + std::to_string(req.master_id), "master_id");
  if (!MergeRole(user, *master)) {
    return core::PermissionDenied("merging needs the role shift_lead, dispatcher or intake_operator over both cases");
  }
  if (cases::IsTerminal(master->state)) {
    return core::Error{core::ErrorCode::kFailedPrecondition,
                       "case " + master->number + " is " + std::string(cases::StateName(master->state)) +
                           "; merge into an open case",
                       "master_id", {}};
  }
  if (master->merged_into != 0) {
    return core::Error{core::ErrorCode::kFailedPrecondition,
                       "case " + master->number + " is itself merged into case " +
                           std::to_string(master->merged_into) + "; merge into that one",
                       "master_id", {}};
  }
  OG_ASSIGN_OR_RETURN(auto own, store_.cases().Followers(id));
  return store_.cases().Act(id, [&](const cases::Case& c) -> core::Result<cases::Event> {
    if (!Visible(user, c)) return core::NotFound("no case " + std::to_string(id));
    OG_RETURN_IF_ERROR(CheckVersion(req, c));
    auto as = MergeRole(user, c);
    if (!as) return core::PermissionDenied("merging needs the role shift_lead, dispatcher or intake_operator over both cases");
    OG_RETURN_IF_ERROR(NotFollowing(c));
    if (cases::IsTerminal(c.state)) {
      return core::FailedPrecondition("the case is " + std::string(cases::StateName(c.state)) + "; it cannot be merged");
    }
    if (!own.empty()) {
      return core::FailedPrecondition("other cases are merged into this one (" + std::to_string(own.size()) +
                                      "); unmerge them or merge them into the master first");
    }
    cases::Event e = SameStateEvent(user, *as, c, cases::kMergeAction, req.note);
    e.to = master->state;
    e.payload = cases::MergePayload(*master, c);
    return e;
  });
}

core::Result<cases::Case> CaseService::Unmerge(const accounts::User& user, std::int64_t id, const ActionRequest& req) {
  OG_RETURN_IF_ERROR(Get(user, id));  // 404 outside the caller's scope
  OG_ASSIGN_OR_RETURN(auto events, store_.cases().Events(id));
  return store_.cases().Act(id, [&](const cases::Case& c) -> core::Result<cases::Event> {
    OG_RETURN_IF_ERROR(CheckVersion(req, c));
    auto as = MergeRole(user, c);
    if (!as) return core::PermissionDenied("unmerging needs the role shift_lead, dispatcher or intake_operator over the case");
    if (c.merged_into == 0) return core::FailedPrecondition("the case is not merged into another");
    if (cases::IsTerminal(c.state)) {
      return core::FailedPrecondition("the case is " + std::string(cases::StateName(c.state)) +
                                      " with its master; it can no longer be unmerged");
    }
    if (static_cast<std::int64_t>(events.size()) != c.version) return core::Aborted("the case changed; reload it");
    auto merge = std::find_if(events.rbegin(), events.rend(),
                              [](const cases::Event& e) { return e.action == cases::kMergeAction; });
    if (merge == events.rend()) return core::Internal("a merged case without its merge event");
    OG_ASSIGN_OR_RETURN(auto payload, cases::UnmergePayload(*merge));
    cases::Event e = SameStateEvent(user, *as, c, cases::kUnmergeAction, req.note);
    auto before = cases::ParseState(merge->payload["before"].value("state", ""));
    if (!before) return core::Internal("a merge event without the state before it");
    e.to = *before;
    e.payload = std::move(payload);
    return e;
  });
}

}  // namespace onegrid::service
