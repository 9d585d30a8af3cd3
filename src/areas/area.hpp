// The district's area tree: district → street → community → unit grid (governance.md §2).
// An area is one version of a code's polygon with its validity period; redrawing makes a new
// version and closes the old one, so what was located in a grid keeps pointing at the shape it
// was located in. Codes carry the hierarchy: the parent's code is read off the child's.
// Pure values and rules; thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "geo/geometry.hpp"

namespace onegrid::areas {

enum class AreaLevel { kDistrict = 0, kStreet = 1, kCommunity = 2, kGrid = 3 };
inline constexpr int kLevelCount = 4;

std::string_view LevelName(AreaLevel level);  // "district", "street", "community", "grid"
std::optional<AreaLevel> ParseLevel(std::string_view name);

struct Area {
  std::string code;
  AreaLevel level = AreaLevel::kGrid;
  std::string name;
  std::string parent_code;  // empty for a district
  geo::MultiPolygon geometry;  // WGS84
  double area_m2 = 0;
  std::int64_t version = 1;
  core::Instant valid_from;
  std::optional<core::Instant> valid_to;  // set when a newer version replaced it
};

// Checks a code's form for its level, e.g. a street is 12 digits ending in 000 (GB/T 2260 plus
// the statistics codes), a unit grid 15 characters [0-9A-Z] (GB/T 47678.3): county 6, street 3,
// community 3, sequence 3. `field` names the request field in the error.
core::Result<void> ValidateCode(AreaLevel level, std::string_view code, const std::string& field);

// The code of the parent area that the code implies; empty for a district.
std::string ParentCode(AreaLevel level, std::string_view code);

}  // namespace onegrid::areas
