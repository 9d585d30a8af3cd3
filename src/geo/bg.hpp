// Private to geo: Boost.Geometry models and conversions to and from geo's plain types.
// Planar operations run on lon/lat degrees (as PostGIS does for geometry columns); areas and
// distances in metres use the geographic (ellipsoidal) strategies instead.
#pragma once

#include <boost/geometry.hpp>
#include <boost/geometry/algorithms/point_on_surface.hpp>
#include <boost/geometry/geometries/box.hpp>
#include <boost/geometry/geometries/multi_polygon.hpp>
#include <boost/geometry/geometries/point_xy.hpp>
#include <boost/geometry/geometries/polygon.hpp>

#include "geo/geometry.hpp"

namespace onegrid::geo::detail {

namespace bg = boost::geometry;
using BgPoint = bg::model::d2::point_xy<double>;
using BgPolygon = bg::model::polygon<BgPoint>;  // clockwise outer, closed
using BgMulti = bg::model::multi_polygon<BgPolygon>;
using BgBox = bg::model::box<BgPoint>;

inline BgMulti ToBg(const MultiPolygon& mp) {
  BgMulti out;
  out.reserve(mp.size());
  for (const auto& poly : mp) {
    BgPolygon p;
    for (const auto& q : poly.outer) p.outer().emplace_back(q.lon, q.lat);
    for (const auto& h : poly.holes) {
      p.inners().emplace_back();
      for (const auto& q : h) p.inners().back().emplace_back(q.lon, q.lat);
    }
    out.push_back(std::move(p));
  }
  bg::correct(out);
  return out;
}

// Back to geo's types with RFC 7946 orientation: outer rings counter-clockwise, holes clockwise.
inline MultiPolygon FromBg(const BgMulti& mp) {
  MultiPolygon out;
  out.reserve(mp.size());
  for (const auto& p : mp) {
    if (p.outer().size() < 4) continue;  // degenerate leftovers of an overlay
    Polygon poly;
    for (auto it = p.outer().rbegin(); it != p.outer().rend(); ++it) {
      poly.outer.push_back({it->x(), it->y()});
    }
    for (const auto& h : p.inners()) {
      poly.holes.emplace_back();
      for (auto it = h.rbegin(); it != h.rend(); ++it) poly.holes.back().push_back({it->x(), it->y()});
    }
    out.push_back(std::move(poly));
  }
  return out;
}

}  // namespace onegrid::geo::detail
