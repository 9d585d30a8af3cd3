// GET /api/v1/feed: every case event after a feed number, in commit order and without gaps, on
// the cases the caller may see; a client resumes from `next`; bad parameters are named.
#include <gtest/gtest.h>

#include "support/server_fixture.hpp"

namespace onegrid {
namespace {

using nlohmann::json;
using testing::ExpectError;

class FeedApiTest : public testing::ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    ImportTwoStreets();
    AddUser("gw_north", accounts::Role::kGridWorker, "410104001000");
    AddUser("gw_south", accounts::Role::kGridWorker, "410104002000");
  }
  json Feed(const std::string& user, const std::string& query = "") {
    auto r = client_->Get("/api/v1/feed" + query, Token(user));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
  // (feed number, case id, action) of each item.
  static std::vector<std::tuple<std::int64_t, std::int64_t, std::string>> Items(const json& page) {
    std::vector<std::tuple<std::int64_t, std::int64_t, std::string>> out;
    for (const auto& i : page["items"]) out.emplace_back(i["id"], i["case"]["id"], i["event"]["action"]);
    return out;
  }
};

TEST_F(FeedApiTest, AClientResumesWhereItLeftOffAndSeesOnlyItsScope) {
  // Without `after` a client starts from the newest number: nothing before it.
  auto start = Feed("leader");
  EXPECT_TRUE(start["items"].empty());
  std::int64_t h = start["head"];
  EXPECT_EQ(start["next"], h);

  std::int64_t north = Intake("09009", 113.7, 34.7);
  std::int64_t south = Intake("09009", 113.8, 34.7);
  ASSERT_EQ(Act("intake_operator", north, "accept").status, 200);
  // A refused action (an old version) is no event and takes no number.
  auto stale = client_->PostJson("/api/v1/cases/" + std::to_string(north) + "/actions/register",
                                 {{"expected_version", 1}}, Token("shift_lead"));
  EXPECT_EQ(stale.status, 409) << stale.body;

  std::string after = "?after=" + std::to_string(h);
  auto all = Feed("leader", after);
  using Item = std::tuple<std::int64_t, std::int64_t, std::string>;
  EXPECT_EQ(Items(all), (std::vector<Item>{{h + 1, north, "report"}, {h + 2, south, "report"}, {h + 3, north, "accept"}}));
  EXPECT_EQ(all["next"], h + 3);
  EXPECT_EQ(all["head"], h + 3);
  // Each item carries the event and the case as it is now, as the case routes show them.
  EXPECT_EQ(all["items"][0]["case"]["state"], "accepted");
  EXPECT_EQ(all["items"][0]["event"]["to"], "reported");

  // A street sees its street's events; `next` passes over the others so the client goes on.
  auto n = Feed("gw_north", after);
  EXPECT_EQ(Items(n), (std::vector<Item>{{h + 1, north, "report"}, {h + 3, north, "accept"}}));
  EXPECT_EQ(n["next"], h + 3);
  auto s = Feed("gw_south", after);
  EXPECT_EQ(Items(s), (std::vector<Item>{{h + 2, south, "report"}}));
  EXPECT_EQ(s["next"], h + 3);
  EXPECT_TRUE(Feed("gw_south", "?after=" + std::to_string(h + 3))["items"].empty());

  // Pages: a limit, then resuming from `next`, gives the same events once each.
  auto first = Feed("leader", after + "&limit=2");
  EXPECT_EQ(Items(first), (std::vector<Item>{{h + 1, north, "report"}, {h + 2, south, "report"}}));
  EXPECT_EQ(first["next"], h + 2);
  auto rest = Feed("leader", "?after=" + first["next"].dump());
  EXPECT_EQ(Items(rest), (std::vector<Item>{{h + 3, north, "accept"}}));
}

TEST_F(FeedApiTest, BadParametersAreNamedAndAStrangerIsRefused) {
  ExpectError(client_->Get("/api/v1/feed?after=-1", Token("leader")), 400, "invalid_argument", "after");
  ExpectError(client_->Get("/api/v1/feed?after=12x", Token("leader")), 400, "invalid_argument", "after");
  ExpectError(client_->Get("/api/v1/feed?after=", Token("leader")), 400, "invalid_argument", "after");
  ExpectError(client_->Get("/api/v1/feed?limit=0", Token("leader")), 400, "invalid_argument", "limit");
  ExpectError(client_->Get("/api/v1/feed?limit=501", Token("leader")), 400, "invalid_argument", "limit");
  ExpectError(client_->Get("/api/v1/feed?since=3", Token("leader")), 400, "invalid_argument", "since");
  EXPECT_EQ(client_->Get("/api/v1/feed").status, 401);
}

}  // namespace
}  // namespace onegrid
