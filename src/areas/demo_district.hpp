// Builds the real demo district, 管城回族区 (410104), from public boundary data: the district's
// outline, its streets from the 2000s township shapes reconciled with the 2022 code list, and
// communities and unit grids derived by a documented, repeatable partition (docs/demo-district.md):
//   streets     township ∩ district; overlaps go to the lower code; gaps join the nearest street
//   communities each street cut by a 1 km lattice anchored at the district's north-west corner;
//               pieces under a quarter cell join their nearest larger neighbour
//   grids       each community cut by the 100 m lattice nested in it; pieces under a tenth cell
//               join their nearest larger neighbour; numbered west→east, then north→south
// Deterministic: the same inputs give the same codes and shapes. Pure; no I/O.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "areas/area.hpp"
#include "core/result.hpp"

namespace onegrid::areas {

struct DemoDistrictInputs {
  std::string_view district_geojson;   // guancheng_410104_wgs84.geojson
  std::string_view townships_geojson;  // guancheng_townships_2000s_wgs84.geojson
  std::string_view codes_json;         // guancheng_streets_codes_2022.json
};

struct DemoDistrict {
  std::vector<Area> areas;          // parents before children
  std::vector<std::string> notes;   // the choices made, for the operator
};

using BuildProgress = std::function<void(std::string_view stage, std::size_t done, std::size_t total)>;

core::Result<DemoDistrict> BuildDemoDistrict(const DemoDistrictInputs& inputs, core::Instant now,
                                             const BuildProgress& progress = {});

}  // namespace onegrid::areas
