// The working calendar (GET /api/v1/calendar, /calendar/working-time, /calendar/add; POST
// /calendar/years by admins), SLA policies (GET /api/v1/sla-policies, /sla-policies/versions;
// PUT /sla-policies, PUT and DELETE /sla-policies/policies/{name} by admins) and each user's
// inbox of notices (GET /api/v1/inbox, POST /api/v1/inbox/read).
#include <charconv>
#include <cmath>

#include <nlohmann/json.hpp>

#include "api/errors.hpp"
#include "api/json_body.hpp"
#include "api/routes.hpp"
#include "core/time_format.hpp"

namespace onegrid::api {
namespace {

// POST /api/v1/inbox/read marks at most this many notices at once (documented in openapi.json).
constexpr std::size_t kMaxNoticesMarked = 1000;

using nlohmann::json;

core::Result<core::Instant> InstantParam(const net::Request& req, const std::string& name) {
  auto v = req.Query(name);
  if (!v || v->empty()) return core::InvalidArgument("is required (RFC 3339, e.g. 2026-11-30T09:00:00+08:00)", name);
  return core::ParseInstant(*v, name);
}

core::Result<double> NumberParam(const std::string& text, const std::string& name) {
  double v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(v) || v < 0 || v > 100000) {
    return core::InvalidArgument("must be a number of hours or days from 0 to 100000", name);
  }
  return v;
}

json Hours(core::Duration d) { return std::round(std::chrono::duration<double, std::ratio<3600>>(d).count() * 1e6) / 1e6; }

json PolicySetView(const sla::PolicySet& s, const store::RuleVersion* meta) {
  json j = sla::PolicySetJson(s);
  j["version"] = s.version;
  if (meta) {
    j["created_at"] = core::FormatInstant(meta->created_at);
    j["created_by"] = meta->created_by;
    j["note"] = meta->note;
  }
  return j;
}

json CurrentSet(const service::SlaService& sla, int version) {
  auto set = sla.Version(version);
  auto versions = sla.Versions();
  const store::RuleVersion* meta = nullptr;
  for (const auto& v : versions) {
    if (v.version == version) meta = &v;
  }
  return PolicySetView(*set, meta);
}

}  // namespace

void AddDeadlineRoutes(Router& router, ApiDeps& deps) {
  router.Add({"GET", "/api/v1/calendar", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                OG_RETURN_IF_ERROR(OnlyParams(ctx.request, {}));
                auto cal = deps.calendar.calendar();
                const auto& def = cal->definition();
                json seasons = json::array();
                for (const auto& s : def.seasons) {
                  char from[8], to[8];
                  std::snprintf(from, sizeof from, "%02d-%02d", s.from_month % 100, s.from_day % 100);
                  std::snprintf(to, sizeof to, "%02d-%02d", s.to_month % 100, s.to_day % 100);
                  seasons.push_back({{"name", s.name}, {"from", from}, {"to", to},
                                     {"hours", calendar::FormatSchedule(s.schedule)}});
                }
                return JsonResponse(200, {{"time_zone", "Asia/Shanghai"},
                                          {"hours", calendar::FormatSchedule(def.schedule)},
                                          {"seasons", seasons},
                                          {"working_day_hours", cal->working_day().count() / 60.0},
                                          {"known_years", def.known_years}});
              }});
  router.Add({"GET", "/api/v1/calendar/working-time", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                OG_RETURN_IF_ERROR(OnlyParams(ctx.request, {"from", "to"}));
                OG_ASSIGN_OR_RETURN(auto from, InstantParam(ctx.request, "from"));
                OG_ASSIGN_OR_RETURN(auto to, InstantParam(ctx.request, "to"));
                if (to < from) return core::InvalidArgument("must not be before from", "to");
                auto r = deps.calendar.calendar()->Between(from, to);
                if (!r) return core::Error{r.error().code, r.error().message, "from", {}};
                return JsonResponse(200, {{"from", core::FormatInstant(from)},
                                          {"to", core::FormatInstant(to)},
                                          {"working_hours", Hours(r->duration)},
                                          {"working_seconds", std::chrono::duration_cast<std::chrono::seconds>(r->duration).count()},
                                          {"calendar_unknown", r->calendar_unknown}});
              }});
  router.Add({"GET", "/api/v1/calendar/add", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                OG_RETURN_IF_ERROR(OnlyParams(ctx.request, {"from", "hours", "days"}));
                OG_ASSIGN_OR_RETURN(auto from, InstantParam(ctx.request, "from"));
                auto hours = ctx.request.Query("hours");
                auto days = ctx.request.Query("days");
                if (hours.has_value() == days.has_value()) {
                  return core::InvalidArgument("give either hours or days of working time", hours ? "days" : "hours");
                }
                auto cal = deps.calendar.calendar();
                core::Result<calendar::Computed> r = core::Internal("unset");
                json asked;
                if (hours) {
                  OG_ASSIGN_OR_RETURN(double h, NumberParam(*hours, "hours"));
                  r = cal->Add(from, std::chrono::duration_cast<core::Duration>(std::chrono::duration<double, std::ratio<3600>>(h)));
                  asked = {"hours", h};
                } else {
                  OG_ASSIGN_OR_RETURN(double d, NumberParam(*days, "days"));
                  r = cal->AddDays(from, d);
                  asked = {"days", d};
                }
                if (!r) return core::Error{r.error().code, r.error().message, "from", {}};
                json out = {{"from", core::FormatInstant(from)},
                            {"at", core::FormatInstant(r->at)},
                            {"working_hours", Hours(r->duration)},
                            {"calendar_unknown", r->calendar_unknown}};
                out[asked[0].get<std::string>()] = asked[1];
                return JsonResponse(200, out);
              }});
  router.Add({"POST", "/api/v1/calendar/years", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                OG_RETURN_IF_ERROR(RequireDistrictAdmin(ctx, deps));
                OG_RETURN_IF_ERROR(OnlyParams(ctx.request, {"kind"}));
                auto kind = ctx.request.Query("kind").value_or("statutory");
                if (kind != "statutory" && kind != "local") return core::InvalidArgument("must be statutory or local", "kind");
                OG_RETURN_IF_ERROR(JsonBody::CheckContentType(ctx.request));
                OG_ASSIGN_OR_RETURN(auto r, deps.calendar.Import(ctx.request.body, kind == "local",
                                                                 ctx.principal->user.username));
                return JsonResponse(r.replaced ? 200 : 201, {{"year", r.year},
                                                             {"kind", kind},
                                                             {"days", r.days},
                                                             {"replaced", r.replaced},
                                                             {"cases_retimed", r.cases_retimed}});
              }});
  router.Add({"GET", "/api/v1/sla-policies", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                OG_RETURN_IF_ERROR(OnlyParams(ctx.request, {"version"}));
                OG_ASSIGN_OR_RETURN(int version, VersionParam(ctx.request, [&](int v) { return deps.sla.Version(v) != nullptr; },
                                                              "SLA policy"));
                if (version == 0) version = deps.sla.Current()->version;
                return JsonResponse(200, CurrentSet(deps.sla, version));
              }});
  router.Add({"GET", "/api/v1/sla-policies/versions", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                OG_RETURN_IF_ERROR(OnlyParams(ctx.request, {}));
return JsonResponse(200, VersionsJson(deps.sla.Versions()));
              }});
  router.Add({"PUT", "/api/v1/sla-policies", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                OG_RETURN_IF_ERROR(RequireDistrictAdmin(ctx, deps));
                OG_ASSIGN_OR_RETURN(int version, ReplaceRuleSet(ctx, [&](const json& set, const std::string& note) -> core::Result<int> {
                  OG_ASSIGN_OR_RETURN(auto stored, deps.sla.Replace(set, ctx.principal->user.id, note));
                  return stored->version;
                }));
                return JsonResponse(200, CurrentSet(deps.sla, version));
              }});
  router.Add({"PUT", "/api/v1/sla-policies/policies/{name}", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                OG_RETURN_IF_ERROR(RequireDistrictAdmin(ctx, deps));
                OG_ASSIGN_OR_RETURN(json policy, JsonBody::ParseDocument(ctx.request));
                const auto& name = ctx.params.at("name");
                if (policy.contains("name") && policy["name"] != name) {
                  return core::InvalidArgument("must be the name in the path, or left out", "name");
                }
                policy["name"] = name;
                OG_ASSIGN_OR_RETURN(auto set, deps.sla.PutPolicy(policy, ctx.principal->user.id));
                return JsonResponse(200, CurrentSet(deps.sla, set->version));
              }});
  router.Add({"DELETE", "/api/v1/sla-policies/policies/{name}", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                OG_RETURN_IF_ERROR(RequireDistrictAdmin(ctx, deps));
                OG_ASSIGN_OR_RETURN(auto set, deps.sla.DeletePolicy(ctx.params.at("name"), ctx.principal->user.id));
                return JsonResponse(200, CurrentSet(deps.sla, set->version));
              }});
  router.Add({"GET", "/api/v1/inbox", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                OG_RETURN_IF_ERROR(OnlyParams(ctx.request, {"unread", "cursor", "limit"}));
                bool unread = false;
                if (auto u = ctx.request.Query("unread")) {
                  if (*u != "true" && *u != "false") return core::InvalidArgument("must be true or false", "unread");
                  unread = *u == "true";
                }
                std::int64_t before = 0;
                if (auto c = ctx.request.Query("cursor")) {
                  auto [ptr, ec] = std::from_chars(c->data(), c->data() + c->size(), before);
                  if (ec != std::errc() || ptr != c->data() + c->size() || before < 1) {
                    return core::InvalidArgument("is not a cursor from this list", "cursor");
                  }
                }
                OG_ASSIGN_OR_RETURN(int limit, ParseLimit(ctx.request));
                const auto& user = ctx.principal->user;
                OG_ASSIGN_OR_RETURN(auto list, deps.store.inbox().List(user.id, unread, before, limit + 1));
                OG_ASSIGN_OR_RETURN(auto count, deps.store.inbox().CountUnread(user.id));
                json items = json::array();
                for (std::size_t i = 0; i < list.size() && i < static_cast<std::size_t>(limit); ++i) {
                  const auto& n = list[i];
                  json item = {{"id", n.id}, {"case_id", n.case_id}, {"seq", n.seq}, {"kind", n.kind},
                               {"created_at", core::FormatInstant(n.created_at)},
                               {"read_at", n.read_at ? json(core::FormatInstant(*n.read_at)) : json(nullptr)}};
                  // The case as the reader may see it now: a notice outlives a change of scope.
                  if (auto c = deps.cases.Get(user, n.case_id)) {
                    item["case"] = {{"number", c->number}, {"state", cases::StateName(c->state)},
                                    {"description", c->description}};
                  } else {
                    item["case"] = nullptr;
                  }
                  items.push_back(std::move(item));
                }
                json next = list.size() > static_cast<std::size_t>(limit) ? json(std::to_string(list[static_cast<std::size_t>(limit) - 1].id)) : json(nullptr);
                return JsonResponse(200, {{"items", items}, {"unread", count}, {"next_cursor", next}});
              }});
  router.Add({"POST", "/api/v1/inbox/read", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                OG_ASSIGN_OR_RETURN(auto body, JsonBody::Parse(ctx.request));
                auto ids = body.RequiredIdList("ids", kMaxNoticesMarked, "notice");
                OG_RETURN_IF_ERROR(body.Finish());
                OG_ASSIGN_OR_RETURN(auto n, deps.store.inbox().MarkRead(ctx.principal->user.id, *ids, deps.clock.Now()));
                return JsonResponse(200, {{"marked", n}});
              }});
}

}  // namespace onegrid::api
