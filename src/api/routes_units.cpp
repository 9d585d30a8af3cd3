// GET /api/v1/units, GET /api/v1/units/{code}; POST /api/v1/units, PUT /api/v1/units/{code} and
// PUT /api/v1/units/{code}/members by administrators, inside what their grants manage
// (service/admin_scope.hpp).
#include <nlohmann/json.hpp>

#include <limits>

#include "api/errors.hpp"
#include "api/json_body.hpp"
#include "api/routes.hpp"
#include "core/json_parse.hpp"
#include "core/time_format.hpp"

namespace onegrid::api {
namespace {

// PUT /api/v1/units/{code}/members: a unit's whole staff, at most this many (openapi.json).
constexpr std::size_t kMaxMembers = 10000;

using nlohmann::json;

json UnitJson(const accounts::Unit& u) {
  return {{"code", u.code},
          {"name", u.name},
          {"kind", accounts::UnitKindName(u.kind)},
          {"parent_code", u.parent_code.empty() ? json(nullptr) : json(u.parent_code)},
          {"area_code", u.area_code.empty() ? json(nullptr) : json(u.area_code)},
          {"contact", u.contact},
          {"leader_id", u.leader_id ? json(*u.leader_id) : json(nullptr)},
          {"active", u.active},
          {"created_at", core::FormatInstant(u.created_at)},
          {"updated_at", core::FormatInstant(u.updated_at)}};
}

json MembersJson(const std::vector<accounts::User>& users) {
  json out = json::array();
  for (const auto& u : users) out.push_back({{"id", u.id}, {"username", u.username}, {"display_name", u.display_name}});
  return out;
}

// The fields of a unit from a request body; `code` from the path when updating.
core::Result<accounts::Unit> ParseUnit(const net::Request& req, const std::string* path_code) {
  OG_ASSIGN_OR_RETURN(auto body, JsonBody::Parse(req));
  accounts::Unit u;
  std::optional<std::string> code;
  if (path_code == nullptr) code = body.RequiredString("code", 64);
  auto name = body.RequiredString("name", 400);
  auto kind = body.RequiredString("kind", 32);
  u.parent_code = body.OptionalString("parent_code", 64).value_or("");
  u.area_code = body.OptionalString("area_code", 64).value_or("");
  u.contact = body.OptionalString("contact", 400).value_or("");
  u.leader_id = body.OptionalInteger("leader_id");
  u.active = body.OptionalBool("active").value_or(true);
  if (kind && !accounts::ParseUnitKind(*kind)) body.AddProblem("kind", "must be department, street_office or contractor");
  OG_RETURN_IF_ERROR(body.Finish());
  u.code = path_code ? *path_code : *code;
  u.name = *name;
  u.kind = *accounts::ParseUnitKind(*kind);
  return u;
}

}  // namespace

void AddUnitRoutes(Router& router, ApiDeps& deps) {
  router.Add({"GET", "/api/v1/units", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                OG_RETURN_IF_ERROR(OnlyParams(ctx.request, {"limit", "cursor"}));
                OG_ASSIGN_OR_RETURN(int limit, ParseLimit(ctx.request));
                auto after = ctx.request.Query("cursor").value_or("");
                OG_ASSIGN_OR_RETURN(auto units, deps.units.List(after, limit + 1));
                json items = json::array();
                for (std::size_t i = 0; i < units.size() && i < static_cast<std::size_t>(limit); ++i) {
                  items.push_back(UnitJson(units[i]));
                }
                json next = units.size() > static_cast<std::size_t>(limit)
                                ? json(units[static_cast<std::size_t>(limit) - 1].code)
                                : json(nullptr);
                return JsonResponse(200, {{"items", items}, {"next_cursor", next}});
              }});
  router.Add({"GET", "/api/v1/units/{code}", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                OG_RETURN_IF_ERROR(OnlyParams(ctx.request, {}));
                OG_ASSIGN_OR_RETURN(auto unit, deps.units.Get(ctx.params.at("code")));
                OG_ASSIGN_OR_RETURN(auto members, deps.units.Members(unit.code));
                json j = UnitJson(unit);
                j["members"] = MembersJson(members);
                return JsonResponse(200, j);
              }});
  router.Add({"POST", "/api/v1/units", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                OG_ASSIGN_OR_RETURN(auto scope, AdminOf(ctx, deps));
                OG_ASSIGN_OR_RETURN(auto unit, ParseUnit(ctx.request, nullptr));
                OG_ASSIGN_OR_RETURN(auto created, deps.units.Create(scope, std::move(unit)));
                auto r = JsonResponse(201, UnitJson(created));
                r.headers.emplace_back("Location", "/api/v1/units/" + created.code);
                return r;
              }});
  router.Add({"PUT", "/api/v1/units/{code}", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                OG_ASSIGN_OR_RETURN(auto scope, AdminOf(ctx, deps));
                const auto& code = ctx.params.at("code");
                OG_ASSIGN_OR_RETURN(auto unit, ParseUnit(ctx.request, &code));
                OG_ASSIGN_OR_RETURN(auto updated, deps.units.Update(scope, std::move(unit)));
                return JsonResponse(200, UnitJson(updated));
              }});
  router.Add({"PUT", "/api/v1/units/{code}/members", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                OG_ASSIGN_OR_RETURN(auto scope, AdminOf(ctx, deps));
                OG_ASSIGN_OR_RETURN(auto body, JsonBody::Parse(ctx.request));
                const auto* ids = body.RequiredArray("user_ids", kMaxMembers);
                std::vector<std::int64_t> list;
                for (std::size_t i = 0; ids != nullptr && i < ids->size(); ++i) {
                  auto id = core::IntegerIn((*ids)[i], 1, std::numeric_limits<std::int64_t>::max());
                  if (!id) {
                    body.AddProblem("user_ids[" + std::to_string(i) + "]", "must be a user id");
                    break;
                  }
                  list.push_back(*id);
                }
                OG_RETURN_IF_ERROR(body.Finish());
                OG_ASSIGN_OR_RETURN(auto members, deps.units.SetMembers(scope, ctx.params.at("code"), list));
                return JsonResponse(200, {{"code", ctx.params.at("code")}, {"members", MembersJson(members)}});
              }});
}

}  // namespace onegrid::api
