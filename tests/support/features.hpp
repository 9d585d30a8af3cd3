// For tests: GeoJSON text of square areas and of feature collections.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace onegrid::testing {

// A Feature with properties {code, name} and a lon/lat box as its Polygon.
inline std::string Square(const std::string& code, const std::string& name, double x0, double y0,
                          double x1, double y1) {
  nlohmann::json f = {{"type", "Feature"},
                      {"properties", {{"code", code}, {"name", name}}},
                      {"geometry",
                       {{"type", "Polygon"},
                        {"coordinates", {{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}}}};
  return f.dump();
}

inline std::string Collection(const std::vector<std::string>& features) {
  std::string s = R"({"type":"FeatureCollection","features":[)";
  for (size_t i = 0; i < features.size(); ++i) s += (i ? "," : "") + features[i];
  return s + "]}";
}

}  // namespace onegrid::testing
