#include "geo/geojson.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "geo/validate.hpp"

namespace onegrid::geo {
namespace {

std::string Collection(const std::string& geometry, const std::string& code = "410104001000") {
  return R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":")" +
         code + R"("},"geometry":)" + geometry + "}]}";
}

const char* kSquare =
    R"({"type":"Polygon","coordinates":[[[113.7,34.7],[113.71,34.7],[113.71,34.71],[113.7,34.71],[113.7,34.7]]]})";

TEST(GeoJson, ReadsPolygonsAndMultiPolygons) {
  auto fc = ReadFeatureCollection(Collection(kSquare), "code");
  ASSERT_TRUE(fc.has_value()) << fc.error().message;
  ASSERT_EQ(fc->size(), 1u);
  EXPECT_EQ((*fc)[0].properties["code"], "410104001000");
  EXPECT_EQ((*fc)[0].geometry[0].outer.size(), 5u);
  auto multi = ReadFeatureCollection(
      Collection(R"({"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[2,2],[3,2],[3,3],[2,2]]]]})"),
      "code");
  ASSERT_TRUE(multi.has_value()) << multi.error().message;
  EXPECT_EQ((*multi)[0].geometry.size(), 2u);
}

TEST(GeoJson, WritesRoundTrip) {
  auto fc = ReadFeatureCollection(Collection(kSquare), "code");
  auto j = WriteGeometry((*fc)[0].geometry);
  EXPECT_EQ(j["type"], "Polygon");
  auto again = ReadGeometry(j, "g");
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(*again, (*fc)[0].geometry);
}

struct FaultCase {
  const char* name;
  std::string geometry;
  std::string message;  // a part of the expected message
  std::string field;
};

TEST(GeoJson, EachFaultIsNamedWithItsFeature) {
  std::vector<FaultCase> cases = {
      {"unclosed", R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]})",
       "outer ring is not closed", "features[0].geometry"},
      {"too few", R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]})",
       "outer ring has 3 positions; a ring needs at least 4", "features[0].geometry"},
      {"bowtie", R"({"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]})",
       "self-intersection", "features[0].geometry"},
      {"longitude", R"({"type":"Polygon","coordinates":[[[0,0],[181,0],[1,1],[0,0]]]})",
       "position 2 is out of range", "features[0].geometry"},
      {"latitude", R"({"type":"Polygon","coordinates":[[[0,0],[1,-91],[1,1],[0,0]]]})",
       "position 2 is out of range", "features[0].geometry"},
      {"not a number", R"({"type":"Polygon","coordinates":[[[0,0],[1,"x"],[1,1],[0,0]]]})",
       "position 2 must be [longitude, latitude] numbers", "features[0].geometry.coordinates[0]"},
      {"hole outside",
       R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]],[[2,2],[2,3],[3,3],[3,2],[2,2]]]})",
       "wrong nesting: a hole lies outside its polygon", "features[0].geometry"},
      {"overlapping parts",
       R"({"type":"MultiPolygon","coordinates":[[[[0,0],[2,0],[2,2],[0,2],[0,0]]],[[[1,1],[3,1],[3,3],[1,3],[1,1]]]]})",
       "wrong nesting: polygons of the multipolygon overlap", "features[0].geometry"},
      {"point", R"({"type":"Point","coordinates":[0,0]})", "must be a Polygon or MultiPolygon",
       "features[0].geometry"},
  };
  for (const auto& c : cases) {
    auto r = ReadFeatureCollection(Collection(c.geometry), "code");
    ASSERT_FALSE(r.has_value()) << c.name;
    EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument) << c.name;
    EXPECT_EQ(r.error().field, c.field) << c.name;
    EXPECT_NE(r.error().message.find("feature 1 (410104001000): "), std::string::npos)
        << c.name << ": " << r.error().message;
    EXPECT_NE(r.error().message.find(c.message), std::string::npos)
        << c.name << ": " << r.error().message;
  }
}

TEST(GeoJson, NotANumberIsCaught) {
  MultiPolygon mp{{{{0, 0}, {1, 0}, {std::nan(""), 1}, {0, 0}}, {}}};
  auto fault = ValidationFault(mp);
  ASSERT_TRUE(fault.has_value());
  EXPECT_NE(fault->find("position 3 is not a finite number"), std::string::npos) << *fault;
}

TEST(GeoJson, EveryBadFeatureIsListed) {
  std::string text = R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"code":"A"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}},
    {"type":"Feature","properties":{"code":"B"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},
    {"type":"Feature","properties":{"code":"C"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}},
    {"type":"Feature","properties":{"code":"D"}}]})";
  auto r = ReadFeatureCollection(text, "code");
  ASSERT_FALSE(r.has_value());
  ASSERT_EQ(r.error().details.size(), 3u);
  EXPECT_NE(r.error().details[0].message.find("feature 1 (A)"), std::string::npos);
  EXPECT_NE(r.error().details[1].message.find("feature 3 (C)"), std::string::npos);
  EXPECT_EQ(r.error().details[2].field, "features[3]");
}

TEST(GeoJson, DocumentErrors) {
  EXPECT_NE(ReadFeatureCollection("{", "code").error().message.find("malformed JSON"), std::string::npos);
  EXPECT_NE(ReadFeatureCollection("[]", "code").error().message.find("FeatureCollection"),
            std::string::npos);
}

// Found by the fuzzer (fuzz/corpus/area_import/type_not_a_string): a "type" that is not a string
// threw from nlohmann's value(), a 500 for a bad import instead of a 400 naming the feature.
TEST(GeoJson, ATypeThatIsNotAStringIsRefusedByField) {
  auto r = ReadFeatureCollection(R"({"type":"FeatureCollection","features":[
      {"type":{"code":"410104007000"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]})",
                                 "name");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, "features[0]");
  auto top = ReadFeatureCollection(R"({"type":5,"features":[]})", "name");
  ASSERT_FALSE(top.has_value());
  EXPECT_EQ(top.error().message, "must be a GeoJSON FeatureCollection or Feature");
}

}  // namespace
}  // namespace onegrid::geo
