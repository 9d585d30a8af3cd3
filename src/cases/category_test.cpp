#include "cases/category.hpp"

#include <gtest/gtest.h>

#include <set>

namespace onegrid::cases {
namespace {

TEST(Categories, TheWholeDirectoryShips) {
  int components = 0, matters = 0;
  std::set<std::pair<CategoryKind, std::string>> keys;
  for (const auto& c : Categories()) {
    (c.kind == CategoryKind::kComponent ? components : matters)++;
    EXPECT_TRUE(keys.insert({c.kind, c.code}).second) << c.code;
  }
  EXPECT_EQ(components, 153);
  EXPECT_EQ(matters, 250);
  const auto* parking = FindCategory(CategoryKind::kMatter, "09009");
  ASSERT_NE(parking, nullptr);
  EXPECT_EQ(parking->name, "机动车乱停放");
  EXPECT_EQ(parking->major_name, "街面秩序类");
  EXPECT_EQ(FindCategory(CategoryKind::kComponent, "01001")->name, "供水井盖");
  EXPECT_EQ(FindCategory(CategoryKind::kComponent, "09009"), nullptr);  // the kind is part of the key
}

TEST(Categories, OldEventCodesMapToNewMatters) {
  EXPECT_EQ(MapOldEventCode("04-09"), "09009");
  EXPECT_EQ(MapOldEventCode("01-10"), "06010");
  EXPECT_FALSE(MapOldEventCode("04-99").has_value());  // not in the directory
  EXPECT_FALSE(MapOldEventCode("0409").has_value());
  EXPECT_FALSE(MapOldEventCode("a-09").has_value());
}

TEST(Categories, MalformedLinesAreNamed) {
  auto r = ParseCategories("kind,code,major_code,major_name,name\nmatter,0900,09,x,y\n");
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("line 2"), std::string::npos);
}

}  // namespace
}  // namespace onegrid::cases
