#include "net/http_message.hpp"

#include <gtest/gtest.h>

namespace onegrid::net {
namespace {

TEST(ParseTarget, DecodesPathAndQuery) {
  std::string path;
  std::vector<std::pair<std::string, std::string>> q;
  ASSERT_TRUE(ParseTarget("/api/v1/areas/%E7%AE%A1%E5%9F%8E?level=street&q=a+b&x=%26&flag", path, q));
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
  EXPECT_FALSE(ParseTarget("/a%2", path, q));
  EXPECT_FALSE(ParseTarget("/a%zz", path, q));
  EXPECT_FALSE(ParseTarget("/a?x=%", path, q));
}

TEST(Headers, LookupIgnoresCase) {
  Request r;
  r.headers = {{"content-type", "application/json"}};
  EXPECT_EQ(r.Header("Content-Type"), "application/json");
  EXPECT_FALSE(r.Header("Authorization").has_value());
}

}  // namespace
}  // namespace onegrid::net
