// A GeoJSON import of areas, as `onegrid import areas` and POST /api/v1/areas/import read it:
// the features, each one's code, name and polygon, then the import's rules against a map that
// holds the district (codes, parents, containment, overlaps). Input: one byte choosing the level
// (district, street, community, grid), then the GeoJSON.
#include <cmath>

#include "areas/area_map.hpp"
#include "areas/area_rules.hpp"
#include "geo/geojson.hpp"
#include "geo/measure.hpp"
#include "geo/ops.hpp"
#include "harness.hpp"

using namespace onegrid;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const auto level = static_cast<areas::AreaLevel>(data[0] % 4);
  auto features = geo::ReadFeatureCollection(
      std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1), "code");
  fuzz::CheckResult(features);
  if (!features || features->size() > 64)
    return 0;  // the checks below are quadratic in the features
  std::vector<areas::Area> incoming;
  for (const auto& f : *features) {
    auto code = f.properties.find("code");
    if (code == f.properties.end() || !code->is_string()) continue;
    areas::Area a;
    a.code = code->get<std::string>();
    a.name = "区域";
    a.level = level;
    auto valid = areas::ValidateCode(level, a.code, "code");
    fuzz::CheckResult(valid);
    if (!valid) continue;
    a.parent_code = areas::ParentCode(level, a.code);
    a.geometry = geo::Normalized(f.geometry);
    a.area_m2 = geo::AreaSquareMeters(a.geometry);
    OG_FUZZ_CHECK(std::isfinite(a.area_m2) && a.area_m2 >= 0);
    incoming.push_back(std::move(a));
  }
  if (incoming.empty()) return 0;
  areas::Area district;
  district.code = "410104";
  district.name = "管城回族区";
  district.level = areas::AreaLevel::kDistrict;
  geo::Polygon square;
  square.outer = {{113.6, 34.6}, {113.9, 34.6}, {113.9, 34.8}, {113.6, 34.8}, {113.6, 34.6}};
  district.geometry = {square};
  district.area_m2 = geo::AreaSquareMeters(district.geometry);
  auto map = areas::AreaMap::Build({district});
  fuzz::CheckResult(areas::CheckImport(incoming, *map, {.fraction = 0.01}));
  return 0;
}
