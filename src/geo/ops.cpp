#include "geo/ops.hpp"

#include <cmath>
#include <limits>

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

namespace {

BgMulti Snapped(const BgMulti& g, double step) {
  BgMulti out = g;
  bg::for_each_point(out, [step](BgPoint& p) {
    p.x(std::round(p.x() / step) * step);
    p.y(std::round(p.y() / step) * step);
  });
  bg::correct(out);
  return out;
}

}  // namespace

// Boost 1.74's overlay can, on rare nearly collinear inputs, return a union that lost a whole
// operand. The result is checked by area (a union is at least as large as either operand and
// at most their sum); on failure the inputs are snapped to a 1e-9° (0.1 mm) grid and tried
// again, then to 1e-8°; should both fail, the operands are kept side by side, which is exact
// for the disjoint pieces the callers join.
MultiPolygon Union(const MultiPolygon& a, const MultiPolygon& b) {
  if (a.empty()) return Normalized(b);
  if (b.empty()) return Normalized(a);
  BgMulti ga = ToBg(a), gb = ToBg(b);
  double area_a = bg::area(ga), area_b = bg::area(gb);
  auto plausible = [&](const BgMulti& u) {
    double area_u = bg::area(u);
    return area_u >= std::max(area_a, area_b) * (1 - 1e-9) &&
           area_u <= (area_a + area_b) * (1 + 1e-9);
  };
  BgMulti out;
  bg::union_(ga, gb, out);
  for (double step : {1e-9, 1e-8}) {
    if (plausible(out)) return FromBg(out);
    out.clear();
    bg::union_(Snapped(ga, step), Snapped(gb, step), out);
  }
  if (plausible(out)) return FromBg(out);
  MultiPolygon joined = Normalized(a);
  for (const auto& p : Normalized(b)) joined.push_back(p);
  return joined;
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
  if (a.empty() || b.empty()) return std::numeric_limits<double>::infinity();
  return bg::distance(ToBg(a), ToBg(b));
}

double DistanceDegrees(LonLat p, const MultiPolygon& mp) {
  if (mp.empty()) return std::numeric_limits<double>::infinity();
  return bg::distance(BgPoint(p.lon, p.lat), ToBg(mp));
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
