#include <gtest/gtest.h>

#include "areas/test_util.hpp"

#include <filesystem>

#include "support/temp_dir.hpp"

#include "geo/measure.hpp"
#include "backend_test.hpp"

namespace onegrid::store_sql {
namespace {

using areas::Area;
using areas::AreaLevel;

using areas::testing::Box;

using AreaRepositoryTest = BackendTest;

TEST_P(AreaRepositoryTest, ImportsVersionsAndKeepsThePast) {
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

ONEGRID_ON_BOTH_BACKENDS(AreaRepositoryTest);

}  // namespace
}  // namespace onegrid::store_sql
