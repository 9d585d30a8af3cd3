#include "routing/rules.hpp"

#include <gtest/gtest.h>

namespace onegrid::routing {
namespace {

using nlohmann::json;

// A world of one street with a community and a grid, and four units.
World TestWorld() {
  return {.area_level =
              [](const std::string& code) {
                if (code == "410104") return 1;
                if (code == "410104001000" || code == "410104002000") return 2;
                if (code == "410104001001") return 3;
                if (code == "410104001001001") return 4;
                return 0;
              },
          .within =
              [](const std::string& inner, const std::string& outer) {
                if (outer == "410104") return inner != "410104";
                if (outer == "410104001000") return inner.rfind("410104001001", 0) == 0;
                if (outer == "410104001001") return inner == "410104001001001";
                return false;
              },
          .unit_exists = [](const std::string& u) { return u == "CGJ" || u == "HW" || u == "ZJJ" || u == "JD001"; }};
}

cases::Case Garbage(const std::string& grid = "410104001001001") {
  cases::Case c;
  c.kind = cases::Kind::kEvent;
  c.category_kind = cases::CategoryKind::kMatter;
  c.category_code = "06010";
  c.district_code = "410104";
  c.street_code = grid.substr(0, 9) + "000";
  c.community_code = grid.size() >= 12 ? grid.substr(0, 12) : "";
  c.grid_code = grid;
  c.source = cases::Source::kHotline;
  return c;
}

json Set(std::vector<json> rules) { return {{"rules", rules}}; }

TEST(Routing, TheMostSpecificRuleWins) {
  auto s = ParseRuleSet(Set({{{"name", "城管兜底"}, {"lead_unit", "CGJ"}},
                             {{"name", "市容类"}, {"category", "matter:06"}, {"lead_unit", "HW"}},
                             {{"name", "北下街暴露垃圾"}, {"category", "matter:06010"}, {"area", "410104001000"},
                              {"lead_unit", "JD001"}, {"assist_units", {"HW"}}, {"auto_dispatch", true}},
                             {{"name", "夜间"}, {"window", "22:00-06:00"}, {"category", "matter:06"},
                              {"urgency", "urgent"}, {"lead_unit", "ZJJ"}}}),
                        TestWorld());
  ASSERT_TRUE(s.has_value()) << s.error().field << ": " << s.error().message;
  auto c = Garbage();
  EXPECT_EQ(Route(*s, c, 600).rule->name, "北下街暴露垃圾");   // category 2 + street 2
  EXPECT_TRUE(Route(*s, c, 600).rule->auto_dispatch);
  EXPECT_EQ(Route(*s, Garbage("410104002000"), 600).rule->name, "市容类");  // the other street
  c.category_code = "09009";
  EXPECT_EQ(Route(*s, c, 600).rule->name, "城管兜底");
  c.category_code = "06011";
  c.urgency = cases::Urgency::kUrgent;
  EXPECT_EQ(Route(*s, c, 23 * 60).rule->name, "夜间");      // across midnight
  EXPECT_EQ(Route(*s, c, 12 * 60).rule->name, "市容类");
  EXPECT_EQ(Mismatch(s->rules[3], c, 12 * 60), "the time of day lies outside 22:00-06:00");
  EXPECT_EQ(Mismatch(s->rules[2], c, 600), "the category is matter:06011");
  EXPECT_EQ(Mismatch(s->rules[1], c, 600), "");
  auto none = ParseRuleSet(Set({{{"name", "市容类"}, {"category", "matter:06"}, {"lead_unit", "HW"}}}), TestWorld());
  c.category_code = "09009";
  EXPECT_EQ(Route(*none, c, 600).rule, nullptr);  // 属地兜底 is the service's
  auto again = ParseRuleSet(RuleSetJson(*s), TestWorld());
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(RuleSetJson(*again), RuleSetJson(*s));
}

TEST(Routing, EquallySpecificRulesThatCanMeetAreRefused) {
  // A code in the street and its class in a community: 2+2 and 1+3, both can match one case.
  auto r = ParseRuleSet(Set({{{"name", "a"}, {"category", "matter:06010"}, {"area", "410104001000"}, {"lead_unit", "HW"}},
                             {{"name", "b"}, {"category", "matter:06"}, {"area", "410104001001"}, {"lead_unit", "JD001"}}}),
                        TestWorld());
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, "rules[1]");
  EXPECT_NE(r.error().message.find("rules[0] (a)"), std::string::npos);
  // The same two naming the same unit, or in two streets that cannot meet, are fine.
  EXPECT_TRUE(ParseRuleSet(Set({{{"name", "a"}, {"category", "matter:06010"}, {"area", "410104001000"}, {"lead_unit", "HW"}},
                                {{"name", "b"}, {"category", "matter:06"}, {"area", "410104001001"}, {"lead_unit", "HW"}}}),
                           TestWorld()).has_value());
  EXPECT_TRUE(ParseRuleSet(Set({{{"name", "a"}, {"area", "410104001000"}, {"lead_unit", "HW"}},
                                {{"name", "b"}, {"area", "410104002000"}, {"lead_unit", "JD001"}}}),
                           TestWorld()).has_value());
  EXPECT_TRUE(ParseRuleSet(Set({{{"name", "day"}, {"window", "08:00-18:00"}, {"lead_unit", "HW"}},
                                {{"name", "night"}, {"window", "18:00-08:00"}, {"lead_unit", "JD001"}}}),
                           TestWorld()).has_value());
  EXPECT_FALSE(ParseRuleSet(Set({{{"name", "day"}, {"window", "08:00-18:00"}, {"lead_unit", "HW"}},
                                 {{"name", "eve"}, {"window", "17:00-20:00"}, {"lead_unit", "JD001"}}}),
                            TestWorld()).has_value());
}

TEST(Routing, BadRulesNameTheField) {
  struct Case {
    json rule;
    std::string field;
  } cases[] = {
      {{{"lead_unit", "HW"}}, "rules[0].name"},
      {{{"name", "x"}}, "rules[0].lead_unit"},
      {{{"name", "x"}, {"lead_unit", "NOPE"}}, "rules[0].lead_unit"},
      {{{"name", "x"}, {"lead_unit", "HW"}, {"assist_units", {"HW"}}}, "rules[0].assist_units[0]"},
      {{{"name", "x"}, {"lead_unit", "HW"}, {"assist_units", {"CGJ", "CGJ"}}}, "rules[0].assist_units[1]"},
      {{{"name", "x"}, {"lead_unit", "HW"}, {"assist_units", {"NOPE"}}}, "rules[0].assist_units[0]"},
      {{{"name", "x"}, {"lead_unit", "HW"}, {"category", "matter:99999"}}, "rules[0].category"},
      {{{"name", "x"}, {"lead_unit", "HW"}, {"area", "999999"}}, "rules[0].area"},
      {{{"name", "x"}, {"lead_unit", "HW"}, {"kind", "rumour"}}, "rules[0].kind"},
      {{{"name", "x"}, {"lead_unit", "HW"}, {"urgency", "soon"}}, "rules[0].urgency"},
      {{{"name", "x"}, {"lead_unit", "HW"}, {"source", "pigeon"}}, "rules[0].source"},
      {{{"name", "x"}, {"lead_unit", "HW"}, {"window", "8-18"}}, "rules[0].window"},
      {{{"name", "x"}, {"lead_unit", "HW"}, {"auto_dispatch", "yes"}}, "rules[0].auto_dispatch"},
      {{{"name", "x"}, {"lead_unit", "HW"}, {"priority", 1}}, "rules[0].priority"},
  };
  for (const auto& c : cases) {
    auto r = ParseRuleSet(Set({c.rule}), TestWorld());
    ASSERT_FALSE(r.has_value()) << c.rule.dump();
    EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().field, c.field) << c.rule.dump() << ": " << r.error().message;
  }
  auto dup = ParseRuleSet(Set({{{"name", "x"}, {"lead_unit", "HW"}}, {{"name", "x"}, {"lead_unit", "HW"}, {"area", "410104"}}}),
                          TestWorld());
  EXPECT_EQ(dup.error().field, "rules[1].name");
}

TEST(Routing, DuplicateRulesPickTheMostSpecificCategory) {
  auto set = ParseRuleSet({{"rules", json::array()},
                           {"duplicates", {{{"category", "*"}, {"radius_m", 30}, {"window_hours", 24}},
                                           {{"category", "matter:09"}, {"radius_m", 80}, {"match", "class"}},
                                           {{"category", "matter:09009"}, {"radius_m", 120}}}}},
                          TestWorld());
  ASSERT_TRUE(set.has_value()) << set.error().message;
  EXPECT_EQ(DuplicateRuleFor(*set, cases::CategoryKind::kMatter, "09009").radius_m, 120);
  EXPECT_FALSE(DuplicateRuleFor(*set, cases::CategoryKind::kMatter, "09009").same_class);
  EXPECT_TRUE(DuplicateRuleFor(*set, cases::CategoryKind::kMatter, "09001").same_class);
  EXPECT_EQ(DuplicateRuleFor(*set, cases::CategoryKind::kMatter, "06001").window_hours, 24);
  EXPECT_EQ(DuplicateRuleFor(RuleSet{}, cases::CategoryKind::kMatter, "06001"), kDefaultDuplicates);
  EXPECT_EQ(kDefaultDuplicates.radius_m, 50);
  EXPECT_EQ(kDefaultDuplicates.window_hours, 72);
  // It survives the round trip through its JSON.
  auto again = ParseRuleSet(RuleSetJson(*set), TestWorld());
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->duplicates, set->duplicates);
  auto bad = ParseRuleSet({{"rules", json::array()}, {"duplicates", {{{"category", "matter:09"}, {"color", 1}}}}},
                          TestWorld());
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().field, "duplicates[0].color");
  bad = ParseRuleSet({{"rules", json::array()}, {"duplicates", {{{"category", "matter:99"}}}}}, TestWorld());
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().field, "duplicates[0].category");
  bad = ParseRuleSet({{"rules", json::array()}, {"duplicates", "50m"}}, TestWorld());
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().field, "duplicates");
  bad = ParseRuleSet({{"rules", json::array()}, {"extra", 1}}, TestWorld());
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().field, "extra");
}

}  // namespace
}  // namespace onegrid::routing
