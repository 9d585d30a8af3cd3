#include "areas/area_rules.hpp"

#include <gtest/gtest.h>

#include "areas/test_util.hpp"

#include "geo/measure.hpp"

namespace onegrid::areas {
namespace {

using testing::Box;

std::shared_ptr<const AreaMap> District() {
  return AreaMap::Build({Box("410104", AreaLevel::kDistrict, 113.0, 34.0, 114.0, 35.0)});
}

TEST(AreaRules, ATilingImportPasses) {
  std::vector<Area> streets = {Box("410104001000", AreaLevel::kStreet, 113.0, 34.0, 113.5, 35.0),
                               Box("410104002000", AreaLevel::kStreet, 113.5, 34.0, 114.0, 35.0)};
  EXPECT_TRUE(CheckImport(streets, *District(), {}).has_value());
}

TEST(AreaRules, EveryViolationIsReportedByCode) {
  std::vector<Area> streets = {
      Box("410104001000", AreaLevel::kStreet, 113.0, 34.0, 113.6, 35.0),  // overlaps 002 by 20 %
      Box("410104002000", AreaLevel::kStreet, 113.5, 34.0, 114.0, 35.0),
      Box("410104003000", AreaLevel::kStreet, 113.9, 34.9, 114.2, 35.0),  // 2/3 outside the district
      Box("410105001000", AreaLevel::kStreet, 113.0, 34.0, 113.1, 34.1),  // no such district
      Box("41010400X000", AreaLevel::kStreet, 113.0, 34.0, 113.1, 34.1),  // malformed code
  };
  auto r = CheckImport(streets, *District(), {.fraction = 0.01});
  ASSERT_FALSE(r.has_value());
  std::vector<std::string> messages;
  for (const auto& d : r.error().details) messages.push_back(d.field + " " + d.message);
  ASSERT_EQ(messages.size(), 1u) << "a malformed code stops the check before geometry";
  EXPECT_NE(messages[0].find("features[4] "), std::string::npos) << messages[0];

  streets.pop_back();
  r = CheckImport(streets, *District(), {.fraction = 0.01});
  ASSERT_FALSE(r.has_value());
  messages.clear();
  for (const auto& d : r.error().details) messages.push_back(d.field + " " + d.message);
  ASSERT_EQ(messages.size(), 4u) << ::testing::PrintToString(messages);
  EXPECT_NE(messages[0].find("features[0] 410104001000: overlaps its sibling 410104002000 by 20.00 %"),
            std::string::npos)
      << messages[0];
  EXPECT_NE(messages[1].find("features[1] 410104002000: overlaps its sibling 410104003000"),
            std::string::npos)
      << messages[1];
  EXPECT_NE(messages[2].find("features[2] 410104003000: lies 66.6"), std::string::npos) << messages[2];
  EXPECT_NE(messages[3].find("features[3] 410105001000: its parent 410105 does not exist"),
            std::string::npos)
      << messages[3];
  // Within a generous tolerance the overlap is accepted.
  std::vector<Area> two(streets.begin(), streets.begin() + 2);
  EXPECT_TRUE(CheckImport(two, *District(), {.fraction = 0.25}).has_value());
}

TEST(AreaRules, DuplicateCodesAreRefused) {
  std::vector<Area> streets = {Box("410104001000", AreaLevel::kStreet, 113.0, 34.0, 113.5, 35.0),
                               Box("410104001000", AreaLevel::kStreet, 113.5, 34.0, 114.0, 35.0)};
  auto r = CheckImport(streets, *District(), {});
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("appears more than once"), std::string::npos);
}

TEST(AreaRules, RedrawingAParentMustKeepItsChildren) {
  auto current = AreaMap::Build({Box("410104", AreaLevel::kDistrict, 113.0, 34.0, 114.0, 35.0),
                                 Box("410104001000", AreaLevel::kStreet, 113.0, 34.0, 113.5, 35.0),
                                 Box("410104001001", AreaLevel::kCommunity, 113.0, 34.0, 113.5, 34.5)});
  auto r = CheckImport({Box("410104001000", AreaLevel::kStreet, 113.0, 34.5, 113.5, 35.0)}, *current, {});
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("leaves its child 410104001001 100.00 % outside"), std::string::npos)
      << r.error().message;
  // Checked against current siblings too.
  auto s = CheckImport({Box("410104002000", AreaLevel::kStreet, 113.4, 34.0, 114.0, 35.0)}, *current, {});
  ASSERT_FALSE(s.has_value());
  EXPECT_NE(s.error().message.find("overlaps its sibling 410104001000"), std::string::npos);
}

}  // namespace
}  // namespace onegrid::areas
