// For tests only: an axis-aligned box area with its parent read off its code.
#pragma once

#include <string>

#include "areas/area.hpp"
#include "geo/measure.hpp"

namespace onegrid::areas::testing {

inline Area Box(std::string code, AreaLevel level, double x0, double y0, double x1, double y1,
                std::string name = "") {
  Area a;
  a.code = std::move(code);
  a.level = level;
  a.name = name.empty() ? a.code : std::move(name);
  a.parent_code = ParentCode(level, a.code);
  a.geometry = {{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}, {}}};
  a.area_m2 = geo::AreaSquareMeters(a.geometry);
  return a;
}

}  // namespace onegrid::areas::testing
