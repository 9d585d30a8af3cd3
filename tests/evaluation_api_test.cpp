// Evaluation over HTTP (issue #8): indicators traced to the cases behind them, the scope matrix
// of who may see which figures, rankings and schemes, the reports as JSON and xlsx, the command
// center's figures from the rollups, and every bad parameter refused by name.
#include <gtest/gtest.h>

#include "core/time_format.hpp"
#include "support/server_fixture.hpp"

namespace onegrid {
namespace {

using nlohmann::json;
using testing::ExpectError;

class EvaluationApiTest : public testing::ServerFixture {
 protected:
  void SetUp() override {
    clock_.Set(*core::ParseInstant("2026-11-23T09:00:00+08:00", "now"));  // a Monday morning
    ServerFixture::SetUp();
    ImportTwoStreets();
    AddUnit("410104");  // the unit the fixture's unit_staff works for
    AddUnit("JJDD");
    AddUser("street_leader", accounts::Role::kLeader, "410104002000");
    AddUser("jjdd_staff", accounts::Role::kUnitStaff, "JJDD");
    // Case 1 through the whole loop; case 2 signed for and left unhandled past its deadline.
    done_ = Intake();
    late_ = Intake("06010");
    for (auto id : {done_, late_}) {
      ASSERT_EQ(Act("intake_operator", id, "accept").status, 200);
      ASSERT_EQ(Act("shift_lead", id, "register").status, 200);
      ASSERT_EQ(Act("dispatcher", id, "dispatch", {{"unit_code", "410104"}}).status, 200);
      ASSERT_EQ(Act("unit_staff", id, "sign").status, 200);
    }
    clock_.Advance(std::chrono::minutes(30));
    ASSERT_EQ(Act("unit_staff", done_, "feedback", {{"note", "已清理"}}).status, 200);
    ASSERT_EQ(Act("grid_worker", done_, "check_pass").status, 200);
    ASSERT_EQ(Act("shift_lead", done_, "close").status, 200);
    clock_.Advance(std::chrono::hours(24 * 3));  // Thursday: case 2 is long overdue
    ASSERT_TRUE(server_->timers().Tick().has_value());
    tokens_.clear();  // the sessions of Monday have expired
  }
  json Indicators(const std::string& query, const std::string& user = "leader") {
    auto r = client_->Get("/api/v1/evaluation/indicators?" + query, Token(user));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
  static json Find(const json& list, const std::string& code) {
    for (const auto& i : list) {
      if (i["code"] == code) return i;
    }
    return nullptr;
  }
  std::int64_t done_ = 0, late_ = 0;
};

TEST_F(EvaluationApiTest, AUnitsIndicatorsAreTracedToTheirCases) {
  auto j = Indicators("period=2026-W48&scope=unit:410104");
  EXPECT_EQ(j["scope"]["name"], "处置单位410104");
  EXPECT_EQ(j["period"]["from"], "2026-11-23T00:00:00+08:00");
  auto handle = Find(j["indicators"], "handle_rate");
  EXPECT_EQ(handle["numerator"], 1);
  EXPECT_EQ(handle["denominator"], 2) << "应处置数 = 处置数 1 + 超时未处置数 1";
  EXPECT_DOUBLE_EQ(handle["value"].get<double>(), 0.5);
  EXPECT_EQ(handle["numerator_label"], "处置数");
  ASSERT_EQ(handle["numerator_cases"].size(), 1u);
  EXPECT_EQ(handle["numerator_cases"][0]["case_id"], done_);
  EXPECT_EQ(handle["numerator_cases"][0]["number"], Get(done_)["number"]);
  auto overdue = Find(j["indicators"], "overdue_rate");
  ASSERT_EQ(overdue["numerator_cases"].size(), 1u);
  EXPECT_EQ(overdue["numerator_cases"][0]["case_id"], late_);
  EXPECT_EQ(Find(j["indicators"], "on_time_close_rate")["numerator"], 1);
  // The shift lead's own figures: two registrations, one closure.
  auto lead = Indicators("period=2026-W48&scope=role:shift_lead");
  EXPECT_EQ(Find(lead["indicators"], "on_time_register_rate")["denominator"], 2);
  EXPECT_EQ(Find(lead["indicators"], "on_time_closing_rate")["denominator"], 1);
  // Last week had nothing.
  auto before = Indicators("period=2026-W47&scope=unit:410104&traces=false");
  EXPECT_TRUE(Find(before["indicators"], "handle_rate")["value"].is_null());
  EXPECT_FALSE(Find(before["indicators"], "handle_rate").contains("numerator_cases"));
}

TEST_F(EvaluationApiTest, WhoMaySeeWhichFigures) {
  struct Probe {
    std::string user, scope;
    int status;
  };
  std::string me = std::to_string(server_->store().users().FindByUsername("grid_worker")->id);
  std::vector<Probe> matrix = {
      {"leader", "district", 200},           {"leader", "street:410104001000", 200},
      {"leader", "unit:JJDD", 200},          {"leader", "worker:" + me, 200},
      {"shift_lead", "role:dispatcher", 200}, {"dispatcher", "district", 200},
      {"street_leader", "street:410104002000", 200}, {"street_leader", "street:410104001000", 403},
      {"street_leader", "district", 403},    {"street_leader", "unit:410104", 403},
      {"unit_staff", "unit:410104", 200},    {"unit_staff", "unit:JJDD", 403},
      {"jjdd_staff", "unit:JJDD", 200},      {"unit_staff", "district", 403},
      {"grid_worker", "worker:" + me, 200},  {"grid_worker", "district", 403},
      {"intake_operator", "worker:" + me, 403}, {"admin", "district", 403},
  };
  for (const auto& p : matrix) {
    auto r = client_->Get("/api/v1/evaluation/indicators?period=2026-W48&scope=" + p.scope, Token(p.user));
    EXPECT_EQ(r.status, p.status) << p.user << " " << p.scope << ": " << r.body;
    if (p.status == 403) {
      EXPECT_EQ(r.json()["error"]["code"], "permission_denied") << p.user << " " << p.scope;
    }
  }
  // Rankings need a district-wide grant.
  EXPECT_EQ(client_->Get("/api/v1/evaluation/rankings?period=2026-W48&scheme=unit", Token("leader")).status, 200);
  ExpectError(client_->Get("/api/v1/evaluation/rankings?period=2026-W48&scheme=unit", Token("street_leader")), 403,
              "permission_denied", "");
  ExpectError(client_->Get("/api/v1/evaluation/rankings?period=2026-W48&scheme=unit", Token("unit_staff")), 403,
              "permission_denied", "");
  // The command center: a street's leader sees only their street.
  auto all = client_->Get("/api/v1/dashboard", Token("leader"));
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.json()["open"], 1);
  EXPECT_EQ(all.json()["by_street"].size(), 2u);
  auto street = client_->Get("/api/v1/dashboard", Token("street_leader")).json();
  EXPECT_EQ(street["open"], 0) << "both cases lie in the first street";
  ASSERT_EQ(street["by_street"].size(), 1u);
  EXPECT_EQ(street["by_street"][0]["code"], "410104002000");
  ExpectError(client_->Get("/api/v1/dashboard", Token("unit_staff")), 403, "permission_denied", "");
}

TEST_F(EvaluationApiTest, EveryBadParameterIsRefusedByName) {
  const std::string t = Token("leader");
  auto get = [&](const std::string& target) { return client_->Get(target, t); };
  ExpectError(get("/api/v1/evaluation/indicators"), 400, "invalid_argument", "period");
  ExpectError(get("/api/v1/evaluation/indicators?period=2026-13"), 400, "invalid_argument", "period");
  ExpectError(get("/api/v1/evaluation/indicators?period=2026-11&scope=city"), 400, "invalid_argument", "scope");
  ExpectError(get("/api/v1/evaluation/indicators?period=2026-11&scope=street:"), 400, "invalid_argument", "scope");
  ExpectError(get("/api/v1/evaluation/indicators?period=2026-11&scope=street:410104009000"), 404, "not_found", "scope");
  ExpectError(get("/api/v1/evaluation/indicators?period=2026-11&scope=unit:NOPE"), 404, "not_found", "scope");
  ExpectError(get("/api/v1/evaluation/indicators?period=2026-11&scope=worker:abc"), 400, "invalid_argument", "scope");
  ExpectError(get("/api/v1/evaluation/indicators?period=2026-11&scope=worker:99999"), 404, "not_found", "scope");
  ExpectError(get("/api/v1/evaluation/indicators?period=2026-11&scope=role:boss"), 404, "not_found", "scope");
  ExpectError(get("/api/v1/evaluation/indicators?period=2026-11&traces=yes"), 400, "invalid_argument", "traces");
  ExpectError(get("/api/v1/evaluation/indicators?period=2026-11&colour=red"), 400, "invalid_argument", "colour");
  ExpectError(get("/api/v1/evaluation/rankings?period=2026-11"), 400, "invalid_argument", "scheme");
  ExpectError(get("/api/v1/evaluation/rankings?period=2026-11&scheme=nope"), 404, "not_found", "scheme");
  ExpectError(get("/api/v1/reports/monthly"), 400, "invalid_argument", "month");
  ExpectError(get("/api/v1/reports/monthly?month=2026-11-01"), 400, "invalid_argument", "month");
  ExpectError(get("/api/v1/reports/weekly?week=2026-11"), 400, "invalid_argument", "week");
  ExpectError(get("/api/v1/reports/daily?date=2026-02-30"), 400, "invalid_argument", "date");
  ExpectError(get("/api/v1/reports/daily?date=2026-11-23&format=pdf"), 400, "invalid_argument", "format");
  ExpectError(get("/api/v1/dashboard?street=1"), 400, "invalid_argument", "street");
}

TEST_F(EvaluationApiTest, ReportsAsJsonAndXlsx) {
  auto r = client_->Get("/api/v1/reports/weekly?week=2026-W48&scope=street:410104001000", Token("leader"));
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = r.json();
  EXPECT_EQ(j["reported"], 2);
  EXPECT_EQ(j["scope"]["name"], "北下街街道");
  ASSERT_EQ(j["overdue"].size(), 1u);
  EXPECT_EQ(j["overdue"][0]["case_id"], late_);
  EXPECT_GT(j["overdue"][0]["hours_over"].get<double>(), 24);
  EXPECT_EQ(j["by_source"][0]["code"], "hotline");
  EXPECT_EQ(j["by_source"][0]["count"], 2);
  EXPECT_EQ(Find(j["rates"], "handle_rate")["numerator"], 1);
  auto x = client_->Get("/api/v1/reports/monthly?month=2026-11&format=xlsx", Token("leader"));
  ASSERT_EQ(x.status, 200) << x.body;
  EXPECT_EQ(x.body.substr(0, 2), "PK") << "an xlsx file is a zip archive";
  // Another street's leader gets nothing of this street.
  ExpectError(client_->Get("/api/v1/reports/weekly?week=2026-W48&scope=street:410104001000", Token("street_leader")),
              403, "permission_denied", "");
}

TEST_F(EvaluationApiTest, SchemesAreDataAndABadOneChangesNothing) {
  auto current = client_->Get("/api/v1/evaluation/schemes", Token("leader")).json();
  EXPECT_EQ(current["version"], 1);
  json set = current;
  set.erase("version");
  set["schemes"][0]["terms"][1]["weight"] = 31;
  ExpectError(Put("/api/v1/evaluation/schemes", {{"note", "x"}, {"set", set}}, Token("admin")), 400, "invalid_argument",
              "set.schemes[0].terms");
  ExpectError(Put("/api/v1/evaluation/schemes", {{"note", "x"}, {"set", set}}, Token("leader")), 403,
              "permission_denied", "");
  EXPECT_EQ(client_->Get("/api/v1/evaluation/schemes/versions", Token("leader")).json()["items"].size(), 1u);
  // A stricter commendation list, stored as version 2, decides the next ranking.
  set["schemes"][0]["terms"][1]["weight"] = 30;
  set["schemes"][0]["commend"] = {{"score", 99}, {"size", 1}};
  auto stored = Put("/api/v1/evaluation/schemes", {{"note", "stricter"}, {"set", set}}, Token("admin"));
  ASSERT_EQ(stored.status, 200) << stored.body;
  EXPECT_EQ(stored.json()["version"], 2);
  auto ranking = client_->Get("/api/v1/evaluation/rankings?period=2026-W48&scheme=unit", Token("leader")).json();
  EXPECT_EQ(ranking["scheme"]["version"], 2);
  EXPECT_EQ(ranking["rows"][0]["code"], "410104");
  EXPECT_EQ(ranking["rows"][0]["rank"], 1);
  EXPECT_TRUE(ranking["rows"][1]["rank"].is_null()) << "JJDD had nothing to do: unranked";
  EXPECT_TRUE(ranking["commended"].empty()) << ranking["rows"][0]["score"].dump();
}

}  // namespace
}  // namespace onegrid
