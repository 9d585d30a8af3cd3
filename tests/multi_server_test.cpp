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

TEST_F(MultiServerTest, PoliciesTheCalendarAndTheMapReplacedOnOneAreServedByTheOther) {
  // An SLA policy stored through a: b serves version 2.
  json policy = {{"category", "matter:06010"}, {"limits", {{"handle", "2wh"}}}};
  auto put = Put("/api/v1/sla-policies/policies/%E6%9A%B4%E9%9C%B2%E5%9E%83%E5%9C%BE", policy, Token("admin"));
  ASSERT_EQ(put.status, 200) << put.body;
  auto sla = AskB("/api/v1/sla-policies", "leader", [](const json& j) { return j["version"] == 2; });
  EXPECT_EQ(sla["version"], 2);
  // A year of holidays imported through a: b counts working time with it.
  std::string year = R"({"year": 2027, "papers": [], "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true}]})";
  auto imported = client_->Send("POST", "/api/v1/calendar/years", year,
                                {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + Token("admin")}});
  ASSERT_EQ(imported.status, 201) << imported.body;
  auto add = AskB("/api/v1/calendar/add?from=2026-12-31T16:00:00%2B08:00&hours=4", "leader",
                  [](const json& j) { return j["at"] == "2027-01-04T10:00:00+08:00"; });
  EXPECT_EQ(add["at"], "2027-01-04T10:00:00+08:00");
  EXPECT_FALSE(add["calendar_unknown"].get<bool>());
  // A grid renamed through a (a new version of it): b locates by the new version.
  auto renamed = server_->areas().Import(
      {.level = areas::AreaLevel::kGrid,
       .features = *geo::ReadFeatureCollection(
           testing::Collection({testing::Square("410104001001001", "一号网格（新）", 113.6, 34.6, 113.75, 34.8)}), "code")});
  ASSERT_TRUE(renamed.has_value()) << renamed.error().message;
  auto located = AskB("/api/v1/locate?lon=113.7&lat=34.7", "leader",
                      [](const json& j) { return j["grid"]["version"] == 2; });
  EXPECT_EQ(located["grid"]["version"], 2) << located.dump();
  EXPECT_EQ(located["grid"]["name"], "一号网格（新）");
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
