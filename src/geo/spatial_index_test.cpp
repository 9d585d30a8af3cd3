#include "geo/spatial_index.hpp"

#include <gtest/gtest.h>

#include <random>

namespace onegrid::geo {
namespace {

double Xs(int i) { return 113.6 + i * 0.001; }
double Ys(int i) { return 34.7 + i * 0.001; }

// A 30 x 30 partition of squares (neighbours share their edge coordinates exactly) plus an
// L-shaped polygon with a hole, in code order.
std::vector<MultiPolygon> Tiles() {
  std::vector<MultiPolygon> out;
  for (int y = 0; y < 30; ++y) {
    for (int x = 0; x < 30; ++x) {
      out.push_back({{{{Xs(x), Ys(y)}, {Xs(x + 1), Ys(y)}, {Xs(x + 1), Ys(y + 1)}, {Xs(x), Ys(y + 1)},
                       {Xs(x), Ys(y)}},
                      {}}});
    }
  }
  Polygon l{{{113.7, 34.7}, {113.72, 34.7}, {113.72, 34.71}, {113.71, 34.71}, {113.71, 34.72},
             {113.7, 34.72}, {113.7, 34.7}},
            {{{113.702, 34.702}, {113.702, 34.704}, {113.704, 34.704}, {113.704, 34.702},
              {113.702, 34.702}}}};
  out.push_back({l});
  return out;
}

int BruteForce(const std::vector<MultiPolygon>& polys, LonLat p) {
  for (size_t i = 0; i < polys.size(); ++i) {
    if (Contains(polys[i], p)) return static_cast<int>(i);
  }
  return -1;
}

TEST(PolygonIndex, AgreesWithBruteForceEverywhere) {
  auto tiles = Tiles();
  PolygonIndex index(tiles);
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> lon(113.59, 113.73), lat(34.69, 34.73);
  for (int i = 0; i < 200000; ++i) {
    LonLat p{lon(rng), lat(rng)};
    ASSERT_EQ(index.Find(p), BruteForce(tiles, p)) << p.lon << "," << p.lat;
  }
}

TEST(PolygonIndex, SharedEdgesAndCornersResolveOneWay) {
  auto tiles = Tiles();
  PolygonIndex index(tiles);
  // On the edge between tile (3,5) and (4,5), on a corner of four tiles, on a vertical edge.
  for (LonLat p : {LonLat{Xs(4), 34.7055}, LonLat{Xs(4), Ys(5)}, LonLat{113.6105, Ys(10)}}) {
    int first = index.Find(p);
    ASSERT_GE(first, 0);
    EXPECT_EQ(first, BruteForce(tiles, p));
    for (int i = 0; i < 10; ++i) EXPECT_EQ(index.Find(p), first);
    int owners = 0;
    for (const auto& t : tiles) owners += Contains(t, p) ? 1 : 0;
    EXPECT_EQ(owners, 1) << "a shared boundary point belongs to exactly one tile";
  }
}

TEST(PolygonIndex, HolesAndOutsideAreNotFound) {
  PolygonIndex index(Tiles());
  EXPECT_EQ(index.Find({113.703, 34.703}), -1);  // in the hole
  EXPECT_EQ(index.Find({113.715, 34.715}), -1);  // in the L's notch
  EXPECT_EQ(index.Find({113.5, 34.7}), -1);      // west of everything
  EXPECT_EQ(index.Find({113.705, 34.701}), 900);  // in the L
  PolygonIndex empty({});
  EXPECT_EQ(empty.Find({113.7, 34.7}), -1);
}

}  // namespace
}  // namespace onegrid::geo
