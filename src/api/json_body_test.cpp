#include "api/json_body.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace onegrid::api {
namespace {

net::Request Json(std::string body, std::string type = "application/json") {
  net::Request r;
  r.headers = {{"Content-Type", std::move(type)}};
  r.body = std::move(body);
  return r;
}

TEST(JsonBody, ReadsKnownFields) {
  auto b = JsonBody::Parse(Json(R"({"username":"li","password":"pw123456"})"));
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->RequiredString("username", 64), "li");
  EXPECT_EQ(b->RequiredString("password", 64), "pw123456");
  EXPECT_TRUE(b->Finish().has_value());
}

TEST(JsonBody, EnvelopeErrors) {
  struct Case {
    std::string body, type, message;
  };
  for (const auto& c : std::vector<Case>{
           {R"({"a":1})", "text/plain", "Content-Type: application/json"},
           {R"({"a":)", "application/json", "malformed JSON at byte"},
           {R"([1,2])", "application/json", "must be a JSON object"},
           {"", "application/json", "malformed JSON"},
       }) {
    auto b = JsonBody::Parse(Json(c.body, c.type));
    ASSERT_FALSE(b.has_value()) << c.body;
    EXPECT_EQ(b.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_NE(b.error().message.find(c.message), std::string::npos) << b.error().message;
  }
  EXPECT_TRUE(JsonBody::Parse(Json("{}", "application/json; charset=utf-8")).has_value());
}

TEST(JsonBody, FieldErrorsAreAllReported) {
  auto b = JsonBody::Parse(Json(R"({"username":5,"extra":true,"note":"x"})"));
  ASSERT_TRUE(b.has_value());
  EXPECT_FALSE(b->RequiredString("username", 64).has_value());
  EXPECT_FALSE(b->RequiredString("password", 64).has_value());
  EXPECT_EQ(b->OptionalString("note", 0), std::nullopt);  // too long
  auto r = b->Finish();
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, "username");
  EXPECT_EQ(r.error().message, "must be a string");
  ASSERT_EQ(r.error().details.size(), 4u);
  EXPECT_EQ(r.error().details[1].field, "password");
  EXPECT_EQ(r.error().details[1].message, "is required (a string)");
  EXPECT_EQ(r.error().details[2].field, "note");
  EXPECT_EQ(r.error().details[3].field, "extra");
  EXPECT_EQ(r.error().details[3].message, "is not a known field");
}

// Found by the attack test: 2^63 and above (an unsigned in nlohmann) wrapped to a negative id.
TEST(JsonBody, WholeNumbersPastSixtyFourBitsAreTooLarge) {
  auto b = JsonBody::Parse(Json(R"({"expected_version":9223372036854775808,"n":18446744073709551615,"ok":9223372036854775807})"));
  ASSERT_TRUE(b.has_value());
  EXPECT_FALSE(b->RequiredInteger("expected_version").has_value());
  EXPECT_FALSE(b->OptionalInteger("n").has_value());
  EXPECT_EQ(b->RequiredInteger("ok"), std::numeric_limits<std::int64_t>::max());
  auto r = b->Finish();
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, "expected_version");
  EXPECT_EQ(r.error().message, "is too large");
  ASSERT_EQ(r.error().details.size(), 2u);
  EXPECT_EQ(r.error().details[1].field, "n");
  auto ids = JsonBody::Parse(Json(R"({"ids":[1,0]})"));
  EXPECT_FALSE(ids->RequiredIdList("ids", 10, "notice").has_value());
  EXPECT_EQ(ids->Finish().error().field, "ids[1]");
}

}  // namespace
}  // namespace onegrid::api
