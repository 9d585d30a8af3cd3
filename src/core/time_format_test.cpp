#include "core/time_format.hpp"

#include <gtest/gtest.h>

namespace onegrid::core {
namespace {

using namespace std::chrono;

TEST(TimeFormat, EmitsTheDistrictOffset) {
  Instant t = sys_days(year(2026) / 10 / 8) + hours(9);  // 09:00Z
  EXPECT_EQ(FormatInstant(t), "2026-10-08T17:00:00+08:00");
  EXPECT_EQ(FormatInstant(t + milliseconds(250)), "2026-10-08T17:00:00.250+08:00");
  // Crossing midnight in the district's zone.
  EXPECT_EQ(FormatInstant(sys_days(year(2026) / 12 / 31) + hours(20)),
            "2027-01-01T04:00:00+08:00");
}

TEST(TimeFormat, ParsesAnyOffset) {
  Instant want = sys_days(year(2026) / 10 / 8) + hours(9);
  EXPECT_EQ(*ParseInstant("2026-10-08T17:00:00+08:00", "t"), want);
  EXPECT_EQ(*ParseInstant("2026-10-08T09:00:00Z", "t"), want);
  EXPECT_EQ(*ParseInstant("2026-10-08T04:30:00-04:30", "t"), want);
  EXPECT_EQ(*ParseInstant("2026-10-08T09:00:00.5Z", "t"), want + milliseconds(500));
  EXPECT_EQ(*ParseInstant(FormatInstant(want + milliseconds(7)), "t"), want + milliseconds(7));
}

TEST(TimeFormat, RejectsMalformedWithTheField) {
  for (const char* bad : {"", "2026-10-08", "2026-10-08 17:00:00+08:00", "2026-02-30T00:00:00Z",
                          "2026-10-08T24:00:00Z", "2026-10-08T17:00:00", "2026-10-08T17:00:00+8",
                          "2026-10-08T17:00:00.Z", "2026-1a-08T17:00:00Z"}) {
    auto r = ParseInstant(bad, "since");
    ASSERT_FALSE(r.has_value()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().field, "since");
  }
}

}  // namespace
}  // namespace onegrid::core
