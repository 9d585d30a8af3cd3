#include "api/errors.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace onegrid::api {
namespace {

// Found by the fuzzers (fuzz/corpus/multipart/long_part_name,
// fuzz/corpus/query/long_parameter_name): a refusal named the client's own field, however long, and
// listed every unknown field of a body.
TEST(ErrorBody, NamesWhatWasSentButBoundedly) {
  core::Error e = core::InvalidArgument("is not a known field",
                                        std::string(100, 'a') + std::string(100, 'b') + "照片");
  auto j = nlohmann::json::parse(ErrorBody(e));
  EXPECT_EQ(j["error"]["code"], "invalid_argument");
  EXPECT_EQ(j["error"]["field"], std::string(100, 'a') + std::string(100, 'b') + "…");
  std::string chinese;
  for (int i = 0; i < 100; ++i) chinese += "照";
  e.field = chinese;  // 300 bytes: cut at a character, not inside one
  EXPECT_EQ(nlohmann::json::parse(ErrorBody(e))["error"]["field"], chinese.substr(0, 198) + "…");
  for (int i = 0; i < 120; ++i)
    e.details.push_back({"f" + std::to_string(i), "is not a known field"});
  j = nlohmann::json::parse(ErrorBody(e));
  ASSERT_EQ(j["error"]["details"].size(), 51u);
  EXPECT_EQ(j["error"]["details"][49]["field"], "f49");
  EXPECT_EQ(j["error"]["details"][50]["message"], "and 70 more problems");
}

TEST(ErrorBody, EveryCodeHasItsStatus) {
  EXPECT_EQ(HttpStatus(core::ErrorCode::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatus(core::ErrorCode::kResourceExhausted), 429);
  EXPECT_EQ(HttpStatus(core::ErrorCode::kUnavailable), 503);
  EXPECT_EQ(ErrorResponse(core::Unauthenticated("x")).headers[0].first, "WWW-Authenticate");
}

}  // namespace
}  // namespace onegrid::api
