#include "api/router.hpp"

#include <gtest/gtest.h>

namespace onegrid::api {
namespace {

RouteHandler Named(std::string name) {
  return [name](RouteContext&) -> core::Result<net::Response> {
    net::Response r;
    r.body = name;
    return r;
  };
}

TEST(Router, MatchesLiteralsAndParameters) {
  Router r;
  r.Add({"GET", "/api/v1/areas/{code}", Access::kSignedIn, Named("one")});
  r.Add({"GET", "/api/v1/areas/import", Access::kSignedIn, Named("literal")});
  r.Add({"POST", "/api/v1/areas/{code}/actions/{action}", Access::kSignedIn, Named("act")});
  auto m = r.Find("GET", "/api/v1/areas/410104");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params.at("code"), "410104");
  m = r.Find("GET", "/api/v1/areas/import");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/v1/areas/import");
  m = r.Find("POST", "/api/v1/areas/1/actions/close");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params.at("action"), "close");
}

TEST(Router, TellsWhichMethodsAPathAllows) {
  Router r;
  r.Add({"GET", "/api/v1/me", Access::kSignedIn, Named("me")});
  auto m = r.Find("DELETE", "/api/v1/me");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allowed, std::vector<std::string>{"GET"});
  m = r.Find("GET", "/api/v1/you");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.allowed.empty());
}

TEST(Router, EmptyAndExtraSegmentsDoNotMatch) {
  Router r;
  r.Add({"GET", "/a/{x}", Access::kSignedIn, Named("x")});
  EXPECT_EQ(r.Find("GET", "/a/").route, nullptr);
  EXPECT_EQ(r.Find("GET", "/a/b/c").route, nullptr);
  EXPECT_EQ(r.Find("GET", "/a").route, nullptr);
  EXPECT_EQ(r.Find("GET", "a/b").route, nullptr);
}

}  // namespace
}  // namespace onegrid::api
