// POST /api/v1/session (sign in), DELETE /api/v1/session (sign out), GET /api/v1/me.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "api/errors.hpp"
#include "api/json_body.hpp"
#include "api/routes.hpp"
#include "core/time_format.hpp"

namespace onegrid::api {

nlohmann::json UserJson(const accounts::User& user) {
  nlohmann::json roles = nlohmann::json::array();
  for (const auto& g : user.roles) {
    roles.push_back({{"role", accounts::RoleName(g.role)}, {"scope", g.scope}});
  }
  return {{"id", user.id},
          {"username", user.username},
          {"display_name", user.display_name},
          {"phone", user.phone},
          {"unit_code", user.unit_code},
          {"roles", roles},
          {"disabled", user.disabled},
          {"must_change_password", user.must_change_password},
          {"last_sign_in_at", user.last_sign_in_at ? nlohmann::json(core::FormatInstant(*user.last_sign_in_at)) : nlohmann::json(nullptr)},
          {"created_at", core::FormatInstant(user.created_at)},
          {"updated_at", core::FormatInstant(user.updated_at)},
          {"version", user.version}};
}

core::Result<void> RequireRole(const RouteContext& ctx, accounts::Role role) {
  if (ctx.principal == nullptr || !ctx.principal->user.HasRole(role)) {
    return core::PermissionDenied("this needs the " + std::string(accounts::RoleName(role)) +
                                  " role");
  }
  return core::Ok();
}

core::Result<service::AdminScope> AdminOf(const RouteContext& ctx, ApiDeps& deps) {
  if (ctx.principal == nullptr) return core::PermissionDenied("this needs the admin role");
  return service::AdminScope::Of(ctx.principal->user, deps.areas.map(), deps.store.units());
}

core::Result<void> RequireDistrictAdmin(const RouteContext& ctx, ApiDeps& deps) {
  OG_ASSIGN_OR_RETURN(auto scope, AdminOf(ctx, deps));
  return scope.RequireDistrictWide();
}

void AddSessionRoutes(Router& router, ApiDeps& deps) {
  router.Add({"POST", "/api/v1/session", Access::kPublic,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                OG_ASSIGN_OR_RETURN(auto body, JsonBody::Parse(ctx.request));
                service::LoginRequest login_request;
                login_request.username = body.RequiredString("username", 64).value_or("");
                login_request.password = body.RequiredString("password", accounts::kMaxPasswordLength).value_or("");
                login_request.device = body.OptionalString("device", 128).value_or("");
                OG_RETURN_IF_ERROR(body.Finish());
                login_request.client_address = ctx.request.remote_address;
                core::Instant retry_at{};
                auto login = deps.auth.Login(login_request, &retry_at);
                if (!login) {
                  auto r = ErrorResponse(login.error());
                  if (login.error().code == core::ErrorCode::kResourceExhausted) {
                    // The console says, in the user's language, from when they may try again.
                    auto wait = std::chrono::ceil<std::chrono::seconds>(retry_at - deps.clock.Now()).count();
                    r.headers.emplace_back("Retry-After", std::to_string(std::max<long long>(1, wait)));
                  } else if (login.error().code == core::ErrorCode::kUnavailable) {
                    r.headers.emplace_back("Retry-After", "2");
                  }
                  return r;
                }
                auto r = JsonResponse(201, {{"token", login->token},
                                            {"expires_at", core::FormatInstant(login->expires_at)},
                                            {"device", login->device},
                                            {"user", UserJson(login->user)}});
                r.headers.emplace_back("Location", "/api/v1/session");
                r.headers.emplace_back("Cache-Control", "no-store");
                return r;
              }});
  router.Add({"DELETE", "/api/v1/session", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                auto header = *ctx.request.Header("Authorization");
                OG_RETURN_IF_ERROR(deps.auth.Logout(std::string(header.substr(7))));
                net::Response r;
                r.status = 204;
                r.content_type = "application/json";
                return r;
              }});
  router.Add({"GET", "/api/v1/me", Access::kSignedIn,
              [](RouteContext& ctx) -> core::Result<net::Response> {
                auto j = UserJson(ctx.principal->user);
                j["session_expires_at"] = core::FormatInstant(ctx.principal->session_expires_at);
                return JsonResponse(200, j);
              }});
}

}  // namespace onegrid::api
