#include "core/result.hpp"

#include <gtest/gtest.h>

namespace onegrid::core {
namespace {

Result<int> Half(int v) {
  if (v % 2 != 0) return InvalidArgument("must be even", "v");
  return v / 2;
}

Result<int> Quarter(int v) {
  OG_ASSIGN_OR_RETURN(int h, Half(v));
  OG_ASSIGN_OR_RETURN(int q, Half(h));
  return q;
}

Result<void> CheckEven(int v) {
  OG_RETURN_IF_ERROR(Half(v));
  return Ok();
}

TEST(Result, ValueAndError) {
  auto ok = Half(8);
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(*ok, 4);
  auto bad = Half(3);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().field, "v");
  EXPECT_EQ(bad.value_or(-1), -1);
}

TEST(Result, MacrosPropagateTheFirstError) {
  EXPECT_EQ(*Quarter(8), 2);
  auto r = Quarter(6);  // 6 -> 3 -> odd
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "must be even");
  EXPECT_TRUE(CheckEven(2).has_value());
  EXPECT_FALSE(CheckEven(1).has_value());
}

TEST(ErrorCode, WireNamesAreSnakeCase) {
  EXPECT_EQ(ErrorCodeName(ErrorCode::kInvalidArgument), "invalid_argument");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kFailedPrecondition), "failed_precondition");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kPayloadTooLarge), "payload_too_large");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kResourceExhausted), "resource_exhausted");
}

}  // namespace
}  // namespace onegrid::core
