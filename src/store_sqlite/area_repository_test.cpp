#include <gtest/gtest.h>

#include <filesystem>

#include "geo/measure.hpp"
#include "store_sqlite/sqlite_store.hpp"

namespace onegrid::store_sqlite {
namespace {

using areas::Area;
using areas::AreaLevel;

Area Box(std::string code, AreaLevel level, double x0, double y0, double x1, double y1,
         std::string name = "") {
  Area a;
  a.code = std::move(code);
  a.level = level;
  a.name = name.empty() ? a.code : name;
  a.parent_code = areas::ParentCode(level, a.code);
  a.geometry = {{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}, {}}};
  a.area_m2 = geo::AreaSquareMeters(a.geometry);
  return a;
}

class AreaRepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("onegrid_areas_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    Reopen();
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  void Reopen() {
    store_.reset();
    store_ = std::move(*SqliteStore::Open({.path = (dir_ / "a.db").string()}, clock_));
  }
  core::FakeClock clock_{core::Instant(core::Duration(1'790'000'000'000'000))};
  std::filesystem::path dir_;
  std::unique_ptr<SqliteStore> store_;
};

TEST_F(AreaRepositoryTest, ImportsVersionsAndKeepsThePast) {
  std::vector<Area> first = {Box("410104", AreaLevel::kDistrict, 113.0, 34.0, 114.0, 35.0),
                             Box("410104001000", AreaLevel::kStreet, 113.0, 34.0, 113.5, 35.0)};
  auto counts = store_->areas().Import(first, clock_.Now());
  ASSERT_TRUE(counts.has_value()) << counts.error().message;
  EXPECT_EQ(counts->created, 2u);
  EXPECT_EQ(first[1].version, 1);

  clock_.Advance(std::chrono::hours(24));
  std::vector<Area> redraw = {Box("410104001000", AreaLevel::kStreet, 113.0, 34.0, 113.6, 35.0),
                              Box("410104", AreaLevel::kDistrict, 113.0, 34.0, 114.0, 35.0)};
  counts = store_->areas().Import(redraw, clock_.Now());
  EXPECT_EQ(counts->replaced, 1u);
  EXPECT_EQ(counts->unchanged, 1u);
  EXPECT_EQ(redraw[0].version, 2);
  EXPECT_EQ(redraw[1].version, 1);

  Reopen();
  auto current = store_->areas().LoadCurrent();
  ASSERT_TRUE(current.has_value());
  ASSERT_EQ(current->size(), 2u);
  EXPECT_EQ((*current)[1].code, "410104001000");
  EXPECT_EQ((*current)[1].version, 2);
  EXPECT_NEAR(geo::BoundsOf((*current)[1].geometry).max_lon, 113.6, 1e-9);
  auto old = store_->areas().GetVersion("410104001000", 1);
  ASSERT_TRUE(old.has_value());
  EXPECT_NEAR(geo::BoundsOf(old->geometry).max_lon, 113.5, 1e-9);
  ASSERT_TRUE(old->valid_to.has_value());
  EXPECT_EQ(*old->valid_to, clock_.Now());
  EXPECT_EQ(store_->areas().GetVersion("410104001000", 3).error().code, core::ErrorCode::kNotFound);
}

}  // namespace
}  // namespace onegrid::store_sqlite
