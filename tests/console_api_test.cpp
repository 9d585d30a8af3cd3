// The web console as the server serves it: its files at /, console routes (history mode) answered
// with index.html, the API's paths never taken by it, and GET /api/v1/console, what the console
// needs before anyone signs in (the map's start and tile source).
#include <gtest/gtest.h>

#include <fstream>

#include "support/server_fixture.hpp"

namespace onegrid {
namespace {

using nlohmann::json;
using testing::ExpectError;

class ConsoleApiTest : public testing::ServerFixture {
 protected:
  void Configure(core::Config& c) override {
    auto web = dir_.path() / "web";
    std::filesystem::create_directories(web / "assets");
    std::ofstream(web / "index.html") << "<!doctype html><div id=\"app\"></div>";
    std::ofstream(web / "assets" / "index-abc123.js") << std::string(4000, ';');
    c.web = web.string();
    c.map_tile_url = "https://webrd01.is.autonavi.com/appmaptile?x={x}&y={y}&z={z}&style=8";
    c.map_tile_crs = "gcj02";
    c.map_tile_attribution = "© 高德地图";
  }
};

TEST_F(ConsoleApiTest, TheConsoleIsServedAtTheRootAndOnItsOwnRoutes) {
  for (const char* path : {"/", "/dispatch", "/dispatch/42", "/admin/users"}) {
    auto r = client_->Get(path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.body, "<!doctype html><div id=\"app\"></div>") << path;
    EXPECT_EQ(r.header("Content-Type"), "text/html; charset=utf-8") << path;
    EXPECT_EQ(r.header("Cache-Control"), "no-cache") << path;
  }
  auto js = client_->Send("GET", "/assets/index-abc123.js", "", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.header("Content-Encoding"), "gzip");
  EXPECT_LT(js.body.size(), 200u);
  EXPECT_EQ(js.header("Cache-Control"), "public, max-age=31536000, immutable");
}

TEST_F(ConsoleApiTest, TheApisPathsAndMissingFilesAreNotTheConsoles) {
  ExpectError(client_->Get("/api/v1/nothing"), 404, "not_found", "");
  ExpectError(client_->Get("/api/v1/cases/1"), 401, "unauthenticated", "");
  ExpectError(client_->Get("/assets/gone-999.js"), 404, "not_found", "");
  auto post = client_->Send("POST", "/dispatch", "{}", {{"Content-Type", "application/json"}});
  ExpectError(post, 404, "not_found", "");
  EXPECT_EQ(client_->Get("/healthz").json()["status"], "ok");
}

TEST_F(ConsoleApiTest, ConsoleSettingsNeedNoSignIn) {
  ImportTwoStreets();
  auto r = client_->Get("/api/v1/console");
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = r.json();
  EXPECT_EQ(j["map"]["tiles"], json::parse(R"({"url":"https://webrd01.is.autonavi.com/appmaptile?x={x}&y={y}&z={z}&style=8",
                                               "crs":"gcj02","attribution":"© 高德地图","max_zoom":18})"));
  // The middle of the district's bounds (113.6–113.9, 34.6–34.8).
  EXPECT_NEAR(j["map"]["center"][0].get<double>(), 113.75, 1e-9);
  EXPECT_NEAR(j["map"]["center"][1].get<double>(), 34.7, 1e-9);
  EXPECT_EQ(j["map"]["zoom"], 13);
}

using NoConsoleTest = testing::ServerFixture;

TEST_F(NoConsoleTest, WithoutAConsoleTheRootIsNotFoundAndNoTilesAreOffered) {
  ExpectError(client_->Get("/"), 404, "not_found", "");
  auto j = client_->Get("/api/v1/console").json();
  EXPECT_TRUE(j["map"]["tiles"].is_null());
}

}  // namespace
}  // namespace onegrid
