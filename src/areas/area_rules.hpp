// The rules an import must meet before anything is written (all or nothing): well-formed and
// unique codes of the declared level, an existing parent (in the import or the current map),
// children inside their parent and siblings not overlapping, each up to a tolerance given as a
// share of the smaller area; replacing an area must not leave its current children outside it.
// Every violation is reported, by code. Pure; thread-safe.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "areas/area.hpp"
#include "areas/area_map.hpp"
#include "core/result.hpp"

namespace onegrid::areas {

struct Tolerance {
  double fraction = 0.01;  // share of an area allowed outside its parent or shared with a sibling
};

// `progress(done, total)` is called as areas are checked (may be empty).
core::Result<void> CheckImport(const std::vector<Area>& incoming, const AreaMap& current,
                               Tolerance tolerance,
                               const std::function<void(std::size_t, std::size_t)>& progress = {});

}  // namespace onegrid::areas
