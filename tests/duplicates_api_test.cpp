// Duplicates over HTTP (issue #6): candidates at intake inside the radius and window only, of
// the same category (or class, per rule), open and within the reporter's areas; merging a
// duplicate into its master, the cascade of state, unit and closing notice, and undoing it; every
// refusal exact and writing nothing; the log still rebuilds and verifies.
#include <gtest/gtest.h>

#include "core/time_format.hpp"
#include "service/case_audit.hpp"
#include "support/server_fixture.hpp"

namespace onegrid {
namespace {

using nlohmann::json;
using testing::ExpectError;
using namespace std::chrono_literals;

constexpr double kLon = 113.7, kLat = 34.7;
constexpr double kMetreLat = 1 / 110'950.0;  // degrees of latitude per metre here

class DuplicatesApiTest : public testing::ServerFixture {
 protected:
  void Configure(core::Config& c) override { c.session_ttl = 30 * 24h; }
  void SetUp() override {
    clock_.Set(*core::ParseInstant("2026-11-23T10:00:00+08:00", "now"));
    ServerFixture::SetUp();
    ImportTwoStreets();
    AddUnit("410104");
  }
  json Report(const std::string& category, double north_m, const std::string& user = "intake_operator",
              double lon = kLon) {
    json body = {{"kind", "event"}, {"category_code", category}, {"description", "井盖破损"},
                 {"location", {{"lon", lon}, {"lat", kLat + north_m * kMetreLat}}}, {"address", "北下街"},
                 {"source", "hotline"}};
    auto r = client_->PostJson("/api/v1/cases", body, Token(user));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json();
  }
  std::vector<std::int64_t> CandidateIds(const json& c) {
    std::vector<std::int64_t> out;
    for (const auto& d : c["duplicate_candidates"]) out.push_back(d["id"]);
    return out;
  }
  testing::HttpResult Merge(std::int64_t id, json master, const std::string& user = "dispatcher") {
    return Act(user, id, "merge", {{"master_id", master}});
  }
};

TEST_F(DuplicatesApiTest, CandidatesComeFromInsideTheRadiusAndWindowOnly) {
  auto a = Report("09009", 0);
  EXPECT_TRUE(a["duplicate_candidates"].empty());
  clock_.Advance(10min);
  auto near = Report("09009", 30);  // 30 m north, ten minutes later
  ASSERT_EQ(CandidateIds(near), std::vector<std::int64_t>{a["id"]});
  EXPECT_NEAR(near["duplicate_candidates"][0]["distance_m"].get<double>(), 30, 0.5);
  EXPECT_EQ(near["duplicate_candidates"][0]["age_s"], 600);
  EXPECT_EQ(near["duplicate_candidates"][0]["number"], a["number"]);
  EXPECT_EQ(CandidateIds(Get(near["id"])), CandidateIds(near));  // kept on the case
  EXPECT_EQ(CandidateIds(Report("09009", 80)), (std::vector<std::int64_t>{near["id"]}));  // 80 m from a, 50 from near
  EXPECT_TRUE(Report("09009", -60)["duplicate_candidates"].empty());  // 60 m south of a: outside
  EXPECT_TRUE(Report("09010", 0)["duplicate_candidates"].empty());    // another category
  // A rule may widen the radius for a category, or take in its whole class.
  json rules = {{"rules", json::array()},
                {"duplicates", {{{"category", "matter:09009"}, {"radius_m", 200}},
                                {{"category", "matter:09010"}, {"match", "class"}}}}};
  ASSERT_EQ(Put("/api/v1/routing/rules", {{"note", "去重"}, {"set", rules}}, Token("admin")).status, 200);
  EXPECT_EQ(Report("09009", 150)["duplicate_candidates"].size(), 3u);  // a, near and the 80 m one
  auto cls = Report("09010", 1);
  EXPECT_EQ(cls["duplicate_candidates"].size(), 3u);  // a and the 09010 (1 m), near (29 m): the whole class
  EXPECT_EQ(cls["duplicate_candidates"][0]["distance_m"], 1.0);
  // Past the window (72 h), a finished case, or a merged one: not a candidate.
  clock_.Advance(73h);
  EXPECT_TRUE(Report("09001", 0)["duplicate_candidates"].empty());
  auto fresh = Report("09001", 0);
  ASSERT_EQ(CandidateIds(Report("09001", 5)).size(), 2u);
  ASSERT_EQ(Act("intake_operator", fresh["id"], "reject", {{"note", "重复"}}).status, 200);
  EXPECT_EQ(CandidateIds(Report("09001", 5)).size(), 2u);  // the other two, not the rejected one
  // Bad duplicate rules are refused, naming the field.
  json bad = {{"rules", json::array()}, {"duplicates", {{{"category", "matter:09009"}, {"radius_m", 0}}}}};
  ExpectError(Put("/api/v1/routing/rules", {{"note", "x"}, {"set", bad}}, Token("admin")), 400, "invalid_argument",
              "set.duplicates[0].radius_m");
  bad["duplicates"] = {{{"category", "matter:09009"}, {"window_hours", 1.5}}};
  ExpectError(Put("/api/v1/routing/rules", {{"note", "x"}, {"set", bad}}, Token("admin")), 400, "invalid_argument",
              "set.duplicates[0].window_hours");
  bad["duplicates"] = {{{"category", "matter:09009"}, {"match", "street"}}};
  ExpectError(Put("/api/v1/routing/rules", {{"note", "x"}, {"set", bad}}, Token("admin")), 400, "invalid_argument",
              "set.duplicates[0].match");
  bad["duplicates"] = {{{"category", "*"}}, {{"category", "*"}}};
  ExpectError(Put("/api/v1/routing/rules", {{"note", "x"}, {"set", bad}}, Token("admin")), 400, "invalid_argument",
              "set.duplicates[1].category");
}

TEST_F(DuplicatesApiTest, AReporterIsShownOnlyCandidatesInsideTheirAreas) {
  // The streets meet at 113.75; a case 20 m west of the line and one 20 m east of it.
  AddUser("op_west", accounts::Role::kIntakeOperator, "410104002000");
  double metre_lon = 1 / 91'200.0;
  auto north_side = Report("09009", 0, "intake_operator", 113.75 - 20 * metre_lon);
  auto west_side = Report("09009", 0, "op_west", 113.75 + 20 * metre_lon);
  EXPECT_TRUE(west_side["duplicate_candidates"].empty());  // the other street's case is not shown
  EXPECT_EQ(CandidateIds(Get(west_side["id"])), std::vector<std::int64_t>{north_side["id"]});  // the centre sees it
}

TEST_F(DuplicatesApiTest, ADuplicateFollowsItsMasterUntilUnmergedAndIsToldWhenItCloses) {
  auto master = Report("09009", 0)["id"].get<std::int64_t>();
  auto dup = Report("09009", 10)["id"].get<std::int64_t>();
  ASSERT_EQ(Act("intake_operator", master, "accept").status, 200);
  ASSERT_EQ(Act("shift_lead", master, "register").status, 200);
  ASSERT_EQ(Act("dispatcher", master, "dispatch", {{"unit_code", "410104"}}).status, 200);
  ASSERT_EQ(Act("unit_staff", master, "sign").status, 200);
  ASSERT_EQ(Get(dup)["deadlines"]["step"]["step"], "accept");
  auto r = Merge(dup, master);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["state"], "handling");
  EXPECT_EQ(r.json()["merged_into"], master);
  EXPECT_EQ(r.json()["current_unit"], "410104");
  EXPECT_EQ(r.json()["actions"], json::array({"unmerge"}));
  EXPECT_EQ(r.json()["deadlines"]["step"], nullptr);  // the master's clock runs for both
  EXPECT_EQ(Get(master)["duplicates"][0]["id"], dup);
  // The master's unit sees it; nothing but unmerge can be done to it.
  EXPECT_EQ(client_->Get("/api/v1/cases/" + std::to_string(dup), Token("unit_staff")).status, 200);
  ExpectError(Act("unit_staff", dup, "feedback"), 409, "failed_precondition", "");
  ExpectError(Act("dispatcher", dup, "remind"), 409, "failed_precondition", "");
  // The master moves: the duplicate follows in the same transaction.
  ASSERT_EQ(Act("unit_staff", master, "feedback", {{"note", "已更换井盖"}}).status, 200);
  EXPECT_EQ(Get(dup)["state"], "handled");
  // Undo: back to where it was before the merge, its own clock again.
  r = Act("shift_lead", dup, "unmerge", {{"note", "不是同一井盖"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["state"], "reported");
  EXPECT_EQ(r.json()["merged_into"], nullptr);
  EXPECT_EQ(r.json()["current_unit"], nullptr);
  EXPECT_EQ(r.json()["deadlines"]["step"]["step"], "accept");
  EXPECT_TRUE(Get(master)["duplicates"].empty());
  ASSERT_EQ(Act("grid_worker", master, "check_fail", {{"note", "未完成"}}).status, 200);
  EXPECT_EQ(Get(dup)["state"], "reported");  // no longer follows
  // Merged again, it closes with its master and its reporter is told.
  ASSERT_EQ(Merge(dup, master).status, 200);
  ASSERT_EQ(Act("unit_staff", master, "feedback").status, 200);
  ASSERT_EQ(Act("grid_worker", master, "check_pass").status, 200);
  ASSERT_EQ(Act("shift_lead", master, "close").status, 200);
  auto closed = Get(dup);
  EXPECT_EQ(closed["state"], "closed");
  std::vector<std::string> actions;
  for (const auto& e : closed["history"]) actions.push_back(e["action"]);
  EXPECT_EQ(actions, (std::vector<std::string>{"report", "merge", "follow", "unmerge", "merge", "follow", "follow",
                                               "follow"}));
  EXPECT_EQ(closed["history"].back()["payload"]["master_id"], master);
  auto inbox = client_->Get("/api/v1/inbox", Token("intake_operator")).json();
  ASSERT_FALSE(inbox["items"].empty());
  EXPECT_EQ(inbox["items"][0]["kind"], "follow");
  EXPECT_EQ(inbox["items"][0]["case"]["number"], closed["number"]);
  ExpectError(Act("shift_lead", dup, "unmerge"), 409, "failed_precondition", "");
  // The log rebuilds the rows exactly and its chains verify.
  service::CaseAudit audit(server_->store());
  auto rebuilt = audit.Rebuild();
  ASSERT_TRUE(rebuilt.has_value());
  EXPECT_EQ(rebuilt->rewritten, 0u);
  auto findings = audit.Verify();
  ASSERT_TRUE(findings.has_value());
  EXPECT_TRUE(findings->empty());
}

TEST_F(DuplicatesApiTest, EveryBadMergeIsRefusedExactlyAndWritesNothing) {
  auto master = Report("09009", 0)["id"].get<std::int64_t>();
  auto dup = Report("09009", 10)["id"].get<std::int64_t>();
  auto other = Report("09009", 20)["id"].get<std::int64_t>();
  auto done = Report("09009", 30)["id"].get<std::int64_t>();
  ASSERT_EQ(Act("intake_operator", done, "reject").status, 200);
  auto version = [&](std::int64_t id) { return Get(id)["version"].get<int>(); };
  int before = version(dup);
  ExpectError(Act("dispatcher", dup, "merge"), 400, "invalid_argument", "master_id");
  ExpectError(Merge(dup, dup), 400, "invalid_argument", "master_id");
  ExpectError(Merge(dup, 999999), 404, "not_found", "master_id");
  ExpectError(Merge(dup, done), 409, "failed_precondition", "master_id");
  ExpectError(Merge(dup, master, "grid_worker"), 403, "permission_denied", "");
  ExpectError(Merge(dup, master, "unit_staff"), 404, "not_found", "master_id");  // not its unit's: not there
  ExpectError(Act("dispatcher", dup, "accept", {{"master_id", master}}), 400, "invalid_argument", "master_id");
  ExpectError(Act("dispatcher", dup, "merge", {{"master_id", master}, {"unit_code", "410104"}}), 400,
              "invalid_argument", "unit_code");
  ExpectError(client_->PostJson("/api/v1/cases/" + std::to_string(dup) + "/actions/merge",
                                {{"master_id", master}, {"expected_version", before + 5}}, Token("dispatcher")),
              409, "aborted", "expected_version");
  ExpectError(Act("dispatcher", dup, "unmerge"), 409, "failed_precondition", "");
  ExpectError(Merge(done, master), 409, "failed_precondition", "");  // a finished case
  EXPECT_EQ(version(dup), before);
  // A case that is itself a duplicate cannot be a master; one with duplicates cannot be merged.
  ASSERT_EQ(Merge(dup, master).status, 200);
  int master_before = version(master), other_before = version(other);
  ExpectError(Merge(other, dup), 409, "failed_precondition", "master_id");
  ExpectError(Merge(master, other), 409, "failed_precondition", "");
  ExpectError(Merge(dup, other), 409, "failed_precondition", "");  // already merged
  EXPECT_EQ(version(master), master_before);
  EXPECT_EQ(version(other), other_before);
}

}  // namespace
}  // namespace onegrid
