#include "core/config.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

namespace onegrid::core {
namespace {

std::string WriteFile(const std::string& text) {
  auto path = std::filesystem::temp_directory_path() /
              ("onegrid_config_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
               "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".toml");
  std::ofstream(path) << text;
  return path.string();
}

TEST(Config, DefaultsAreSafe) {
  Config c;
  EXPECT_EQ(c.listen, "127.0.0.1:8080");
  EXPECT_EQ(c.body_limit, 1u << 20);
  EXPECT_EQ(c.header_limit, 16u << 10);
  EXPECT_TRUE(Validate(c).has_value());
}

TEST(Config, PrecedenceIsFileThenEnvironmentThenFlag) {
  Config c;
  auto path = WriteFile("[database]\npath = \"file.db\"\n[server]\nlisten = \"127.0.0.1:9000\"\n"
                        "workers = 4\n");
  ASSERT_TRUE(LoadConfigFile(path, c).has_value());
  EXPECT_EQ(c.db, "file.db");
  EXPECT_EQ(c.workers, 4);
  std::map<std::string, std::string> env = {{"ONEGRID_LISTEN", "127.0.0.1:9100"}};
  auto getenv = [&](const char* n) -> const char* {
    auto it = env.find(n);
    return it == env.end() ? nullptr : it->second.c_str();
  };
  ASSERT_TRUE(ApplyEnvironment(getenv, c).has_value());
  EXPECT_EQ(c.listen, "127.0.0.1:9100");
  EXPECT_EQ(c.db, "file.db");  // not in the environment: the file's value stays
  ASSERT_TRUE(SetSetting("server.listen", "127.0.0.1:9200", c).has_value());  // a flag
  EXPECT_EQ(c.listen, "127.0.0.1:9200");
  std::remove(path.c_str());
}

TEST(Config, AnEmptyPathIsRefusedByNameAndChangesNothing) {
  Config c;
  ASSERT_TRUE(SetSetting("media.path", "/srv/onegrid/media", c).has_value());
  for (const char* key : {"media.path", "database.path"}) {
    auto r = SetSetting(key, "", c);
    ASSERT_FALSE(r.has_value()) << key;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().field, key);
    EXPECT_EQ(r.error().message, "must not be empty");
  }
  EXPECT_EQ(c.media, "/srv/onegrid/media");
  EXPECT_EQ(c.db, "onegrid.db");
}

TEST(Config, FileErrorsNameTheKey) {
  Config c;
  auto unknown = WriteFile("[server]\nlisten = \"127.0.0.1:1\"\nlisten_port = 3\n");
  auto r = LoadConfigFile(unknown, c);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, "server.listen_port");
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);

  auto wrong_type = WriteFile("[server]\nworkers = true\n");
  r = LoadConfigFile(wrong_type, c);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, "server.workers");

  auto out_of_range = WriteFile("[server]\nworkers = 0\n");
  r = LoadConfigFile(out_of_range, c);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, "server.workers");

  auto syntax = WriteFile("[server\nworkers = 2\n");
  r = LoadConfigFile(syntax, c);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find(":1:"), std::string::npos) << r.error().message;
  for (const auto& p : {unknown, wrong_type, out_of_range, syntax}) std::remove(p.c_str());
}

TEST(Config, EnvironmentErrorsNameTheVariable) {
  Config c;
  auto r = ApplyEnvironment(
      [](const char* n) -> const char* {
        return std::string(n) == "ONEGRID_BODY_LIMIT" ? "lots" : nullptr;
      },
      c);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, "server.body_limit");
  EXPECT_NE(r.error().message.find("ONEGRID_BODY_LIMIT"), std::string::npos);
}

TEST(Config, SettingsAreTextWhereverTheyComeFrom) {
  Config c;
  auto r = ApplyEnvironment(
      [](const char* n) -> const char* { return std::string(n) == "ONEGRID_MAP_TILE_ATTRIBUTION" ? "\xFF" : nullptr; }, c);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, "map.tile_attribution");
  EXPECT_EQ(r.error().message, "ONEGRID_MAP_TILE_ATTRIBUTION: is not valid UTF-8 text (byte 0)");
  EXPECT_EQ(SetSetting("map.tile_attribution", "天地图\xE5", c).error().field, "map.tile_attribution");
  EXPECT_EQ(c.map_tile_attribution, "");
  std::string path = ::testing::TempDir() + "/onegrid_bad_utf8.toml";
  {
    std::ofstream f(path);
    f << "[map]\ntile_attribution = \"\xFF\"\n";
  }
  auto file = LoadConfigFile(path, c);
  ASSERT_FALSE(file.has_value());
  EXPECT_EQ(c.map_tile_attribution, "");
  std::remove(path.c_str());
}

TEST(Config, ListenAddressIsChecked) {
  EXPECT_FALSE(ParseHostPort("localhost", "l").has_value());
  EXPECT_FALSE(ParseHostPort("127.0.0.1:99999", "l").has_value());
  auto hp = ParseHostPort("[::1]:8080", "l");
  ASSERT_TRUE(hp.has_value());
  EXPECT_EQ(hp->host, "::1");
  EXPECT_EQ(hp->port, 8080);
}

TEST(Config, MapTilesAreCheckedAndABadValueChangesNothing) {
  Config c;
  auto path = WriteFile("[map]\ntile_url = \"https://tiles.example/{z}/{x}/{y}.png\"\ntile_crs = \"gcj02\"\n"
                        "tile_max_zoom = 19\n");
  ASSERT_TRUE(LoadConfigFile(path, c).has_value());
  EXPECT_EQ(c.map_tile_url, "https://tiles.example/{z}/{x}/{y}.png");
  EXPECT_EQ(c.map_tile_crs, "gcj02");
  EXPECT_EQ(c.map_tile_max_zoom, 19);
  auto bad = SetSetting("map.tile_crs", "bd09", c);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().field, "map.tile_crs");
  EXPECT_EQ(bad.error().message, "must be wgs84 or gcj02, got \"bd09\"");
  EXPECT_EQ(c.map_tile_crs, "gcj02");
  auto zoom = SetSetting("map.tile_max_zoom", "30", c);
  ASSERT_FALSE(zoom.has_value());
  EXPECT_EQ(zoom.error().field, "map.tile_max_zoom");
  EXPECT_EQ(c.map_tile_max_zoom, 19);
  ASSERT_TRUE(SetSetting("web.path", "/srv/onegrid/web", c).has_value());
  EXPECT_EQ(c.web, "/srv/onegrid/web");
  EXPECT_EQ(SetSetting("web.path", "", c).error().field, "web.path");
  EXPECT_EQ(c.web, "/srv/onegrid/web");
}

TEST(Config, EverySettingHasAnEnvironmentVariable) {
  for (const auto& s : Settings()) {
    EXPECT_EQ(s.env.rfind("ONEGRID_", 0), 0u) << s.key;
    EXPECT_FALSE(s.help.empty()) << s.key;
  }
}

}  // namespace
}  // namespace onegrid::core
