#include "geo/crs.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "geo/measure.hpp"

namespace onegrid::geo {
namespace {

std::string SharedData(const std::string& rel) {
  std::ifstream in(std::string(ONEGRID_SOURCE_DIR) + "/../shared/data/" + rel);
  EXPECT_TRUE(in.good()) << "cannot read shared/data/" << rel;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Published pairs of the widely used coordtransform library (its README), Tiananmen area.
TEST(Crs, ForwardTransformsMatchPublishedPairs) {
  LonLat p{116.404, 39.915};
  auto gcj = Wgs84ToGcj02(p);
  EXPECT_NEAR(gcj.lon, 116.41024449916938, 1e-9);
  EXPECT_NEAR(gcj.lat, 39.91640428150164, 1e-9);
  auto bd = Gcj02ToBd09(p);
  EXPECT_NEAR(bd.lon, 116.41036949371029, 1e-9);
  EXPECT_NEAR(bd.lat, 39.92133699351022, 1e-9);
}

TEST(Crs, InversesAreExactToWellUnderHalfAMetre) {
  // coordtransform's one-step inverses are approximate (metres); ours must land within 2 m of
  // them and, more strictly, map back onto the input to a millimetre.
  LonLat p{116.404, 39.915};
  auto wgs = Gcj02ToWgs84(p);
  EXPECT_LT(DistanceMeters(wgs, {116.39775550083061, 39.91359571849836}), 2.0);
  EXPECT_LT(DistanceMeters(Wgs84ToGcj02(wgs), p), 0.001);
  auto gcj = Bd09ToGcj02(p);
  EXPECT_LT(DistanceMeters(gcj, {116.39762729119315, 39.90865673957631}), 2.0);
  EXPECT_LT(DistanceMeters(Gcj02ToBd09(gcj), p), 0.001);
  for (double lon = 113.5; lon <= 113.9; lon += 0.05) {
    for (double lat = 34.55; lat <= 34.85; lat += 0.05) {
      LonLat q{lon, lat};
      for (Crs c : {Crs::kGcj02, Crs::kBd09}) {
        EXPECT_LT(DistanceMeters(FromWgs84(ToWgs84(q, c), c), q), 0.001);
        EXPECT_LT(DistanceMeters(ToWgs84(FromWgs84(q, c), c), q), 0.001);
      }
    }
  }
}

TEST(Crs, AgreesWithTheDistrictFilesConvertedIndependently) {
  // shared/data has Zhengzhou's districts in GCJ-02 and, converted by another implementation,
  // in WGS84 (about 1 m accurate): vertex pairs from a real map.
  auto gcj = nlohmann::json::parse(SharedData("boundaries/zhengzhou_districts_gcj02.json"));
  auto wgs = nlohmann::json::parse(SharedData("boundaries/zhengzhou_districts_wgs84.geojson"));
  ASSERT_EQ(gcj["features"].size(), wgs["features"].size());
  int compared = 0;
  double worst = 0;
  for (size_t f = 0; f < gcj["features"].size(); ++f) {
    const auto& a = gcj["features"][f]["geometry"]["coordinates"][0][0];
    const auto& b = wgs["features"][f]["geometry"]["coordinates"][0][0];
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); i += 7) {
      LonLat ours = Gcj02ToWgs84({a[i][0].get<double>(), a[i][1].get<double>()});
      worst = std::max(worst, DistanceMeters(ours, {b[i][0].get<double>(), b[i][1].get<double>()}));
      ++compared;
    }
  }
  EXPECT_GT(compared, 100);
  EXPECT_LT(worst, 1.5);
}

TEST(Crs, OutsideChinaNothingMoves) {
  LonLat sf{-122.4194, 37.7749};
  EXPECT_EQ(Wgs84ToGcj02(sf), sf);
  EXPECT_EQ(Gcj02ToWgs84(sf), sf);
}

TEST(Crs, Names) {
  EXPECT_EQ(ParseCrs("gcj02"), Crs::kGcj02);
  EXPECT_EQ(ParseCrs("bd09"), Crs::kBd09);
  EXPECT_EQ(ParseCrs("wgs84"), Crs::kWgs84);
  EXPECT_FALSE(ParseCrs("WGS84").has_value());
  EXPECT_EQ(CrsName(Crs::kBd09), "bd09");
}

}  // namespace
}  // namespace onegrid::geo
