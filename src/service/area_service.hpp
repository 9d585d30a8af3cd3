// The map as a service: keeps the current AreaMap snapshot (swapped atomically after every
// import), locates points given in any of the three coordinate systems, and imports areas all
// or nothing: features → areas (codes and names from properties, parents read off the codes,
// coordinates to WGS84) → the import rules against the current map → one transaction → a new
// snapshot. Imports are serialized so that each is checked against the map it changes.
// Thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "areas/area_map.hpp"
#include "areas/area_rules.hpp"
#include "core/clock.hpp"
#include "core/snapshot.hpp"
#include "geo/crs.hpp"
#include "geo/geojson.hpp"
#include "store/store.hpp"

namespace onegrid::service {

struct AreaImportRequest {
  areas::AreaLevel level = areas::AreaLevel::kStreet;
  std::vector<geo::Feature> features;
  std::string code_prop = "code";
  std::string name_prop = "name";
  geo::Crs crs = geo::Crs::kWgs84;
};

struct AreaImportReport {
  std::size_t areas = 0;
  store::AreaImportCounts counts;
};

// (stage, done, total): "checking", "writing".
using ImportProgress = std::function<void(std::string_view, std::size_t, std::size_t)>;

class AreaService {
 public:
  AreaService(store::Store& store, const core::Clock& clock, areas::Tolerance tolerance);

  // Reads the current areas from the store into the first snapshot.
  core::Result<void> Load();
  std::shared_ptr<const areas::AreaMap> map() const { return map_.Load(); }

  // kInvalidArgument naming each bad feature; nothing is written unless all are good.
  core::Result<AreaImportReport> Import(const AreaImportRequest& request,
                                        const ImportProgress& progress = {});
  core::Result<AreaImportReport> ImportAreas(std::vector<areas::Area> areas,
                                             const ImportProgress& progress = {});

  struct Location {
    areas::AreaMap::Chain chain{};
    geo::LonLat wgs84;
  };
  // kNotFound outside every district.
  core::Result<Location> Locate(geo::LonLat point, geo::Crs crs) const;

 private:
  store::Store& store_;
  const core::Clock& clock_;
  areas::Tolerance tolerance_;
  std::mutex import_mu_;
  core::Snapshot<areas::AreaMap> map_;
};

}  // namespace onegrid::service
