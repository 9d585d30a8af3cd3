#include "areas/area.hpp"

#include <gtest/gtest.h>

#include "areas/test_util.hpp"

#include "areas/area_map.hpp"
#include "geo/measure.hpp"

namespace onegrid::areas {
namespace {

TEST(AreaCode, FormsByLevel) {
  EXPECT_TRUE(ValidateCode(AreaLevel::kDistrict, "410104", "code").has_value());
  EXPECT_TRUE(ValidateCode(AreaLevel::kStreet, "410104001000", "code").has_value());
  EXPECT_TRUE(ValidateCode(AreaLevel::kStreet, "410104570000", "code").has_value());
  EXPECT_TRUE(ValidateCode(AreaLevel::kCommunity, "410104001012", "code").has_value());
  EXPECT_TRUE(ValidateCode(AreaLevel::kGrid, "410104001012007", "code").has_value());
  EXPECT_TRUE(ValidateCode(AreaLevel::kGrid, "41010400101200A", "code").has_value());
  for (auto [level, code] : std::vector<std::pair<AreaLevel, const char*>>{
           {AreaLevel::kDistrict, "4101"},
           {AreaLevel::kDistrict, "410100"},  // a city, not a county
           {AreaLevel::kStreet, "410104000000"},
           {AreaLevel::kStreet, "410104001001"},  // a community code
           {AreaLevel::kStreet, "41010400100a"},
           {AreaLevel::kCommunity, "410104001000"},
           {AreaLevel::kGrid, "41010400101200"},  // the old 14-character scheme
           {AreaLevel::kGrid, "41010400101200a"},
           {AreaLevel::kGrid, "410104001000001"}}) {
    auto r = ValidateCode(level, code, "features[2].code");
    ASSERT_FALSE(r.has_value()) << code;
    EXPECT_EQ(r.error().field, "features[2].code");
  }
}

TEST(AreaCode, ParentsFollowFromCodes) {
  EXPECT_EQ(ParentCode(AreaLevel::kDistrict, "410104"), "");
  EXPECT_EQ(ParentCode(AreaLevel::kStreet, "410104003000"), "410104");
  EXPECT_EQ(ParentCode(AreaLevel::kCommunity, "410104003007"), "410104003000");
  EXPECT_EQ(ParentCode(AreaLevel::kGrid, "410104003007012"), "410104003007");
  EXPECT_EQ(ParseLevel("community"), AreaLevel::kCommunity);
  EXPECT_FALSE(ParseLevel("city").has_value());
}

using testing::Box;

TEST(AreaMap, LocatesTheWholeChain) {
  auto map = AreaMap::Build({
      Box("410104", AreaLevel::kDistrict, 113.0, 34.0, 114.0, 35.0),
      Box("410104001000", AreaLevel::kStreet, 113.0, 34.0, 113.5, 35.0),
      Box("410104002000", AreaLevel::kStreet, 113.5, 34.0, 114.0, 35.0),
      Box("410104001001", AreaLevel::kCommunity, 113.0, 34.0, 113.5, 34.5),
      Box("410104001001001", AreaLevel::kGrid, 113.0, 34.0, 113.25, 34.5),
  });
  auto c = map->Locate({113.1, 34.1});
  ASSERT_NE(c[3], nullptr);
  EXPECT_EQ(c[3]->code, "410104001001001");
  EXPECT_EQ(c[2]->code, "410104001001");
  EXPECT_EQ(c[1]->code, "410104001000");
  EXPECT_EQ(c[0]->code, "410104");
  // No grid there, but a street: the chain stops at the street.
  c = map->Locate({113.7, 34.7});
  EXPECT_EQ(c[3], nullptr);
  EXPECT_EQ(c[2], nullptr);
  EXPECT_EQ(c[1]->code, "410104002000");
  // Outside every district.
  c = map->Locate({115, 34.5});
  EXPECT_EQ(c[0], nullptr);
  EXPECT_EQ(map->Children("410104").size(), 2u);
  EXPECT_EQ(map->Find("410104002000")->level, AreaLevel::kStreet);
}

}  // namespace
}  // namespace onegrid::areas
