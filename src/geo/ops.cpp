#include "geo/ops.hpp"

#include "geo/bg.hpp"
#include "geo/measure.hpp"

namespace onegrid::geo {

using namespace detail;

MultiPolygon Intersection(const MultiPolygon& a, const MultiPolygon& b) {
  BgMulti out;
  bg::intersection(ToBg(a), ToBg(b), out);
  return FromBg(out);
}

MultiPolygon Difference(const MultiPolygon& a, const MultiPolygon& b) {
  BgMulti out;
  bg::difference(ToBg(a), ToBg(b), out);
  return FromBg(out);
}

MultiPolygon Union(const MultiPolygon& a, const MultiPolygon& b) {
  BgMulti out;
  bg::union_(ToBg(a), ToBg(b), out);
  return FromBg(out);
}

MultiPolygon BoxPolygon(const BBox& box) {
  Polygon p;
  p.outer = {{box.min_lon, box.min_lat},
             {box.max_lon, box.min_lat},
             {box.max_lon, box.max_lat},
             {box.min_lon, box.max_lat},
             {box.min_lon, box.min_lat}};
  return {p};
}

bool CoveredBy(const MultiPolygon& a, const MultiPolygon& b) {
  return bg::covered_by(ToBg(a), ToBg(b));
}

double DistanceDegrees(const MultiPolygon& a, const MultiPolygon& b) {
  return bg::distance(ToBg(a), ToBg(b));
}

MultiPolygon Normalized(const MultiPolygon& mp) { return FromBg(ToBg(mp)); }

MultiPolygon WithoutSlivers(const MultiPolygon& mp, double min_area_m2) {
  MultiPolygon out;
  for (const auto& p : mp) {
    if (AreaSquareMeters(p) >= min_area_m2) out.push_back(p);
  }
  return out;
}

LonLat InteriorPoint(const MultiPolygon& mp) {
  BgPoint p(0, 0);
  bg::point_on_surface(ToBg(mp), p);
  return {p.x(), p.y()};
}

LonLat Centroid(const MultiPolygon& mp) {
  BgPoint p(0, 0);
  bg::centroid(ToBg(mp), p);
  return {p.x(), p.y()};
}

}  // namespace onegrid::geo
