// GET /api/v1/locate, GET /api/v1/areas, GET /api/v1/areas/{code}, GET /api/v1/areas.geojson,
// POST /api/v1/areas/import (admin).
#include <charconv>
#include <cmath>

#include <nlohmann/json.hpp>

#include "api/errors.hpp"
#include "api/routes.hpp"
#include "core/time_format.hpp"
#include "geo/geojson.hpp"

namespace onegrid::api {
namespace {

using nlohmann::json;

core::Result<double> Coordinate(const net::Request& req, const std::string& name, double limit) {
  auto text = req.Query(name);
  if (!text || text->empty()) return core::InvalidArgument("is required", name);
  double v = 0;
  auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc() || ptr != text->data() + text->size() || !std::isfinite(v)) {
    return core::InvalidArgument("must be a number in degrees", name);
  }
  if (v < -limit || v > limit) {
    return core::InvalidArgument("must be between " + std::to_string(static_cast<int>(-limit)) +
                                     " and " + std::to_string(static_cast<int>(limit)),
                                 name);
  }
  return v;
}

core::Result<geo::Crs> CrsParam(const net::Request& req) {
  auto text = req.Query("crs");
  if (!text) return geo::Crs::kWgs84;
  auto crs = geo::ParseCrs(*text);
  if (!crs) return core::InvalidArgument("must be wgs84, gcj02 or bd09", "crs");
  return *crs;
}

json Ref(const areas::Area* a) {
  if (a == nullptr) return nullptr;
  return {{"code", a->code}, {"name", a->name}, {"version", a->version}};
}

json Summary(const areas::Area& a) {
  return {{"code", a.code},
          {"level", areas::LevelName(a.level)},
          {"name", a.name},
          {"parent_code", a.parent_code.empty() ? json(nullptr) : json(a.parent_code)},
          {"version", a.version},
          {"valid_from", core::FormatInstant(a.valid_from)},
          {"valid_to", a.valid_to ? json(core::FormatInstant(*a.valid_to)) : json(nullptr)},
          {"area_m2", std::round(a.area_m2 * 10) / 10}};
}

core::Result<std::optional<areas::AreaLevel>> LevelParam(const net::Request& req, bool required) {
  auto text = req.Query("level");
  if (!text) {
    if (required) return core::InvalidArgument("is required: district, street, community or grid", "level");
    return std::optional<areas::AreaLevel>();
  }
  auto level = areas::ParseLevel(*text);
  if (!level) return core::InvalidArgument("must be district, street, community or grid", "level");
  return std::optional<areas::AreaLevel>(*level);
}

}  // namespace

void AddAreaRoutes(Router& router, ApiDeps& deps) {
  router.Add({"GET", "/api/v1/locate", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                const auto& req = ctx.request;
                OG_RETURN_IF_ERROR(OnlyParams(req, {"lon", "lat", "crs"}));
                OG_ASSIGN_OR_RETURN(double lon, Coordinate(req, "lon", 180));
                OG_ASSIGN_OR_RETURN(double lat, Coordinate(req, "lat", 90));
                OG_ASSIGN_OR_RETURN(geo::Crs crs, CrsParam(req));
                OG_ASSIGN_OR_RETURN(auto loc, deps.areas.Locate({lon, lat}, crs));
                return JsonResponse(200, {{"district", Ref(loc.chain[0])},
                                          {"street", Ref(loc.chain[1])},
                                          {"community", Ref(loc.chain[2])},
                                          {"grid", Ref(loc.chain[3])},
                                          {"point", {{"lon", loc.wgs84.lon}, {"lat", loc.wgs84.lat}, {"crs", "wgs84"}}}});
              }});
  router.Add({"GET", "/api/v1/areas", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                const auto& req = ctx.request;
                OG_RETURN_IF_ERROR(OnlyParams(req, {"level", "parent", "limit", "cursor"}));
                OG_ASSIGN_OR_RETURN(auto level, LevelParam(req, false));
                OG_ASSIGN_OR_RETURN(int limit, ParseLimit(req));
                std::string cursor = req.Query("cursor").value_or("");
                auto map = deps.areas.map();
                std::vector<const areas::Area*> list;
                if (auto parent = req.Query("parent")) {
                  if (map->Find(*parent) == nullptr) return core::NotFound("no area " + *parent, "parent");
                  list = map->Children(*parent);
                } else if (level) {
                  list = map->AtLevel(*level);
                } else {
                  list = map->Children("");
                }
                json items = json::array();
                json next = nullptr;
                for (const auto* a : list) {
                  if (level && a->level != *level) continue;
                  if (!cursor.empty() && a->code <= cursor) continue;
                  if (static_cast<int>(items.size()) == limit) {
                    next = items.back()["code"];
                    break;
                  }
                  items.push_back(Summary(*a));
                }
                return JsonResponse(200, {{"items", items}, {"next_cursor", next}});
              }});
  router.Add({"GET", "/api/v1/areas/{code}", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                const auto& req = ctx.request;
                OG_RETURN_IF_ERROR(OnlyParams(req, {"version", "crs"}));
                OG_ASSIGN_OR_RETURN(geo::Crs crs, CrsParam(req));
                const std::string& code = ctx.params["code"];
                areas::Area area;
                if (auto v = req.Query("version")) {
                  std::int64_t version = 0;
                  auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), version);
                  if (ec != std::errc() || ptr != v->data() + v->size() || version < 1) {
                    return core::InvalidArgument("must be a version number from 1", "version");
                  }
                  OG_ASSIGN_OR_RETURN(area, deps.store.areas().GetVersion(code, version));
                } else {
                  const auto* a = deps.areas.map()->Find(code);
                  if (a == nullptr) return core::NotFound("no area " + code);
                  area = *a;
                }
                json j = Summary(area);
                j["geometry"] = geo::WriteGeometry(geo::FromWgs84(area.geometry, crs));
                j["crs"] = geo::CrsName(crs);
                j["children"] = deps.areas.map()->Children(area.code).size();
                return JsonResponse(200, j);
              }});
  router.Add({"GET", "/api/v1/areas.geojson", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                const auto& req = ctx.request;
                OG_RETURN_IF_ERROR(OnlyParams(req, {"level", "parent", "crs"}));
                OG_ASSIGN_OR_RETURN(auto level, LevelParam(req, true));
                OG_ASSIGN_OR_RETURN(geo::Crs crs, CrsParam(req));
                auto map = deps.areas.map();
                json features = json::array();
                auto parent = req.Query("parent");
                if (parent && map->Find(*parent) == nullptr) return core::NotFound("no area " + *parent, "parent");
                auto descends = [&](const areas::Area* a) {
                  for (const auto* up = a; up != nullptr; up = map->Find(up->parent_code)) {
                    if (up->code == *parent) return true;
                    if (up->parent_code.empty()) break;
                  }
                  return false;
                };
                for (const auto* a : map->AtLevel(*level)) {
                  if (parent && !descends(a)) continue;
                  features.push_back({{"type", "Feature"},
                                      {"properties", {{"code", a->code},
                                                      {"name", a->name},
                                                      {"level", areas::LevelName(a->level)},
                                                      {"parent_code", a->parent_code},
                                                      {"version", a->version}}},
                                      {"geometry", geo::WriteGeometry(geo::FromWgs84(a->geometry, crs))}});
                }
                net::Response r = JsonResponse(200, {{"type", "FeatureCollection"}, {"features", features}});
                r.content_type = "application/geo+json";
                return r;
              }});
  router.Add({"POST", "/api/v1/areas/import", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                OG_RETURN_IF_ERROR(RequireDistrictAdmin(ctx, deps));
                const auto& req = ctx.request;
                OG_RETURN_IF_ERROR(OnlyParams(req, {"level", "code_prop", "name_prop", "crs"}));
                OG_ASSIGN_OR_RETURN(auto level, LevelParam(req, true));
                OG_ASSIGN_OR_RETURN(geo::Crs crs, CrsParam(req));
                auto type = req.Header("Content-Type");
                if (!type || (type->substr(0, type->find(';')) != "application/geo+json" &&
                              type->substr(0, type->find(';')) != "application/json")) {
                  return core::InvalidArgument("the body must be GeoJSON sent as application/geo+json");
                }
                service::AreaImportRequest request;
                request.level = *level;
                request.code_prop = req.Query("code_prop").value_or("code");
                request.name_prop = req.Query("name_prop").value_or("name");
                request.crs = crs;
                OG_ASSIGN_OR_RETURN(request.features, geo::ReadFeatureCollection(req.body, request.code_prop));
                OG_ASSIGN_OR_RETURN(auto report, deps.areas.Import(request));
                return JsonResponse(200, {{"level", areas::LevelName(request.level)},
                                          {"areas", report.areas},
                                          {"created", report.counts.created},
                                          {"replaced", report.counts.replaced},
                                          {"unchanged", report.counts.unchanged}});
              }});
}

}  // namespace onegrid::api
