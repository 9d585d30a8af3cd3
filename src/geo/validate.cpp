#include "geo/validate.hpp"

#include <cmath>

#include "geo/bg.hpp"

namespace onegrid::geo {
namespace {

std::string RingName(size_t polygon, int hole, size_t polygons) {
  std::string where = polygons > 1 ? "polygon " + std::to_string(polygon + 1) + ", " : "";
  return where + (hole < 0 ? "outer ring" : "hole " + std::to_string(hole + 1));
}

std::optional<std::string> RingFault(const Ring& ring) {
  if (ring.size() < 4) {
    return "has " + std::to_string(ring.size()) + " positions; a ring needs at least 4";
  }
  for (size_t i = 0; i < ring.size(); ++i) {
    const auto& p = ring[i];
    if (!std::isfinite(p.lon) || !std::isfinite(p.lat)) {
      return "position " + std::to_string(i + 1) + " is not a finite number";
    }
    if (p.lon < -180 || p.lon > 180 || p.lat < -90 || p.lat > 90) {
      return "position " + std::to_string(i + 1) + " is out of range (longitude -180..180, latitude -90..90)";
    }
  }
  if (!(ring.front() == ring.back())) return "is not closed: the last position must repeat the first";
  return std::nullopt;
}

}  // namespace

std::string Describe(detail::bg::validity_failure_type failure);

std::optional<std::string> ValidationFault(const MultiPolygon& mp) {
  using namespace detail;
  if (mp.empty()) return "has no polygon";
  for (size_t i = 0; i < mp.size(); ++i) {
    if (auto f = RingFault(mp[i].outer)) return RingName(i, -1, mp.size()) + " " + *f;
    for (size_t h = 0; h < mp[i].holes.size(); ++h) {
      if (auto f = RingFault(mp[i].holes[h])) return RingName(i, static_cast<int>(h), mp.size()) + " " + *f;
    }
  }
  // Crossing edges first, on the rings as given: orientation is put right only afterwards, and
  // a figure-eight has no orientation to speak of.
  BgMulti g = ToBg(mp);
  for (size_t i = 0; i < mp.size(); ++i) {
    BgPolygon raw;
    for (const auto& q : mp[i].outer) raw.outer().emplace_back(q.lon, q.lat);
    for (const auto& h : mp[i].holes) {
      raw.inners().emplace_back();
      for (const auto& q : h) raw.inners().back().emplace_back(q.lon, q.lat);
    }
    bool crossing = bg::intersects(raw);
    bg::validity_failure_type failure;
    if (crossing || !bg::is_valid(g[i], failure)) {
      std::string where = mp.size() > 1 ? "polygon " + std::to_string(i + 1) + ": " : "";
      return where + (crossing ? std::string("self-intersection: edges cross or touch where they must not")
                               : Describe(failure));
    }
  }
  bg::validity_failure_type failure;
  if (bg::is_valid(g, failure)) return std::nullopt;
  if (failure == bg::failure_self_intersections || failure == bg::failure_intersecting_interiors) {
    return std::string("wrong nesting: polygons of the multipolygon overlap");
  }
  return Describe(failure);
}

std::string Describe(detail::bg::validity_failure_type failure) {
  namespace bg = detail::bg;
  switch (failure) {
    case bg::failure_self_intersections:
      return "self-intersection: edges cross or touch where they must not";
    case bg::failure_spikes:
      return "self-intersection: a ring doubles back on itself (spike)";
    case bg::failure_interior_rings_outside:
      return "wrong nesting: a hole lies outside its polygon";
    case bg::failure_nested_interior_rings:
      return "wrong nesting: a hole lies inside another hole";
    case bg::failure_disconnected_interior:
      return "wrong nesting: holes cut the polygon's interior into pieces";
    case bg::failure_intersecting_interiors:
      return "wrong nesting: polygons of the multipolygon overlap";
    case bg::failure_few_points:
      return "a ring has too few distinct positions";
    case bg::failure_wrong_topological_dimension:
      return "a ring encloses no area (all positions on one line)";
    default:
      return "invalid geometry: " + std::string(detail::bg::validity_failure_type_message(failure));
  }
}

}  // namespace onegrid::geo
