// Routing rules (issue #6): GET /api/v1/routing/rules[?version=], /routing/rules/versions, PUT
// /routing/rules (admins; the whole set, stored as a new version), and POST /routing/explain: for
// a case (by id) or a case described in the body, the decision and every rule's verdict. A case's
// own view carries the suggestion for whoever may dispatch it (routes_cases.cpp).
#include <charconv>

#include <nlohmann/json.hpp>

#include "api/errors.hpp"
#include "api/json_body.hpp"
#include "api/routes.hpp"
#include "core/time_format.hpp"

namespace onegrid::api {
namespace {

using nlohmann::json;

json RuleSetView(const service::RoutingService& routing, int version) {
  auto set = version == 0 ? routing.Current() : routing.Version(version);
  json j = routing::RuleSetJson(*set);
  j["version"] = set->version;
  for (const auto& v : routing.Versions()) {
    if (v.version == set->version) {
      j["created_at"] = core::FormatInstant(v.created_at);
      j["created_by"] = v.created_by;
      j["note"] = v.note;
    }
  }
  return j;
}

// Who reads rules and asks for explanations: those who dispatch or decide on cases.
core::Result<void> RequireRoutingReader(const RouteContext& ctx) {
  using accounts::Role;
  for (Role r : {Role::kAdmin, Role::kDispatcher, Role::kShiftLead, Role::kLeader}) {
    if (ctx.principal->user.HasRole(r)) return core::Ok();
  }
  return core::PermissionDenied("routing rules are for dispatchers, shift leads, leaders and administrators");
}

// A case as POST /routing/explain describes it: {"case_id"} or the fields routing reads.
core::Result<cases::Case> ExplainedCase(const net::Request& req, ApiDeps& deps, const accounts::User& user) {
  OG_ASSIGN_OR_RETURN(auto body, JsonBody::Parse(req));
  auto id = body.OptionalInteger("case_id");
  auto kind = body.OptionalString("kind", 32);
  auto category = body.OptionalString("category_code", 16);
  auto area = body.OptionalString("area", 64);
  auto urgency = body.OptionalString("urgency", 16);
  auto source = body.OptionalString("source", 32);
  auto at = body.OptionalString("at", 64);
  if (id && (kind || category || area || urgency || source || at)) {
    body.AddProblem("case_id", "give either case_id or the case's fields, not both");
  }
  if (!id && !category) body.AddProblem("category_code", "is required unless case_id is given");
  if (!id && !area) body.AddProblem("area", "is required unless case_id is given (an area code of any level)");
  if (kind && !cases::ParseKind(*kind)) body.AddProblem("kind", "is not a case kind");
  if (urgency && !cases::ParseUrgency(*urgency)) body.AddProblem("urgency", "must be normal or urgent");
  if (source && !cases::ParseSource(*source)) body.AddProblem("source", "is not a source channel");
  OG_RETURN_IF_ERROR(body.Finish());
  if (id) return deps.cases.Get(user, *id);
  cases::Case c;
  c.kind = kind ? *cases::ParseKind(*kind) : cases::Kind::kEvent;
  c.category_kind = c.kind == cases::Kind::kComponentFault ? cases::CategoryKind::kComponent
                                                           : cases::CategoryKind::kMatter;
  c.category_code = *category;
  if (!cases::FindCategory(c.category_kind, c.category_code)) {
    return core::InvalidArgument("is not a " + std::string(cases::CategoryKindName(c.category_kind)) +
                                     " code of GB/T 47678.5",
                                 "category_code");
  }
  auto map = deps.areas.map();
  const areas::Area* a = map->Find(*area);
  if (!a) return core::InvalidArgument("is not an area of the map", "area");
  std::string* chain[] = {&c.district_code, &c.street_code, &c.community_code, &c.grid_code};
  for (; a; a = a->parent_code.empty() ? nullptr : map->Find(a->parent_code)) {
    *chain[static_cast<int>(a->level)] = a->code;
  }
  if (urgency) c.urgency = *cases::ParseUrgency(*urgency);
  if (source) c.source = *cases::ParseSource(*source);
  c.created_at = deps.clock.Now();
  if (at) {
    OG_ASSIGN_OR_RETURN(c.created_at, core::ParseInstant(*at, "at"));
  }
  return c;
}

}  // namespace

json RoutingSuggestionJson(const service::RoutingSuggestion& s) {
  return {{"version", s.version},
          {"rule", s.rule.empty() ? json(nullptr) : json(s.rule)},
          {"fallback", s.fallback},
          {"lead_unit", s.lead_unit.empty() ? json(nullptr) : json(s.lead_unit)},
          {"assist_units", s.assist_units},
          {"auto_dispatch", s.auto_dispatch},
          {"returned_by_lead", s.returned_by_lead}};
}

core::Result<int> VersionParam(const net::Request& req, const std::function<bool(int)>& exists, std::string_view what) {
  auto v = req.Query("version");
  if (!v) return 0;
  int version = 0;
  auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), version);
  if (ec != std::errc() || ptr != v->data() + v->size() || version < 1) {
    return core::InvalidArgument("must be a version number", "version");
  }
  if (!exists(version)) return core::NotFound("no " + std::string(what) + " version " + *v, "version");
  return version;
}

core::Result<int> ReplaceRuleSet(const RouteContext& ctx, const ReplaceSet& replace) {
  OG_ASSIGN_OR_RETURN(auto body, JsonBody::Parse(ctx.request));
  auto note = body.RequiredString("note", 500);
  auto set = body.RequiredObject("set");
  OG_RETURN_IF_ERROR(body.Finish());
  auto version = replace(*set, *note);
  if (!version) {
    auto e = version.error();
    if (e.code == core::ErrorCode::kInvalidArgument) e.field = "set." + e.field;
    return e;
  }
  return *version;
}

json VersionsJson(const std::vector<store::RuleVersion>& versions) {
  json items = json::array();
  for (const auto& v : versions) {
    items.push_back({{"version", v.version}, {"created_at", core::FormatInstant(v.created_at)},
                     {"created_by", v.created_by}, {"note", v.note}});
  }
  return {{"items", items}};
}

void AddRoutingRoutes(Router& router, ApiDeps& deps) {
  router.Add({"GET", "/api/v1/routing/rules", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                OG_RETURN_IF_ERROR(RequireRoutingReader(ctx));
                OG_RETURN_IF_ERROR(OnlyParams(ctx.request, {"version"}));
                OG_ASSIGN_OR_RETURN(int version, VersionParam(ctx.request, [&](int v) { return deps.routing.Version(v) != nullptr; },
                                                              "routing rule"));
                return JsonResponse(200, RuleSetView(deps.routing, version));
              }});
  router.Add({"GET", "/api/v1/routing/rules/versions", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                OG_RETURN_IF_ERROR(RequireRoutingReader(ctx));
                OG_RETURN_IF_ERROR(OnlyParams(ctx.request, {}));
                return JsonResponse(200, VersionsJson(deps.routing.Versions()));
              }});
  router.Add({"PUT", "/api/v1/routing/rules", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                OG_RETURN_IF_ERROR(RequireDistrictAdmin(ctx, deps));
                OG_ASSIGN_OR_RETURN(int version, ReplaceRuleSet(ctx, [&](const json& set, const std::string& note) -> core::Result<int> {
                  OG_ASSIGN_OR_RETURN(auto stored, deps.routing.Replace(set, ctx.principal->user.id, note));
                  return stored->version;
                }));
                return JsonResponse(200, RuleSetView(deps.routing, version));
              }});
  router.Add({"POST", "/api/v1/routing/explain", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                OG_RETURN_IF_ERROR(RequireRoutingReader(ctx));
                OG_ASSIGN_OR_RETURN(auto c, ExplainedCase(ctx.request, deps, ctx.principal->user));
                OG_ASSIGN_OR_RETURN(auto suggestion, deps.routing.Suggest(c));
                OG_ASSIGN_OR_RETURN(auto verdicts, deps.routing.Explain(c));
                json rules = json::array();
                for (const auto& v : verdicts) {
                  rules.push_back({{"name", v.name}, {"weight", v.weight}, {"matches", v.matches},
                                   {"chosen", v.matches && v.name == suggestion.rule},
                                   {"why", v.why.empty() ? json(nullptr) : json(v.why)}});
                }
                json why = suggestion.fallback
                               ? json(suggestion.lead_unit.empty()
                                          ? "no rule matches and no street office serves " + c.street_code
                                          : "no rule matches: the street office of " + c.street_code + " takes it (属地兜底)")
                               : json("rule " + suggestion.rule + " is the most specific match");
                return JsonResponse(200, {{"decision", RoutingSuggestionJson(suggestion)},
                                          {"why", why},
                                          {"local_time_minute", service::RoutingService::LocalMinute(c.created_at)},
                                          {"rules", rules}});
              }});
}

}  // namespace onegrid::api
