// An immutable snapshot of the current area tree with a spatial index per level: answers
// "which grid, community, street and district hold this point?" in well under a microsecond.
// Services keep the current one in a shared_ptr<const AreaMap> and swap it atomically when the
// areas change; readers keep the snapshot they started with. Thread-safe once built.
#pragma once

#include <array>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "areas/area.hpp"
#include "geo/spatial_index.hpp"

namespace onegrid::areas {

class AreaMap {
 public:
  // `current` holds one version per code (the current ones).
  static std::shared_ptr<const AreaMap> Build(std::vector<Area> current);

  const Area* Find(std::string_view code) const;
  // Children of a code in code order; for "" the districts.
  std::vector<const Area*> Children(std::string_view parent_code) const;
  std::vector<const Area*> AtLevel(AreaLevel level) const;
  std::size_t size() const { return areas_.size(); }

  // The area chain holding a WGS84 point, indexed by AreaLevel; null where no area of that
  // level holds it. Empty (all null) outside every district.
  using Chain = std::array<const Area*, kLevelCount>;
  Chain Locate(geo::LonLat p) const;

 private:
  AreaMap() = default;
  std::vector<Area> areas_;  // sorted by code
  std::vector<std::int64_t> parent_;  // index of each area's parent in areas_, or -1
  // Hashed: every case shown looks up its four areas by code.
  struct CodeHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::size_t, CodeHash, std::equal_to<>> by_code_;
  std::map<std::string, std::vector<std::size_t>, std::less<>> by_parent_;
  std::array<std::vector<std::size_t>, kLevelCount> by_level_;  // indices into areas_, by code
  std::array<std::unique_ptr<geo::PolygonIndex>, kLevelCount> index_;
};

}  // namespace onegrid::areas
