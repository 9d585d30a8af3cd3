#include "geo/geometry.hpp"

#include <algorithm>
#include <limits>

namespace onegrid::geo {
namespace {

bool RingContains(const Ring& ring, LonLat p) {
  bool inside = false;
  for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
    const LonLat& a = ring[i];
    const LonLat& b = ring[j];
    if ((a.lat > p.lat) != (b.lat > p.lat) &&
        p.lon < (b.lon - a.lon) * (p.lat - a.lat) / (b.lat - a.lat) + a.lon) {
      inside = !inside;
    }
  }
  return inside;
}

// Liang–Barsky: does the segment a-b touch the closed box?
bool SegmentTouchesBox(LonLat a, LonLat b, const BBox& box) {
  double t0 = 0, t1 = 1;
  double dx = b.lon - a.lon, dy = b.lat - a.lat;
  const double p[4] = {-dx, dx, -dy, dy};
  const double q[4] = {a.lon - box.min_lon, box.max_lon - a.lon, a.lat - box.min_lat,
                       box.max_lat - a.lat};
  for (int i = 0; i < 4; ++i) {
    if (p[i] == 0) {
      if (q[i] < 0) return false;
    } else {
      double t = q[i] / p[i];
      if (p[i] < 0) {
        t0 = std::max(t0, t);
      } else {
        t1 = std::min(t1, t);
      }
      if (t0 > t1) return false;
    }
  }
  return true;
}

bool RingTouchesBox(const Ring& ring, const BBox& box) {
  for (size_t i = 1; i < ring.size(); ++i) {
    if (SegmentTouchesBox(ring[i - 1], ring[i], box)) return true;
  }
  return false;
}

}  // namespace

bool BoxInside(const BBox& box, const MultiPolygon& mp) {
  for (const auto& poly : mp) {
    if (RingTouchesBox(poly.outer, box)) return false;
    for (const auto& h : poly.holes) {
      if (RingTouchesBox(h, box)) return false;
    }
  }
  // No edge touches the box, so the box is wholly inside or wholly outside: test one corner.
  return Contains(mp, {box.min_lon, box.min_lat});
}

BBox BoundsOf(const MultiPolygon& mp) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  BBox b{inf, inf, -inf, -inf};
  for (const auto& poly : mp) {
    for (const auto& p : poly.outer) {
      b.min_lon = std::min(b.min_lon, p.lon);
      b.min_lat = std::min(b.min_lat, p.lat);
      b.max_lon = std::max(b.max_lon, p.lon);
      b.max_lat = std::max(b.max_lat, p.lat);
    }
  }
  return b;
}

std::size_t VertexCount(const MultiPolygon& mp) {
  std::size_t n = 0;
  for (const auto& poly : mp) {
    n += poly.outer.size();
    for (const auto& h : poly.holes) n += h.size();
  }
  return n;
}

bool Contains(const Polygon& polygon, LonLat p) {
  if (polygon.outer.size() < 4 || !RingContains(polygon.outer, p)) return false;
  for (const auto& hole : polygon.holes) {
    if (RingContains(hole, p)) return false;
  }
  return true;
}

bool Contains(const MultiPolygon& mp, LonLat p) {
  return std::any_of(mp.begin(), mp.end(), [&](const Polygon& poly) { return Contains(poly, p); });
}

}  // namespace onegrid::geo
