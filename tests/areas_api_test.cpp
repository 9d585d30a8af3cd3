// The map over HTTP: locate, lists, one area with its geometry, GeoJSON layers, imports.
#include <gtest/gtest.h>

#include "app/seed.hpp"
#include "geo/crs.hpp"
#include "support/features.hpp"
#include "support/server_fixture.hpp"

namespace onegrid {
namespace {

using nlohmann::json;
using testing::ExpectError;
using namespace std::chrono_literals;

using testing::Collection;
using testing::Square;

class AreasApiTest : public testing::ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    admin_ = Login("admin");
    ASSERT_EQ(Import("district", Collection({Square("410104", "管城回族区", 113.6, 34.6, 113.9, 34.8)})).status, 200);
    ASSERT_EQ(Import("street", Collection({Square("410104001000", "北下街街道", 113.6, 34.6, 113.75, 34.8),
                                           Square("410104002000", "西大街街道", 113.75, 34.6, 113.9, 34.8)}))
                  .status,
              200);
    ASSERT_EQ(Import("community", Collection({Square("410104001001", "第一社区", 113.6, 34.6, 113.75, 34.7)})).status, 200);
    ASSERT_EQ(Import("grid", Collection({Square("410104001001001", "一号网格", 113.6, 34.6, 113.7, 34.7),
                                         Square("410104001001002", "二号网格", 113.7, 34.6, 113.75, 34.7)}))
                  .status,
              200);
  }
  testing::HttpResult Import(const std::string& level, const std::string& body,
                             const std::string& extra = "", const std::string& token = "") {
    return client_->Send("POST", "/api/v1/areas/import?level=" + level + extra, body,
                         {{"Content-Type", "application/geo+json"},
                          {"Authorization", "Bearer " + (token.empty() ? admin_ : token)}});
  }
  std::string admin_;
};

TEST_F(AreasApiTest, LocateGivesTheWholeChain) {
  auto r = client_->Get("/api/v1/locate?lon=113.71&lat=34.65", admin_);
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = r.json();
  EXPECT_EQ(j["district"]["code"], "410104");
  EXPECT_EQ(j["street"]["name"], "北下街街道");
  EXPECT_EQ(j["community"]["code"], "410104001001");
  EXPECT_EQ(j["grid"]["code"], "410104001001002");
  EXPECT_EQ(j["grid"]["version"], 1);
  EXPECT_DOUBLE_EQ(j["point"]["lon"].get<double>(), 113.71);
  // In a street without communities: the finer levels are null.
  j = client_->Get("/api/v1/locate?lon=113.8&lat=34.7", admin_).json();
  EXPECT_EQ(j["street"]["code"], "410104002000");
  EXPECT_TRUE(j["grid"].is_null());
  EXPECT_TRUE(j["community"].is_null());
}

TEST_F(AreasApiTest, LocateConvertsPhoneCoordinates) {
  // 113.7495 is 50 m west of the streets' border in WGS84; its GCJ-02 reading lies east of it.
  auto gcj = geo::FromWgs84({113.7495, 34.65}, geo::Crs::kGcj02);
  char url[160];
  std::snprintf(url, sizeof url, "/api/v1/locate?lon=%.8f&lat=%.8f&crs=gcj02", gcj.lon, gcj.lat);
  auto j = client_->Get(url, admin_).json();
  EXPECT_EQ(j["street"]["code"], "410104001000");
  EXPECT_NEAR(j["point"]["lon"].get<double>(), 113.7495, 1e-7);
  auto bd = geo::FromWgs84({113.7495, 34.65}, geo::Crs::kBd09);
  std::snprintf(url, sizeof url, "/api/v1/locate?lon=%.8f&lat=%.8f&crs=bd09", bd.lon, bd.lat);
  EXPECT_EQ(client_->Get(url, admin_).json()["street"]["code"], "410104001000");
}

TEST_F(AreasApiTest, LocateRefusesBadPoints) {
  ExpectError(client_->Get("/api/v1/locate?lon=115&lat=34.7", admin_), 404, "not_found", "");
  ExpectError(client_->Get("/api/v1/locate?lat=34.7", admin_), 400, "invalid_argument", "lon");
  ExpectError(client_->Get("/api/v1/locate?lon=113.7", admin_), 400, "invalid_argument", "lat");
  ExpectError(client_->Get("/api/v1/locate?lon=nan&lat=34.7", admin_), 400, "invalid_argument", "lon");
  ExpectError(client_->Get("/api/v1/locate?lon=113.7&lat=inf", admin_), 400, "invalid_argument", "lat");
  ExpectError(client_->Get("/api/v1/locate?lon=181&lat=34.7", admin_), 400, "invalid_argument", "lon");
  ExpectError(client_->Get("/api/v1/locate?lon=113.7&lat=-91", admin_), 400, "invalid_argument", "lat");
  ExpectError(client_->Get("/api/v1/locate?lon=113.7x&lat=34.7", admin_), 400, "invalid_argument", "lon");
  ExpectError(client_->Get("/api/v1/locate?lon=113.7&lat=34.7&crs=utm", admin_), 400, "invalid_argument", "crs");
  ExpectError(client_->Get("/api/v1/locate?lon=113.7&lat=34.7&zoom=3", admin_), 400, "invalid_argument", "zoom");
  ExpectError(client_->Get("/api/v1/locate?lon=113.7&lat=34.7"), 401, "unauthenticated", "");
}

TEST_F(AreasApiTest, ListsAndPages) {
  std::string token = Login("grid_worker");  // reading the map needs only a sign-in
  auto r = client_->Get("/api/v1/areas", token);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json()["items"].size(), 1u);
  EXPECT_EQ(r.json()["items"][0]["code"], "410104");
  auto page = client_->Get("/api/v1/areas?parent=410104&limit=1", token).json();
  ASSERT_EQ(page["items"].size(), 1u);
  EXPECT_EQ(page["items"][0]["code"], "410104001000");
  EXPECT_EQ(page["items"][0]["parent_code"], "410104");
  auto rest = client_->Get("/api/v1/areas?parent=410104&limit=1&cursor=" + page["next_cursor"].get<std::string>(), token).json();
  EXPECT_EQ(rest["items"][0]["code"], "410104002000");
  EXPECT_TRUE(rest["next_cursor"].is_null());
  EXPECT_EQ(client_->Get("/api/v1/areas?level=grid", token).json()["items"].size(), 2u);
  ExpectError(client_->Get("/api/v1/areas?level=city", token), 400, "invalid_argument", "level");
  ExpectError(client_->Get("/api/v1/areas?parent=999999", token), 404, "not_found", "parent");
  ExpectError(client_->Get("/api/v1/areas?limit=0", token), 400, "invalid_argument", "limit");
}

TEST_F(AreasApiTest, OneAreaWithGeometryInAnyCrs) {
  auto r = client_->Get("/api/v1/areas/410104001001001", admin_);
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = r.json();
  EXPECT_EQ(j["level"], "grid");
  EXPECT_EQ(j["geometry"]["type"], "Polygon");
  EXPECT_EQ(j["crs"], "wgs84");
  EXPECT_GT(j["area_m2"].get<double>(), 9e7);
  auto gcj = client_->Get("/api/v1/areas/410104001001001?crs=gcj02", admin_).json();
  double lon = j["geometry"]["coordinates"][0][0][0], gcj_lon = gcj["geometry"]["coordinates"][0][0][0];
  EXPECT_GT(gcj_lon - lon, 0.004);  // the GCJ-02 offset here is about 560 m to the east
  EXPECT_EQ(client_->Get("/api/v1/areas/410104", admin_).json()["children"], 2);
  ExpectError(client_->Get("/api/v1/areas/410104009000", admin_), 404, "not_found", "");
  ExpectError(client_->Get("/api/v1/areas/410104?version=0", admin_), 400, "invalid_argument", "version");
}

TEST_F(AreasApiTest, GeoJsonLayers) {
  auto r = client_->Get("/api/v1/areas.geojson?level=street&crs=gcj02", admin_);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Type"), "application/geo+json");
  auto j = r.json();
  EXPECT_EQ(j["type"], "FeatureCollection");
  ASSERT_EQ(j["features"].size(), 2u);
  EXPECT_EQ(j["features"][0]["properties"]["code"], "410104001000");
  EXPECT_EQ(client_->Get("/api/v1/areas.geojson?level=grid&parent=410104001000", admin_).json()["features"].size(), 2u);
  EXPECT_EQ(client_->Get("/api/v1/areas.geojson?level=grid&parent=410104002000", admin_).json()["features"].size(), 0u);
  ExpectError(client_->Get("/api/v1/areas.geojson", admin_), 400, "invalid_argument", "level");
}

TEST_F(AreasApiTest, ImportIsAdminOnlyAllOrNothingAndReportsEveryFault) {
  auto before = client_->Get("/api/v1/areas.geojson?level=street", admin_).body;
  for (const char* role : {"leader", "dispatcher", "grid_worker"}) {
    ExpectError(Import("street", Collection({Square("410104003000", "南关街街道", 113.6, 34.6, 113.61, 34.61)}), "",
                       Login(role)),
                403, "permission_denied", "");
  }
  // One good street, one overlapping, one with a bad code, one unclosed ring: nothing lands.
  std::string bad_ring = R"({"type":"Feature","properties":{"code":"410104005000","name":"东大街街道"},"geometry":{"type":"Polygon","coordinates":[[[113.6,34.6],[113.61,34.6],[113.61,34.61],[113.6,34.61]]]}})";
  auto r = Import("street", Collection({Square("410104003000", "南关街街道", 113.6, 34.6, 113.61, 34.61), bad_ring}));
  ExpectError(r, 400, "invalid_argument", "features[1].geometry");
  EXPECT_NE(r.body.find("feature 2 (410104005000): outer ring is not closed"), std::string::npos) << r.body;
  r = Import("street", Collection({Square("410104003000", "南关街街道", 113.74, 34.6, 113.76, 34.8),
                                    Square("41010400X000", "坏", 113.6, 34.6, 113.61, 34.61)}));
  ExpectError(r, 400, "invalid_argument", "features[1].properties.code");
  r = Import("street", Collection({Square("410104003000", "南关街街道", 113.74, 34.6, 113.76, 34.8),
                                    Square("410104004000", "城东路街道", 113.85, 34.75, 113.95, 34.85)}));
  ExpectError(r, 400, "invalid_argument", "features[0]");
  auto details = r.json()["error"]["details"];
  ASSERT_GE(details.size(), 3u) << r.body;  // two overlaps for 003, 004 outside the district
  EXPECT_EQ(client_->Get("/api/v1/areas.geojson?level=street", admin_).body, before);
  // Wrong parameters and bodies.
  ExpectError(Import("city", Collection({})), 400, "invalid_argument", "level");
  ExpectError(Import("street", "{", ""), 400, "invalid_argument", "");
  ExpectError(Import("street", Collection({})), 400, "invalid_argument", "features");
  ExpectError(client_->Send("POST", "/api/v1/areas/import?level=street", Collection({}),
                            {{"Content-Type", "text/plain"}, {"Authorization", "Bearer " + admin_}}),
              400, "invalid_argument", "");
}

TEST_F(AreasApiTest, RedrawingAGridKeepsTheOldVersion) {
  clock_.Advance(30min);
  auto r = Import("grid", Collection({Square("410104001001001", "一号网格", 113.6, 34.6, 113.69, 34.7),
                                      Square("410104001001002", "二号网格", 113.69, 34.6, 113.75, 34.7)}));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["replaced"], 2);
  auto now = client_->Get("/api/v1/locate?lon=113.695&lat=34.65", admin_).json();
  EXPECT_EQ(now["grid"]["code"], "410104001001002");
  EXPECT_EQ(now["grid"]["version"], 2);
  auto old = client_->Get("/api/v1/areas/410104001001001?version=1", admin_).json();
  EXPECT_EQ(old["version"], 1);
  EXPECT_FALSE(old["valid_to"].is_null());
  EXPECT_DOUBLE_EQ(old["geometry"]["coordinates"][0][1][0].get<double>(), 113.7);
}

TEST_F(AreasApiTest, TheMapSurvivesARestart) {
  client_.reset();
  server_.reset();
  StartServer();
  std::string token = Login("leader");
  EXPECT_EQ(client_->Get("/api/v1/locate?lon=113.71&lat=34.65", token).json()["grid"]["code"], "410104001001002");
}

// The real demo district, seeded as `onegrid seed demo` does, answering over HTTP.
class DemoDistrictApiTest : public testing::ServerFixture {};

TEST_F(DemoDistrictApiTest, LocatesInTheSeededDistrict) {
  auto notes = app::SeedDemoDistrict(server_->areas(), clock_, {});
  ASSERT_TRUE(notes.has_value()) << notes.error().message;
  EXPECT_FALSE(notes->empty());
  EXPECT_TRUE(app::SeedDemoDistrict(server_->areas(), clock_, {})->empty());  // only once
  std::string token = Login("grid_worker");
  auto j = client_->Get("/api/v1/locate?lon=113.70666&lat=34.72332", token).json();
  EXPECT_EQ(j["street"]["name"], "紫荆山南路街道");
  EXPECT_EQ(j["grid"]["code"].get<std::string>().size(), 15u);
  auto streets = client_->Get("/api/v1/areas?parent=410104&limit=500", token).json();
  EXPECT_EQ(streets["items"].size(), 12u);
}

}  // namespace
}  // namespace onegrid
