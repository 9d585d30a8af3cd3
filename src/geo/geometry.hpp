// Plain geometry values shared across onegrid: longitude/latitude points (degrees, WGS84 unless
// a function says otherwise), rings, polygons with holes and multipolygons, and bounding boxes.
// Boost.Geometry does the heavy lifting inside geo's .cpp files only, so that these headers stay
// light for the components above. Values only; thread-compatible.
#pragma once

#include <vector>

namespace onegrid::geo {

struct LonLat {
  double lon = 0;
  double lat = 0;
  bool operator==(const LonLat&) const = default;
};

// A closed ring: the first point is repeated as the last.
using Ring = std::vector<LonLat>;

struct Polygon {
  Ring outer;
  std::vector<Ring> holes;
  bool operator==(const Polygon&) const = default;
};

using MultiPolygon = std::vector<Polygon>;

struct BBox {
  double min_lon = 0, min_lat = 0, max_lon = 0, max_lat = 0;
  bool Contains(LonLat p) const {
    return p.lon >= min_lon && p.lon <= max_lon && p.lat >= min_lat && p.lat <= max_lat;
  }
  bool Intersects(const BBox& o) const {
    return min_lon <= o.max_lon && o.min_lon <= max_lon && min_lat <= o.max_lat &&
           o.min_lat <= max_lat;
  }
};

BBox BoundsOf(const MultiPolygon& mp);
std::size_t VertexCount(const MultiPolygon& mp);

// Point in polygon by the crossing rule, half-open on edges: for polygons that tile the plane
// without overlap, a point on a shared edge is inside exactly one of them, always the same one.
bool Contains(const Polygon& polygon, LonLat p);
bool Contains(const MultiPolygon& mp, LonLat p);

// True when the box lies wholly inside the multipolygon's interior: its corners are inside and
// no edge of the multipolygon touches the box. Boxes along an edge are never "inside".
bool BoxInside(const BBox& box, const MultiPolygon& mp);

}  // namespace onegrid::geo
