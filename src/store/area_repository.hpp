// Storage of the area tree's versions. Contract as in store.hpp: blocking, durable on return,
// thread-safe; an import is one transaction, so it lands whole or not at all.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "areas/area.hpp"
#include "core/result.hpp"

namespace onegrid::store {

struct AreaImportCounts {
  std::size_t created = 0;    // codes seen for the first time
  std::size_t replaced = 0;   // codes whose current version was closed for a new one
  std::size_t unchanged = 0;  // same name and shape as the current version: left as it was
};

class AreaRepository {
 public:
  virtual ~AreaRepository() = default;
  // Writes the areas as current versions at `now`. `areas` gets the version numbers written
  // (an unchanged area keeps its current version and validity).
  virtual core::Result<AreaImportCounts> Import(std::vector<areas::Area>& areas,
                                                core::Instant now) = 0;
  // Every current area, geometry included.
  virtual core::Result<std::vector<areas::Area>> LoadCurrent() = 0;
  // One version, current or past; kNotFound if there is none.
  virtual core::Result<areas::Area> GetVersion(const std::string& code, std::int64_t version) = 0;
};

}  // namespace onegrid::store
