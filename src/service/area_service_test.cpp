#include "service/area_service.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "support/temp_dir.hpp"
#include "support/test_db.hpp"


namespace onegrid::service {
namespace {

std::string Square(const std::string& code, const std::string& name, double x0, double y0,
                   double x1, double y1) {
  char buf[512];
  std::snprintf(buf, sizeof buf,
                R"({"type":"Feature","properties":{"code":"%s","name":"%s"},"geometry":{"type":"Polygon","coordinates":[[[%.7f,%.7f],[%.7f,%.7f],[%.7f,%.7f],[%.7f,%.7f],[%.7f,%.7f]]]}})",
                code.c_str(), name.c_str(), x0, y0, x1, y0, x1, y1, x0, y1, x0, y0);
  return buf;
}

std::string Collection(const std::vector<std::string>& features) {
  std::string s = R"({"type":"FeatureCollection","features":[)";
  for (size_t i = 0; i < features.size(); ++i) s += (i ? "," : "") + features[i];
  return s + "]}";
}

class AreaServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(*db_.Open(clock_));
    service_ = std::make_unique<AreaService>(*store_, clock_, areas::Tolerance{});
    ASSERT_TRUE(Import(areas::AreaLevel::kDistrict,
                       {Square("410104", "管城回族区", 113.6, 34.6, 113.9, 34.8)})
                    .has_value());
  }
  void TearDown() override {
    service_.reset();
    store_.reset();
  }
  core::Result<AreaImportReport> Import(areas::AreaLevel level, const std::vector<std::string>& features,
                                        geo::Crs crs = geo::Crs::kWgs84) {
    auto fc = geo::ReadFeatureCollection(Collection(features), "code");
    if (!fc) return std::move(fc).error();
    return service_->Import({.level = level, .features = *fc, .code_prop = "code", .name_prop = "name", .crs = crs});
  }

  core::FakeClock clock_{core::Instant(core::Duration(1'790'000'000'000'000))};
  testing::TempDir dir_;
  testing::TestDb db_{dir_};
  std::unique_ptr<store_sql::Database> store_;
  std::unique_ptr<AreaService> service_;
};

TEST_F(AreaServiceTest, ImportsAndLocates) {
  auto r = Import(areas::AreaLevel::kStreet, {Square("410104001000", "北下街街道", 113.6, 34.6, 113.75, 34.8),
                                              Square("410104002000", "西大街街道", 113.75, 34.6, 113.9, 34.8)});
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->counts.created, 2u);
  auto loc = service_->Locate({113.8, 34.7}, geo::Crs::kWgs84);
  ASSERT_TRUE(loc.has_value());
  EXPECT_EQ(loc->chain[1]->name, "西大街街道");
  EXPECT_EQ(loc->chain[0]->code, "410104");
  EXPECT_EQ(service_->Locate({114.5, 34.7}, geo::Crs::kWgs84).error().code, core::ErrorCode::kNotFound);
  // A new service on the same store loads the same map.
  AreaService again(*store_, clock_, {});
  ASSERT_TRUE(again.Load().has_value());
  EXPECT_EQ(again.map()->size(), 3u);
}

TEST_F(AreaServiceTest, LocatesGcj02AndBd09Points) {
  ASSERT_TRUE(Import(areas::AreaLevel::kStreet, {Square("410104001000", "北下街街道", 113.6, 34.6, 113.75, 34.8),
                                                 Square("410104002000", "西大街街道", 113.75, 34.6, 113.9, 34.8)})
                  .has_value());
  // 113.7495 (WGS84) is 50 m west of the border; in GCJ-02 the same place reads ~560 m further
  // east, past the border: only a converted point lands in the right street.
  geo::LonLat wgs{113.7495, 34.7};
  auto gcj = geo::FromWgs84(wgs, geo::Crs::kGcj02);
  ASSERT_GT(gcj.lon, 113.75);
  EXPECT_EQ(service_->Locate(gcj, geo::Crs::kGcj02)->chain[1]->code, "410104001000");
  EXPECT_EQ(service_->Locate(geo::FromWgs84(wgs, geo::Crs::kBd09), geo::Crs::kBd09)->chain[1]->code,
            "410104001000");
  EXPECT_NEAR(service_->Locate(gcj, geo::Crs::kGcj02)->wgs84.lon, wgs.lon, 1e-8);
}

TEST_F(AreaServiceTest, ImportIsAllOrNothing) {
  auto before = service_->map();
  auto r = Import(areas::AreaLevel::kStreet, {Square("410104001000", "北下街街道", 113.6, 34.6, 113.75, 34.8),
                                              Square("410104002000", "西大街街道", 113.7, 34.6, 113.9, 34.8),
                                              Square("410104003000", "", 113.6, 34.6, 113.61, 34.61)});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, "features[2].properties.name");
  r = Import(areas::AreaLevel::kStreet, {Square("410104001000", "北下街街道", 113.6, 34.6, 113.75, 34.8),
                                         Square("410104002000", "西大街街道", 113.7, 34.6, 113.9, 34.8)});
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("overlaps its sibling"), std::string::npos);
  EXPECT_EQ(service_->map(), before);  // the snapshot did not change
  EXPECT_EQ(store_->areas().LoadCurrent()->size(), 1u);  // and nothing was written
}

TEST_F(AreaServiceTest, RedrawingMakesANewVersionAndKeepsTheOld) {
  ASSERT_TRUE(Import(areas::AreaLevel::kStreet, {Square("410104001000", "北下街街道", 113.6, 34.6, 113.75, 34.8)}).has_value());
  auto old = service_->map();
  auto located = old->Locate({113.74, 34.7});
  ASSERT_NE(located[1], nullptr);
  EXPECT_EQ(located[1]->version, 1);
  clock_.Advance(std::chrono::hours(1));
  auto r = Import(areas::AreaLevel::kStreet, {Square("410104001000", "北下街街道", 113.6, 34.6, 113.73, 34.8)});
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->counts.replaced, 1u);
  EXPECT_EQ(service_->map()->Find("410104001000")->version, 2);
  EXPECT_EQ(service_->map()->Locate({113.74, 34.7})[1], nullptr);  // no longer in the street
  EXPECT_EQ(old->Locate({113.74, 34.7})[1]->version, 1);  // an old snapshot is untouched
  auto v1 = store_->areas().GetVersion("410104001000", 1);
  ASSERT_TRUE(v1.has_value());
  EXPECT_EQ(v1->valid_to, clock_.Now());
  // Importing the same shape again changes nothing.
  r = Import(areas::AreaLevel::kStreet, {Square("410104001000", "北下街街道", 113.6, 34.6, 113.73, 34.8)});
  EXPECT_EQ(r->counts.unchanged, 1u);
  EXPECT_EQ(service_->map()->Find("410104001000")->version, 2);
}

}  // namespace
}  // namespace onegrid::service
