#include "net/http_message.hpp"

#include <gtest/gtest.h>

namespace onegrid::net {
namespace {

TEST(ParseTarget, DecodesPathAndQuery) {
  std::string path;
  std::vector<std::pair<std::string, std::string>> q;
  ASSERT_TRUE(ParseTarget("/api/v1/areas/%E7%AE%A1%E5%9F%8E?level=street&q=a+b&x=%26&flag", path, q).has_value());
  EXPECT_EQ(path, "/api/v1/areas/管城");
  ASSERT_EQ(q.size(), 4u);
  EXPECT_EQ(q[0], (std::pair<std::string, std::string>{"level", "street"}));
  EXPECT_EQ(q[1].second, "a b");
  EXPECT_EQ(q[2].second, "&");
  EXPECT_EQ(q[3], (std::pair<std::string, std::string>{"flag", ""}));
}

TEST(ParseTarget, RejectsBrokenEscapes) {
  std::string path;
  std::vector<std::pair<std::string, std::string>> q;
  EXPECT_EQ(ParseTarget("/a%2", path, q).error().field, "path");
  EXPECT_EQ(ParseTarget("/a%zz", path, q).error().field, "path");
  EXPECT_EQ(ParseTarget("/a?x=%", path, q).error().field, "x");
  EXPECT_EQ(ParseTarget("/a?%zz=1", path, q).error().field, "query");
}

TEST(ParseTarget, RejectsTextThatIsNotUtf8) {
  std::string path;
  std::vector<std::pair<std::string, std::string>> q;
  auto r = ParseTarget("/api/v1/areas/%FF", path, q);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().field, "path");
  EXPECT_EQ(r.error().message, "is not valid UTF-8 text (byte 14)");
  EXPECT_EQ(ParseTarget("/api/v1/cases?q=%E7%85", path, q).error().field, "q");  // 照 cut short
  EXPECT_EQ(ParseTarget("/api/v1/cases?%C0%AF=1", path, q).error().field, "query");
  EXPECT_EQ(ParseTarget("/x?q=\xFF", path, q).error().field, "q");  // sent raw, not escaped
  EXPECT_TRUE(ParseTarget("/api/v1/cases?q=%E7%85%A7", path, q).has_value());
  EXPECT_EQ(q[0].second, "照");
}

TEST(Headers, LookupIgnoresCase) {
  Request r;
  r.headers = {{"content-type", "application/json"}};
  EXPECT_EQ(r.Header("Content-Type"), "application/json");
  EXPECT_FALSE(r.Header("Authorization").has_value());
}

}  // namespace
}  // namespace onegrid::net
