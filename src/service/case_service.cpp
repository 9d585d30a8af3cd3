#include "service/case_service.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "cases/coordination.hpp"
#include "cases/merge.hpp"
#include "core/time_format.hpp"
#include "media/image.hpp"

namespace onegrid::service {
namespace {

using accounts::Role;

bool CoversArea(const std::string& scope, const cases::Case& c) {
  return scope == c.district_code || scope == c.street_code || scope == c.community_code ||
         scope == c.grid_code;
}

constexpr Role kIntakeRoles[] = {Role::kGridWorker, Role::kIntakeOperator, Role::kShiftLead,
                                 Role::kDispatcher, Role::kLeader};

// Each field of an action request belongs to some actions; given to another, it is refused.
core::Result<void> OnlyItsFields(const ActionRequest& req) {
  struct Field {
    const char* name;
    bool set;
    std::initializer_list<std::string_view> actions;
  };
  const Field fields[] = {
      {"unit_code", !req.unit_code.empty(), {"dispatch"}},
      {"assist_units", !req.assist_units.empty(), {"dispatch"}},
      {"deadline", req.deadline.has_value(), {"request_extension", "approve_extension"}},
      {"assist_waived", !req.assist_waived.empty(), {"feedback"}},
      {"master_id", req.master_id != 0, {cases::kMergeAction}},
      {"units", !req.units.empty(), {cases::kWhistleAction}},
      {"checkin_limit", !req.checkin_limit.empty(), {cases::kWhistleAction}},
      {"call", req.call != 0, {cases::kCheckInAction, cases::kWhistleReportAction, cases::kCloseWhistleAction}},
  };
  for (const auto& f : fields) {
    if (!f.set || std::find(f.actions.begin(), f.actions.end(), req.action) != f.actions.end()) continue;
    std::string which;
    for (auto a : f.actions) which += (which.empty() ? "" : ", ") + std::string(a);
    return core::InvalidArgument("is only for " + which, f.name);
  }
  return core::Ok();
}

}  // namespace

core::Result<void> CaseService::CheckVersion(const ActionRequest& req, const cases::Case& c) {
  if (req.expected_version == c.version) return core::Ok();
  return core::Aborted("the case changed: expected version " + std::to_string(req.expected_version) +
                           ", it is at " + std::to_string(c.version) + "; reload it",
                       "expected_version");
}

core::Result<void> CaseService::NotFollowing(const cases::Case& c) {
  if (c.merged_into == 0) return core::Ok();
  return core::FailedPrecondition("the case is merged into case " + std::to_string(c.merged_into) +
                                  " and follows it; act on that case, or unmerge this one");
}

std::vector<cases::DuplicateCandidate> CaseService::VisibleCandidates(const accounts::User& user,
                                                                      const cases::Case& c) const {
  std::vector<cases::DuplicateCandidate> out;
  for (const auto& d : c.duplicate_candidates) {
    for (const auto& g : user.roles) {
      if (accounts::IsUnitRole(g.role)) continue;
      if (g.scope == d.district_code || g.scope == d.street_code || g.scope == d.community_code ||
          g.scope == d.grid_code) {
        out.push_back(d);
        break;
      }
    }
  }
  return out;
}

std::vector<Role> CaseService::RolesOver(const accounts::User& user, const cases::Case& c) const {
  std::vector<Role> out;
  for (const auto& g : user.roles) {
    bool covers = accounts::IsUnitRole(g.role) ? (!c.current_unit.empty() && g.scope == c.current_unit)
                                             : CoversArea(g.scope, c);
    if (covers) out.push_back(g.role);
  }
  return out;
}

bool CaseService::Visible(const accounts::User& user, const cases::Case& c) const {
  return !RolesOver(user, c).empty() || !PartyRoles(user, c).empty();
}

std::vector<std::string_view> CaseService::ActionsFor(const accounts::User& user,
                                                      const cases::Case& c) const {
  auto roles = RolesOver(user, c);
  std::vector<std::string_view> out;
  bool may_merge = !cases::IsTerminal(c.state) && MergeRole(user, c).has_value();
  if (c.merged_into != 0) {  // a follower: only undoing the merge
    if (may_merge) out.push_back(cases::kUnmergeAction);
    return out;
  }
  for (auto action : cases::AllowedActions(c.kind, c.state)) {
    auto rule = cases::FindRule(c.kind, c.state, action);
    if (!rule) continue;
    for (Role r : (*rule)->roles) {
      if (std::find(roles.begin(), roles.end(), r) != roles.end()) {
        out.push_back(action);
        break;
      }
    }
  }
  if (!cases::IsTerminal(c.state)) {
    // As an assisting or called unit.
    auto open = cases::OpenAssists(c.assists);
    for (const auto& [role, unit] : PartyRoles(user, c)) {
      if (std::find(open.begin(), open.end(), unit) != open.end()) out.push_back(cases::kAssistReportAction);
      for (const auto& call : c.calls) {
        for (const auto& u : call.units) {
          if (call.closed_at || u.unit != unit) continue;
          if (!u.checked_in_at) out.push_back(cases::kCheckInAction);
          if (u.checked_in_at && !u.reported_at) out.push_back(cases::kWhistleReportAction);
        }
      }
    }
    bool street = false;
    for (Role r : {Role::kUnitStaff, Role::kUnitLeader, Role::kLeader, Role::kShiftLead}) {
      street = street || std::find(roles.begin(), roles.end(), r) != roles.end();
    }
    if (street && (c.state == cases::State::kHandling || c.state == cases::State::kHung)) {
      out.push_back(cases::kWhistleAction);
    }
    if (street && std::any_of(c.calls.begin(), c.calls.end(), [](const auto& call) { return !call.closed_at; })) {
      out.push_back(cases::kCloseWhistleAction);
    }
  }
  if (may_merge) out.push_back(cases::kMergeAction);
  if (!cases::IsTerminal(c.state)) {
    for (Role r : {Role::kLeader, Role::kShiftLead, Role::kDispatcher}) {
      if (std::find(roles.begin(), roles.end(), r) != roles.end()) {
        out.push_back(cases::kRemindAction);
        break;
      }
    }
  }
  return out;
}

core::Result<store::CreatedCase> CaseService::Intake(const accounts::User& user,
                                                     const IntakeRequest& req) {
  auto category_kind = req.kind == cases::Kind::kComponentFault ? cases::CategoryKind::kComponent
                                                                : cases::CategoryKind::kMatter;
  if (cases::FindCategory(category_kind, req.category_code) == nullptr) {
    return core::InvalidArgument("is not a " + std::string(cases::CategoryKindName(category_kind)) +
                                     " code of GB/T 47678.5 (see /api/v1/categories)",
                                 "category_code");
  }
  auto located = areas_.Locate(req.location, req.crs);
  if (!located) {
    if (located.error().code == core::ErrorCode::kNotFound) {
      return core::Error{core::ErrorCode::kOutOfRange, "the location lies outside the district",
                         "location", {}};
    }
    return std::move(located).error();
  }
  const auto& chain = located->chain;
  cases::Case c;
  c.kind = req.kind;
  c.category_kind = category_kind;
  c.category_code = req.category_code;
  c.source = req.source;
  c.urgency = req.urgency;
  c.description = req.description;
  c.address = req.address;
  c.lon = located->wgs84.lon;
  c.lat = located->wgs84.lat;
  c.district_code = chain[0] ? chain[0]->code : "";
  c.street_code = chain[1] ? chain[1]->code : "";
  c.community_code = chain[2] ? chain[2]->code : "";
  c.grid_code = chain[3] ? chain[3]->code : "";
  c.grid_version = chain[3] ? chain[3]->version : 0;
  c.reporter_name = req.reporter_name;
  c.reporter_phone = req.reporter_phone;
  // The reporter must hold an intake role over the place.
  std::optional<Role> as;
  for (const auto& g : user.roles) {
    if (std::find(std::begin(kIntakeRoles), std::end(kIntakeRoles), g.role) != std::end(kIntakeRoles) &&
        CoversArea(g.scope, c)) {
      as = g.role;
      break;
    }
  }
  if (!as) {
    return core::PermissionDenied("you may not report cases at this place: it lies outside your areas");
  }
  auto now = clock_.Now();
  OG_RETURN_IF_ERROR(deadlines_.Start(c, now));
  store::NewCase w;
  w.duplicates = DuplicateQuery(c, now);
  w.fields = std::move(c);
  w.district_code = w.fields.district_code;
  w.report.actor_id = user.id;
  w.report.actor_name = user.display_name;
  w.report.role = std::string(accounts::RoleName(*as));
  w.report.unit = user.unit_code;
  w.report.at = now;
  if (req.idempotency_key) {
    w.idempotency = store::IdempotencyKey{user.id, *req.idempotency_key, req.request_hash};
  }
  return store_.cases().Create(w);
}

core::Result<cases::Case> CaseService::Act(const accounts::User& user, std::int64_t id,
                                           const ActionRequest& req) {
  OG_RETURN_IF_ERROR(OnlyItsFields(req));
  if (req.action == cases::kRemindAction) return Remind(user, id, req);
  if (req.action == cases::kMergeAction) return Merge(user, id, req);
  if (req.action == cases::kUnmergeAction) return Unmerge(user, id, req);
  if (cases::IsCoordinationAction(req.action) && req.action != cases::kCheckInOverdueAction) {
    return Coordinate(user, id, req);
  }
  if (!cases::KnownAction(req.action)) {
    return core::NotFound("\"" + req.action + "\" is not an action", "action");
  }
  // A unit an action names must exist and be active (read before the write: units change
  // rarely, and the writer thread does not wait on readers).
  bool names_unit = false;
  for (const auto& r : cases::ActionTable()) names_unit = names_unit || (r.action == req.action && r.needs_unit);
  if (names_unit && !req.unit_code.empty()) {
    auto unit = store_.units().Get(req.unit_code);
    if (!unit) {
      if (unit.error().code != core::ErrorCode::kNotFound) return std::move(unit).error();
      return core::InvalidArgument("is not a unit (see /api/v1/units)", "unit_code");
    }
    if (!unit->active) return core::InvalidArgument("is a unit that no longer takes cases", "unit_code");
  }
  OG_RETURN_IF_ERROR(CheckAssistUnits(req));
  auto not_found = core::NotFound("no case " + std::to_string(id));
  auto result = store_.cases().Act(id, [&](const cases::Case& c) -> core::Result<cases::Event> {
    auto roles = RolesOver(user, c);
    if (roles.empty() && !PartyRoles(user, c).empty()) {
      return core::PermissionDenied(req.action + " is for the unit the case is with; yours assists or was called");
    }
    if (roles.empty()) return not_found;
    OG_RETURN_IF_ERROR(CheckVersion(req, c));
    OG_RETURN_IF_ERROR(NotFollowing(c));
    OG_ASSIGN_OR_RETURN(const cases::ActionRule* rule, cases::FindRule(c.kind, c.state, req.action));
    std::optional<Role> as;
    for (Role r : rule->roles) {
      if (std::find(roles.begin(), roles.end(), r) != roles.end()) {
        as = r;
        break;
      }
    }
    if (!as) {
      std::string need;
      for (Role r : rule->roles) need += (need.empty() ? "" : " or ") + std::string(accounts::RoleName(r));
      return core::PermissionDenied(req.action + " needs the role " + need + " over this case");
    }
    if (rule->needs_unit && req.unit_code.empty()) {
      return core::InvalidArgument("names the unit to dispatch to", "unit_code");
    }
    if (!rule->needs_unit && !req.unit_code.empty()) {
      return core::InvalidArgument("is only for dispatch", "unit_code");
    }
    cases::Event e;
    e.action = req.action;
    e.from = c.state;
    e.to = rule->to;
    e.actor_id = user.id;
    e.actor_name = user.display_name;
    e.role = std::string(accounts::RoleName(*as));
    e.unit = user.unit_code;
    e.at = clock_.Now();
    e.note = req.note;
    OG_RETURN_IF_ERROR(CheckFeedback(req, c));
    if (rule->needs_unit) e.payload = {{"unit", req.unit_code}};
    if (!req.assist_units.empty()) e.payload["assist_units"] = req.assist_units;
    if (req.action == "feedback" && !cases::OpenAssists(c.assists).empty()) e.payload["assist_waived"] = req.assist_waived;
    OG_ASSIGN_OR_RETURN(auto clock, deadlines_.After(c, req.action, rule->to, e.at, req.deadline));
    if (clock) e.payload["clock"] = cases::ClockJson(*clock);
    if (req.deadline) e.payload["deadline"] = core::FormatInstant(*req.deadline);
    return e;
  });
  if (result && req.action == "register") return AutoDispatch(*result);
  return result;
}

core::Result<cases::Case> CaseService::AutoDispatch(const cases::Case& registered) {
  auto suggestion = routing_.Suggest(registered);
  if (!suggestion || !suggestion->auto_dispatch || suggestion->lead_unit.empty()) return registered;
  auto unit = store_.units().Get(suggestion->lead_unit);
  if (!unit || !unit->active) {
    spdlog::warn("case {}: routing rule {} names unit {}, which does not take cases; left for the dispatcher",
                 registered.number, suggestion->rule, suggestion->lead_unit);
    return registered;
  }
  // The rule's assisting units that still take cases (one that stopped is left out, and logged).
  std::vector<std::string> assists;
  for (const auto& code : suggestion->assist_units) {
    auto assist = store_.units().Get(code);
    if (assist && assist->active) {
      assists.push_back(code);
    } else {
      spdlog::warn("case {}: routing rule {} names assisting unit {}, which does not take cases; left out",
                   registered.number, suggestion->rule, code);
    }
  }
  auto dispatched = store_.cases().Act(registered.id, [&](const cases::Case& c) -> core::Result<cases::Event> {
    if (c.version != registered.version) return core::Aborted("the case changed before it was dispatched");
    OG_ASSIGN_OR_RETURN(const cases::ActionRule* rule, cases::FindRule(c.kind, c.state, "dispatch"));
    cases::Event e;
    e.action = "dispatch";
    e.from = c.state;
    e.to = rule->to;
    e.actor_id = 0;
    e.actor_name = std::string(cases::kSystemActor);
    e.role = "system";
    e.at = clock_.Now();
    e.note = "自动派遣: routing rule " + suggestion->rule + " (version " + std::to_string(suggestion->version) + ")";
    e.payload = {{"unit", suggestion->lead_unit}, {"rule", suggestion->rule}, {"rule_version", suggestion->version}};
    if (!assists.empty()) e.payload["assist_units"] = assists;
    OG_ASSIGN_OR_RETURN(auto clock, deadlines_.After(c, "dispatch", rule->to, e.at, std::nullopt));
    if (clock) e.payload["clock"] = cases::ClockJson(*clock);
    return e;
  });
  if (!dispatched) {
    spdlog::warn("case {}: automatic dispatch to {} failed ({}); left for the dispatcher", registered.number,
                 suggestion->lead_unit, dispatched.error().message);
    return registered;
  }
  return dispatched;
}

cases::Event CaseService::SameStateEvent(const accounts::User& user, Role as, const cases::Case& c,
                                         std::string_view action, const std::string& note) const {
  cases::Event e;
  e.action = std::string(action);
  e.from = c.state;
  e.to = c.state;
  e.actor_id = user.id;
  e.actor_name = user.display_name;
  e.role = std::string(accounts::RoleName(as));
  e.unit = user.unit_code;
  e.at = clock_.Now();
  e.note = note;
  return e;
}

core::Result<cases::Case> CaseService::Remind(const accounts::User& user, std::int64_t id,
                                              const ActionRequest& req) {
  return store_.cases().Act(id, [&](const cases::Case& c) -> core::Result<cases::Event> {
    auto roles = RolesOver(user, c);
    if (roles.empty()) return core::NotFound("no case " + std::to_string(id));
    OG_RETURN_IF_ERROR(CheckVersion(req, c));
    std::optional<Role> as;
    for (Role r : {Role::kLeader, Role::kShiftLead, Role::kDispatcher}) {
      if (std::find(roles.begin(), roles.end(), r) != roles.end()) {
        as = r;
        break;
      }
    }
    if (!as) return core::PermissionDenied("remind needs the role leader, shift_lead or dispatcher over this case");
    OG_RETURN_IF_ERROR(NotFollowing(c));
    if (cases::IsTerminal(c.state)) {
      return core::FailedPrecondition("the case is " + std::string(cases::StateName(c.state)) + "; there is no one to remind");
    }
    OG_ASSIGN_OR_RETURN(auto to, deadlines_.Recipients(c, cases::kRemindAction));
    cases::Event e = SameStateEvent(user, *as, c, cases::kRemindAction, req.note);
    e.payload = {{"notify", to}};
    return e;
  });
}

core::Result<std::pair<cases::Case, AttachedFile>> CaseService::Attach(const accounts::User& user,
                                                                       std::int64_t id,
                                                                       AttachmentRequest req) {
  OG_ASSIGN_OR_RETURN(cases::Case current, Get(user, id));  // 404 outside the caller's scope
  if (cases::IsTerminal(current.state)) {
    return core::FailedPrecondition("the case is " + std::string(cases::StateName(current.state)) +
                                    "; nothing more can be attached");
  }
  auto type = media::DetectImageType(req.bytes);
  if (!type) {
    return core::InvalidArgument("is not a JPEG, PNG or WebP image (judged by its content, not its name)",
                                 "file");
  }
  AttachedFile file;
  file.content_type = std::string(media::ContentType(*type));
  if (!keep_gps_) {
    OG_ASSIGN_OR_RETURN(file.gps_removed, media::StripGps(req.bytes, *type));
  }
  // XMP and text chunks go whatever attachments.keep_gps says: they repeat the location and
  // name the author, and no step of the case loop reads them.
  OG_ASSIGN_OR_RETURN(file.metadata_removed, media::DropTextMetadata(req.bytes, *type));
  file.size = req.bytes.size();
  OG_ASSIGN_OR_RETURN(file.sha256, store_.media().Put(req.bytes));  // durable before the event
  auto updated = store_.cases().Act(id, [&](const cases::Case& c) -> core::Result<cases::Event> {
    auto roles = RolesOver(user, c);
    if (roles.empty()) return core::NotFound("no case " + std::to_string(id));
    if (cases::IsTerminal(c.state)) return core::FailedPrecondition("the case is finished");
    cases::Event e = SameStateEvent(user, roles.front(), c, cases::kAttachAction, req.note);
    e.attachments = {file.sha256};
    e.payload = {{"files", {{{"sha256", file.sha256},
                             {"content_type", file.content_type},
                             {"size", file.size},
                             {"name", req.filename},
                             {"gps_removed", file.gps_removed},
                             {"metadata_removed", file.metadata_removed}}}}};
    return e;
  });
  if (!updated) return std::move(updated).error();
  return std::pair{std::move(*updated), file};
}

core::Result<cases::Case> CaseService::Get(const accounts::User& user, std::int64_t id) {
  auto c = store_.cases().Get(id);
  if (!c) return std::move(c).error();
  if (!Visible(user, *c)) return core::NotFound("no case " + std::to_string(id));
  return c;
}

core::Result<void> CaseService::MayFetchMedia(const accounts::User& user, const std::string& sha256) {
  bool hex = sha256.size() == 64 && std::all_of(sha256.begin(), sha256.end(), [](char ch) {
               return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
             });
  if (!hex) return core::InvalidArgument("must be a sha256 in lowercase hex", "sha256");
  OG_ASSIGN_OR_RETURN(auto holders, store_.cases().HoldingMedia(sha256, kMediaHolders));
  for (std::int64_t id : holders) {
    auto c = store_.cases().Get(id);
    if (!c) {
      if (c.error().code == core::ErrorCode::kNotFound) continue;
      return std::move(c).error();
    }
    if (Visible(user, *c)) return core::Ok();
  }
  // A file nobody may see and a file that does not exist answer alike.
  return core::NotFound("no file " + sha256);
}

core::Result<std::vector<cases::Event>> CaseService::History(const accounts::User& user,
                                                             std::int64_t id) {
  OG_RETURN_IF_ERROR(Get(user, id));
  return store_.cases().Events(id);
}

core::Result<std::vector<cases::Case>> CaseService::List(const accounts::User& user,
                                                         store::CaseFilter filter) {
  filter.everything = false;
  filter.areas.clear();
  filter.units.clear();
  for (const auto& g : user.roles) {
    (accounts::IsUnitRole(g.role) ? filter.units : filter.areas).push_back(g.scope);
  }
  return store_.cases().List(filter);
}

core::Result<CaseService::FeedView> CaseService::Feed(const accounts::User& user, std::int64_t after, int limit) {
  if (after < 0) return core::InvalidArgument("must be a feed number, 0 or more", "after");
  FeedView view;
  view.next = after;
  int scanned = 0;
  for (;;) {
    const int page_size = std::min(500, kFeedScan - scanned);
    OG_ASSIGN_OR_RETURN(auto page, store_.feed().After(view.next, page_size));
    view.head = std::max(view.head, page.head);
    for (auto& item : page.items) {
      view.next = item.id;
      ++scanned;
      if (Visible(user, item.now)) view.items.push_back(std::move(item));
      if (static_cast<int>(view.items.size()) == limit) return view;
    }
    if (static_cast<int>(page.items.size()) < page_size || scanned >= kFeedScan) return view;
  }
}

}  // namespace onegrid::service
