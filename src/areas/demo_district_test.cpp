#include "areas/demo_district.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "areas/area_map.hpp"
#include "areas/area_rules.hpp"
#include "geo/measure.hpp"
#include "geo/validate.hpp"

namespace onegrid::areas {
namespace {

std::string Data(const std::string& rel) {
  std::ifstream in(std::string(ONEGRID_SOURCE_DIR) + "/data/" + rel);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

core::Result<DemoDistrict> Build() {
  static const std::string d = Data("boundaries/guancheng_410104_wgs84.geojson");
  static const std::string t = Data("boundaries/guancheng_townships_2000s_wgs84.geojson");
  static const std::string c = Data("boundaries/guancheng_streets_codes_2022.json");
  return BuildDemoDistrict({d, t, c}, core::Instant{});
}

// Built once per process; each test asserts it was, so a failure fails every test (a failure
// in SetUpTestSuite would only skip them).
class DemoDistrictTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static const auto built = Build();
    ASSERT_TRUE(built.has_value()) << built.error().message;
    static const auto map = AreaMap::Build(built->areas);
    demo_ = &*built;
    map_ = &map;
  }
  const DemoDistrict* demo_ = nullptr;
  const std::shared_ptr<const AreaMap>* map_ = nullptr;
};

TEST_F(DemoDistrictTest, HasTheExpectedShape) {
  std::map<AreaLevel, int> count;
  std::set<std::string> codes;
  for (const auto& a : demo_->areas) {
    ++count[a.level];
    EXPECT_TRUE(codes.insert(a.code).second) << a.code;
    EXPECT_TRUE(ValidateCode(a.level, a.code, "code").has_value()) << a.code;
    EXPECT_GT(a.area_m2, 0) << a.code;
  }
  EXPECT_EQ(count[AreaLevel::kDistrict], 1);
  EXPECT_EQ(count[AreaLevel::kStreet], 12);
  EXPECT_GT(count[AreaLevel::kCommunity], 150);
  EXPECT_GT(count[AreaLevel::kGrid], 15000);
  EXPECT_LT(count[AreaLevel::kGrid], 30000);
  // 管城回族区 covers about 204 km².
  double district = (*map_)->Find("410104")->area_m2;
  EXPECT_GT(district, 180e6);
  EXPECT_LT(district, 230e6);
}

TEST_F(DemoDistrictTest, EachLevelTilesItsParent) {
  std::map<std::string, double> sum;
  for (const auto& a : demo_->areas) sum[a.parent_code] += a.area_m2;
  for (const auto& a : demo_->areas) {
    if (a.level == AreaLevel::kGrid) continue;
    ASSERT_TRUE(sum.contains(a.code)) << a.code << " has no children";
    EXPECT_NEAR(sum[a.code] / a.area_m2, 1.0, 1e-4) << a.code;
  }
}

TEST_F(DemoDistrictTest, PassesTheImportRulesAndIsValid) {
  // Everything the import path would refuse, checked on the product's own output.
  auto empty = AreaMap::Build({});
  EXPECT_TRUE(CheckImport(demo_->areas, *empty, {.fraction = 0.001}).has_value());
  for (const auto& a : demo_->areas) {
    if (a.level == AreaLevel::kGrid) continue;
    EXPECT_FALSE(geo::ValidationFault(a.geometry).has_value()) << a.code;
  }
}

TEST_F(DemoDistrictTest, GridsAreNumberedWestToEastThenNorthToSouth) {
  auto grids = (*map_)->Children("410104001001");
  ASSERT_GT(grids.size(), 3u);
  auto first = geo::BoundsOf(grids[0]->geometry), second = geo::BoundsOf(grids[1]->geometry);
  EXPECT_EQ(grids[0]->code, "410104001001001");
  EXPECT_GE(first.max_lat, second.max_lat - 1e-9);  // not further south
  if (std::abs(first.max_lat - second.max_lat) < 1e-9) {
    EXPECT_LT(first.min_lon, second.min_lon);
  }
}

TEST_F(DemoDistrictTest, LocatesPointsDeepInsideTheTownships) {
  // For each township, the point farthest (at least ~200 m) from the edges of the township, of
  // the district and of every other township, found by a separate script, not by onegrid.
  struct Case {
    double lon, lat;
    const char* street;
  };
  for (const auto& c : std::vector<Case>{{113.67670, 34.75471, "410104001000"},  // 北下街
                                         {113.66905, 34.75550, "410104002000"},  // 西大街
                                         {113.67874, 34.74801, "410104003000"},  // 南关街
                                         {113.75884, 34.75454, "410104004000"},  // 城东路
                                         {113.69136, 34.74925, "410104005000"},  // 东大街
                                         {113.77211, 34.74079, "410104006000"},  // 二里岗
                                         {113.67972, 34.73745, "410104007000"},  // 陇海马路
                                         {113.70666, 34.72332, "410104008000"},  // 紫荆山南路
                                         {113.71228, 34.68033, "410104010000"},  // 十八里河
                                         {113.76805, 34.67782, "410104011000"},  // 南曹
                                         {113.81616, 34.72707, "410104202000"},  // 圃田
                                         {113.73992, 34.73749, "410104570000"}}) {  // 商都路
    auto chain = (*map_)->Locate({c.lon, c.lat});
    if (chain[1] == nullptr) {
      ADD_FAILURE() << c.street << " point is not in any street";
      continue;
    }
    EXPECT_EQ(chain[1]->code, c.street) << chain[1]->name;
    ASSERT_NE(chain[3], nullptr) << c.street;
    EXPECT_EQ(chain[3]->code.substr(0, 9), std::string(c.street).substr(0, 9));
    EXPECT_EQ(chain[0]->code, "410104");
  }
  EXPECT_EQ((*map_)->Locate({113.62, 34.75})[0], nullptr);  // 二七区, outside
}

TEST_F(DemoDistrictTest, EveryPointOfTheDistrictHasAGrid) {
  auto district = (*map_)->Find("410104");
  auto box = geo::BoundsOf(district->geometry);
  int inside = 0, with_grid = 0;
  for (int i = 0; i < 200; ++i) {
    for (int j = 0; j < 200; ++j) {
      geo::LonLat p{box.min_lon + (box.max_lon - box.min_lon) * (i + 0.5) / 200,
                    box.min_lat + (box.max_lat - box.min_lat) * (j + 0.5) / 200};
      auto chain = (*map_)->Locate(p);
      if (chain[0] == nullptr) continue;
      ++inside;
      with_grid += chain[3] != nullptr ? 1 : 0;
    }
  }
  EXPECT_GT(inside, 10000);
  EXPECT_EQ(with_grid, inside);
}

TEST_F(DemoDistrictTest, IsRepeatable) {
  auto again = Build();
  ASSERT_EQ(again->areas.size(), demo_->areas.size());
  for (std::size_t i = 0; i < demo_->areas.size(); i += 97) {
    EXPECT_EQ(again->areas[i].code, demo_->areas[i].code);
    EXPECT_EQ(again->areas[i].geometry, demo_->areas[i].geometry);
  }
}

}  // namespace
}  // namespace onegrid::areas
