// GET /api/v1/users and POST /api/v1/users: account management for administrators, each inside
// what their admin grants manage (service/admin_scope.hpp).
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "api/errors.hpp"
#include "api/json_body.hpp"
#include "api/routes.hpp"

namespace onegrid::api {
namespace {

// POST /api/v1/users: role grants of one account, at most this many (openapi.json).
constexpr std::size_t kMaxRoleGrants = 50;

core::Result<std::int64_t> ParseCursor(const net::Request& req) {
  auto text = req.Query("cursor");
  if (!text) return 0;
  std::int64_t v = 0;
  if (text->empty() || text->size() > 18) return core::InvalidArgument("is not a cursor from this list", "cursor");
  for (char c : *text) {
    if (c < '0' || c > '9') return core::InvalidArgument("is not a cursor from this list", "cursor");
    v = v * 10 + (c - '0');
  }
  return v;
}

core::Result<std::int64_t> UserId(RouteContext& ctx) {
  const auto& text = ctx.params["id"];
  std::int64_t id = 0;
  if (text.empty() || text.size() > 18) return core::InvalidArgument("must be a user id (a whole number)", "id");
  for (char c : text) {
    if (c < '0' || c > '9') return core::InvalidArgument("must be a user id (a whole number)", "id");
    id = id * 10 + (c - '0');
  }
  return id;
}

}  // namespace

void AddUserRoutes(Router& router, ApiDeps& deps) {
  router.Add({"GET", "/api/v1/users", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                OG_ASSIGN_OR_RETURN(auto scope, AdminOf(ctx, deps));
                OG_ASSIGN_OR_RETURN(int limit, ParseLimit(ctx.request));
                OG_ASSIGN_OR_RETURN(std::int64_t after, ParseCursor(ctx.request));
                for (const auto& [k, v] : ctx.request.query) {
                  if (k != "limit" && k != "cursor") {
                    return core::InvalidArgument("is not a known parameter", k);
                  }
                }
                OG_ASSIGN_OR_RETURN(auto users, deps.users.List(scope, after, limit + 1));
                nlohmann::json items = nlohmann::json::array();
                nlohmann::json next = nullptr;
                for (size_t i = 0; i < users.size() && i < static_cast<size_t>(limit); ++i) {
                  items.push_back(UserJson(users[i]));
                }
                if (users.size() > static_cast<size_t>(limit)) next = std::to_string(users[limit - 1].id);
                return JsonResponse(200, {{"items", items}, {"next_cursor", next}});
              }});
  router.Add({"GET", "/api/v1/users/{id}", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                OG_ASSIGN_OR_RETURN(auto scope, AdminOf(ctx, deps));
                OG_ASSIGN_OR_RETURN(std::int64_t id, UserId(ctx));
                OG_ASSIGN_OR_RETURN(auto user, deps.users.Get(scope, id));
                return JsonResponse(200, UserJson(user));
              }});
  // Failed sign-ins slow an account down (accounts/login_throttle.hpp); an administrator who
  // has checked who is asking lets them try again at once.
  router.Add({"POST", "/api/v1/users/{id}/actions/unlock", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                OG_ASSIGN_OR_RETURN(auto scope, AdminOf(ctx, deps));
                OG_ASSIGN_OR_RETURN(std::int64_t id, UserId(ctx));
                if (!ctx.request.body.empty()) {
                  OG_ASSIGN_OR_RETURN(auto body, JsonBody::Parse(ctx.request));
                  OG_RETURN_IF_ERROR(body.Finish());
                }
                OG_ASSIGN_OR_RETURN(auto user, deps.users.Get(scope, id));
                deps.auth.Unlock(user.username);
                spdlog::info("sign-ins of {} unlocked by {}", user.username, ctx.principal->user.username);
                return JsonResponse(200, {{"id", user.id}, {"username", user.username}, {"unlocked", true}});
              }});
  router.Add({"POST", "/api/v1/users", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                OG_ASSIGN_OR_RETURN(auto scope, AdminOf(ctx, deps));
                OG_ASSIGN_OR_RETURN(auto body, JsonBody::Parse(ctx.request));
                accounts::NewUser user;
                user.username = body.RequiredString("username", 64).value_or("");
                user.display_name = body.RequiredString("display_name", 256).value_or("");
                user.phone = body.OptionalString("phone", 32).value_or("");
                user.unit_code = body.OptionalString("unit_code", 64).value_or("");
                auto password = body.RequiredString("password", accounts::kMaxPasswordLength);
                if (auto roles = body.RequiredArray("roles", kMaxRoleGrants)) {
                  for (size_t i = 0; i < roles->size(); ++i) {
                    const auto& g = (*roles)[i];
                    std::string at = "roles[" + std::to_string(i) + "]";
                    if (!g.is_object() || !g.contains("role") || !g["role"].is_string() ||
                        !g.contains("scope") || !g["scope"].is_string() || g.size() != 2) {
                      body.AddProblem(at, "must be {\"role\": string, \"scope\": string}");
                      continue;
                    }
                    auto role = accounts::ParseRole(g["role"].get<std::string>());
                    if (!role) {
                      body.AddProblem(at + ".role", "is not a known role (see /api/v1/dictionary)");
                      continue;
                    }
                    user.roles.push_back({*role, g["scope"].get<std::string>()});
                  }
                }
                OG_RETURN_IF_ERROR(body.Finish());
                OG_ASSIGN_OR_RETURN(auto created, deps.users.Create(scope, user, *password));
                auto r = JsonResponse(201, UserJson(created));
                r.headers.emplace_back("Location", "/api/v1/users/" + std::to_string(created.id));
                return r;
              }});
}

}  // namespace onegrid::api
