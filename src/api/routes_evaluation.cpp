// Evaluation (issue #8): GET /api/v1/evaluation/indicators?period=&scope=[&traces=false],
// /evaluation/rankings?period=&scheme=, /evaluation/schemes[?version=], /evaluation/schemes/versions,
// PUT /evaluation/schemes (admins), the reports GET /api/v1/reports/daily?date=, weekly?week=,
// monthly?month= (each with scope= and format=json|xlsx), and the command center's figures
// GET /api/v1/dashboard. Who may see what: service/evaluation_service.hpp.
#include <nlohmann/json.hpp>

#include "api/errors.hpp"
#include "api/routes.hpp"
#include "core/time_format.hpp"
#include "service/report_xlsx.hpp"

namespace onegrid::api {
namespace {

using nlohmann::json;

json Traces(const std::vector<evaluation::Traced>& facts) {
  json out = json::array();
  for (const auto& f : facts) out.push_back({{"case_id", f.case_id}, {"number", f.number}, {"at", core::FormatInstant(f.at)}});
  return out;
}

json IndicatorJson(const evaluation::Indicator& i, bool traces) {
  json j = {{"code", i.code},
            {"label", i.label_zh},
            {"numerator", i.numerator},
            {"numerator_label", i.numerator_label},
            {"denominator", i.denominator},
            {"denominator_label", i.denominator_label},
            {"value", i.value ? json(*i.value) : json(nullptr)}};
  if (traces) {
    j["numerator_cases"] = Traces(i.numerator_facts);
    j["denominator_cases"] = Traces(i.denominator_facts);
  }
  return j;
}

json PeriodJson(const evaluation::Period& p) {
  return {{"label", p.label}, {"kind", evaluation::PeriodKindName(p.kind)},
          {"from", core::FormatInstant(p.from)}, {"to", core::FormatInstant(p.to)}};
}

json ScopeJson(const service::EvaluationScope& s) {
  static const char* kKinds[] = {"district", "area", "unit", "worker", "role"};
  return {{"kind", kKinds[static_cast<int>(s.kind)]}, {"code", s.code}, {"name", s.name}};
}

json Counts(const std::vector<service::NamedCount>& rows) {
  json out = json::array();
  for (const auto& r : rows) out.push_back({{"code", r.code}, {"name", r.name}, {"count", r.n}});
  return out;
}

json ScoreJson(const evaluation::Score& s) {
  json terms = json::array();
  for (const auto& t : s.terms) {
    terms.push_back({{"code", t.code}, {"weight", t.weight},
                     {"value", t.value ? json(*t.value) : json(nullptr)},
                     {"score", t.score ? json(*t.score) : json(nullptr)}});
  }
  return {{"total", s.total ? json(*s.total) : json(nullptr)}, {"grade", s.grade.empty() ? json(nullptr) : json(s.grade)},
          {"terms", terms}};
}

template <typename T>
json Opt(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

json SchemesView(service::EvaluationService& e) {
  auto set = e.Schemes();
  json j = evaluation::SchemeSetJson(*set);
  j["version"] = set->version;
  return j;
}

core::Result<evaluation::Period> PeriodParam(const net::Request& req, const char* name) {
  auto p = req.Query(name);
  if (!p) return core::InvalidArgument("is required", name);
  return evaluation::ParsePeriod(*p, name);
}

json ReportJson(const service::Report& r) {
  json rates = json::array();
  for (const auto& i : r.rates) rates.push_back(IndicatorJson(i, false));
  json overdue = json::array();
  for (const auto& o : r.overdue) {
    overdue.push_back({{"case_id", o.case_id}, {"number", o.number}, {"category_code", o.category_code},
                       {"category_name", o.category_name}, {"unit", o.unit}, {"street_code", o.street_code},
                       {"due_at", core::FormatInstant(o.due_at)}, {"hours_over", o.hours_over}});
  }
  return {{"period", PeriodJson(r.period)}, {"scope", ScopeJson(r.scope)}, {"as_of", core::FormatInstant(r.as_of)},
          {"reported", r.reported}, {"by_source", Counts(r.by_source)}, {"top_categories", Counts(r.by_category)},
          {"by_state", Counts(r.by_state)}, {"hot_grids", Counts(r.hot_grids)}, {"rates", rates},
          {"overdue", overdue}};
}

void AddReportRoute(Router& router, ApiDeps& deps, const char* kind, const char* param,
                    evaluation::PeriodKind period_kind) {
  router.Add({"GET", std::string("/api/v1/reports/") + kind, Access::kSignedIn,
              [&deps, param, period_kind](RouteContext& ctx) -> core::Result<net::Response> {
                OG_RETURN_IF_ERROR(OnlyParams(ctx.request, {param, "scope", "format"}));
                OG_ASSIGN_OR_RETURN(auto period, PeriodParam(ctx.request, param));
                if (period.kind != period_kind) {
                  return core::InvalidArgument(std::string("must be a ") +
                                                   (period_kind == evaluation::PeriodKind::kDay ? "day YYYY-MM-DD"
                                                    : period_kind == evaluation::PeriodKind::kWeek ? "week YYYY-Www"
                                                                                                   : "month YYYY-MM"),
                                               param);
                }
                std::string format = ctx.request.Query("format").value_or("json");
                if (format != "json" && format != "xlsx") return core::InvalidArgument("must be json or xlsx", "format");
                OG_ASSIGN_OR_RETURN(auto scope, deps.evaluation.ResolveScope(ctx.principal->user,
                                                                            ctx.request.Query("scope").value_or("district")));
                OG_ASSIGN_OR_RETURN(auto report, deps.evaluation.BuildReport(ctx.principal->user, period, scope));
                if (format == "json") return JsonResponse(200, ReportJson(report));
                OG_ASSIGN_OR_RETURN(auto bytes, service::ReportXlsxBytes(report));
                net::Response res;
                res.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
                res.headers.emplace_back("Content-Disposition", "attachment; filename=\"onegrid-" +
                                                                    std::string(evaluation::PeriodKindName(period.kind)) +
                                                                    "-" + period.label + ".xlsx\"");
                res.body = std::move(bytes);
                return res;
              }});
}

json DashboardJson(const service::Dashboard& d) {
  json streets = json::array();
  for (const auto& s : d.by_street) {
    streets.push_back({{"code", s.code}, {"name", s.name}, {"open", s.open}, {"yellow", s.yellow}, {"red", s.red},
                       {"reported_today", s.reported_today}});
  }
  json trend = json::array();
  for (const auto& t : d.trend) {
    trend.push_back({{"day", t.day}, {"reported", t.reported}, {"closed", t.closed}, {"overdue", t.overdue}});
  }
  json grids = json::array();
  for (const auto& g : d.hot_grids) {
    grids.push_back({{"code", g.code}, {"name", g.name}, {"street_code", g.street_code},
                     {"reported_30d", g.reported}, {"open", g.open}});
  }
  return {{"as_of", core::FormatInstant(d.as_of)}, {"open", d.open}, {"reported_today", d.reported_today},
          {"closed_today", d.closed_today}, {"by_state", Counts(d.by_state)}, {"by_light", Counts(d.by_light)},
          {"by_category", Counts(d.by_category)}, {"by_street", streets}, {"trend", trend}, {"hot_grids", grids}};
}

}  // namespace

void AddEvaluationRoutes(Router& router, ApiDeps& deps) {
  router.Add({"GET", "/api/v1/evaluation/indicators", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                OG_RETURN_IF_ERROR(OnlyParams(ctx.request, {"period", "scope", "traces"}));
                OG_ASSIGN_OR_RETURN(auto period, PeriodParam(ctx.request, "period"));
                std::string traces = ctx.request.Query("traces").value_or("true");
                if (traces != "true" && traces != "false") return core::InvalidArgument("must be true or false", "traces");
                OG_ASSIGN_OR_RETURN(auto scope, deps.evaluation.ResolveScope(ctx.principal->user,
                                                                            ctx.request.Query("scope").value_or("district")));
                OG_ASSIGN_OR_RETURN(auto report, deps.evaluation.Indicators(ctx.principal->user, period, scope,
                                                                           traces == "true"));
                json items = json::array();
                for (const auto& i : report.indicators) items.push_back(IndicatorJson(i, traces == "true"));
                return JsonResponse(200, {{"period", PeriodJson(report.period)}, {"scope", ScopeJson(report.scope)},
                                          {"as_of", core::FormatInstant(report.as_of)}, {"indicators", items}});
              }});
  router.Add({"GET", "/api/v1/evaluation/rankings", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                OG_RETURN_IF_ERROR(OnlyParams(ctx.request, {"period", "scheme"}));
                OG_ASSIGN_OR_RETURN(auto period, PeriodParam(ctx.request, "period"));
                auto code = ctx.request.Query("scheme");
                if (!code) return core::InvalidArgument("is required", "scheme");
                OG_ASSIGN_OR_RETURN(auto ranking, deps.evaluation.Rankings(ctx.principal->user, period, *code));
                auto set = deps.evaluation.Schemes();
                const auto* scheme = set->Find(*code);
                json rows = json::array();
                for (const auto& r : ranking.rows) {
                  rows.push_back({{"rank", Opt(r.rank)}, {"code", r.code}, {"name", r.name},
                                  {"score", ScoreJson(r.score)}, {"previous_rank", Opt(r.previous_rank)},
                                  {"previous_total", Opt(r.previous_total)}, {"change", Opt(r.change)},
                                  {"rank_change", Opt(r.rank_change)}});
                }
                return JsonResponse(200, {{"scheme", {{"code", scheme->code}, {"name", scheme->name},
                                                      {"subject", evaluation::SubjectName(scheme->subject)},
                                                      {"version", set->version}}},
                                          {"period", PeriodJson(period)},
                                          {"previous_period", PeriodJson(evaluation::Previous(period))},
                                          {"rows", rows},
                                          {"commended", ranking.commended},
                                          {"lagging", ranking.lagging}});
              }});
  router.Add({"GET", "/api/v1/evaluation/schemes", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                OG_RETURN_IF_ERROR(OnlyParams(ctx.request, {}));
                return JsonResponse(200, SchemesView(deps.evaluation));
              }});
  router.Add({"GET", "/api/v1/evaluation/schemes/versions", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                OG_RETURN_IF_ERROR(OnlyParams(ctx.request, {}));
                return JsonResponse(200, VersionsJson(deps.evaluation.SchemeVersions()));
              }});
  router.Add({"PUT", "/api/v1/evaluation/schemes", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                OG_RETURN_IF_ERROR(RequireDistrictAdmin(ctx, deps));
                OG_ASSIGN_OR_RETURN(int version, ReplaceRuleSet(ctx, [&](const json& set, const std::string& note) -> core::Result<int> {
                  OG_ASSIGN_OR_RETURN(auto stored, deps.evaluation.ReplaceSchemes(ctx.principal->user, set, note));
                  return stored->version;
                }));
                (void)version;
                return JsonResponse(200, SchemesView(deps.evaluation));
              }});
  AddReportRoute(router, deps, "daily", "date", evaluation::PeriodKind::kDay);
  AddReportRoute(router, deps, "weekly", "week", evaluation::PeriodKind::kWeek);
  AddReportRoute(router, deps, "monthly", "month", evaluation::PeriodKind::kMonth);
  router.Add({"GET", "/api/v1/dashboard", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                OG_RETURN_IF_ERROR(OnlyParams(ctx.request, {}));
                OG_ASSIGN_OR_RETURN(auto d, deps.evaluation.Figures(ctx.principal->user));
                return JsonResponse(200, DashboardJson(d));
              }});
}

}  // namespace onegrid::api
