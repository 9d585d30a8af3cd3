#include "sla/policy.hpp"

#include <gtest/gtest.h>

namespace onegrid::sla {
namespace {

using cases::Step;
using nlohmann::json;

TEST(Limits, ParseAndFormat) {
  for (const char* text : {"30m", "2h", "30wm", "4wh", "2wd"}) {
    auto l = ParseLimit(text, "x");
    ASSERT_TRUE(l.has_value()) << text;
    EXPECT_EQ(FormatLimit(*l), text);
  }
  EXPECT_TRUE(ParseLimit("2h", "x")->wall());
  EXPECT_FALSE(ParseLimit("2wh", "x")->wall());
  for (const char* bad : {"", "h", "2", "2 h", "2y", "0wh", "-1h", "1234567wh"}) {
    auto l = ParseLimit(bad, "limits.handle");
    ASSERT_FALSE(l.has_value()) << bad;
    EXPECT_EQ(l.error().field, "limits.handle");
  }
}

TEST(PolicySet, TheSeededSetIsValidAndRoundTrips) {
  auto s = ParsePolicySet(DefaultPolicySet());
  ASSERT_TRUE(s.has_value()) << s.error().message;
  auto again = ParsePolicySet(PolicySetJson(*s));
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(PolicySetJson(*again), PolicySetJson(*s));
}

TEST(PolicySet, TheMostSpecificPolicyWinsPerStep) {
  auto s = *ParsePolicySet(DefaultPolicySet());
  cases::Case c;
  c.category_kind = cases::CategoryKind::kMatter;
  c.category_code = "06010";
  c.street_code = "410104001000";
  EXPECT_EQ(Resolve(s, c, Step::kHandle).policy->name, "暴露垃圾");
  EXPECT_EQ(FormatLimit(Resolve(s, c, Step::kHandle).limit), "4wh");
  EXPECT_EQ(Resolve(s, c, Step::kAccept).policy->name, "一般案件");  // no accept limit of its own
  EXPECT_EQ(FormatLimit(Resolve(s, c, Step::kNone).limit), "5wd");
  c.urgency = cases::Urgency::kUrgent;
  EXPECT_EQ(Resolve(s, c, Step::kHandle).policy->name, "紧急案件");
  c.urgency = cases::Urgency::kNormal;
  c.street_code = "410104202000";  // class C
  EXPECT_EQ(AreaClassOf(s, c), "C");
  EXPECT_EQ(FormatLimit(Resolve(s, c, Step::kCheck).limit), "2wh");
  EXPECT_EQ(FormatLimit(Resolve(s, c, Step::kHandle).limit), "4wh");
}

TEST(PolicySet, BadSetsNameTheField) {
  struct Case {
    std::function<void(json&)> spoil;
    std::string field;
  } cases[] = {
      {[](json& j) { j["extra"] = 1; }, "extra"},
      {[](json& j) { j.erase("escalate_after"); }, "escalate_after"},
      {[](json& j) { j["default_area_class"] = "D"; }, "default_area_class"},
      {[](json& j) { j["default_area_class"] = 3; }, "default_area_class"},  // was ".default_area_class"
      {[](json& j) { j["area_classes"]["410104001000"] = "Z"; }, "area_classes.410104001000"},
      {[](json& j) { j["policies"][3]["name"] = "一般案件"; }, "policies[3].name"},
      {[](json& j) { j["policies"][3]["category"] = "matter:99999"; }, "policies[3].category"},
      {[](json& j) { j["policies"][3]["urgency"] = "soon"; }, "policies[3].urgency"},
      {[](json& j) { j["policies"][3]["limits"]["nap"] = "1h"; }, "policies[3].limits.nap"},
      {[](json& j) { j["policies"][3]["limits"]["handle"] = "4 hours"; }, "policies[3].limits.handle"},
      {[](json& j) { j["policies"][4]["category"] = "matter:06010"; }, "policies[4]"},
      {[](json& j) { j["policies"][0]["limits"].erase("sign"); }, "policies"},
      {[](json& j) { j["policies"][0].erase("whole"); }, "policies"},
      {[](json& j) { j["policies"].erase(0); }, "policies"},
  };
  for (const auto& c : cases) {
    json j = DefaultPolicySet();
    c.spoil(j);
    auto r = ParsePolicySet(j);
    ASSERT_FALSE(r.has_value()) << c.field;
    EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().field, c.field) << r.error().message;
  }
}

}  // namespace
}  // namespace onegrid::sla
