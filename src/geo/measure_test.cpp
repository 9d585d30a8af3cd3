#include "geo/measure.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace onegrid::geo {
namespace {

// Vincenty's own test line: Flinders Peak to Buninyong, 54 972.271 m.
TEST(Measure, DistanceMatchesVincentysExample) {
  LonLat flinders{144 + 25 / 60.0 + 29.52440 / 3600, -(37 + 57 / 60.0 + 3.72030 / 3600)};
  LonLat buninyong{143 + 55 / 60.0 + 35.38390 / 3600, -(37 + 39 / 60.0 + 10.15610 / 3600)};
  EXPECT_NEAR(DistanceMeters(flinders, buninyong), 54972.271, 0.01);
}

// Exact area of a latitude-longitude quadrangle on the WGS84 ellipsoid (authalic formula).
double QuadrangleArea(double lon0, double lat0, double lon1, double lat1) {
  const double a = 6378137.0, f = 1 / 298.257223563, b = a * (1 - f);
  const double e = std::sqrt(f * (2 - f));
  auto q = [&](double lat) {
    double s = std::sin(lat * M_PI / 180);
    return s / (1 - e * e * s * s) + std::log((1 + e * s) / (1 - e * s)) / (2 * e);
  };
  return b * b * (lon1 - lon0) * M_PI / 180 / 2 * (q(lat1) - q(lat0));
}

TEST(Measure, AreaWithinATenthOfAPerMille) {
  for (double size : {0.001, 0.01, 0.1}) {  // about 100 m, 1 km, 10 km at Zhengzhou
    double lon0 = 113.7, lat0 = 34.7;
    Polygon p;
    p.outer = {{lon0, lat0}, {lon0 + size, lat0}, {lon0 + size, lat0 + size}, {lon0, lat0 + size},
               {lon0, lat0}};
    double want = QuadrangleArea(lon0, lat0, lon0 + size, lat0 + size);
    EXPECT_NEAR(AreaSquareMeters(p) / want, 1.0, 1e-4) << size;
    std::reverse(p.outer.begin(), p.outer.end());  // orientation does not matter
    EXPECT_NEAR(AreaSquareMeters(p) / want, 1.0, 1e-4) << size;
  }
}

TEST(Measure, HolesAreSubtracted) {
  Polygon p;
  p.outer = {{113.7, 34.7}, {113.72, 34.7}, {113.72, 34.72}, {113.7, 34.72}, {113.7, 34.7}};
  p.holes = {{{113.705, 34.705}, {113.705, 34.715}, {113.715, 34.715}, {113.715, 34.705},
              {113.705, 34.705}}};
  double outer = QuadrangleArea(113.7, 34.7, 113.72, 34.72);
  double hole = QuadrangleArea(113.705, 34.705, 113.715, 34.715);
  EXPECT_NEAR(AreaSquareMeters(p) / (outer - hole), 1.0, 1e-4);
}

}  // namespace
}  // namespace onegrid::geo
