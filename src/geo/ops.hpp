// Planar set operations on multipolygons in lon/lat degrees (Boost.Geometry underneath), as
// the area rules and the demo-district partition need them. Results use RFC 7946 orientation.
// Pure functions; thread-safe.
#pragma once

#include "geo/geometry.hpp"

namespace onegrid::geo {

MultiPolygon Intersection(const MultiPolygon& a, const MultiPolygon& b);
MultiPolygon Difference(const MultiPolygon& a, const MultiPolygon& b);
MultiPolygon Union(const MultiPolygon& a, const MultiPolygon& b);
MultiPolygon BoxPolygon(const BBox& box);
// a lies inside b (boundaries may touch).
bool CoveredBy(const MultiPolygon& a, const MultiPolygon& b);
// Planar distance in degrees, 0 when they touch or overlap.
double DistanceDegrees(const MultiPolygon& a, const MultiPolygon& b);
double DistanceDegrees(LonLat p, const MultiPolygon& mp);
// Puts orientation and closure right (outer counter-clockwise, holes clockwise, rings closed).
MultiPolygon Normalized(const MultiPolygon& mp);
// Drops parts smaller than min_area_m2 (slivers left by clipping).
MultiPolygon WithoutSlivers(const MultiPolygon& mp, double min_area_m2);
// A representative point that lies inside (for labels and tests).
LonLat InteriorPoint(const MultiPolygon& mp);
LonLat Centroid(const MultiPolygon& mp);

}  // namespace onegrid::geo
