// Routing over HTTP (issue #6): rule sets versioned and checked when saved (conflicts of equally
// specific rules refused, nothing stored), the explanation of a decision, the fallback to the
// street office (属地兜底), automatic dispatch on registration, the suggestion a dispatcher sees,
// and a returned case that is not sent back to the unit that returned it.
#include <gtest/gtest.h>

#include "core/time_format.hpp"
#include "support/server_fixture.hpp"

namespace onegrid {
namespace {

using nlohmann::json;
using testing::ExpectError;

class RoutingApiTest : public testing::ServerFixture {
 protected:
  void SetUp() override {
    clock_.Set(*core::ParseInstant("2026-11-23T10:00:00+08:00", "now"));  // a Monday morning
    ServerFixture::SetUp();
    ImportTwoStreets();
    AddUnit("410104");  // the unit the fixture's unit_staff works for
    AddUnit("JJDD");
    accounts::Unit office;
    office.code = "JD001";
    office.name = "北下街街道办事处";
    office.kind = accounts::UnitKind::kStreetOffice;
    office.area_code = "410104001000";
    ASSERT_TRUE(server_->units().Create(office).has_value());
  }
  testing::HttpResult PutRules(const json& rules, const std::string& user = "admin") {
    return Put("/api/v1/routing/rules", {{"note", "test"}, {"set", {{"rules", rules}}}}, Token(user));
  }
  json Explain(const json& body) {
    auto r = client_->PostJson("/api/v1/routing/explain", body, Token("dispatcher"));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
  static json Rule(const std::string& name, const std::string& category, const std::string& unit, bool automatic = false) {
    return {{"name", name}, {"category", category}, {"lead_unit", unit}, {"auto_dispatch", automatic}};
  }
  json ParkingRules(bool automatic) {
    return json::array({Rule("街面秩序", "matter:09", "410104"), Rule("乱停放", "matter:09009", "JJDD", automatic)});
  }
};

TEST_F(RoutingApiTest, RuleSetsAreVersionedAndAConflictIsRefusedWithNothingStored) {
  auto empty = client_->Get("/api/v1/routing/rules", Token("dispatcher")).json();
  EXPECT_EQ(empty["version"], 0);
  EXPECT_TRUE(empty["rules"].empty());
  auto r = PutRules(ParkingRules(false));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["version"], 1);
  EXPECT_EQ(r.json()["rules"].size(), 2u);
  // Two rules as specific as each other that one case can match, naming other units.
  json conflict = ParkingRules(false);
  conflict.push_back(Rule("乱停放（城管）", "matter:09009", "410104"));
  ExpectError(PutRules(conflict), 400, "invalid_argument", "set.rules[2]");
  // Each bad field is named; none of these stores a version.
  ExpectError(PutRules(json::array({Rule("x", "matter:99", "JJDD")})), 400, "invalid_argument", "set.rules[0].category");
  ExpectError(PutRules(json::array({Rule("x", "matter:09", "NOPE")})), 400, "invalid_argument", "set.rules[0].lead_unit");
  json area = Rule("x", "matter:09", "JJDD");
  area["area"] = "410104999000";
  ExpectError(PutRules(json::array({area})), 400, "invalid_argument", "set.rules[0].area");
  json window = Rule("x", "matter:09", "JJDD");
  window["window"] = "25:00-06:00";
  ExpectError(PutRules(json::array({window})), 400, "invalid_argument", "set.rules[0].window");
  ExpectError(PutRules(ParkingRules(false), "dispatcher"), 403, "permission_denied", "");
  ExpectError(Put("/api/v1/routing/rules", {{"set", {{"rules", json::array()}}}}, Token("admin")), 400,
              "invalid_argument", "note");
  auto versions = client_->Get("/api/v1/routing/rules/versions", Token("admin")).json();
  ASSERT_EQ(versions["items"].size(), 1u);
  EXPECT_EQ(CountRows("rule_versions WHERE kind = 'routing'"), 1);
  // A narrower area makes an otherwise equal rule more specific: no conflict, it wins there.
  json narrow = Rule("乱停放（北下街）", "matter:09009", "410104");
  narrow["area"] = "410104001000";
  json with_area = ParkingRules(false);
  with_area.push_back(narrow);
  ASSERT_EQ(PutRules(with_area).status, 200);
  EXPECT_EQ(client_->Get("/api/v1/routing/rules?version=1", Token("leader")).json()["rules"].size(), 2u);
  EXPECT_EQ(client_->Get("/api/v1/routing/rules", Token("leader")).json()["version"], 2);
  ExpectError(client_->Get("/api/v1/routing/rules?version=9", Token("admin")), 404, "not_found", "version");
  ExpectError(client_->Get("/api/v1/routing/rules?version=x", Token("admin")), 400, "invalid_argument", "version");
  ExpectError(client_->Get("/api/v1/routing/rules", Token("grid_worker")), 403, "permission_denied", "");
  // Every version is read back after a restart, the newest in force.
  client_.reset();
  server_.reset();
  StartServer();
  tokens_.clear();
  EXPECT_EQ(client_->Get("/api/v1/routing/rules/versions", Token("admin")).json()["items"].size(), 2u);
  auto north = Explain({{"category_code", "09009"}, {"area", "410104001001001"}});
  EXPECT_EQ(north["decision"]["rule"], "乱停放（北下街）");
  auto west = Explain({{"category_code", "09009"}, {"area", "410104002000"}});
  EXPECT_EQ(west["decision"]["rule"], "乱停放");
}

TEST_F(RoutingApiTest, ExplainNamesTheChosenRuleAndWhyEveryOtherLost) {
  json night = Rule("夜间乱停放", "matter:09009", "410104");
  night["window"] = "22:00-06:00";
  json rules = ParkingRules(false);
  rules.push_back(night);
  ASSERT_EQ(PutRules(rules).status, 200);
  auto day = Explain({{"category_code", "09009"}, {"area", "410104001000"}, {"at", "2026-11-23T10:00:00+08:00"}});
  EXPECT_EQ(day["decision"]["rule"], "乱停放");
  EXPECT_EQ(day["decision"]["lead_unit"], "JJDD");
  EXPECT_FALSE(day["decision"]["fallback"].get<bool>());
  ASSERT_EQ(day["rules"].size(), 3u);
  EXPECT_EQ(day["rules"][0]["name"], "夜间乱停放");  // most specific first
  EXPECT_FALSE(day["rules"][0]["matches"].get<bool>());
  EXPECT_EQ(day["rules"][0]["why"], "the time of day lies outside 22:00-06:00");
  EXPECT_TRUE(day["rules"][1]["chosen"].get<bool>());
  EXPECT_EQ(day["rules"][2]["why"], "matches, but 乱停放 is more specific (2 > 1)");
  auto late = Explain({{"category_code", "09009"}, {"area", "410104001000"}, {"at", "2026-11-23T23:30:00+08:00"}});
  EXPECT_EQ(late["decision"]["rule"], "夜间乱停放");
  EXPECT_EQ(late["local_time_minute"], 23 * 60 + 30);
  // No rule for this category: the street office of the street takes it; in a street without
  // an office there is no one to suggest, and the explanation says so.
  auto fallback = Explain({{"category_code", "06001"}, {"area", "410104001001"}});
  EXPECT_TRUE(fallback["decision"]["fallback"].get<bool>());
  EXPECT_EQ(fallback["decision"]["lead_unit"], "JD001");
  EXPECT_EQ(fallback["decision"]["rule"], nullptr);
  EXPECT_EQ(fallback["rules"][0]["why"], "the category is matter:06001");
  auto nobody = Explain({{"category_code", "06001"}, {"area", "410104002000"}});
  EXPECT_EQ(nobody["decision"]["lead_unit"], nullptr);
  EXPECT_EQ(nobody["why"], "no rule matches and no street office serves 410104002000");
  // The case itself can be named.
  auto id = Intake("09009");
  EXPECT_EQ(Explain({{"case_id", id}})["decision"]["rule"], "乱停放");
  // Refusals, each naming its field.
  auto bad = [&](const json& body, const std::string& field, int status = 400,
                 const std::string& code = "invalid_argument", const std::string& user = "dispatcher") {
    ExpectError(client_->PostJson("/api/v1/routing/explain", body, Token(user)), status, code, field);
  };
  bad({{"case_id", id}, {"category_code", "09009"}}, "case_id");
  bad({{"area", "410104001000"}}, "category_code");
  bad({{"category_code", "09009"}}, "area");
  bad({{"category_code", "99999"}, {"area", "410104001000"}}, "category_code");
  bad({{"category_code", "09009"}, {"area", "410104999000"}}, "area");
  bad({{"category_code", "09009"}, {"area", "410104001000"}, {"urgency", "soon"}}, "urgency");
  bad({{"category_code", "09009"}, {"area", "410104001000"}, {"source", "rumour"}}, "source");
  bad({{"category_code", "09009"}, {"area", "410104001000"}, {"at", "tomorrow"}}, "at");
  bad({{"case_id", 999999}}, "", 404, "not_found");
  bad({{"case_id", id}}, "", 403, "permission_denied", "grid_worker");
}

TEST_F(RoutingApiTest, RegistrationDispatchesAtOnceWhenTheRuleSaysSo) {
  ASSERT_EQ(PutRules(ParkingRules(true)).status, 200);
  auto id = Intake("09009");
  ASSERT_EQ(Act("intake_operator", id, "accept").status, 200);
  auto r = Act("shift_lead", id, "register");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["state"], "dispatched");  // the answer is the case as it now is
  EXPECT_EQ(r.json()["current_unit"], "JJDD");
  auto c = Get(id);
  EXPECT_EQ(c["deadlines"]["step"]["step"], "sign");
  const auto& last = c["history"].back();
  EXPECT_EQ(last["action"], "dispatch");
  EXPECT_EQ(last["actor"]["role"], "system");
  EXPECT_EQ(last["payload"]["rule"], "乱停放");
  EXPECT_EQ(last["payload"]["rule_version"], 1);
  EXPECT_EQ(c["history"][c["history"].size() - 2]["action"], "register");
  // A category whose rule does not dispatch by itself stays registered for the dispatcher.
  auto other = Intake("09001");
  ASSERT_EQ(Act("intake_operator", other, "accept").status, 200);
  ASSERT_EQ(Act("shift_lead", other, "register").status, 200);
  EXPECT_EQ(Get(other)["state"], "registered");
}

TEST_F(RoutingApiTest, TheDispatcherSeesTheSuggestionAndAReturnedCaseIsNotSentBack) {
  ASSERT_EQ(PutRules(json::array({Rule("乱停放", "matter:09009", "410104", true)})).status, 200);
  auto id = Intake("09009");
  ASSERT_EQ(Act("intake_operator", id, "accept").status, 200);
  ASSERT_EQ(Act("shift_lead", id, "register").status, 200);
  ASSERT_EQ(Get(id)["current_unit"], "410104");
  ASSERT_EQ(Act("unit_staff", id, "sign").status, 200);
  ASSERT_EQ(Act("unit_staff", id, "request_return", {{"note", "不属于本单位职责"}}).status, 200);
  ASSERT_EQ(Act("shift_lead", id, "approve_return").status, 200);
  auto seen = client_->Get("/api/v1/cases/" + std::to_string(id), Token("dispatcher")).json();
  ASSERT_EQ(seen["state"], "registered");
  EXPECT_EQ(seen["routing_suggestion"]["lead_unit"], "410104");
  EXPECT_TRUE(seen["routing_suggestion"]["returned_by_lead"].get<bool>());
  EXPECT_FALSE(seen["routing_suggestion"]["auto_dispatch"].get<bool>());
  // Those who cannot dispatch it are not shown a suggestion.
  EXPECT_FALSE(client_->Get("/api/v1/cases/" + std::to_string(id), Token("grid_worker")).json().contains("routing_suggestion"));
  auto r = Act("dispatcher", id, "dispatch", {{"unit_code", "JJDD"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["redispatch_count"], 1);  // counts against dispatch accuracy
}

}  // namespace
}  // namespace onegrid
