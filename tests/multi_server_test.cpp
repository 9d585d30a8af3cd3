// Two onegrid servers on one PostgreSQL database, as behind a load balancer: what one stores the
// other serves, and a rule set, the map or the calendar replaced through one is what the other
// decides by as soon as it hears of it (LISTEN/NOTIFY), with no restart.
#include <gtest/gtest.h>

#include <thread>

#include "support/server_fixture.hpp"

namespace onegrid {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

class MultiServerTest : public testing::ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    ASSERT_EQ(db_.backend(), "postgresql") << "two servers share a PostgreSQL database only";
    ImportTwoStreets();
    AddUnit("JJDD");
    auto b = app::Server::Open(config_, clock_);
    ASSERT_TRUE(b.has_value()) << b.error().message;
    b_ = std::move(*b);
    auto port = b_->Start();
    ASSERT_TRUE(port.has_value());
    client_b_ = std::make_unique<testing::HttpClient>(*port);
  }
  void TearDown() override {
    client_b_.reset();
    b_.reset();
    ServerFixture::TearDown();
  }
  // Asks b until `done` holds (it hears of a's change a moment after a's commit).
  json AskB(const std::string& target, const std::string& user, const std::function<bool(const json&)>& done) {
    std::string token = LoginOnB(user);
    json last;
    for (int i = 0; i < 400; ++i) {
      auto r = client_b_->Get(target, token);
      EXPECT_EQ(r.status, 200) << r.body;
      last = r.json();
      if (done(last)) break;
      std::this_thread::sleep_for(25ms);
    }
    return last;
  }
  std::string LoginOnB(const std::string& user) {
    auto r = client_b_->PostJson("/api/v1/session", {{"username", user}, {"password", testing::kPassword}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("token", "");
  }
  std::unique_ptr<app::Server> b_;
  std::unique_ptr<testing::HttpClient> client_b_;
};

TEST_F(MultiServerTest, RulesStoredThroughOneServerDecideOnTheOther) {
  // b loaded the (empty) routing rules when it started; a stores version 1.
  json rule = {{"name", "乱停放"}, {"category", "matter:09009"}, {"lead_unit", "JJDD"}, {"auto_dispatch", true}};
  auto put = Put("/api/v1/routing/rules", {{"note", "on a"}, {"set", {{"rules", json::array({rule})}}}}, Token("admin"));
  ASSERT_EQ(put.status, 200) << put.body;
  auto rules = AskB("/api/v1/routing/rules", "dispatcher", [](const json& j) { return j["version"] == 1; });
  EXPECT_EQ(rules["version"], 1);
  ASSERT_EQ(rules["rules"].size(), 1u);
  // A case reported through b and registered there is dispatched by a's rule at once.
  json body = {{"kind", "event"}, {"category_code", "09009"}, {"description", "路口机动车乱停放"},
               {"location", {{"lon", 113.7}, {"lat", 34.7}}}, {"address", "北下街"}, {"source", "hotline"}};
  auto made = client_b_->PostJson("/api/v1/cases", body, LoginOnB("intake_operator"));
  ASSERT_EQ(made.status, 201) << made.body;
  std::int64_t id = made.json()["id"];
  auto accepted = Act("shift_lead", id, "accept");  // through a
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  std::string lead = LoginOnB("shift_lead");
  auto registered = client_b_->PostJson("/api/v1/cases/" + std::to_string(id) + "/actions/register",
                                        {{"expected_version", accepted.json()["version"]}}, lead);
  ASSERT_EQ(registered.status, 200) << registered.body;
  EXPECT_EQ(registered.json()["state"], "dispatched");
  EXPECT_EQ(registered.json()["current_unit"], "JJDD");
  EXPECT_EQ(Get(id)["version"], registered.json()["version"]);  // a serves what b wrote
}

TEST_F(MultiServerTest, AStaleVersionIsRefusedWhicheverServerWroteLast) {
  std::int64_t id = Intake();
  auto first = Get(id);
  auto on_a = client_->PostJson("/api/v1/cases/" + std::to_string(id) + "/actions/accept",
                                {{"expected_version", first["version"]}}, Token("shift_lead"));
  ASSERT_EQ(on_a.status, 200) << on_a.body;
  auto on_b = client_b_->PostJson("/api/v1/cases/" + std::to_string(id) + "/actions/accept",
                                  {{"expected_version", first["version"]}}, LoginOnB("shift_lead"));
  testing::ExpectError(on_b, 409, "aborted", "expected_version");
}

}  // namespace
}  // namespace onegrid
