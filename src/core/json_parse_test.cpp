#include "core/json_parse.hpp"

#include <gtest/gtest.h>

#include <string>

namespace onegrid::core {
namespace {

std::string Nested(int levels, const std::string& inner = "1") {
  std::string s;
  for (int i = 0; i < levels; ++i) s += "{\"a\":";
  s += inner;
  for (int i = 0; i < levels; ++i) s += "}";
  return s;
}

TEST(ParseJson, ReadsWhatNlohmannReads) {
  auto j = ParseJson(
      R"({"kind":"event","location":{"lon":113.7,"lat":34.7},"ids":[1,2,3],"n":null,"b":true,"u":18446744073709551615})");
  ASSERT_TRUE(j.has_value()) << j.error().message;
  EXPECT_EQ((*j)["location"]["lat"], 34.7);
  EXPECT_EQ((*j)["ids"].size(), 3u);
  EXPECT_TRUE((*j)["u"].is_number_unsigned());
  EXPECT_TRUE(ParseJson("[]").has_value());
  EXPECT_TRUE(ParseJson("\"照片\"").has_value());
}

TEST(ParseJson, SixtyFourLevelsAndNoMore) {
  EXPECT_TRUE(ParseJson(Nested(64)).has_value());
  auto r = ParseJson(Nested(65));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().message, "is nested deeper than 64 levels");
  std::string path = "a";
  for (int i = 1; i < 64; ++i) path += ".a";
  EXPECT_EQ(r.error().field, path);
}

TEST(ParseJson, DeepArraysAreNamedByIndex) {
  std::string deep = R"({"description":"x","ids":[1,)";
  for (int i = 0; i < 100000; ++i) deep += "[";  // far beyond any stack a recursive walk would have
  auto r = ParseJson(deep);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "is nested deeper than 64 levels");
  EXPECT_EQ(r.error().field.substr(0, 13), "ids[1][0][0][");
  EXPECT_LE(r.error().field.size(), 200u);
}

TEST(ParseJson, RefusesNamesGivenTwice) {
  auto r = ParseJson(R"({"location":{"lon":1,"lat":2,"lon":3}})");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "is given twice");
  EXPECT_EQ(r.error().field, "location.lon");
  EXPECT_TRUE(
      ParseJson(R"({"a":{"x":1},"b":{"x":1}})").has_value());  // the same name in two objects
}

TEST(ParseJson, RefusesNumbersThatAreNotFinite) {
  auto r = ParseJson(R"({"location":{"lon":1e309}})");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, "location.lon");
  EXPECT_EQ(r.error().message, "must be a finite number, not 1e309");
  EXPECT_EQ(ParseJson(R"({"ids":[1,-1e999]})").error().field, "ids[1]");
  EXPECT_FALSE(ParseJson(R"({"x":NaN})").has_value());
  EXPECT_FALSE(ParseJson(R"({"x":Infinity})").has_value());
}

TEST(ParseJson, SyntaxErrorsGiveTheByte) {
  auto r = ParseJson(R"({"a":)");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().message.rfind("malformed JSON at byte ", 0), 0u) << r.error().message;
  EXPECT_EQ(r.error().field, "");
  EXPECT_FALSE(ParseJson("").has_value());
  EXPECT_FALSE(ParseJson("{} {}").has_value());
  EXPECT_FALSE(ParseJson("{\"a\":\"\xFF\"}").has_value());        // not UTF-8
  EXPECT_FALSE(ParseJson("{\"a\":\"\xE7\x85\"}").has_value());    // 照 cut short
  EXPECT_FALSE(ParseJson(R"({"a":"\ud800"})").has_value());       // a lone surrogate
  EXPECT_TRUE(ParseJson(R"({"a":"\ud83d\ude00"})").has_value());  // a pair
}

}  // namespace
}  // namespace onegrid::core
