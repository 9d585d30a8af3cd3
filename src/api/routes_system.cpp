// GET /healthz, GET /metrics, GET /api/v1/openapi.json, GET /api/v1/dictionary.
#include <nlohmann/json.hpp>

#include <algorithm>

#include <sodium.h>

#include "accounts/role.hpp"
#include "geo/geometry.hpp"
#include "cases/case.hpp"
#include "api/errors.hpp"
#include "api/routes.hpp"

namespace onegrid::api {

net::Response JsonResponse(int status, const nlohmann::json& body) {
  net::Response r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

namespace {

bool IsLoopback(const std::string& address) {
  return address.rfind("127.", 0) == 0 || address == "::1" || address.rfind("::ffff:127.", 0) == 0;
}

// metrics.access: the figures tell an outsider how busy the district is and what it runs.
core::Result<void> MayReadMetrics(const net::Request& req, const ApiDeps& deps) {
  if (deps.metrics_access == "any") return core::Ok();
  if (deps.metrics_access == "token") {
    auto header = req.Header("Authorization");
    const std::string want = "Bearer " + deps.metrics_token;
    if (header && header->size() == want.size() &&
        sodium_memcmp(header->data(), want.data(), want.size()) == 0) {
      return core::Ok();
    }
    return core::Unauthenticated("send Authorization: Bearer <metrics.token>");
  }
  if (IsLoopback(req.remote_address)) return core::Ok();
  return core::PermissionDenied("/metrics is served to this machine only (metrics.access = loopback)");
}

}  // namespace

void AddSystemRoutes(Router& router, ApiDeps& deps) {
  router.Add({"GET", "/healthz", Access::kPublic, [&deps](RouteContext&) -> core::Result<net::Response> {
                auto ping = deps.store.Ping();
                if (!ping) {
                  return JsonResponse(503, {{"status", "unavailable"},
                                            {"database", ping.error().message},
                                            {"version", deps.version}});
                }
                return JsonResponse(200, {{"status", "ok"}, {"database", "ok"}, {"version", deps.version}});
              }});
  router.Add({"GET", "/metrics", Access::kPublic, [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                OG_RETURN_IF_ERROR(MayReadMetrics(ctx.request, deps));
                net::Response r;
                r.content_type = "text/plain; version=0.0.4; charset=utf-8";
                r.body = deps.metrics.Render();
                return r;
              }});
  // What the web console needs before anyone signs in: the version and where its maps start.
  router.Add({"GET", "/api/v1/console", Access::kPublic, [&deps](RouteContext&) -> core::Result<net::Response> {
                geo::BBox box{180, 90, -180, -90};
                for (const areas::Area* d : deps.areas.map()->AtLevel(areas::AreaLevel::kDistrict)) {
                  auto b = geo::BoundsOf(d->geometry);
                  box = {std::min(box.min_lon, b.min_lon), std::min(box.min_lat, b.min_lat),
                         std::max(box.max_lon, b.max_lon), std::max(box.max_lat, b.max_lat)};
                }
                nlohmann::json center = box.min_lon <= box.max_lon
                                            ? nlohmann::json::array({(box.min_lon + box.max_lon) / 2, (box.min_lat + box.max_lat) / 2})
                                            : nlohmann::json::array({113.6654, 34.7579});  // no map yet: Zhengzhou
                nlohmann::json tiles = nullptr;
                if (!deps.tiles.url.empty()) {
                  tiles = {{"url", deps.tiles.url},
                           {"crs", deps.tiles.crs},
                           {"attribution", deps.tiles.attribution},
                           {"max_zoom", deps.tiles.max_zoom}};
                }
                return JsonResponse(200, {{"version", deps.version},
                                          {"map", {{"tiles", tiles}, {"center", center}, {"zoom", 13}}}});
              }});
  router.Add({"GET", "/api/v1/openapi.json", Access::kSignedIn,
              [](RouteContext&) -> core::Result<net::Response> {
                net::Response r;
                r.body = std::string(OpenApiDocument());
                return r;
              }});
  router.Add({"GET", "/api/v1/dictionary", Access::kSignedIn,
              [](RouteContext&) -> core::Result<net::Response> {
                nlohmann::json roles = nlohmann::json::array();
                for (const auto& r : accounts::AllRoles()) {
                  roles.push_back({{"name", r.name}, {"label_zh", r.label_zh}, {"label_en", r.label_en}});
                }
                nlohmann::json codes = nlohmann::json::array();
                for (auto c : {core::ErrorCode::kInvalidArgument, core::ErrorCode::kUnauthenticated,
                               core::ErrorCode::kPermissionDenied, core::ErrorCode::kNotFound,
                               core::ErrorCode::kAlreadyExists, core::ErrorCode::kFailedPrecondition,
                               core::ErrorCode::kAborted, core::ErrorCode::kPayloadTooLarge,
                               core::ErrorCode::kOutOfRange, core::ErrorCode::kResourceExhausted,
                               core::ErrorCode::kInternal, core::ErrorCode::kUnavailable}) {
                  codes.push_back({{"name", core::ErrorCodeName(c)}, {"http_status", HttpStatus(c)}});
                }
                nlohmann::json states = nlohmann::json::array();
                for (int i = 0; i < cases::kStateCount; ++i) {
                  states.push_back(cases::StateName(static_cast<cases::State>(i)));
                }
                nlohmann::json actions = nlohmann::json::array();
                for (const auto& r : cases::ActionTable()) {
                  nlohmann::json roles_allowed = nlohmann::json::array();
                  for (auto role : r.roles) roles_allowed.push_back(accounts::RoleName(role));
                  actions.push_back({{"name", r.action},
                                     {"label_zh", r.label_zh},
                                     {"from", cases::StateName(r.from)},
                                     {"to", cases::StateName(r.to)},
                                     {"roles", roles_allowed}});
                }
                nlohmann::json sources = nlohmann::json::array();
                for (auto s : cases::SourceNames()) sources.push_back(s);
                return JsonResponse(200, {{"roles", roles},
                                          {"error_codes", codes},
                                          {"case_states", states},
                                          {"case_actions", actions},
                                          {"case_sources", sources}});
              }});
}

}  // namespace onegrid::api
