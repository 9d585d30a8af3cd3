// /api/v1/users: account management for administrators, each inside what their admin grants
// manage (service/admin_scope.hpp), and the account's lifecycle; POST /api/v1/me/password.
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

// The "roles" array of a body: each {"role", "scope"}; problems named roles[i] / roles[i].role.
std::vector<accounts::RoleGrant> ParseGrants(JsonBody& body) {
  std::vector<accounts::RoleGrant> out;
  const auto* roles = body.RequiredArray("roles", kMaxRoleGrants);
  if (roles == nullptr) return out;
  for (size_t i = 0; i < roles->size(); ++i) {
    const auto& g = (*roles)[i];
    std::string at = "roles[" + std::to_string(i) + "]";
    if (!g.is_object() || !g.contains("role") || !g["role"].is_string() || !g.contains("scope") ||
        !g["scope"].is_string() || g.size() != 2) {
      body.AddProblem(at, "must be {\"role\": string, \"scope\": string}");
      continue;
    }
    auto role = accounts::ParseRole(g["role"].get<std::string>());
    if (!role) {
      body.AddProblem(at + ".role", "is not a known role (see /api/v1/dictionary)");
      continue;
    }
    out.push_back({*role, g["scope"].get<std::string>()});
  }
  return out;
}

// ?state=active (default) or disabled.
core::Result<service::AccountState> ParseState(const net::Request& req) {
  auto text = req.Query("state");
  if (!text || *text == "active") return service::AccountState::kActive;
  if (*text == "disabled") return service::AccountState::kDisabled;
  return core::InvalidArgument("must be active or disabled", "state");
}

// An action on an account: the body's expected_version and the action's own fields.
struct AccountAction {
  std::int64_t expected_version = 0;
  std::string password;
  std::vector<accounts::RoleGrant> roles;
  std::string unit_code;
};

enum class ActionFields { kNone, kPassword, kGrants };

core::Result<AccountAction> ParseAccountAction(const net::Request& req, ActionFields fields) {
  OG_ASSIGN_OR_RETURN(auto body, JsonBody::Parse(req));
  AccountAction a;
  auto version = body.RequiredInteger("expected_version");
  if (version && *version < 1) body.AddProblem("expected_version", "must be the account's version (from 1)");
  if (fields == ActionFields::kPassword) {
    a.password = body.RequiredString("password", accounts::kMaxPasswordLength).value_or("");
  } else if (fields == ActionFields::kGrants) {
    a.roles = ParseGrants(body);
    a.unit_code = body.OptionalString("unit_code", 64).value_or("");
  }
  OG_RETURN_IF_ERROR(body.Finish());
  a.expected_version = *version;
  return a;
}

}  // namespace

void AddUserRoutes(Router& router, ApiDeps& deps) {
  router.Add({"GET", "/api/v1/users", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                OG_ASSIGN_OR_RETURN(auto scope, AdminOf(ctx, deps));
                OG_ASSIGN_OR_RETURN(int limit, ParseLimit(ctx.request));
                OG_ASSIGN_OR_RETURN(std::int64_t after, ParseCursor(ctx.request));
                for (const auto& [k, v] : ctx.request.query) {
                  if (k != "limit" && k != "cursor" && k != "state") {
                    return core::InvalidArgument("is not a known parameter", k);
                  }
                }
                OG_ASSIGN_OR_RETURN(auto state, ParseState(ctx.request));
                OG_ASSIGN_OR_RETURN(auto users, deps.users.List(scope, state, after, limit + 1));
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
                user.roles = ParseGrants(body);
                OG_RETURN_IF_ERROR(body.Finish());
                OG_ASSIGN_OR_RETURN(auto created, deps.users.Create(scope, user, *password));
                auto r = JsonResponse(201, UserJson(created));
                r.headers.emplace_back("Location", "/api/v1/users/" + std::to_string(created.id));
                return r;
              }});
  // The account's lifecycle (service/user_service.hpp): each an action at the account's version.
  for (bool disable : {true, false}) {
    router.Add({"POST", std::string("/api/v1/users/{id}/actions/") + (disable ? "disable" : "enable"), Access::kSignedIn,
                [&deps, disable](RouteContext& ctx) -> core::Result<net::Response> {
                  OG_ASSIGN_OR_RETURN(auto scope, AdminOf(ctx, deps));
                  OG_ASSIGN_OR_RETURN(std::int64_t id, UserId(ctx));
                  OG_ASSIGN_OR_RETURN(auto a, ParseAccountAction(ctx.request, ActionFields::kNone));
                  OG_ASSIGN_OR_RETURN(auto user, deps.users.SetDisabled(scope, ctx.principal->user, id,
                                                                        a.expected_version, disable));
                  spdlog::info("account {} {} by {}", user.username, disable ? "disabled" : "enabled",
                               ctx.principal->user.username);
                  return JsonResponse(200, UserJson(user));
                }});
  }
  router.Add({"POST", "/api/v1/users/{id}/actions/change_grants", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                OG_ASSIGN_OR_RETURN(auto scope, AdminOf(ctx, deps));
                OG_ASSIGN_OR_RETURN(std::int64_t id, UserId(ctx));
                OG_ASSIGN_OR_RETURN(auto a, ParseAccountAction(ctx.request, ActionFields::kGrants));
                OG_ASSIGN_OR_RETURN(auto user, deps.users.ChangeGrants(scope, ctx.principal->user, id, a.expected_version,
                                                                       std::move(a.roles), std::move(a.unit_code)));
                spdlog::info("grants of {} changed by {}", user.username, ctx.principal->user.username);
                return JsonResponse(200, UserJson(user));
              }});
  router.Add({"POST", "/api/v1/users/{id}/actions/reset_password", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                OG_ASSIGN_OR_RETURN(auto scope, AdminOf(ctx, deps));
                OG_ASSIGN_OR_RETURN(std::int64_t id, UserId(ctx));
                OG_ASSIGN_OR_RETURN(auto a, ParseAccountAction(ctx.request, ActionFields::kPassword));
                OG_ASSIGN_OR_RETURN(auto user, deps.users.ResetPassword(scope, id, a.expected_version, a.password));
                spdlog::info("password of {} reset by {}", user.username, ctx.principal->user.username);
                return JsonResponse(200, UserJson(user));
              }});
  // One's own password; allowed while a reset password must be replaced.
  router.Add({"POST", "/api/v1/me/password", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                OG_ASSIGN_OR_RETURN(auto body, JsonBody::Parse(ctx.request));
                auto current = body.RequiredString("current_password", accounts::kMaxPasswordLength);
                auto next = body.RequiredString("new_password", accounts::kMaxPasswordLength);
                OG_RETURN_IF_ERROR(body.Finish());
                OG_ASSIGN_OR_RETURN(auto user, deps.users.ChangeOwnPassword(ctx.principal->user, ctx.principal->token_hash,
                                                                            *current, *next));
                spdlog::info("{} changed their password", user.username);
                return JsonResponse(200, UserJson(user));
              }});
}

}  // namespace onegrid::api
