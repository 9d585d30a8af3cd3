// Checks that a (multi)polygon is valid before it enters the map: every fault is reported in
// words an operator can act on (unclosed ring, fewer than 4 positions, coordinates out of range
// or NaN, self-intersection, wrong nesting). Pure; thread-safe.
#pragma once

#include <optional>
#include <string>

#include "geo/geometry.hpp"

namespace onegrid::geo {

// nullopt when valid; otherwise what is wrong and where ("polygon 2, hole 1: …").
std::optional<std::string> ValidationFault(const MultiPolygon& mp);

}  // namespace onegrid::geo
